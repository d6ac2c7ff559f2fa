import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from arena.pilots.enums import ThresholdKind
from arena.pilots.models import Threshold
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db

URL = reverse("pilots:advisor")
FACTS = {
    "value_sek": "700000",
    "buyer_type": "sub_central",
    "contract_type": "services",
    "solution_on_market": "yes",
    "on": "2026-06-01",
}


@pytest.fixture(autouse=True)
def _thresholds(thresholds):
    """The amounts migration 0002 loads; these tests check that data."""


def _routes(response) -> list[str]:
    return [r.route for r in response.context["advice"].recommendations]


def test_advisor_page_is_public_and_empty_without_input(client: Client):
    response = client.get(URL)

    assert response.status_code == 200
    assert response.context["advice"] is None
    assert b'name="value_sek"' in response.content


def test_advisor_uses_the_thresholds_loaded_by_the_migration(client: Client):
    response = client.get(URL, FACTS)

    assert _routes(response) == ["market_dialogue", "direct_award", "open_procedure"]
    assert response.context["advice"].direct_award_limit.amount_sek == Decimal(700_000)
    assert response.context["advice"].eu_threshold.amount_eur == Decimal(216_000)
    assert b'data-route="direct_award"' in response.content
    assert "19 a kap. LOU (2016:1145)" in response.content.decode()


def test_advisor_above_the_limit_offers_no_direct_award(client: Client):
    response = client.get(URL, {**FACTS, "value_sek": "700001"})

    assert "direct_award" not in _routes(response)


def test_migration_marks_unverified_sek_amounts():
    unverified = Threshold.objects.filter(
        kind=ThresholdKind.EU_THRESHOLD, valid_from=datetime.date(2026, 1, 1)
    )

    assert unverified.count() == 9
    assert all(row.amount_sek is None and "not verified" in row.note for row in unverified)
    assert set(unverified.values_list("amount_eur", flat=True)) == {
        Decimal(140_000),
        Decimal(216_000),
        Decimal(432_000),
        Decimal(5_404_000),
    }


def test_advisor_says_when_the_sek_threshold_is_missing(client: Client):
    response = client.get(URL, {**FACTS, "value_sek": "5000000"})

    assert response.context["advice"].above_eu_threshold is None
    assert (
        "Det gällande EU-tröskelvärdet är 216\u202f000 euro, men motsvarande belopp i kronor "
        "är inte registrerat än"
    ) in response.content.decode()


def test_admin_edit_of_a_threshold_changes_the_advice(client: Client):
    Threshold.objects.filter(
        kind=ThresholdKind.EU_THRESHOLD,
        buyer_type="sub_central",
        contract_type="services",
        valid_from=datetime.date(2026, 1, 1),
    ).update(amount_sek=2_400_000)

    response = client.get(URL, {**FACTS, "value_sek": "2400000"})

    assert response.context["advice"].above_eu_threshold is True


def test_negative_value_shows_an_error_and_keeps_the_input(client: Client):
    response = client.get(URL, {**FACTS, "value_sek": "-5", "contract_type": "works"})

    assert response.context["advice"] is None
    assert response.context["form"].errors["value_sek"] == [
        "Det uppskattade värdet kan inte vara negativt."
    ]
    page = response.content.decode()
    assert 'value="-5"' in page
    assert '<option value="works" selected>' in page


def test_unknown_buyer_type_shows_an_error(client: Client):
    response = client.get(URL, {**FACTS, "buyer_type": "kingdom"})

    assert response.context["advice"] is None
    assert "kingdom" in response.context["form"].errors["buyer_type"][0]


def test_a_date_without_thresholds_warns(client: Client):
    response = client.get(URL, {**FACTS, "on": "2019-01-01"})

    assert "direct_award" not in _routes(response)
    assert "Ingen direktupphandlingsgräns är registrerad för 2019-01-01" in (
        response.content.decode()
    )


def test_advisor_page_renders_in_swedish(client: Client):
    with translation.override("sv"):
        response = client.get(URL, FACTS, HTTP_ACCEPT_LANGUAGE="sv")

    assert response.status_code == 200
    assert response.context["advice"] is not None


def test_administrator_edits_a_threshold_in_the_admin(client: Client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    row = Threshold.objects.get(kind=ThresholdKind.DIRECT_AWARD_LIMIT, buyer_type="sub_central")
    url = reverse("admin:pilots_threshold_change", args=[row.pk])

    response = client.post(
        url,
        {
            "kind": row.kind,
            "buyer_type": row.buyer_type,
            "contract_type": "",
            "amount_sek": "750000",
            "amount_eur": "",
            "valid_from": "2022-02-01",
            "valid_to": "",
            "source": row.source,
            "note": "test",
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:pilots_threshold_changelist")).status_code == 200
    advice = client.get(URL, {**FACTS, "value_sek": "740000"}).context["advice"]
    assert "direct_award" in [r.route for r in advice.recommendations]


def test_admin_refuses_a_threshold_without_any_amount(client: Client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.post(
        reverse("admin:pilots_threshold_add"),
        {"kind": "eu_threshold", "valid_from": "2028-01-01", "source": "x"},
    )

    assert response.status_code == 200
    assert "Ange beloppet i kronor, i euro eller båda." in response.content.decode()
