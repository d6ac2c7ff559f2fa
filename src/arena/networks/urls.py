from django.urls import path

from arena.networks import views

app_name = "networks"
urlpatterns = [
    path("", views.network_list, name="list"),
    path("ny/", views.network_create, name="create"),
    path("inbjudan/<str:token>/", views.invitation_answer, name="invitation"),
    path("berattelser/", views.story_list, name="stories"),
    path("berattelser/ny/<int:pilot_id>/", views.story_create, name="story_create"),
    path("berattelser/<slug:slug>/", views.story_detail, name="story"),
    path("berattelser/<slug:slug>/redigera/", views.story_edit, name="story_edit"),
    path("<slug:slug>/", views.network_detail, name="detail"),
    path("<slug:slug>/redigera/", views.network_edit, name="edit"),
    path("<slug:slug>/bjud-in/", views.network_invite, name="invite"),
    path(
        "<slug:slug>/inbjudningar/<int:pk>/aterkalla/",
        views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("<slug:slug>/lamna/", views.network_leave, name="leave"),
    path("<slug:slug>/samordnare/", views.coordinator_add, name="coordinator_add"),
    path(
        "<slug:slug>/samordnare/<int:pk>/ta-bort/",
        views.coordinator_remove,
        name="coordinator_remove",
    ),
    path(
        "<slug:slug>/medlemmar/<int:organisation_id>/ta-bort/",
        views.member_remove,
        name="member_remove",
    ),
    path("<slug:slug>/fall/", views.network_cases, name="cases"),
    path("<slug:slug>/fall/nytt/", views.case_create, name="case_create"),
    path("<slug:slug>/fall/<int:pk>/", views.case_detail, name="case"),
    path("<slug:slug>/fall/<int:pk>/redigera/", views.case_edit, name="case_edit"),
    path("<slug:slug>/rutiner/", views.network_routines, name="routines"),
    path("<slug:slug>/rutiner/ny/", views.routine_create, name="routine_create"),
    path("<slug:slug>/rutiner/<int:pk>/", views.routine_detail, name="routine"),
    path("<slug:slug>/rutiner/<int:pk>/redigera/", views.routine_edit, name="routine_edit"),
    path("<slug:slug>/evenemang/", views.network_events, name="events"),
    path("<slug:slug>/gemensamma-utmaningar/", views.network_joint, name="joint"),
    path("<slug:slug>/samma-behov/", views.network_same_need, name="same_need"),
]
