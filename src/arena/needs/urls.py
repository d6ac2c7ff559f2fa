from django.urls import path

from arena.needs import views

app_name = "needs"
urlpatterns = [
    path("utmaningar/", views.challenge_list, name="challenge_list"),
    path("utmaningar/ny/", views.challenge_create, name="challenge_create"),
    path("utmaningar/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("utmaningar/<slug:slug>/redigera/", views.challenge_edit, name="challenge_edit"),
    path("utmaningar/<slug:slug>/status/", views.challenge_status, name="challenge_status"),
    path("utmaningar/<slug:slug>/delning/", views.challenge_sharing, name="challenge_sharing"),
    path("utmaningar/<slug:slug>/sekretess/", views.challenge_nda, name="challenge_nda"),
    path("fokusomraden/<slug:org_slug>/", views.focus_areas, name="focus_areas"),
    path("fokusomraden/<slug:org_slug>/<int:pk>/", views.focus_area_detail, name="focus_area"),
    path(
        "fokusomraden/<slug:org_slug>/<int:pk>/ta-bort/",
        views.focus_area_delete,
        name="focus_area_delete",
    ),
]
