import pytest
from django import forms
from django.conf import settings
from django.urls import reverse

from arena.accounts.models import User
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_home_speaks_swedish_by_default_to_each_kind_of_user(client):
    body = client.get(reverse("ui:home")).content.decode()
    assert '<html lang="sv">' in body
    for heading in (
        "För offentliga beställare",
        "För startups och små och medelstora företag",
        "För science parks",
    ):
        assert heading in body


def test_home_has_skip_link_and_landmarks(client):
    body = client.get(reverse("ui:home")).content.decode()
    assert body.index('href="#main"') < body.index('<main id="main"')
    assert "<header" in body
    assert "<nav" in body
    assert "<footer" in body


def test_language_switch_sets_cookie_and_english_follows(client):
    response = client.post(
        reverse("ui:set_language"), {"language": "en", "next": "/organisationer/"}
    )
    assert response.url == "/organisationer/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get(reverse("ui:home")).content.decode()
    assert '<html lang="en">' in body
    assert "For public buyers" in body


def test_language_switch_is_saved_on_the_account(client):
    user = UserFactory(language="sv")
    client.force_login(user)
    client.post(reverse("ui:set_language"), {"language": "en", "next": "/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_language_switch_refuses_foreign_redirect_and_unknown_language(client):
    response = client.post(
        reverse("ui:set_language"), {"language": "xx", "next": "https://evil.example/"}
    )
    assert response.url == "/"
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_language_switch_get_is_not_allowed(client):
    assert client.get(reverse("ui:set_language")).status_code == 405


class _ExampleForm(forms.Form):
    name = forms.CharField(label="Namn", help_text="Hjälptext")


def test_form_renderer_ties_label_help_and_error_to_the_field():
    form = _ExampleForm(data={"name": ""})
    html = str(form)
    assert '<label for="id_name">' in html
    assert 'id="id_name_helptext"' in html
    assert 'id="id_name_error"' in html
    assert 'aria-describedby="id_name_helptext id_name_error"' in html
    assert 'aria-invalid="true"' in html
    assert 'role="alert"' in html
    assert 'href="#id_name"' in html


def test_form_renderer_valid_form_has_no_error_summary():
    html = str(_ExampleForm(data={"name": "Arena"}))
    assert 'role="alert"' not in html
    assert "aria-invalid" not in html


def test_unknown_page_is_404(client):
    assert client.get("/finns-inte/").status_code == 404
    assert User.objects.count() == 0


def test_browser_language_does_not_override_swedish_default(client):
    body = client.get(reverse("ui:home"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    assert '<html lang="sv">' in body


def test_not_found_page_is_in_the_layout_and_language(client):
    response = client.get("/organisationer/finns-inte/")
    body = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="sv">' in body
    assert "Sidan finns inte" in body
    assert 'href="#main"' in body
