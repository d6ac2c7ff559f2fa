import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from arena.accounts.models import User
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_signup_creates_account_and_logs_in(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Karin Ek",
            "email": "Karin.Ek@Example.se",
            "password1": "blåbärssoppa-42",
            "password2": "blåbärssoppa-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "karin.ek@example.se"
    assert user.full_name == "Karin Ek"
    assert user.check_password("blåbärssoppa-42")
    assert client.get(reverse("accounts:account")).context["user"] == user


def test_signup_duplicate_email_is_refused_and_keeps_input(client):
    UserFactory(email="karin@example.se")
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "Karin Två",
            "email": "KARIN@example.se",
            "password1": "blåbärssoppa-42",
            "password2": "blåbärssoppa-42",
        },
    )
    assert response.status_code == 200
    assert User.objects.count() == 1
    form = response.context["form"]
    assert form.errors["email"][0].startswith("Det finns redan ett konto")
    assert 'value="Karin Två"' in response.content.decode()


def test_signup_mismatched_passwords_are_refused(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "A B",
            "email": "ab@example.se",
            "password1": "blåbärssoppa-42",
            "password2": "x",
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["password2"]
    assert not User.objects.exists()


def test_signup_weak_password_is_refused(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "A B",
            "email": "ab@example.se",
            "password1": "12345678901",
            "password2": "12345678901",
        },
    )
    assert "password1" in response.context["form"].errors
    assert not User.objects.exists()


def test_login_with_email_sets_language_cookie_from_account(client):
    user = UserFactory(email="per@example.se", language="en")
    response = client.post(
        reverse("accounts:login"), {"username": "per@example.se", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_wrong_password_shows_error_in_swedish(client):
    UserFactory(email="per@example.se")
    response = client.post(
        reverse("accounts:login"), {"username": "per@example.se", "password": "fel"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "stämmer inte" in response.content.decode()


def test_password_reset_sends_link_that_sets_new_password(client):
    user = UserFactory(email="lisa@example.se")
    client.post(reverse("accounts:password_reset"), {"email": "lisa@example.se"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/konto/losenord/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(
        set_url, {"new_password1": "ny-lösen-ord-99", "new_password2": "ny-lösen-ord-99"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("ny-lösen-ord-99")


def test_password_reset_unknown_email_sends_nothing(client):
    response = client.post(reverse("accounts:password_reset"), {"email": "ingen@example.se"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_account_page_anonymous_redirects_to_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_account_update_changes_language(client):
    user = UserFactory(language="sv")
    client.force_login(user)
    response = client.post(
        reverse("accounts:account"), {"full_name": "Nytt Namn", "language": "en"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert (user.full_name, user.language) == ("Nytt Namn", "en")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_error_messages_follow_english_switch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    UserFactory(email="per@example.se")
    response = client.post(
        reverse("accounts:login"), {"username": "per@example.se", "password": "fel"}
    )
    assert "do not match an account" in response.content.decode()
    translation.activate("sv")


def test_login_keeps_language_chosen_before_logging_in(client):
    user = UserFactory(email="omar@example.se", language="sv")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.post(
        reverse("accounts:login"), {"username": "omar@example.se", "password": PASSWORD}
    )
    user.refresh_from_db()
    assert user.language == "en"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_login_email_is_case_insensitive(client):
    UserFactory(email="anna@example.se")
    client.post(reverse("accounts:login"), {"username": "Anna@Example.SE", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_signup_overlong_email_is_refused_not_500(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "full_name": "A B",
            "email": "a" * 250 + "@example.se",
            "password1": "blåbärssoppa-42",
            "password2": "blåbärssoppa-42",
        },
    )
    assert response.status_code == 200
    assert "email" in response.context["form"].errors
