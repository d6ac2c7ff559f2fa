import pytest
from django.utils import translation

from arena.pilots.log_text import log_entry_text


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_role_change_reads_with_role_labels():
    text = log_entry_text(
        "role_changed",
        {"member": "a@example.se", "old": "company_contact", "new": "technical_lead"},
    )

    assert text == "changed the role of a@example.se from Company contact to Technical lead"


def test_document_generated_reads_with_the_kind():
    text = log_entry_text("document_generated", {"kind": "nda", "language": "sv", "version": 2})

    assert text == ("generated Non-disclosure agreement (respecting public access) (sv) version 2")


def test_unknown_action_or_missing_details_fall_back_to_the_record():
    assert log_entry_text("teleported", {"x": 1}) == "teleported {'x': 1}"
    assert log_entry_text("member_removed", {}) == "member_removed {}"
