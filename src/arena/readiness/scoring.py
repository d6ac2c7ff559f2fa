"""Score and gaps from a company's answers: plain functions, no queries, so edge cases test cheaply."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from arena.readiness.checklist import EXPIRING_SOON_DAYS, ITEMS, Item
from arena.readiness.enums import (
    GAP_RANK,
    LEVEL_RANK,
    LEVEL_WEIGHT,
    AnswerStatus,
    Applicability,
    GapKind,
)


class AnswerLike(Protocol):
    status: str
    evidence_expires_on: datetime.date | None


class ProfileLike(Protocol):
    processes_personal_data: bool
    delivers_digital_services: bool


@dataclass(frozen=True)
class ItemState:
    item: Item
    answer: AnswerLike | None
    applicable: bool
    expired: bool
    # Half points, so "in progress" stays an integer.
    earned_halves: int
    weight: int

    @property
    def status(self) -> str:
        return self.answer.status if self.answer is not None else ""

    @property
    def met(self) -> bool:
        return self.applicable and self.status == AnswerStatus.YES and not self.expired

    @property
    def expires_on(self) -> datetime.date | None:
        return self.answer.evidence_expires_on if self.answer is not None else None


@dataclass(frozen=True)
class Gap:
    item: Item
    kind: GapKind
    expires_on: datetime.date | None = None
    days_left: int | None = None


def applies_to(item: Item, profile: ProfileLike | None) -> bool:
    if item.applies == Applicability.PERSONAL_DATA:
        return bool(profile and profile.processes_personal_data)
    if item.applies == Applicability.DIGITAL:
        return bool(profile and profile.delivers_digital_services)
    return True


def item_state(
    item: Item, answer: AnswerLike | None, profile: ProfileLike | None, today: datetime.date
) -> ItemState:
    applicable = applies_to(item, profile) and not (
        answer is not None and answer.status == AnswerStatus.NOT_APPLICABLE
    )
    expires_on = answer.evidence_expires_on if answer is not None else None
    expired = expires_on is not None and expires_on < today
    weight = LEVEL_WEIGHT[item.level]
    earned = 0
    if applicable and answer is not None:
        if answer.status == AnswerStatus.YES and not expired:
            earned = 2 * weight
        elif answer.status == AnswerStatus.IN_PROGRESS:
            earned = weight
    return ItemState(item, answer, applicable, expired, earned, weight if applicable else 0)


def item_states(
    answers: dict[str, AnswerLike], profile: ProfileLike | None, today: datetime.date
) -> list[ItemState]:
    return [item_state(item, answers.get(item.id), profile, today) for item in ITEMS]


def score_compute(states: Iterable[ItemState]) -> int:
    """0–100: weighted M=3, C=2, R=1 over applicable items; half for "in progress"; rounded half up."""
    states = list(states)
    total_halves = sum(2 * state.weight for state in states)
    if total_halves == 0:
        return 0
    earned = sum(state.earned_halves for state in states)
    return (200 * earned + total_halves) // (2 * total_halves)


def gaps_compute(states: Sequence[ItemState], today: datetime.date) -> list[Gap]:
    """What is missing, expired or expiring within EXPIRING_SOON_DAYS; mandatory items first."""
    gaps: list[Gap] = []
    horizon = today + datetime.timedelta(days=EXPIRING_SOON_DAYS)
    for state in states:
        if not state.applicable:
            continue
        expires_on = state.expires_on
        days_left = (expires_on - today).days if expires_on is not None else None
        if state.status == AnswerStatus.YES:
            if state.expired:
                gaps.append(Gap(state.item, GapKind.EXPIRED, expires_on, days_left))
            elif expires_on is not None and expires_on <= horizon:
                gaps.append(Gap(state.item, GapKind.EXPIRING, expires_on, days_left))
        elif state.status == AnswerStatus.IN_PROGRESS:
            gaps.append(Gap(state.item, GapKind.IN_PROGRESS))
        else:
            gaps.append(Gap(state.item, GapKind.MISSING))
    order = {item.id: index for index, item in enumerate(ITEMS)}
    gaps.sort(key=lambda gap: (LEVEL_RANK[gap.item.level], GAP_RANK[gap.kind], order[gap.item.id]))
    return gaps
