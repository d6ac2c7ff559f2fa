from django.urls import path

from arena.programmes import views

app_name = "programmes"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("ny/", views.programme_create, name="create"),
    path("<slug:slug>/", views.programme_detail, name="detail"),
    path("<slug:slug>/redigera/", views.programme_edit, name="edit"),
    path("<slug:slug>/redigera/omgang/<int:cohort_id>/", views.cohort_toggle, name="cohort_toggle"),
    path("<slug:slug>/ansok/", views.programme_apply, name="apply"),
    path("<slug:slug>/min-ansokan/", views.my_application, name="my_application"),
    path(
        "<slug:slug>/min-ansokan/<int:application_id>/aterkalla/",
        views.application_withdraw,
        name="application_withdraw",
    ),
    path("<slug:slug>/ansokningar/", views.applications, name="applications"),
    path(
        "<slug:slug>/ansokningar/<int:application_id>/godkann/",
        views.application_approve,
        name="application_approve",
    ),
    path(
        "<slug:slug>/ansokningar/<int:application_id>/avsla/",
        views.application_decline,
        name="application_decline",
    ),
    path("<slug:slug>/resurser/", views.resources, name="resources"),
    path(
        "<slug:slug>/resurser/<int:resource_id>/ta-bort/",
        views.resource_delete,
        name="resource_delete",
    ),
    path("<slug:slug>/paminnelser/", views.reminders, name="reminders"),
    path(
        "<slug:slug>/paminnelser/<int:application_id>/skicka/",
        views.reminder_send,
        name="reminder_send",
    ),
    path("<slug:slug>/rapport/", views.report, name="report"),
    path("<slug:slug>/rapport.csv", views.report_csv, name="report_csv"),
]
