from django.urls import path

from arena.events import views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("nytt/", views.event_create, name="create"),
    path("<slug:slug>/", views.event_detail, name="detail"),
    path("<slug:slug>/kalender.ics", views.event_ical, name="ical"),
    path("<slug:slug>/redigera/", views.event_edit, name="edit"),
    path(
        "<slug:slug>/redigera/pass/<int:session_id>/ta-bort/",
        views.session_remove,
        name="session_remove",
    ),
    path("<slug:slug>/publicera/", views.event_publish, name="publish"),
    path("<slug:slug>/avsluta/", views.event_finish, name="finish"),
    path("<slug:slug>/anmal/", views.register, name="register"),
    path(
        "<slug:slug>/anmalan/<int:registration_id>/avanmal/",
        views.unregister,
        name="unregister",
    ),
    path("<slug:slug>/tillganglighet/", views.availability, name="availability"),
    path("<slug:slug>/pitch/", views.pitch_add, name="pitch_add"),
    path("<slug:slug>/motesonskemal/", views.requests_page, name="requests"),
    path("<slug:slug>/motesonskemal/skicka/", views.request_send, name="request_send"),
    path(
        "<slug:slug>/motesonskemal/<int:request_id>/svara/",
        views.request_answer,
        name="request_answer",
    ),
    path("<slug:slug>/mina-moten/", views.agenda, name="agenda"),
    path("<slug:slug>/mina-moten.ics", views.agenda_ical, name="agenda_ical"),
    path("<slug:slug>/mina-moten/<int:meeting_id>/utfall/", views.outcome, name="outcome"),
    path("<slug:slug>/uppfoljning/<int:follow_up_id>/", views.follow_up, name="follow_up"),
    path("<slug:slug>/anmalningar/", views.registrations, name="registrations"),
    path(
        "<slug:slug>/anmalningar/<int:registration_id>/moten/",
        views.registration_agenda,
        name="registration_agenda",
    ),
    path("<slug:slug>/schema/", views.schedule, name="schedule"),
    path("<slug:slug>/schema/kor/", views.schedule_run_start, name="schedule_run_start"),
    path("<slug:slug>/schema/korning/<int:run_id>/", views.schedule_run, name="schedule_run"),
    path("<slug:slug>/schema/moten/ny/", views.meeting_add, name="meeting_add"),
    path(
        "<slug:slug>/schema/moten/<int:meeting_id>/flytta/",
        views.meeting_move,
        name="meeting_move",
    ),
    path(
        "<slug:slug>/schema/moten/<int:meeting_id>/ta-bort/",
        views.meeting_remove,
        name="meeting_remove",
    ),
    path("<slug:slug>/schema/publicera/", views.schedule_publish, name="schedule_publish"),
    path("<slug:slug>/bordsplacering/", views.table_plan, name="table_plan"),
    path("<slug:slug>/logg/", views.log, name="log"),
]
