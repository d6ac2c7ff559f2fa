"""Challenges as OCDS 1.1 planning-stage releases and as CSV rows: pure mapping, no queries.

Only fields meant for the public go out: the buyers (public bodies) with their organisation numbers,
the challenge's public text, budget, CPV and SDG classification, market dialogues and the measured
results of evaluated pilots. Companies, people, notes and free-text evaluation reports never do;
e-mail addresses written into public texts are removed as a last guard.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone

from arena.events.enums import EventKind
from arena.needs.models import Challenge
from arena.organisations.enums import BUYER_KINDS
from arena.organisations.models import Organisation
from arena.pilots.enums import Route

OCDS_VERSION = "1.1"
# Unregistered placeholder: a real prefix ("ocds-" + six characters) must be registered with the
# Open Contracting Partnership before Arena's data is announced as OCDS.
LICENCE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
ORG_ID_SCHEME = "SE-BLV"  # org-id.guide: Swedish organisation numbers (Bolagsverket)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

# (kind, slug) → absolute address of the public page; kind is "challenge" or "event".
Url = Callable[[str, str], str]


def ocid_prefix() -> str:
    return str(settings.ARENA_OCID_PREFIX)


def ocid(challenge: Challenge) -> str:
    return f"{ocid_prefix()}-{challenge.pk}"


def clean_text(text: str) -> str:
    return EMAIL.sub("[e-post]", text or "").strip()


def _iso(moment: datetime.datetime | datetime.date | None) -> str | None:
    if moment is None:
        return None
    if isinstance(moment, datetime.datetime):
        return timezone.localtime(moment).isoformat(timespec="seconds")
    return datetime.datetime.combine(
        moment, datetime.time(0, 0), tzinfo=timezone.get_current_timezone()
    ).isoformat(timespec="seconds")


def party_id(organisation: Organisation) -> str:
    digits = (organisation.org_number or "").replace("-", "")
    return f"{ORG_ID_SCHEME}-{digits}" if digits else f"arena-{organisation.slug}"


def _party(organisation: Organisation) -> dict[str, Any]:
    party: dict[str, Any] = {
        "id": party_id(organisation),
        "name": organisation.name,
        "roles": ["buyer"],
    }
    digits = (organisation.org_number or "").replace("-", "")
    if digits and organisation.kind in BUYER_KINDS:
        party["identifier"] = {
            "scheme": ORG_ID_SCHEME,
            "id": digits,
            "legalName": organisation.name,
        }
    address = {"countryName": "Sverige"}
    if organisation.municipality is not None:
        address["locality"] = organisation.municipality.name
    if organisation.region is not None:
        address["region"] = organisation.region.name
    party["address"] = address
    return party


def _budget(challenge: Challenge) -> dict[str, Any] | None:
    if challenge.budget_max is None and challenge.budget_min is None:
        return None
    low, high = challenge.budget_min, challenge.budget_max
    budget: dict[str, Any] = {
        "id": f"{ocid(challenge)}-budget",
        "amount": {"amount": high if high is not None else low, "currency": "SEK"},
    }
    if low is not None and high is not None and low != high:
        budget["description"] = f"{low}–{high} SEK"
    return budget


def _rationale(challenge: Challenge) -> str:
    parts = [challenge.problem, challenge.desired_effects, challenge.success_criteria]
    return clean_text("\n\n".join(part for part in parts if part))


def _items(challenge: Challenge) -> list[dict[str, Any]]:
    codes = sorted(challenge.cpv_codes.all(), key=lambda code: code.code)
    if not codes:
        return []
    first, *rest = codes
    item: dict[str, Any] = {
        "id": "1",
        "description": clean_text(challenge.title_sv or challenge.title_en),
        "classification": {
            "scheme": "CPV",
            "id": first.code,
            "description": first.label_sv or first.label_en,
        },
    }
    if rest:
        item["additionalClassifications"] = [
            {"scheme": "CPV", "id": code.code, "description": code.label_sv or code.label_en}
            for code in rest
        ]
    return [item]


def _dialogue_milestones(challenge: Challenge, url: Url) -> list[dict[str, Any]]:
    milestones: dict[int, dict[str, Any]] = {}
    today = timezone.localdate()
    for pitch in getattr(challenge, "dialogue_pitches", []):
        event = pitch.event
        milestones.setdefault(
            event.pk,
            {
                "id": f"dialogue-{event.pk}",
                "title": event.title,
                "type": "engagement",
                "description": str(EventKind(event.kind).label),
                "dueDate": _iso(event.date),
                "status": "met" if event.date <= today else "scheduled",
                "documents": [
                    {
                        "id": f"event-{event.pk}",
                        "title": event.title,
                        "url": url("event", event.slug),
                        "format": "text/html",
                        "language": "sv",
                    }
                ],
            },
        )
    return list(milestones.values())


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def pilot_outcomes(challenge: Challenge) -> list[dict[str, Any]]:
    """Each evaluated pilot's route, status, dates and KPIs (structured fields only)."""
    outcomes = []
    for group in getattr(challenge, "groups_for_outcomes", []):
        for pilot in getattr(group, "evaluated_pilots", []):
            outcomes.append(
                {
                    "id": f"pilot-{pilot.pk}",
                    "status": pilot.status,
                    "startDate": _iso(pilot.starts_on),
                    "endDate": _iso(pilot.ends_on),
                    "route": pilot.route or None,
                    "kpis": [
                        {
                            "name": clean_text(kpi.name),
                            "unit": kpi.unit,
                            "baseline": _number(kpi.baseline),
                            "target": _number(kpi.target),
                            "measured": _number(kpi.measured),
                        }
                        for kpi in pilot.kpis.all()
                    ],
                }
            )
    return outcomes


def _outcome_milestones(outcomes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    milestones = []
    for outcome in outcomes:
        kpis = "; ".join(
            f"{kpi['name']}: {kpi['baseline']} → {kpi['measured']} (mål {kpi['target']}) {kpi['unit']}".strip()
            for kpi in outcome["kpis"]
        )
        route = f"Upphandlingsväg: {Route(outcome['route']).label}." if outcome["route"] else ""
        milestone = {
            "id": outcome["id"],
            "title": "Pilot utvärderad",
            "type": "assessment",
            "status": "met",
            "description": " ".join(part for part in (route, kpis) if part) or "Pilot utvärderad",
        }
        if outcome["endDate"]:
            milestone["dateMet"] = outcome["endDate"]
        milestones.append(milestone)
    return milestones


def release(challenge: Challenge, url: Url) -> dict[str, Any]:
    """One planning-stage release of a public challenge. `url` makes absolute links."""
    owners = list(challenge.owners.all())
    page = url("challenge", challenge.slug)
    outcomes = pilot_outcomes(challenge)
    planning: dict[str, Any] = {
        "rationale": _rationale(challenge),
        "documents": [
            {
                "id": "challenge-page",
                "documentType": "plannedProcurementNotice",
                "title": clean_text(challenge.title_sv or challenge.title_en),
                "url": page,
                "format": "text/html",
                "language": "sv",
            }
        ],
        "milestones": _dialogue_milestones(challenge, url) + _outcome_milestones(outcomes),
    }
    budget = _budget(challenge)
    if budget is not None:
        planning["budget"] = budget
    tender: dict[str, Any] = {
        "id": f"{ocid(challenge)}-tender",
        "title": clean_text(challenge.title_sv or challenge.title_en),
        "description": clean_text(challenge.text_sv or challenge.text_en),
        "status": "planning",
        "items": _items(challenge),
    }
    result: dict[str, Any] = {
        "ocid": ocid(challenge),
        "id": f"{ocid(challenge)}-planning-{timezone.localtime(challenge.updated_at):%Y%m%dT%H%M%S}",
        "date": _iso(challenge.updated_at),
        "tag": ["planning"],
        "initiationType": "tender",
        "language": "sv",
        "parties": [_party(owner) for owner in owners],
        "planning": planning,
        "tender": tender,
    }
    if owners:
        result["buyer"] = {"id": party_id(owners[0]), "name": owners[0].name}
    return result


CSV_HEADER = [
    "ocid",
    "title_sv",
    "title_en",
    "status",
    "published",
    "buyers",
    "buyer_org_numbers",
    "regions",
    "municipalities",
    "cpv",
    "sdg_targets",
    "budget_min_sek",
    "budget_max_sek",
    "market_dialogues",
    "evaluated_pilots",
    "url",
]


def csv_row(challenge: Challenge, url: Url) -> list[Any]:
    owners = list(challenge.owners.all())
    return [
        ocid(challenge),
        clean_text(challenge.title_sv),
        clean_text(challenge.title_en),
        challenge.status,
        timezone.localtime(challenge.published_at).date().isoformat()
        if challenge.published_at
        else "",
        " | ".join(owner.name for owner in owners),
        " | ".join(
            owner.org_number for owner in owners if owner.kind in BUYER_KINDS and owner.org_number
        ),
        " | ".join(region.name for region in challenge.regions.all()),
        " | ".join(municipality.name for municipality in challenge.municipalities.all()),
        " | ".join(sorted(code.code for code in challenge.cpv_codes.all())),
        " | ".join(sorted(target.code for target in challenge.sdg_targets.all())),
        challenge.budget_min if challenge.budget_min is not None else "",
        challenge.budget_max if challenge.budget_max is not None else "",
        len({pitch.event_id for pitch in getattr(challenge, "dialogue_pitches", [])}),
        len(pilot_outcomes(challenge)),
        url("challenge", challenge.slug),
    ]
