from django.contrib.auth import views as auth_views
from django.urls import path

from arena.accounts import views

app_name = "accounts"
urlpatterns = [
    path("logga-in/", views.LoginView.as_view(), name="login"),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("skapa-konto/", views.signup, name="signup"),
    path("", views.account, name="account"),
    path("api-nycklar/", views.api_tokens, name="api_tokens"),
    path("losenord/", views.PasswordResetView.as_view(), name="password_reset"),
    path("losenord/skickat/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "losenord/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "losenord/klart/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"
    ),
]
