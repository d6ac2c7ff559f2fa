from arena.readiness.checklist import (
    ITEMS,
    REGISTRATION_CERTIFICATE_VALID_DAYS,
    TAX_EXTRACT_VALID_DAYS,
    item_get,
)
from arena.readiness.enums import Applicability, Level
from arena.readiness.espd import CRITERIA


def test_checklist_has_24_items_with_unique_ids_in_order():
    ids = [item.id for item in ITEMS]
    assert ids == [f"RD-{n:02d}" for n in range(1, 25)]
    assert len(set(ids)) == 24


def test_checklist_every_item_has_basis_evidence_steps_and_guide():
    for item in ITEMS:
        assert item.legal_basis.strip(), item.id
        assert str(item.evidence).strip(), item.id
        assert str(item.next_steps).strip(), item.id
        assert str(item.meaning).strip(), item.id
        assert item.guide, item.id
        assert item.level in Level


def test_checklist_espd_keys_exist_in_the_criteria_table():
    for item in ITEMS:
        for key in item.espd:
            assert key in CRITERIA, (item.id, key)


def test_checklist_fixed_validity_of_registration_and_tax_extracts():
    assert item_get("RD-01").validity_days == REGISTRATION_CERTIFICATE_VALID_DAYS == 90
    for item_id in ("RD-02", "RD-03", "RD-04"):
        assert item_get(item_id).validity_days == TAX_EXTRACT_VALID_DAYS == 90


def test_checklist_conditional_items():
    assert item_get("RD-15").applies == Applicability.PERSONAL_DATA
    assert item_get("RD-17").applies == Applicability.DIGITAL
    assert item_get("RD-08").expiry_entered
    assert item_get("RD-11").expiry_entered
