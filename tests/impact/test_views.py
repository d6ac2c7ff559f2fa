import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from arena.impact.enums import Stage
from arena.networks.models import Network
from tests.factories.programmes import ProgrammeFactory
from tests.pilots.pdftext import pdf_text

pytestmark = pytest.mark.django_db

YEAR_QUERY = {"start": "2026-01-01", "end": "2026-12-31"}


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _funnel(response) -> dict[str, int]:
    return {row.stage: row.challenges for row in response.context["figures"].funnel}


def test_platform_page_draws_charts_with_tables_for_anonymous(world):
    response = _client().get(reverse("impact:platform"), YEAR_QUERY)

    assert response.status_code == 200
    assert _funnel(response)[Stage.CHALLENGE] == 2
    html = response.content.decode()
    assert html.count('<svg class="impact-chart" role="img"') >= 3
    assert 'aria-labelledby="funnel-title funnel-desc"' in html
    assert '<title id="funnel-title">' in html
    assert 'data-testid="funnel-table"' in html
    assert "<script" not in html.split("</main>")[0].split("<main")[-1]
    assert "Hemlig utmaning" not in html


def test_platform_page_without_a_period_uses_the_default(world):
    response = _client().get(reverse("impact:platform"))

    assert response.status_code == 200
    assert response.context["figures"].period.months == 12


def test_invalid_period_shows_the_error_and_the_default_figures(world):
    response = _client().get(
        reverse("impact:platform"), {"start": "2026-12-01", "end": "2026-01-01"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors
    assert response.context["figures"].period.months == 12


def test_organisation_page_for_members_only(world, outsider):
    url = reverse("impact:organisation", kwargs={"slug": world.buyer_b.slug})

    assert _client().get(url).status_code == 404
    assert _client(outsider).get(url).status_code == 404
    assert _client(world.buyer_member).get(url).status_code == 404
    response = _client(world.buyer_b_member).get(url, YEAR_QUERY)
    assert response.status_code == 200
    # B's members see their own confidential challenge counted.
    assert _funnel(response)[Stage.CHALLENGE] == 1
    assert _funnel(response)[Stage.PILOT] == 1


def test_organisation_exports_are_for_members_only(world, outsider):
    for name in ("organisation_csv", "organisation_xlsx", "organisation_pdf"):
        url = reverse(f"impact:{name}", kwargs={"slug": world.buyer_b.slug})
        assert _client().get(url).status_code == 404
        assert _client(outsider).get(url).status_code == 404


def test_unknown_scopes_answer_404(world):
    for name in ("organisation", "network", "programme"):
        assert (
            _client().get(reverse(f"impact:{name}", kwargs={"slug": "finns-inte"})).status_code
            == 404
        )


def test_network_page_unlisted_is_404_for_outsider_and_anonymous(world, outsider):
    network = Network.objects.create(name="Hemligt nätverk", slug="hemligt")
    network.organisations.set([world.buyer_a, world.buyer_b])
    for suffix in ("", "_csv", "_xlsx", "_pdf"):
        url = reverse(f"impact:network{suffix}", kwargs={"slug": network.slug})
        assert _client().get(url).status_code == 404
        assert _client(outsider).get(url).status_code == 404
        assert _client(world.buyer_b_member).get(url).status_code == 200


def test_network_page_is_public_and_counts_public_data(world, outsider):
    network = Network.objects.create(name="Skånes beställarnätverk", slug="skane", is_public=True)
    network.organisations.set([world.buyer_a, world.buyer_b])
    url = reverse("impact:network", kwargs={"slug": network.slug})

    anonymous = _client().get(url, YEAR_QUERY)
    member = _client(world.buyer_b_member).get(url, YEAR_QUERY)

    assert _funnel(anonymous)[Stage.CHALLENGE] == 2
    assert _funnel(_client(outsider).get(url, YEAR_QUERY))[Stage.CHALLENGE] == 2
    assert _funnel(member)[Stage.CHALLENGE] == 3


def test_programme_page_counts_its_challenges(world):
    programme = ProgrammeFactory()
    world.c1.programme = programme
    world.c1.save()

    response = _client().get(
        reverse("impact:programme", kwargs={"slug": programme.slug}), YEAR_QUERY
    )

    assert response.status_code == 200
    assert _funnel(response)[Stage.CONTRACT] == 1


def test_csv_export_has_header_and_rows(world):
    response = _client().get(reverse("impact:platform_csv"), YEAR_QUERY)

    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[1] == [str(_("Period")), "2026-01-01", "2026-12-31"]
    header = rows[3]
    assert header[0] == str(_("Stage"))
    funnel = {row[0]: row[1:3] for row in rows[4:11]}
    assert funnel[str(Stage.CHALLENGE.label)] == ["2", "2"]
    assert funnel[str(Stage.CONTRACT.label)] == ["1", "1"]


def test_xlsx_export_opens_with_openpyxl(world):
    response = _client().get(reverse("impact:platform_xlsx"), YEAR_QUERY)

    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    funnel = {row[0]: row[1] for row in rows[4:11]}
    assert funnel[str(Stage.CHALLENGE.label)] == 2
    assert funnel[str(Stage.PILOT.label)] == 1


def test_pdf_report_renders_with_the_figures(world):
    response = _client().get(reverse("impact:platform_pdf"), YEAR_QUERY)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    assert b"DejaVu" in data
    assert (
        data.count(b"/Type /Page\n") + data.count(b"/Type /Page ") + data.count(b"/Type /Page>")
        >= 1
    )
    text = pdf_text(data)
    assert "2026-01-01" in text
    assert "2026-12-31" in text
    assert "500000" in text
    assert str(Stage.CONTRACT.label) in text
    assert "Hemlig utmaning" not in text


def test_platform_page_query_count_is_bounded(world, django_assert_max_num_queries):
    client = _client(world.buyer_member)
    with django_assert_max_num_queries(40):
        client.get(reverse("impact:platform"), YEAR_QUERY)


def _(text: str) -> str:
    from django.utils.translation import gettext

    return gettext(text)
