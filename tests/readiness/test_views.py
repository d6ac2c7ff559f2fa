import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from lxml import etree

from arena.organisations.enums import OrganisationKind
from arena.readiness.enums import MAX_AMOUNT_SEK, AnswerStatus
from arena.readiness.espd import CRITERIA, XPATH_NS
from arena.readiness.models import Certificate, ReadinessAnswer, ReadinessProfile
from arena.readiness.selectors import espd_export_for
from arena.readiness.services import amount_too_large_message, answer_set
from tests.factories.organisations import MembershipFactory, OrganisationFactory
from tests.factories.readiness import CertificateFactory, ReadinessProfileFactory

pytestmark = pytest.mark.django_db


def _url(name, organisation, *args):
    return reverse(f"readiness:{name}", args=[organisation.slug, *args])


## Who may see what


@pytest.mark.parametrize(
    ("persona", "status"), [("owner_client", 200), ("member_client", 200), ("outsider_client", 404)]
)
def test_overview_by_persona(request, organisation, persona, status):
    client = request.getfixturevalue(persona)
    response = client.get(_url("overview", organisation))
    assert response.status_code == status
    if status == 200:
        assert response.context["overview"].organisation == organisation
        assert response.content.count(b'data-testid="item-RD-') == 24


def test_overview_anonymous_goes_to_login(client, organisation):
    response = client.get(_url("overview", organisation))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_overview_of_a_buyer_is_404_even_for_its_members():
    buyer = OrganisationFactory(kind=OrganisationKind.MUNICIPALITY)
    user = MembershipFactory(organisation=buyer, role="admin").user
    client = Client()
    client.force_login(user)
    assert client.get(_url("overview", buyer)).status_code == 404


def test_overview_member_sees_no_edit_forms(member_client, owner_client, organisation):
    member = member_client.get(_url("overview", organisation))
    assert member.context["can_change"] is False
    assert "profile_form" not in member.context
    owner = owner_client.get(_url("overview", organisation))
    assert owner.context["can_change"] is True


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("item_edit", ["RD-01"]),
        ("profile_edit", []),
        ("certificate_add", []),
        ("espd_import", []),
        ("espd_import_confirm", []),
    ],
)
@pytest.mark.parametrize(("persona", "status"), [("member_client", 404), ("outsider_client", 404)])
def test_writes_are_404_for_members_and_outsiders(
    request, organisation, name, args, persona, status
):
    client = request.getfixturevalue(persona)
    response = client.post(_url(name, organisation, *args), {"RD-01-status": "yes"})
    assert response.status_code == status
    assert not ReadinessAnswer.objects.exists()


def test_export_for_outsider_and_anonymous(outsider_client, client, organisation):
    assert outsider_client.get(_url("espd_export", organisation)).status_code == 404
    assert client.get(_url("espd_export", organisation)).status_code == 302


def test_index_redirects_to_the_single_company(owner_client, organisation):
    response = owner_client.get(reverse("readiness:index"))
    assert response.status_code == 302
    assert response["Location"] == _url("overview", organisation)


def test_index_lists_several_companies(owner, owner_client, organisation):
    second = OrganisationFactory()
    MembershipFactory(organisation=second, user=owner)
    response = owner_client.get(reverse("readiness:index"))
    assert response.status_code == 200
    assert {c.pk for c in response.context["companies"]} == {organisation.pk, second.pk}


## Editing


def test_item_edit_htmx_get_returns_the_form(owner_client, organisation):
    response = owner_client.get(_url("item_edit", organisation, "RD-02"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert b'data-testid="item-form-RD-02"' in response.content
    assert b"<html" not in response.content


def test_item_edit_htmx_post_saves_and_returns_the_item(owner_client, organisation):
    issued = timezone.localdate() - datetime.timedelta(days=3)
    response = owner_client.post(
        _url("item_edit", organisation, "RD-02"),
        {"RD-02-status": "yes", "RD-02-evidence_issued_on": issued.isoformat()},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert b'data-testid="item-RD-02"' in response.content
    answer = ReadinessAnswer.objects.get(item_id="RD-02")
    assert answer.evidence_expires_on == issued + datetime.timedelta(days=90)


def test_item_edit_error_keeps_what_was_typed(owner_client, organisation):
    response = owner_client.post(
        _url("item_edit", organisation, "RD-08"),
        {
            "RD-08-status": "yes",
            "RD-08-evidence_issued_on": "2026-05-01",
            "RD-08-evidence_expires_on": "2026-04-01",
            "RD-08-evidence_reference": "Försäkringsbrev i pärm 2",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # HTMX swaps only 2xx responses
    form = response.context["form"]
    assert "evidence_expires_on" in form.errors
    assert "Försäkringsbrev i pärm 2".encode() in response.content
    assert not ReadinessAnswer.objects.exists()


def test_item_edit_not_applicable_refused_for_mandatory_item(owner_client, organisation):
    response = owner_client.post(
        _url("item_edit", organisation, "RD-02"), {"RD-02-status": "not_applicable"}
    )
    assert response.status_code == 400
    assert not ReadinessAnswer.objects.exists()


def test_item_edit_without_htmx_redirects(owner_client, organisation):
    response = owner_client.post(_url("item_edit", organisation, "RD-10"), {"RD-10-status": "no"})
    assert response.status_code == 302
    assert ReadinessAnswer.objects.get().status == AnswerStatus.NO


def test_item_edit_unknown_item_is_404(owner_client, organisation):
    assert owner_client.get(_url("item_edit", organisation, "RD-99")).status_code == 404


def test_profile_edit_saves(owner_client, organisation):
    response = owner_client.post(
        _url("profile_edit", organisation),
        {
            "annual_turnover_sek": "2500000",
            "turnover_year": "2025",
            "delivers_digital_services": "on",
        },
    )
    assert response.status_code == 302
    profile = ReadinessProfile.objects.get(organisation=organisation)
    assert (profile.annual_turnover_sek, profile.delivers_digital_services) == (2_500_000, True)


def test_profile_edit_negative_amount_keeps_input(owner_client, organisation):
    response = owner_client.post(
        _url("profile_edit", organisation), {"annual_turnover_sek": "-5", "turnover_year": "2025"}
    )
    assert response.status_code == 400
    assert response.context["profile_form"]["turnover_year"].value() == "2025"
    assert not ReadinessProfile.objects.exists()


def test_certificate_add_and_delete(owner_client, organisation):
    valid = (timezone.localdate() + datetime.timedelta(days=100)).isoformat()
    response = owner_client.post(
        _url("certificate_add", organisation),
        {"standard": "iso 14001", "certifying_body": "DNV", "valid_until": valid},
    )
    assert response.status_code == 302
    certificate = Certificate.objects.get()
    assert certificate.standard == "ISO 14001"
    response = owner_client.post(_url("certificate_delete", organisation, certificate.pk))
    assert response.status_code == 302
    assert not Certificate.objects.exists()


def test_certificate_delete_of_another_company_is_404(owner_client, organisation):
    other = CertificateFactory()
    assert owner_client.post(_url("certificate_delete", organisation, other.pk)).status_code == 404
    assert Certificate.objects.filter(pk=other.pk).exists()


## ESPD


def test_export_download(member_client, organisation):
    response = member_client.get(_url("espd_export", organisation))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert "attachment" in response["Content-Disposition"]
    assert b"QualificationApplicationResponse" in response.content


def test_import_preview_then_confirm(owner, owner_client, organisation):
    source = OrganisationFactory()
    answer_set(organisation=source, actor=owner, item_id="RD-05", status=AnswerStatus.YES)
    data = espd_export_for(organisation=source)
    upload = _upload(data)
    response = owner_client.post(_url("espd_import", organisation), {"file": upload})
    assert response.status_code == 200
    assert [row["item"].id for row in response.context["rows"]] == ["RD-05"]
    assert not ReadinessAnswer.objects.filter(profile__organisation=organisation).exists()
    response = owner_client.post(_url("espd_import_confirm", organisation))
    assert response.status_code == 302
    answer = ReadinessAnswer.objects.get(profile__organisation=organisation)
    assert (answer.item_id, answer.status) == ("RD-05", AnswerStatus.YES)


def test_import_malformed_file_shows_error_and_changes_nothing(owner_client, organisation):
    response = owner_client.post(
        _url("espd_import", organisation), {"file": _upload(b"<QualificationApplicationResponse")}
    )
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"] == [
        gettext("The file is not well-formed XML.")
    ]
    assert not ReadinessProfile.objects.exists()


def test_import_confirm_without_preview_changes_nothing(owner_client, organisation):
    response = owner_client.post(_url("espd_import_confirm", organisation))
    assert response.status_code == 302
    assert not ReadinessAnswer.objects.exists()


def _upload(data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("espd.xml", data, content_type="application/xml")


## Query count


@pytest.mark.parametrize("certificates", [1, 3])
def test_overview_query_count(
    owner_client, organisation, owner, certificates, django_assert_max_num_queries
):
    profile = ReadinessProfileFactory(organisation=organisation)
    for _n in range(certificates):
        CertificateFactory(profile=profile)
    for item_id in ("RD-01", "RD-02", "RD-08", "RD-11"):
        answer_set(organisation=organisation, actor=owner, item_id=item_id, status=AnswerStatus.YES)
    with django_assert_max_num_queries(9):
        response = owner_client.get(_url("overview", organisation))
    assert response.status_code == 200
    assert len(response.context["overview"].certificates) == certificates


def test_summary_partial_renders_score_and_top_gaps(organisation):
    from django.template.loader import render_to_string

    from arena.readiness.selectors import readiness_summary_for

    html = render_to_string(
        "readiness/_summary.html", {"summary": readiness_summary_for(organisation=organisation)}
    )
    assert html.count('data-testid="gap"') == 3
    assert 'value="0"' in html
    assert _url("overview", organisation) in html


def test_overview_gaps_link_their_knowledge_bank_guides(owner_client, organisation):
    from tests.factories.knowledge import GuideFactory

    GuideFactory(slug="readiness-tax", title_sv="F-skatt och skatter")
    response = owner_client.get(_url("overview", organisation))
    assert 'href="/kunskapsbank/readiness-tax/"' in response.text
    assert "/kunskapsbank/exclusion-grounds/" not in response.text  # not published here


## Bad input never gives a 500


@pytest.mark.parametrize("field", ["annual_turnover_sek", "insurance_cover_sek"])
def test_profile_edit_amount_too_large_is_a_field_error(owner_client, organisation, field):
    response = owner_client.post(
        _url("profile_edit", organisation), {field: str(10**30), "turnover_year": "2025"}
    )
    assert response.status_code == 400
    form = response.context["profile_form"]
    assert form.errors[field] == [amount_too_large_message()]
    assert "1\u00a0000\u00a0000\u00a0000\u00a0000\u00a0000" in form.errors[field][0]
    assert form[field].value() == str(10**30)  # what was typed is kept
    assert not ReadinessProfile.objects.exists()


def test_profile_edit_amount_at_the_bound_is_saved(owner_client, organisation):
    response = owner_client.post(
        _url("profile_edit", organisation), {"annual_turnover_sek": str(MAX_AMOUNT_SEK)}
    )
    assert response.status_code == 302
    assert ReadinessProfile.objects.get().annual_turnover_sek == MAX_AMOUNT_SEK


def _espd(criterion_key, *, response, property_kind="INDICATOR", evidence=""):
    """A minimal ESPD Response: one criterion, one property, its response and any evidence."""
    criterion = CRITERIA[criterion_key]
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<QualificationApplicationResponse xmlns="{XPATH_NS["qar"]}" xmlns:cac="{XPATH_NS["cac"]}" xmlns:cbc="{XPATH_NS["cbc"]}">
  <cac:TenderingCriterion><cbc:ID>{criterion.uuid}</cbc:ID>
    <cac:TenderingCriterionPropertyGroup><cac:TenderingCriterionProperty><cbc:ID>p</cbc:ID><cbc:ValueDataTypeCode>{property_kind}</cbc:ValueDataTypeCode></cac:TenderingCriterionProperty></cac:TenderingCriterionPropertyGroup>
  </cac:TenderingCriterion>
  <cac:TenderingCriterionResponse><cbc:ValidatedCriterionPropertyID>p</cbc:ValidatedCriterionPropertyID>{response}</cac:TenderingCriterionResponse>
  {evidence}
</QualificationApplicationResponse>""".encode()


def _turnover_espd(amount):
    return _espd(
        "general_turnover",
        property_kind="AMOUNT",
        response=f'<cac:ResponseValue><cbc:ResponseAmount currencyID="SEK">{amount}</cbc:ResponseAmount></cac:ResponseValue>',
    )


def _insurance_espd(*, issued="", expires="", reference="Försäkringsbrev"):
    dates = f"<cbc:IssueDate>{issued}</cbc:IssueDate>" if issued else ""
    if expires:
        dates += f"<cac:ValidityPeriod><cbc:EndDate>{expires}</cbc:EndDate></cac:ValidityPeriod>"
    return _espd(
        "indemnity_insurance",
        response="<cac:ResponseValue><cbc:ResponseIndicator>true</cbc:ResponseIndicator></cac:ResponseValue>"
        "<cac:EvidenceSupplied><cbc:ID>E1</cbc:ID></cac:EvidenceSupplied>",
        evidence=f"<cac:Evidence><cbc:ID>E1</cbc:ID><cac:DocumentReference><cbc:ID>{reference}</cbc:ID>{dates}</cac:DocumentReference></cac:Evidence>",
    )


def _import(client, organisation, data):
    return client.post(_url("espd_import", organisation), {"file": _upload(data)})


@pytest.mark.parametrize("amount", ["1e400", "-1e400", "nan", "1e30", str(10**30)])
def test_import_amount_out_of_range_is_reported_and_confirm_succeeds(
    owner_client, organisation, amount
):
    response = _import(owner_client, organisation, _turnover_espd(amount))
    assert response.status_code == 200
    assert response.context["result"].turnover_sek is None
    [warning] = response.context["warnings"]
    assert CRITERIA["general_turnover"].name in warning
    assert b'data-testid="warnings"' in response.content
    response = owner_client.post(_url("espd_import_confirm", organisation))
    assert response.status_code == 302
    assert ReadinessProfile.objects.get(organisation=organisation).annual_turnover_sek is None


def test_import_amount_at_the_bound_is_imported(owner_client, organisation):
    _import(owner_client, organisation, _turnover_espd(str(MAX_AMOUNT_SEK)))
    assert owner_client.post(_url("espd_import_confirm", organisation)).status_code == 302
    profile = ReadinessProfile.objects.get(organisation=organisation)
    assert profile.annual_turnover_sek == MAX_AMOUNT_SEK


@pytest.mark.parametrize(
    ("issued", "expires", "kept"),
    [
        ("future", "", ("", None)),  # an issue date in the future
        ("2025-05-01", "2025-04-01", ("2025-05-01", None)),  # expiry before issue
        ("2025-02-30", "2025-13-01", (None, None)),  # not dates at all
    ],
)
def test_import_bad_evidence_dates_are_reported_and_confirm_succeeds(
    owner_client, organisation, issued, expires, kept
):
    if issued == "future":
        issued = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
        expires = (timezone.localdate() + datetime.timedelta(days=400)).isoformat()
        kept = (None, datetime.date.fromisoformat(expires))
    else:
        kept = tuple(datetime.date.fromisoformat(d) if d else None for d in kept)
    response = _import(owner_client, organisation, _insurance_espd(issued=issued, expires=expires))
    assert response.status_code == 200
    assert response.context["warnings"]
    assert all(w.startswith("RD-08 ") for w in response.context["warnings"])
    response = owner_client.post(_url("espd_import_confirm", organisation))
    assert response.status_code == 302
    answer = ReadinessAnswer.objects.get(profile__organisation=organisation)
    # The answer and its evidence reference are imported; only the impossible date is left out.
    assert (answer.item_id, answer.status, answer.evidence_reference) == (
        "RD-08",
        AnswerStatus.YES,
        "Försäkringsbrev",
    )
    assert (answer.evidence_issued_on, answer.evidence_expires_on) == kept


def test_import_long_evidence_reference_is_shortened_and_reported(owner_client, organisation):
    reference = "Pärm 3/" + "x" * 600
    response = _import(owner_client, organisation, _insurance_espd(reference=reference))
    assert response.status_code == 200
    [warning] = response.context["warnings"]
    assert "500" in warning
    assert owner_client.post(_url("espd_import_confirm", organisation)).status_code == 302
    answer = ReadinessAnswer.objects.get(profile__organisation=organisation)
    assert answer.evidence_reference == reference[:500]


def test_import_confirm_with_a_refused_value_shows_an_error_and_writes_nothing(
    owner_client, organisation
):
    # The preview was made yesterday in another time zone, or the session holds an older shape:
    # whatever answer_set refuses at confirm must come back as a message, not a 500.
    future = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    _import(owner_client, organisation, _insurance_espd())
    session = owner_client.session
    key = f"readiness-espd-import-{organisation.pk}"
    stored = session[key]
    stored["answers"]["RD-08"]["issued_on"] = future
    stored["turnover_sek"] = 10**30
    session[key] = stored
    session.save()
    response = owner_client.post(_url("espd_import_confirm", organisation), follow=True)
    assert response.status_code == 200
    [message] = [str(m) for m in response.context["messages"]]
    assert amount_too_large_message() in message
    assert not ReadinessAnswer.objects.exists()
    assert not ReadinessProfile.objects.filter(annual_turnover_sek__isnull=False).exists()


def test_import_confirm_with_an_unreadable_date_shows_an_error(owner_client, organisation):
    _import(owner_client, organisation, _insurance_espd())
    session = owner_client.session
    key = f"readiness-espd-import-{organisation.pk}"
    stored = session[key]
    stored["answers"]["RD-08"]["expires_on"] = "2025-02-30"
    session[key] = stored
    session.save()
    response = owner_client.post(_url("espd_import_confirm", organisation))
    assert response.status_code == 302
    assert not ReadinessAnswer.objects.exists()


def test_export_text_with_xml_illegal_characters_is_stripped(owner, member_client, organisation):
    organisation.name = "Solgläntan\x0b Energi\x1f AB"
    organisation.save()
    answer_set(organisation=organisation, actor=owner, item_id="RD-08", status=AnswerStatus.YES,
               evidence_reference="Pärm\x0b 2\x1f, flik\x7f 3\ufffe")  # fmt: skip
    response = member_client.get(_url("espd_export", organisation))
    assert response.status_code == 200
    tree = etree.fromstring(response.content)
    name = tree.xpath(
        "cac:EconomicOperatorParty/cac:Party/cac:PartyName/cbc:Name", namespaces=XPATH_NS
    )
    assert name[0].text == "Solgläntan Energi AB"
    reference = tree.xpath("cac:Evidence/cac:DocumentReference/cbc:ID", namespaces=XPATH_NS)
    assert reference[0].text == "Pärm 2, flik\x7f 3"  # DEL is allowed in XML 1.0
