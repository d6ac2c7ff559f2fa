""" "Schedule all" end to end: the organiser starts it, the task runs the real scheduler (tests use
Django's ImmediateBackend), and the stored meetings are valid for the event."""

import pytest
from django.urls import reverse
from django.utils import translation

from arena.events.enums import Priority, RunStatus
from arena.events.models import LogEntry, Meeting, ScheduleRun
from arena.events.selectors import scheduling_instance
from arena.events.services import schedule_run_create, schedule_run_execute
from arena.scheduling import evaluate, instance_from_json, schedule_from_json, validate
from tests.factories.events import MeetingRequestFactory, RegistrationFactory
from tests.factories.needs import BuyerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    """The refusals are matched on their English wording, whatever the catalogue says in Swedish."""
    with translation.override("en"):
        yield


@pytest.fixture
def matchday(event):
    """3 buyers and 5 companies with 11 requests; one company busy in the first three slots, one
    buyer with a team of two, one pair vetoed, and one meeting already published (locked)."""
    buyers = [
        RegistrationFactory(event=event, organisation=BuyerFactory(name=f"Kommun {i}"))
        for i in range(3)
    ]
    companies = [RegistrationFactory(event=event) for _ in range(5)]
    buyers[0].team_capacity = 2
    buyers[0].save()
    companies[4].unavailable_slots = [0, 1, 2]
    companies[4].save()
    for b in buyers:
        for c in companies[:3]:
            MeetingRequestFactory(sender=c, receiver=b, priority=Priority.MEET)
    MeetingRequestFactory(sender=buyers[1], receiver=companies[4], priority=Priority.MUST_MEET)
    MeetingRequestFactory(sender=companies[3], receiver=buyers[2], priority=Priority.MEET)
    # buyer 2 says no thanks to company 0, which asked to meet it: the pair is vetoed
    MeetingRequestFactory(sender=buyers[2], receiver=companies[0], priority=Priority.NO_THANKS)
    locked = Meeting.objects.create(
        event=event,
        buyer=buyers[0],
        company=companies[1],
        slot=5,
        table=3,
        is_locked=True,
        is_published=True,
    )
    return {"buyers": buyers, "companies": companies, "locked": locked}


def test_schedule_all_runs_in_the_background_and_stores_a_valid_schedule(
    organiser_client, event, matchday
):
    response = organiser_client.post(
        reverse("events:schedule_run_start", args=[event.slug]), {"time_limit": "3"}
    )

    run = ScheduleRun.objects.get()
    assert response["Location"] == reverse("events:schedule_run", args=[event.slug, run.pk])
    assert (run.status, run.progress, run.error) == (RunStatus.DONE, 1.0, "")
    meetings = list(Meeting.objects.filter(event=event))
    assert run.meetings == len(meetings)
    # The locked meeting is exactly where it was.
    locked = matchday["locked"]
    assert Meeting.objects.filter(pk=locked.pk, slot=5, table=3, is_published=True).exists()
    # The vetoed pair never meets; the busy company never meets in its busy slots.
    buyers, companies = matchday["buyers"], matchday["companies"]
    assert not any(m.buyer == buyers[2] and m.company == companies[0] for m in meetings)
    assert all(m.slot >= 3 for m in meetings if m.company == companies[4])
    # The stored schedule is valid for the event as the scheduler sees it, and scores as reported.
    instance = scheduling_instance(event=event)
    parsed = instance_from_json(instance.data)
    schedule = schedule_from_json(
        {
            "meetings": [
                {
                    "buyer": instance.ids[m.buyer_id],
                    "startup": instance.ids[m.company_id],
                    "slot": m.slot,
                    "table": m.table,
                }
                for m in meetings
            ]
        }
    )
    assert validate(parsed, schedule) == []
    assert evaluate(parsed, schedule).objective == pytest.approx(run.objective)
    assert run.objective >= run.greedy_objective
    assert evaluate(parsed, schedule).without_meeting == []
    assert LogEntry.objects.filter(event=event, action="scheduled").count() == 1


def test_progress_fragment_is_served_to_htmx(organiser_client, event, matchday, organiser):
    run = schedule_run_create(event=event, started_by=organiser, time_limit=1)

    polling = organiser_client.get(
        reverse("events:schedule_run", args=[event.slug, run.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert 'hx-trigger="every 2s"' in polling
    assert "<html" not in polling

    schedule_run_execute(run_id=run.pk)
    done = organiser_client.get(
        reverse("events:schedule_run", args=[event.slug, run.pk]), headers={"HX-Request": "true"}
    ).content.decode()
    assert "hx-trigger" not in done
    assert 'value="100"' in done


def test_a_second_run_keeps_published_meetings_and_replaces_the_rest(event, matchday, organiser):
    first = schedule_run_execute(
        run_id=schedule_run_create(event=event, started_by=organiser, time_limit=1).pk
    )
    assert first is not None
    assert first.status == RunStatus.DONE
    proposed = set(Meeting.objects.filter(is_published=False).values_list("pk", flat=True))

    second = schedule_run_execute(
        run_id=schedule_run_create(event=event, started_by=organiser, time_limit=1).pk
    )

    assert second is not None
    assert second.status == RunStatus.DONE
    assert Meeting.objects.filter(pk=matchday["locked"].pk).exists()
    assert not Meeting.objects.filter(pk__in=proposed).exists()


def test_an_infeasible_lock_fails_the_run_with_the_reason(event, matchday, organiser):
    locked = matchday["locked"]
    locked.buyer.unavailable_slots = [5]
    locked.buyer.save()

    run = schedule_run_execute(
        run_id=schedule_run_create(event=event, started_by=organiser, time_limit=1).pk
    )

    assert run is not None
    assert run.status == RunStatus.FAILED
    assert "Kommun 0 is not free then" in run.error


def test_only_one_run_at_a_time(event, matchday, organiser):
    schedule_run_create(event=event, started_by=organiser, time_limit=1)
    with pytest.raises(Exception, match="already being computed"):
        schedule_run_create(event=event, started_by=organiser, time_limit=1)
