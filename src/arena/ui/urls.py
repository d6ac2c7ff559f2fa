from django.urls import path

from arena.ui import views

app_name = "ui"
urlpatterns = [
    path("", views.home, name="home"),
    path("sprak/", views.set_language, name="set_language"),
    path("mitt-arena/", views.dashboard, name="dashboard"),
]
