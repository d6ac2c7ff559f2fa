"""iCalendar text is read back with a small RFC 5545 reader written here (unfold, split, unescape)."""

import datetime
import re

import icalendar
import pytest
from django.urls import reverse

from arena.events import ical
from arena.events.models import Meeting
from arena.events.services import meeting_move, schedule_publish
from tests.factories.events import EventFactory, RegistrationFactory
from tests.factories.needs import BuyerFactory

STOCKHOLM = datetime.timezone(datetime.timedelta(hours=1))


def _unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def parse(text: str) -> list[dict[str, str]]:
    """Components as dicts of property → value (TEXT unescaped), in order; checks the line rules."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    for physical in text.split("\r\n"):
        assert len(physical.encode("utf-8")) <= ical.LINE_OCTETS
    unfolded = re.sub(r"\r\n[ \t]", "", text)
    components: list[dict[str, str]] = []
    for line in unfolded.split("\r\n")[:-1]:
        name, _, value = line.partition(":")
        if name == "BEGIN":
            components.append({"BEGIN": value})
        elif name != "END":
            components[-1][name] = _unescape(value)
    return components


def test_text_with_special_characters_survives_a_round_trip():
    summary = "Möte: Kommun, AB; och \\ annat\nrad två"
    description = "Åäö " * 40 + "🙂 slut"
    entry = ical.CalendarEntry(
        uid="meeting-1@arena",
        starts_at=datetime.datetime(2030, 3, 10, 9, 20, tzinfo=STOCKHOLM),
        ends_at=datetime.datetime(2030, 3, 10, 9, 40, tzinfo=STOCKHOLM),
        summary=summary,
        description=description,
        location="Färögatan 33, Kista",
    )

    text = ical.calendar(
        [entry], name="Mina möten", now=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC)
    )
    calendar, event = parse(text)

    assert calendar["VERSION"] == "2.0"
    assert calendar["X-WR-CALNAME"] == "Mina möten"
    assert event["SUMMARY"] == summary
    assert event["DESCRIPTION"] == description
    assert event["LOCATION"] == "Färögatan 33, Kista"
    assert (event["DTSTART"], event["DTEND"]) == ("20300310T082000Z", "20300310T084000Z")
    assert event["DTSTAMP"] == "20300101T000000Z"
    assert "\\;" in text
    assert "\\," in text


@pytest.mark.parametrize("length", [74, 75, 76, 150, 151])
def test_folding_keeps_every_physical_line_within_75_octets(length):
    line = "DESCRIPTION:" + "ö" * length
    folded = ical.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


@pytest.mark.django_db
def test_personal_agenda_calendar_has_one_event_per_published_meeting(
    owner_client, event, company_registration, buyer_registration, organiser
):
    Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=2, table=3
    )
    schedule_publish(event=event, published_by=organiser)
    other_buyer = RegistrationFactory(event=event, organisation=BuyerFactory())
    # A proposed (unpublished) meeting is not in anyone's calendar yet.
    Meeting.objects.create(
        event=event, buyer=other_buyer, company=company_registration, slot=4, table=1
    )

    response = owner_client.get(reverse("events:agenda_ical", args=[event.slug]))

    components = parse(response.content.decode())
    events = [c for c in components if c["BEGIN"] == "VEVENT"]
    assert len(events) == 1
    meeting = events[0]
    # Slot 2 of a session starting 09:00 with 20-minute meetings: 09:40–10:00 in Stockholm (UTC+1).
    assert (meeting["DTSTART"], meeting["DTEND"]) == ("20300310T084000Z", "20300310T090000Z")
    assert meeting["SUMMARY"].endswith("Sollentuna kommun")
    assert "Matchdag i Kista" in meeting["DESCRIPTION"]
    assert meeting["LOCATION"] == event.place


## Read back with the icalendar library, as a calendar program would


def _calendar(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content.decode())


def _vevents(calendar: icalendar.Calendar) -> list[icalendar.Event]:
    return list(calendar.walk("VEVENT"))


def _utc(component: icalendar.Event, name: str) -> datetime.datetime:
    """The time of a DTSTART/DTEND, which must be written in UTC (no VTIMEZONE is sent)."""
    assert component[name].to_ical().endswith(b"Z")
    moment = component[name].dt
    assert moment.utcoffset() == datetime.timedelta(0)
    return moment


@pytest.mark.django_db
def test_event_calendar_reads_back_with_icalendar(client, event):
    calendar = _calendar(client.get(reverse("events:ical", args=[event.slug])))

    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == ical.PRODID
    [entry] = _vevents(calendar)
    assert str(entry["SUMMARY"]) == "Matchdag i Kista"
    assert str(entry["LOCATION"]) == "Kista Science Tower, Färögatan 33"  # the comma survives
    assert str(entry["DESCRIPTION"]) == event.description
    assert str(entry["URL"]).endswith(reverse("events:detail", args=[event.slug]))
    # 09:00–12:00 in Stockholm in March (UTC+1).
    assert _utc(entry, "DTSTART") == datetime.datetime(2030, 3, 10, 8, 0, tzinfo=datetime.UTC)
    assert _utc(entry, "DTEND") == datetime.datetime(2030, 3, 10, 11, 0, tzinfo=datetime.UTC)
    assert _utc(entry, "DTSTAMP") <= datetime.datetime.now(tz=datetime.UTC)


@pytest.mark.django_db
def test_event_calendar_in_summer_time_and_over_video(client, science_park):
    summer = EventFactory(
        organisers=[science_park],
        title="Workshop om vård",
        kind="workshop",
        date=datetime.date(2030, 6, 12),
        start_time=datetime.time(13, 0),
        end_time=datetime.time(15, 30),
        place="",
        video_url="https://meet.example.se/vard",
    )

    [entry] = _vevents(_calendar(client.get(reverse("events:ical", args=[summer.slug]))))

    # Stockholm is UTC+2 in June.
    assert _utc(entry, "DTSTART") == datetime.datetime(2030, 6, 12, 11, 0, tzinfo=datetime.UTC)
    assert _utc(entry, "DTEND") == datetime.datetime(2030, 6, 12, 13, 30, tzinfo=datetime.UTC)
    assert str(entry["LOCATION"]) == "https://meet.example.se/vard"


@pytest.mark.django_db
def test_event_uid_is_stable_across_downloads_and_edits_and_differs_between_events(
    client, event, science_park
):
    url = reverse("events:ical", args=[event.slug])
    [first] = _vevents(_calendar(client.get(url)))
    event.title = "Matchdag i Kista, ny titel"
    event.save()
    [again] = _vevents(_calendar(client.get(url)))
    other = EventFactory(organisers=[science_park])
    [different] = _vevents(_calendar(client.get(reverse("events:ical", args=[other.slug]))))

    assert str(first["UID"]) == str(again["UID"])
    assert str(again["SUMMARY"]) == "Matchdag i Kista, ny titel"
    assert str(different["UID"]) != str(first["UID"])


@pytest.fixture
def published_meetings(event, company_registration, buyer_registration, organiser):
    """The company meets the buyer at table 3 in slot 2, and a remote buyer over video in slot 4."""
    remote = RegistrationFactory(
        event=event, organisation=BuyerFactory(name="Kommun på distans"), remote=True
    )
    at_table = Meeting.objects.create(
        event=event, buyer=buyer_registration, company=company_registration, slot=2, table=3
    )
    over_video = Meeting.objects.create(
        event=event, buyer=remote, company=company_registration, slot=4, table=None
    )
    schedule_publish(event=event, published_by=organiser)
    return at_table, over_video


@pytest.mark.django_db
def test_personal_agenda_reads_back_with_icalendar(owner_client, event, published_meetings):
    at_table, over_video = published_meetings

    calendar = _calendar(owner_client.get(reverse("events:agenda_ical", args=[event.slug])))

    assert "Matchdag i Kista" in str(calendar["X-WR-CALNAME"])
    entries = sorted(_vevents(calendar), key=lambda entry: entry["DTSTART"].dt)
    assert [str(entry["UID"]) for entry in entries] == [
        f"meeting-{at_table.pk}@arena",
        f"meeting-{over_video.pk}@arena",
    ]
    first, second = entries
    # Slot 2: 09:40–10:00 and slot 4: 10:20–10:40 in Stockholm (UTC+1).
    assert (_utc(first, "DTSTART"), _utc(first, "DTEND")) == (
        datetime.datetime(2030, 3, 10, 8, 40, tzinfo=datetime.UTC),
        datetime.datetime(2030, 3, 10, 9, 0, tzinfo=datetime.UTC),
    )
    assert (_utc(second, "DTSTART"), _utc(second, "DTEND")) == (
        datetime.datetime(2030, 3, 10, 9, 20, tzinfo=datetime.UTC),
        datetime.datetime(2030, 3, 10, 9, 40, tzinfo=datetime.UTC),
    )
    assert "Sollentuna kommun" in str(first["SUMMARY"])
    assert "Kommun på distans" in str(second["SUMMARY"])
    for entry in entries:
        assert str(entry["LOCATION"]) == "Kista Science Tower, Färögatan 33"
        assert str(entry["DESCRIPTION"]).startswith("Matchdag i Kista\n")
        assert str(entry["URL"]).endswith(reverse("events:agenda", args=[event.slug]))
    assert "3" in str(first["DESCRIPTION"]).split("\n")[1]  # the table


@pytest.mark.django_db
def test_both_sides_get_the_same_uid_and_a_moved_meeting_keeps_it(
    owner_client, buyer_client, event, published_meetings, organiser
):
    at_table, _over_video = published_meetings
    url = reverse("events:agenda_ical", args=[event.slug])
    company_side = {str(e["UID"]): e for e in _vevents(_calendar(owner_client.get(url)))}
    [buyer_side] = _vevents(_calendar(buyer_client.get(url)))
    uid = f"meeting-{at_table.pk}@arena"
    assert str(buyer_side["UID"]) == uid
    assert buyer_side["DTSTART"].dt == company_side[uid]["DTSTART"].dt
    assert "Solgläntan Energi AB" in str(buyer_side["SUMMARY"])

    meeting_move(meeting=at_table, slot=0, table=1, moved_by=organiser)
    moved = {str(e["UID"]): e for e in _vevents(_calendar(owner_client.get(url)))}

    # The same UID with the new time: a calendar program updates the entry instead of adding one.
    assert set(moved) == set(company_side)
    assert _utc(moved[uid], "DTSTART") == datetime.datetime(2030, 3, 10, 8, 0, tzinfo=datetime.UTC)


@pytest.mark.django_db
def test_personal_agenda_is_only_for_participants(outsider_client, event, published_meetings):
    response = outsider_client.get(reverse("events:agenda_ical", args=[event.slug]))
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_meeting_over_video_is_located_at_the_events_video_link(
    owner_client, event, published_meetings
):
    event.video_url = "https://meet.example.se/matchdag"
    event.save()
    at_table, over_video = published_meetings

    calendar = _calendar(owner_client.get(reverse("events:agenda_ical", args=[event.slug])))

    location = {str(entry["UID"]): str(entry["LOCATION"]) for entry in _vevents(calendar)}
    assert location == {
        f"meeting-{at_table.pk}@arena": "Kista Science Tower, Färögatan 33",
        f"meeting-{over_video.pk}@arena": "https://meet.example.se/matchdag",
    }
