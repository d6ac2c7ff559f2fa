from django.urls import path

from arena.readiness import views

app_name = "readiness"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.overview, name="overview"),
    path("<slug:slug>/punkt/<str:item_id>/", views.item_edit, name="item_edit"),
    path("<slug:slug>/uppgifter/", views.profile_edit, name="profile_edit"),
    path("<slug:slug>/certifikat/", views.certificate_add, name="certificate_add"),
    path(
        "<slug:slug>/certifikat/<int:certificate_id>/ta-bort/",
        views.certificate_delete,
        name="certificate_delete",
    ),
    path("<slug:slug>/espd.xml", views.espd_export, name="espd_export"),
    path("<slug:slug>/espd/import/", views.espd_import, name="espd_import"),
    path(
        "<slug:slug>/espd/import/bekrafta/", views.espd_import_confirm, name="espd_import_confirm"
    ),
]
