import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.urls import reverse

from arena.pilots import selectors, services
from arena.pilots.agreements import AgreementFacts, Party, agreement_build
from arena.pilots.models import PilotDocument
from arena.pilots.rendering import docx_render, pdf_render
from tests.factories.pilots import KpiFactory, MilestoneFactory, PilotFactory
from tests.pilots.pdftext import pdf_text

FACTS = AgreementFacts(
    pilot_title="Smarta vågar i skolmatsalen",
    challenge_title="Mindre matsvinn",
    buyers=[Party("Österåkers kommun", "212000-2973", "buyer")],
    companies=[Party("Vågtech AB", "559000-0001", "company")],
    goals="Halvera svinnet.",
    budget_sek=Decimal(250_000),
    paid_by="buyer",
    direct_award_limit_sek=Decimal(700_000),
)


def _docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_nda_in_swedish_respects_public_access():
    agreement = agreement_build(kind="nda", facts=FACTS, language="sv")

    text = _docx_text(docx_render(agreement))

    assert text.startswith("Sekretessavtal")
    assert "Österåkers kommun (212000-2973), nedan köparen." in text
    assert "offentlighets- och sekretesslagen (2009:400)" in text
    assert "sekretessprövning" in text
    assert "lagen (2018:558) om företagshemligheter" in text
    assert "ingen skyldighet för köparen att upphandla" in text


def test_pilot_agreement_states_direct_award_no_promise_ip_and_shared_results():
    text = agreement_build(kind="pilot", facts=FACTS, language="sv").text()

    assert "19 a kap." in text
    assert "250 000 kr" in text
    assert "700 000 kr" in text
    assert "ger inte företaget någon rätt till, eller utfästelse om, ett framtida avtal" in text
    assert "Rättigheterna till resultat som företaget tar fram stannar hos företaget" in text
    assert "icke-exklusiv" in text
    assert "13 kap. 3 § LOU" in text


def test_pilot_above_the_limit_asks_for_the_basis():
    facts = AgreementFacts(**{**FACTS.__dict__, "budget_sek": Decimal(900_000)})

    text = agreement_build(kind="pilot", facts=facts, language="en").text()

    assert "exceeds the direct-award limit" in text
    assert "chapter 19 a" not in text


def test_dpa_checklist_lists_the_nine_points_of_article_28_3():
    agreement = agreement_build(kind="dpa", facts=FACTS, language="en")

    points = agreement.sections[2].paragraphs

    assert len(points) == 9
    assert points[1].startswith("☐ 2. Processing only on documented instructions")
    assert "Controller: Österåkers kommun" in agreement.text()
    assert "Processor: Vågtech AB" in agreement.text()


def test_unknown_kind_or_language_is_refused():
    with pytest.raises(ValueError, match="Unknown agreement kind 'loan'"):
        agreement_build(kind="loan", facts=FACTS, language="sv")
    with pytest.raises(ValueError, match="Unknown language 'de'"):
        agreement_build(kind="nda", facts=FACTS, language="de")


def test_pdf_contains_the_parties_with_swedish_letters():
    data = pdf_render(agreement_build(kind="pilot", facts=FACTS, language="sv"))

    assert data.startswith(b"%PDF-")
    assert data.rstrip().endswith(b"%%EOF")
    text = pdf_text(data)
    assert "Pilotavtal" in text
    assert "Österåkers kommun (212000-2973), nedan köparen." in text
    assert "Vågtech AB" in text
    assert "?" not in text.replace("[", "")  # every glyph mapped back


@pytest.mark.django_db
def test_generate_stores_versioned_docx_and_pdf_from_the_pilot(
    pilot, owner, organisation, thresholds
):
    KpiFactory(pilot=pilot, name="Svinn per elev", unit="g", baseline=80, target=40)
    MilestoneFactory(pilot=pilot, title="Vågar installerade", due_on=datetime.date(2026, 9, 1))

    first = services.pilot_document_generate(pilot=pilot, actor=owner, kind="pilot", language="sv")
    second = services.pilot_document_generate(pilot=pilot, actor=owner, kind="pilot", language="sv")
    english = services.pilot_document_generate(
        pilot=pilot, actor=owner, kind="pilot", language="en"
    )

    assert [(d.file_format, d.version) for d in first] == [("docx", 1), ("pdf", 1)]
    assert [d.version for d in second] == [2, 2]
    assert [d.version for d in english] == [1, 1]
    assert PilotDocument.objects.filter(pilot=pilot).count() == 6
    text = _docx_text(bytes(first[0].content))
    assert f"{organisation.name} ({organisation.org_number}), nedan köparen." in text
    assert "Vågtech AB" in text
    assert "Svinn per elev (g): utgångsläge 80.00, mål 40.00" in text
    assert "2026-09-01: Vågar installerade" in text
    assert "Kontaktperson företaget" in text
    assert "Företaget behåller sina rättigheter; kommunen får en licens." in text
    assert "Vågtech AB" in pdf_text(bytes(first[1].content))
    assert "Pilot agreement" in _docx_text(bytes(english[0].content))
    entry = pilot.log.get(action="document_generated", details__version=2)
    assert entry.actor == owner


@pytest.mark.django_db
def test_agreement_facts_use_the_direct_award_limit_in_the_data(pilot, thresholds):
    facts = selectors.agreement_facts(pilot=pilot, language="sv")

    assert facts.direct_award_limit_sek == Decimal(700_000)
    assert [p.name for p in facts.companies] == ["Vågtech AB"]


@pytest.mark.django_db
def test_documents_through_the_pages(founder_client, outsider_client, pilot):
    url = reverse("pilots:pilot", kwargs={"pk": pilot.pk})

    response = founder_client.post(
        url, {"action": "document", "document-kind": "nda", "document-language": "sv"}
    )

    assert response.status_code == 302
    pdf = PilotDocument.objects.get(pilot=pilot, file_format="pdf")
    download = reverse("pilots:document", kwargs={"pk": pilot.pk, "document_id": pdf.pk})
    assert download in founder_client.get(url).content.decode()
    got = founder_client.get(download)
    assert got["Content-Type"] == "application/pdf"
    assert got.content.startswith(b"%PDF-")
    assert f'filename="nda-{pilot.pk}-sv-v1.pdf"' in got["Content-Disposition"]
    assert outsider_client.get(download).status_code == 404
    assert (
        outsider_client.post(
            url, {"action": "document", "document-kind": "nda", "document-language": "sv"}
        ).status_code
        == 404
    )
    assert PilotDocument.objects.filter(pilot=pilot).count() == 2


@pytest.mark.django_db
def test_a_document_of_another_pilot_is_404(founder_client, pilot, owner):
    other = PilotFactory()
    doc = services.pilot_document_generate(pilot=other, actor=owner, kind="dpa", language="en")[0]

    url = reverse("pilots:document", kwargs={"pk": pilot.pk, "document_id": doc.pk})
    assert founder_client.get(url).status_code == 404
