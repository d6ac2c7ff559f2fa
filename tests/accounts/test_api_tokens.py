import pytest
from django.urls import reverse

from arena.accounts.models import ApiToken
from arena.accounts.services import api_token_authenticate, api_token_create
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db


def test_api_token_is_stored_only_as_hash():
    user = UserFactory()
    token, key = api_token_create(user=user, name="CRM")
    assert key not in token.key_hash
    assert api_token_authenticate(key=key) == user
    assert api_token_authenticate(key=key + "x") is None


def test_api_token_page_shows_new_key_once(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:api_tokens"), {"create": "1", "name": "CRM"})
    key = response.context["new_key"]
    assert key in response.content.decode()
    assert key not in client.get(reverse("accounts:api_tokens")).content.decode()
    assert ApiToken.objects.get().user == user


def test_api_token_revoke_of_someone_elses_token_is_404(client):
    token, _key = api_token_create(user=UserFactory(), name="x")
    client.force_login(UserFactory())
    assert client.post(reverse("accounts:api_tokens"), {"revoke": token.pk}).status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_api_token_page_anonymous_goes_to_login(client):
    assert client.get(reverse("accounts:api_tokens")).url.startswith(reverse("accounts:login"))
