from django.urls import path

from arena.privacy import views

app_name = "privacy"
urlpatterns = [
    path("", views.export, name="export"),
    path("ta-bort-konto/", views.account_delete_view, name="delete"),
]
