"""iCalendar (RFC 5545) text for an event and for one person's agenda, written by hand.

Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 character); text values
escape backslash, semicolon, comma and newlines (3.3.11); times are written in UTC ("Z"), so no
VTIMEZONE is needed.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

PRODID = "-//Arena//Events//EN"
LINE_OCTETS = 75


@dataclass(frozen=True)
class CalendarEntry:
    uid: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    summary: str
    description: str = ""
    location: str = ""
    url: str = ""


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Split a content line into chunks of at most 75 octets, continued with CRLF + space."""
    chunks: list[str] = []
    current, size = "", 0
    limit = LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            # A continuation line starts with a space, which counts towards its 75 octets.
            current, size, limit = char, width, LINE_OCTETS - 1
        else:
            current += char
            size += width
    chunks.append(current)
    return "\r\n ".join(chunks)


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(
    entries: Iterable[CalendarEntry], *, name: str, now: datetime.datetime | None = None
) -> str:
    """A VCALENDAR with one VEVENT per entry."""
    stamp = _utc(now or datetime.datetime.now(tz=datetime.UTC))
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(name)}",
    ]
    for entry in entries:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{entry.uid}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(entry.starts_at)}",
            f"DTEND:{_utc(entry.ends_at)}",
            f"SUMMARY:{escape_text(entry.summary)}",
        ]
        if entry.description:
            lines.append(f"DESCRIPTION:{escape_text(entry.description)}")
        if entry.location:
            lines.append(f"LOCATION:{escape_text(entry.location)}")
        if entry.url:
            lines.append(f"URL:{entry.url}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
