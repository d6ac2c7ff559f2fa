"""What open data may contain: public, published challenges and what grew from them, read lazily.

Everything starts from `challenges_visible_to(viewer=None)`, what an anonymous visitor may see, so
network-only, confidential and draft challenges can never reach an export through this module.
"""

import datetime
from collections.abc import Iterator

from django.db.models import Max, Prefetch, Q, QuerySet

from arena.events.enums import VISIBLE_STATUSES as EVENT_VISIBLE_STATUSES
from arena.events.enums import EventKind
from arena.events.models import Pitch
from arena.needs.models import Challenge
from arena.needs.selectors import challenges_visible_to
from arena.organisations.models import Organisation
from arena.pilots.enums import PilotStatus
from arena.pilots.models import Kpi, Pilot, ProjectGroup

# Rows read per database round trip while streaming; prefetches run once per chunk.
CHUNK_SIZE = 200

DIALOGUE_KINDS = (EventKind.BUSINESS_DIALOGUE, EventKind.DIALOGUE_MEETING)


def open_challenges() -> QuerySet[Challenge]:
    """Public challenges in status published or later, oldest first, with what the exports show."""
    dialogues = (
        Pitch.objects.filter(
            event__kind__in=DIALOGUE_KINDS,
            event__status__in=EVENT_VISIBLE_STATUSES,
            # A network's events belong to its members until the network publishes them.
            event__network__isnull=True,
        )
        .select_related("event")
        .only("challenge_id", "event__slug", "event__title", "event__date", "event__kind")
        .order_by("event__date", "event_id")
    )
    pilots = (
        Pilot.objects.filter(
            Q(status__in=(PilotStatus.EVALUATED, PilotStatus.PROCUREMENT_DECIDED))
            # A closed pilot may have been called off before it ran: only with an evaluation.
            | (Q(status=PilotStatus.CLOSED) & ~Q(evaluation_report=""))
        )
        .only("pk", "group_id", "status", "starts_on", "ends_on", "route", "status_changed_at")
        .prefetch_related(
            Prefetch(
                "kpis",
                queryset=Kpi.objects.only(
                    "pilot_id", "name", "unit", "baseline", "target", "measured"
                ),
            )
        )
    )
    owners = Organisation.objects.select_related("region", "municipality").only(
        "pk", "name", "slug", "kind", "org_number", "region__name", "municipality__name"
    )
    return (
        challenges_visible_to(viewer=None)
        .order_by("published_at", "pk")
        .prefetch_related(
            Prefetch("owners", queryset=owners.order_by("pk")),
            "cpv_codes",
            "sdg_targets",
            "regions",
            "municipalities",
            Prefetch("pitches", queryset=dialogues, to_attr="dialogue_pitches"),
            Prefetch(
                "project_groups",
                queryset=ProjectGroup.objects.only("pk", "challenge_id").prefetch_related(
                    Prefetch("pilots", queryset=pilots, to_attr="evaluated_pilots")
                ),
                to_attr="groups_for_outcomes",
            ),
        )
    )


def open_challenges_streamed() -> Iterator[Challenge]:
    return open_challenges().iterator(chunk_size=CHUNK_SIZE)


def open_data_last_change() -> datetime.datetime | None:
    """When the published data last changed: the package's `publishedDate`."""
    last: datetime.datetime | None = challenges_visible_to(viewer=None).aggregate(
        last=Max("updated_at")
    )["last"]
    return last
