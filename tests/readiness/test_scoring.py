import datetime
from dataclasses import dataclass

from arena.readiness.checklist import ITEMS
from arena.readiness.enums import AnswerStatus, GapKind, Level
from arena.readiness.scoring import gaps_compute, item_states, score_compute

TODAY = datetime.date(2026, 11, 22)


@dataclass
class Answer:
    status: str
    evidence_expires_on: datetime.date | None = None


@dataclass
class Profile:
    processes_personal_data: bool = False
    delivers_digital_services: bool = False


def _all(status: str) -> dict[str, Answer]:
    return {item.id: Answer(status) for item in ITEMS}


def test_score_empty_is_zero():
    assert score_compute(item_states({}, Profile(), TODAY)) == 0


def test_score_all_yes_is_100():
    assert score_compute(item_states(_all(AnswerStatus.YES), Profile(), TODAY)) == 100


def test_score_all_in_progress_is_50():
    assert score_compute(item_states(_all(AnswerStatus.IN_PROGRESS), Profile(), TODAY)) == 50


def test_score_conditional_items_do_not_count_when_they_do_not_apply():
    answers = _all(AnswerStatus.YES)
    answers["RD-15"] = Answer(AnswerStatus.NO)  # GDPR: does not apply without personal data
    answers["RD-17"] = Answer(AnswerStatus.NO)  # accessibility: not a digital supplier
    assert score_compute(item_states(answers, Profile(), TODAY)) == 100
    applying = Profile(processes_personal_data=True, delivers_digital_services=True)
    assert score_compute(item_states(answers, applying, TODAY)) < 100


def test_score_weights_mandatory_three_times_recommended():
    # Only RD-01 (M, weight 3) answered yes: 3 of the total weight of applicable items.
    states = item_states({"RD-01": Answer(AnswerStatus.YES)}, Profile(), TODAY)
    total = sum(state.weight for state in states)
    weights = {Level.MANDATORY: 3, Level.COMMON: 2, Level.RECOMMENDED: 1}
    assert total == sum(weights[s.item.level] for s in states if s.applicable)
    assert score_compute(states) == (200 * 6 + 2 * total) // (4 * total)


def test_score_expired_evidence_counts_zero():
    expired = {"RD-01": Answer(AnswerStatus.YES, TODAY - datetime.timedelta(days=1))}
    valid = {"RD-01": Answer(AnswerStatus.YES, TODAY)}
    assert score_compute(item_states(expired, Profile(), TODAY)) == 0
    assert score_compute(item_states(valid, Profile(), TODAY)) > 0


def test_score_not_applicable_answer_leaves_the_total():
    answers = _all(AnswerStatus.YES)
    answers["RD-13"] = Answer(AnswerStatus.NOT_APPLICABLE)
    assert score_compute(item_states(answers, Profile(), TODAY)) == 100


def test_gaps_mandatory_first_then_kind_then_order():
    answers = {
        "RD-24": Answer(AnswerStatus.NO),  # R missing
        "RD-07": Answer(AnswerStatus.YES, TODAY - datetime.timedelta(days=3)),  # C expired
        "RD-08": Answer(AnswerStatus.YES, TODAY + datetime.timedelta(days=20)),  # C expiring
        "RD-02": Answer(AnswerStatus.YES, TODAY + datetime.timedelta(days=61)),  # M fine
        "RD-04": Answer(AnswerStatus.IN_PROGRESS),  # M in progress
    }
    gaps = gaps_compute(item_states(answers, Profile(), TODAY), TODAY)
    ids = [gap.item.id for gap in gaps]
    assert "RD-02" not in ids
    levels = [gap.item.level for gap in gaps]
    rank = {Level.MANDATORY: 0, Level.COMMON: 1, Level.RECOMMENDED: 2}
    assert [rank[level] for level in levels] == sorted(rank[level] for level in levels)
    assert ids[0] == "RD-01"  # mandatory, missing, first in order
    mandatory = [gap for gap in gaps if gap.item.level == Level.MANDATORY]
    assert mandatory[-1].item.id == "RD-04"
    assert mandatory[-1].kind == GapKind.IN_PROGRESS
    common = [gap for gap in gaps if gap.item.level == Level.COMMON]
    assert (common[0].item.id, common[0].kind) == ("RD-07", GapKind.EXPIRED)
    assert (common[-1].item.id, common[-1].kind) == ("RD-08", GapKind.EXPIRING)
    assert common[-1].days_left == 20
    assert ids[-1] == "RD-24"
