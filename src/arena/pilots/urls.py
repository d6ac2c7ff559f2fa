from django.urls import path

from arena.pilots import views

app_name = "pilots"
urlpatterns = [
    path("", views.my_pilots, name="mine"),
    path("vagval/", views.route_advisor, name="advisor"),
    path("pipeline/program/<slug:slug>/", views.programme_pipeline, name="programme_pipeline"),
    path("pipeline/<slug:slug>/", views.organisation_pipeline, name="organisation_pipeline"),
    path("ny/<slug:slug>/", views.group_create, name="group_create"),
    path("grupp/<int:pk>/", views.group_detail, name="group"),
    path("grupp/<int:pk>/medlem/<int:member_id>/", views.member_role, name="member_role"),
    path(
        "grupp/<int:pk>/atagande/<int:commitment_id>/signera/",
        views.commitment_sign,
        name="commitment_sign",
    ),
    path("<int:pk>/", views.pilot_detail, name="pilot"),
    path("<int:pk>/dokument/<int:document_id>/", views.document_download, name="document"),
]
