"""Small builders for the impact and open-data tests: dated challenges and their stage records."""

import datetime

from django.utils import timezone

from arena.events.enums import Side
from arena.events.models import Meeting, MeetingOutcome, Registration
from arena.needs.models import Challenge, ChallengeStatusChange
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.needs import ChallengeFactory


def at(year: int, month: int, day: int) -> datetime.datetime:
    """Noon local time, so the local date is the one written whatever the time zone."""
    return datetime.datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def dated_challenge(*, published: datetime.date, **kwargs: object) -> Challenge:
    """A challenge first published on `published`, with the status change logged."""
    challenge = ChallengeFactory(
        published_at=at(published.year, published.month, published.day), **kwargs
    )
    ChallengeStatusChange.objects.create(
        challenge=challenge,
        from_status="draft",
        to_status="published",
        changed_at=challenge.published_at,
    )
    return challenge


def status_change(challenge: Challenge, to_status: str, day: datetime.date) -> None:
    ChallengeStatusChange.objects.create(
        challenge=challenge,
        from_status=challenge.status,
        to_status=to_status,
        changed_at=at(day.year, day.month, day.day),
    )
    challenge.status = to_status
    challenge.save(update_fields=["status"])


def _registration(event, organisation, side):  # type: ignore[no-untyped-def]
    existing = Registration.objects.filter(event=event, organisation=organisation).first()
    return existing or RegistrationFactory(event=event, organisation=organisation, side=side)


def held_meeting(*, buyer, company, day: datetime.date, event=None, slot: int = 0) -> Meeting:  # type: ignore[no-untyped-def]
    """A published meeting between two organisations at a published event on `day`."""
    event = event or EventFactory(date=day)
    buyer_registration = _registration(event, buyer, Side.BUYER)
    company_registration = _registration(event, company, Side.COMPANY)
    return Meeting.objects.create(
        event=event,
        buyer=buyer_registration,
        company=company_registration,
        slot=slot,
        table=None,
        is_virtual=True,
        is_published=True,
    )


def outcome(meeting: Meeting, result: str, day: datetime.date) -> MeetingOutcome:
    return MeetingOutcome.objects.create(
        meeting=meeting,
        registration=meeting.buyer,
        result=result,
        rating=4,
        recorded_at=at(day.year, day.month, day.day),
    )
