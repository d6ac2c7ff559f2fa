import json

import pytest
from django.urls import reverse
from django.utils import timezone

from arena.privacy.selectors import privacy_export

pytestmark = pytest.mark.django_db


def test_export_page_anonymous_redirects_to_login(client):
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_export_download_anonymous_redirects_to_login(client):
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_export_page_explains_what_is_included(client, anna):
    client.force_login(anna.user)
    response = client.get(reverse("privacy:export"))
    assert response.status_code == 200
    assert "JSON" in response.content.decode()


def test_export_download_is_a_dated_json_attachment_with_own_data(client, anna, outsider):
    client.force_login(anna.user)
    response = client.post(reverse("privacy:export"))
    assert response.status_code == 200
    today = timezone.localdate().isoformat()
    assert (
        response["Content-Disposition"]
        == f'attachment; filename="arena-mina-uppgifter-{today}.json"'
    )
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna.andersson@example.se"
    assert data["account"]["full_name"] == "Anna Åkesson"
    assert data["organisations"]["memberships"][0]["organisation"] == anna.company.name
    assert data["api_tokens"][0]["name"] == "CRM of Anna Åkesson"
    assert data["contact_person_entries"][0]["name"] == "Anna Åkesson"
    assert data["challenges"]["status_changes"][0]["challenge_id"] == anna.challenge.pk
    assert data["challenges"]["status_changes"][0]["url"].endswith(f"/{anna.challenge.slug}/")
    assert data["events"]["meeting_requests"][0]["you_sent_it"] is True
    assert data["events"]["attending"][0]["organisation"] == anna.company.name
    assert data["pilots"]["project_groups"][0]["group"] == anna.group_member.group.name
    assert data["pilots"]["commitments_signed"][0]["text"] == "Vi levererar vågen."
    assert len(data["feedback"]["notices"]) == 1


def test_export_download_with_get_parameter(client, anna):
    client.force_login(anna.user)
    response = client.get(reverse("privacy:export"), {"download": "1"})
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content)["account"]["id"] == anna.user.pk


def test_export_contains_none_of_another_users_data(client, anna, outsider):
    client.force_login(anna.user)
    body = client.post(reverse("privacy:export")).content.decode()
    for foreign in (
        outsider.user.email,
        outsider.user.full_name,
        outsider.company.name,
        outsider.token.name,
        outsider.challenge.title,
        outsider.group_member.group.name,
    ):
        assert foreign not in body


def test_export_never_contains_the_token_secret(anna):
    body = json.dumps(privacy_export(user=anna.user), default=str)
    assert anna.token.key_hash not in body
    assert anna.token.prefix not in body


def test_export_leaves_out_colleagues_addresses(anna):
    colleague = anna.company.memberships.exclude(user=anna.user).get().user
    body = json.dumps(privacy_export(user=anna.user), default=str)
    assert colleague.email not in body
