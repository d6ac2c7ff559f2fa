from django.urls import path

from arena.organisations import views

app_name = "organisations"
urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("mina/", views.my_organisations, name="mine"),
    path("ny/", views.organisation_create, name="create"),
    path("inbjudan/<str:token>/", views.invitation_accept, name="invitation"),
    path("<slug:slug>/", views.organisation_detail, name="detail"),
    path("<slug:slug>/redigera/", views.organisation_edit, name="edit"),
    path("<slug:slug>/medlemmar/", views.member_list, name="members"),
    path(
        "<slug:slug>/medlemmar/<int:membership_id>/ta-bort/",
        views.member_remove,
        name="member_remove",
    ),
    path(
        "<slug:slug>/medlemmar/<int:membership_id>/roll/", views.member_set_role, name="member_role"
    ),
    path("<slug:slug>/inbjudningar/", views.invitation_list, name="invitations"),
    path(
        "<slug:slug>/inbjudningar/<int:invitation_id>/aterkalla/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
]
