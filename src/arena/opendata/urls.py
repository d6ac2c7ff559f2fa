from django.urls import path

from arena.opendata import views

app_name = "opendata"

urlpatterns = [
    path("", views.index, name="index"),
    path("ocds/releases.json", views.releases_json, name="releases"),
    path("utmaningar.csv", views.challenges_csv, name="challenges_csv"),
]
