import pytest
from django.test import Client
from django.urls import reverse

from arena.accounts.lockout import client_ip
from tests.factories.accounts import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("accounts:login")


def _login(client: Client, email: str, password: str, ip: str = "203.0.113.7"):
    return client.post(LOGIN, {"username": email, "password": password}, REMOTE_ADDR=ip)


def _fail(client: Client, email: str, times: int, ip: str = "203.0.113.7"):
    return [_login(client, email, "fel-lösenord", ip).status_code for _ in range(times)]


def test_lockout_after_failure_limit_answers_429_in_swedish(client, settings):
    user = UserFactory(email="karin@example.se")
    codes = _fail(client, user.email, settings.AXES_FAILURE_LIMIT)
    assert codes[:-1] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert codes[-1] == 429
    response = _login(client, user.email, "fel-lösenord")
    assert response.status_code == 429
    page = response.content.decode()
    assert '<html lang="sv">' in page
    assert "Återställ ditt lösenord" in page
    assert reverse("accounts:password_reset") in page
    assert int(response["Retry-After"]) == int(settings.AXES_COOLOFF_TIME.total_seconds())
    assert "Content-Security-Policy" in response


def test_lockout_refuses_correct_password_while_locked(client, settings):
    user = UserFactory(email="karin@example.se")
    _fail(client, user.email, settings.AXES_FAILURE_LIMIT)
    response = _login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_counts_the_address_however_it_is_typed(client, settings):
    user = UserFactory(email="karin@example.se")
    _fail(client, "KARIN@example.se", settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, " karin@EXAMPLE.se", "fel").status_code == 429
    assert _login(client, user.email, PASSWORD).status_code == 429


def test_lockout_other_username_from_same_address_can_log_in(client, settings):
    victim = UserFactory(email="karin@example.se")
    other = UserFactory(email="olle@example.se")
    _fail(client, victim.email, settings.AXES_FAILURE_LIMIT)
    response = _login(client, other.email, PASSWORD)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(other.pk)


def test_lockout_same_username_from_other_address_can_log_in(client, settings):
    user = UserFactory(email="karin@example.se")
    _fail(client, user.email, settings.AXES_FAILURE_LIMIT, ip="198.51.100.66")
    response = _login(client, user.email, PASSWORD, ip="203.0.113.7")
    assert response.status_code == 302


def test_lockout_success_resets_the_failure_count(client, settings):
    user = UserFactory(email="karin@example.se")
    _fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1)
    assert _login(client, user.email, PASSWORD).status_code == 302
    client.logout()
    assert _fail(client, user.email, settings.AXES_FAILURE_LIMIT - 1) == [200] * (
        settings.AXES_FAILURE_LIMIT - 1
    )


def test_lockout_wrong_password_below_limit_keeps_form_error(client, settings):
    user = UserFactory(email="karin@example.se")
    response = _login(client, user.email, "fel")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_client_ip_without_proxies_is_the_connection_address(rf, settings):
    settings.ARENA_PROXY_COUNT = 0
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "10.0.0.2"


def test_client_ip_behind_one_proxy_ignores_spoofed_entries(rf, settings):
    settings.ARENA_PROXY_COUNT = 1
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"


def test_client_ip_with_missing_forwarded_header_falls_back_to_connection(rf, settings):
    settings.ARENA_PROXY_COUNT = 2
    request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert client_ip(request) == "10.0.0.2"
