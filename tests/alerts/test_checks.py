import pytest

from arena.alerts.checks import (
    MET,
    NOT_MET,
    UNKNOWN,
    check_requirements,
    normalise_certifications,
    standard_names,
)
from arena.readiness.facts import ReadinessFacts


def _facts(**values):
    return ReadinessFacts(organisation_id=1, **values)


def _check(requirement, facts, *, nature="services", rate=11.0):
    [result] = check_requirements([requirement], facts, contract_nature=nature, sek_per_eur=rate)
    return result


def _turnover(amount, currency="SEK"):
    return {"kind": "turnover", "text": "Minsta omsättning", "amount": amount, "currency": currency}


def test_check_turnover_below_required_is_not_met_with_both_amounts():
    result = _check(_turnover(5_000_000), _facts(annual_turnover_sek=3_400_000))

    assert result.status == NOT_MET
    assert "3\u00a0400\u00a0000" in result.reason
    assert "5\u00a0000\u00a0000" in result.reason
    assert result.readiness_item == "RD-07"


def test_check_turnover_exactly_equal_is_met():
    result = _check(_turnover(5_000_000), _facts(annual_turnover_sek=5_000_000))

    assert result.status == MET
    assert result.readiness_item == ""


def test_check_turnover_in_euros_is_converted_with_the_rate():
    requirement = _turnover(500_000, "EUR")

    assert _check(requirement, _facts(annual_turnover_sek=5_400_000), rate=11.0).status == NOT_MET
    assert _check(requirement, _facts(annual_turnover_sek=5_500_000), rate=11.0).status == MET
    assert _check(requirement, _facts(annual_turnover_sek=5_400_000), rate=10.0).status == MET


def test_check_turnover_in_euros_states_the_converted_amount():
    result = _check(_turnover(500_000, "EUR"), _facts(annual_turnover_sek=1_000_000), rate=11.0)

    assert "500\u00a0000" in result.reason
    assert "5\u00a0500\u00a0000" in result.reason


def test_check_turnover_in_another_currency_cannot_tell():
    result = _check(_turnover(500_000, "NOK"), _facts(annual_turnover_sek=9_000_000))

    assert result.status == UNKNOWN
    assert "NOK" in result.reason


def test_check_turnover_unknown_to_the_company_cannot_tell_and_links_to_readiness():
    result = _check(_turnover(1_000_000), _facts())

    assert result.status == UNKNOWN
    assert result.readiness_item == "RD-07"


def test_check_turnover_without_an_amount_cannot_tell():
    assert _check(_turnover(None), _facts(annual_turnover_sek=10)).status == UNKNOWN


def test_check_insurance_expired_or_missing_cannot_tell():
    requirement = {"kind": "insurance", "text": "Ansvarsförsäkring", "amount": 10_000_000}

    result = _check(requirement, _facts(liability_insurance_sek=None))

    assert result.status == UNKNOWN
    assert result.readiness_item == "RD-08"


def test_check_insurance_cover_compared_with_the_amount():
    requirement = {"kind": "insurance", "amount": 10_000_000, "currency": "SEK"}

    assert _check(requirement, _facts(liability_insurance_sek=5_000_000)).status == NOT_MET
    assert _check(requirement, _facts(liability_insurance_sek=10_000_000)).status == MET


def test_check_insurance_without_an_amount_is_met_by_any_valid_cover():
    requirement = {"kind": "insurance", "text": "Ansvarsförsäkring krävs"}

    assert _check(requirement, _facts(liability_insurance_sek=1_000_000)).status == MET


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("ISO 9001:2015", {"ISO 9001"}),
        ("SS-EN ISO 9001", {"ISO 9001"}),
        ("ISO9001", {"ISO 9001"}),
        ("ISO/IEC 27001:2022", {"ISO 27001"}),
        ("ISO 14001 eller EMAS", {"ISO 14001", "EMAS"}),
        ("kvalitetsledningssystem", set()),
    ],
)
def test_standard_names_normalises_the_variants(written, expected):
    assert standard_names(written) == expected


def test_check_certification_variant_of_the_held_standard_is_met():
    requirement = {"kind": "certification", "standard": "SS-EN ISO 9001:2015", "text": "ISO 9001"}

    result = _check(requirement, _facts(certifications=frozenset({"ISO 9001"})))

    assert result.status == MET


def test_check_certification_found_in_the_text_when_no_standard_is_given():
    requirement = {
        "kind": "certification",
        "text": "Leverantören ska vara certifierad enligt ISO 14001.",
    }

    assert _check(requirement, _facts(certifications=frozenset())).status == NOT_MET
    assert _check(requirement, _facts(certifications=frozenset({"iso 14001"}))).status == MET


def test_check_certification_emas_counts_for_iso_14001():
    requirement = {"kind": "certification", "standard": "ISO 14001"}

    result = _check(requirement, _facts(certifications=frozenset({"EMAS"})))

    assert result.status == MET
    assert normalise_certifications(["EMAS"]) == {"EMAS", "ISO 14001"}


def test_check_certification_missing_is_not_met_and_links_to_the_item():
    requirement = {"kind": "certification", "standard": "ISO 9001"}

    result = _check(requirement, _facts(certifications=frozenset({"ISO 14001"})))

    assert result.status == NOT_MET
    assert result.readiness_item == "RD-11"


@pytest.mark.parametrize(
    "text",
    ["ISO 9001 or equivalent", "ISO 9001 eller likvärdigt", "ISO 9001 eller motsvarande system"],
)
def test_check_certification_or_equivalent_missing_cannot_tell(text):
    requirement = {"kind": "certification", "standard": "ISO 9001", "text": text}

    assert _check(requirement, _facts()).status == UNKNOWN


def test_check_certification_unreadable_standard_cannot_tell():
    requirement = {"kind": "certification", "text": "Ett dokumenterat kvalitetsarbete"}

    assert _check(requirement, _facts(certifications=frozenset({"ISO 9001"}))).status == UNKNOWN


def test_check_references_counted_in_three_years_for_services():
    requirement = {"kind": "references", "text": "Två referenser", "count": 2}
    facts = _facts(references_last_3_years=1, references_last_5_years=3)

    assert _check(requirement, facts, nature="services").status == NOT_MET
    assert _check(requirement, facts, nature="works").status == MET


def test_check_references_unknown_nature_uses_three_years():
    requirement = {"kind": "references", "count": 2}
    facts = _facts(references_last_3_years=1, references_last_5_years=3)

    assert _check(requirement, facts, nature="").status == NOT_MET


def test_check_references_without_count_needs_one():
    requirement = {"kind": "references", "count": None}

    assert _check(requirement, _facts(references_last_3_years=1)).status == MET
    assert _check(requirement, _facts()).status == NOT_MET


def test_check_registration_needs_both_facts():
    requirement = {"kind": "registration", "text": "Registrerad i aktiebolagsregistret"}

    assert _check(requirement, _facts(registered=True, f_tax_approved=True)).status == MET
    assert _check(requirement, _facts(registered=True)).status == UNKNOWN
    assert _check(requirement, _facts()).status == UNKNOWN


def test_check_other_requirements_cannot_tell_and_keep_the_text_and_lot():
    requirement = {"kind": "other", "text": "Säkerhetsskyddsavtal", "lot": "LOT-0002"}

    result = _check(requirement, _facts())

    assert (result.status, result.text, result.lot) == (UNKNOWN, "Säkerhetsskyddsavtal", "LOT-0002")


def test_check_requirements_keeps_the_order_and_skips_malformed_entries():
    results = check_requirements(
        [_turnover(1), "not a requirement", {"kind": "references", "count": 1}],
        _facts(annual_turnover_sek=2),
        sek_per_eur=11.0,
    )

    assert [r.kind for r in results] == ["turnover", "references"]
