import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from arena.notices.enums import NoticeKind, RequirementKind
from tests.factories.notices import NoticeFactory, NoticeLotFactory
from tests.factories.organisations import OrganisationFactory
from tests.factories.reference import CpvCodeFactory, NutsCodeFactory

pytestmark = pytest.mark.django_db

LIST = reverse("notices:list")


def _titles(response) -> list[str]:
    return [n.title for n in response.context["notices"]]


def test_list_is_public_and_newest_first(client):
    old = NoticeFactory(published_on=datetime.date(2024, 1, 1))
    new = NoticeFactory(published_on=datetime.date(2025, 1, 1))
    response = client.get(LIST)
    assert response.status_code == 200
    assert _titles(response) == [new.title, old.title]


def test_list_search_uses_full_text(client):
    hit = NoticeFactory(title="Snöröjning av skolgårdar", description="Vinterväghållning.")
    NoticeFactory(title="Skolmat", description="Måltider till skolor.")
    response = client.get(LIST, {"q": "snöröjning"})
    assert _titles(response) == [hit.title]


def test_list_filters(client):
    software = CpvCodeFactory(code="48000000")
    food = CpvCodeFactory(code="15000000", check_digit="8", label_sv="Livsmedel", label_en="Food")
    NutsCodeFactory(
        code="SE12", level=2, label_sv="Östra Mellansverige", label_en="East Middle Sweden"
    )
    open_green = NoticeFactory(cpv_codes=[software], is_green=True, nuts_codes=["SE121"])
    closed = NoticeFactory(
        cpv_codes=[software],
        deadline=timezone.now() - datetime.timedelta(days=1),
        nuts_codes=["SE110"],
    )
    innovative = NoticeFactory(
        cpv_codes=[food], is_innovation=True, country="FI", kind=NoticeKind.PLANNING
    )
    assert set(_titles(client.get(LIST, {"cpv": "48"}))) == {open_green.title, closed.title}
    assert _titles(client.get(LIST, {"cpv": "48", "open_only": "on"})) == [open_green.title]
    assert _titles(client.get(LIST, {"green": "on"})) == [open_green.title]
    assert _titles(client.get(LIST, {"innovation": "on"})) == [innovative.title]
    assert _titles(client.get(LIST, {"kind": "planning"})) == [innovative.title]
    assert _titles(client.get(LIST, {"country": "fi"})) == [innovative.title]
    assert _titles(client.get(LIST, {"region": "SE12"})) == [open_green.title]


def test_list_bad_filter_values_are_ignored(client):
    notice = NoticeFactory()
    response = client.get(LIST, {"kind": "nonsense", "country": "123", "cpv": "x"})
    assert response.status_code == 200
    assert _titles(response) == [notice.title]


def test_list_paginates(client):
    for _ in range(25):
        NoticeFactory()
    first = client.get(LIST)
    second = client.get(LIST, {"sida": 2})
    assert len(first.context["notices"]) == 20
    assert len(second.context["notices"]) == 5


def test_list_htmx_returns_results_only(client):
    NoticeFactory(title="Ett resultat")
    response = client.get(LIST, headers={"HX-Request": "true"})
    assert b"<html" not in response.content
    assert "Ett resultat" in response.content.decode()


@pytest.mark.parametrize("count", [1, 5])
def test_list_query_count(client, django_assert_max_num_queries, count):
    for _ in range(count):
        NoticeFactory(cpv_codes=[CpvCodeFactory()])
    with django_assert_max_num_queries(5):
        response = client.get(LIST, {"cpv": "48", "open_only": "on"})
    assert len(response.context["notices"]) == count


def test_detail_shows_everything(client):
    software = CpvCodeFactory(code="48000000")
    buyer = OrganisationFactory(name="Exempelby kommun", slug="exempelby")
    notice = NoticeFactory(
        cpv_codes=[software],
        buyer=buyer,
        url="https://ted.europa.eu/en/notice/-/detail/1-2026",
        requirements=[
            {
                "kind": "turnover",
                "text": "Omsättning minst 5 MSEK",
                "lot": "",
                "amount": 5000000.0,
                "currency": "SEK",
                "standard": "",
                "count": None,
            }
        ],
        translations={"en": {"title": "Digital supervision", "description": ""}},
    )
    NoticeLotFactory(notice=notice, lot_id="LOT-1", title="Delområde 1", cpv_codes=["48000000"])
    response = client.get(reverse("notices:detail", args=[notice.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert notice.title in html
    assert software.label_sv in html  # CPV label in the active language (Swedish)
    assert "Delområde 1" in html
    assert "Omsättning minst 5 MSEK" in html
    assert "https://ted.europa.eu/en/notice/-/detail/1-2026" in html
    assert reverse("organisations:detail", args=["exempelby"]) in html
    assert response.context["requirements"][0]["kind_label"] == RequirementKind.TURNOVER.label


def test_detail_in_english_shows_english_labels_and_translation(client):
    software = CpvCodeFactory(code="48000000")
    notice = NoticeFactory(
        cpv_codes=[software],
        translations={"en": {"title": "Digital supervision", "description": ""}},
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("notices:detail", args=[notice.pk]))
    html = response.content.decode()
    assert response.context["translation"]["title"] == "Digital supervision"
    assert "Digital supervision" in html
    assert software.label_en in html


def test_detail_says_when_codes_were_suggested(client):
    notice = NoticeFactory(cpv_codes=[CpvCodeFactory()], cpv_suggested=True)
    response = client.get(reverse("notices:detail", args=[notice.pk]))
    assert response.context["notice"].cpv_suggested is True
    assert 'class="notice"' in response.content.decode()


def test_detail_unknown_is_404(client):
    assert client.get(reverse("notices:detail", args=[999999])).status_code == 404


def test_detail_query_count(client, django_assert_max_num_queries):
    notice = NoticeFactory(cpv_codes=[CpvCodeFactory()])
    NoticeLotFactory(notice=notice, cpv_codes=["48000000"])
    NoticeLotFactory(notice=notice)
    with django_assert_max_num_queries(5):
        client.get(reverse("notices:detail", args=[notice.pk]))


def test_admin_lists_and_shows_notices(admin_client):
    notice = NoticeFactory()
    NoticeLotFactory(notice=notice)
    assert admin_client.get(reverse("admin:notices_notice_changelist")).status_code == 200
    response = admin_client.get(reverse("admin:notices_notice_change", args=[notice.pk]))
    assert response.status_code == 200
    assert notice.title in response.content.decode()


def test_logged_in_outsider_sees_the_same_public_pages(outsider_client):
    notice = NoticeFactory()
    assert outsider_client.get(LIST).status_code == 200
    response = outsider_client.get(reverse("notices:detail", args=[notice.pk]))
    assert response.context["notice"] == notice


def test_list_and_detail_query_counts_measured(client, django_assert_num_queries):
    """Pinned counts: the filter form's two choice lists, the count and the page (list)."""
    notice = NoticeFactory(cpv_codes=[CpvCodeFactory()])
    NoticeLotFactory(notice=notice, cpv_codes=["48000000"])
    with django_assert_num_queries(4):
        client.get(LIST)
    with django_assert_num_queries(4):
        client.get(reverse("notices:detail", args=[notice.pk]))
