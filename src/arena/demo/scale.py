"""Demo content multiplied N times, for load tests: `arena scale-demo --factor N` after `load-demo`.

Copy k (2..N) of every organisation gets its own slug (`<slug>-x<k>`), a fresh valid organisation
number and copies of its members (same password hash, e-mail `name+k@domain`), company profile,
contact persons, focus areas, challenges (owners, CPV, SDG, places, status log, NDA accesses),
solutions (CPV, SDG), customer references, network memberships and stored match suggestions.
Titles and texts stay the same, so a copy turns up in lists and searches where its original does;
statuses, visibilities and publication dates are kept, so the mixes stay the same.

Rows are written with bulk_create: no model signals fire, so the match index is rebuilt afterwards
(`arena build-match-index`). PostgreSQL searches build their text vectors in the query and SQLite's
FTS5 tables are kept by triggers, which fire on bulk inserts too: the full-text index stays right.
Running it again only adds the copies that are missing (a larger factor adds more).
"""

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Model

from arena.accounts.models import User
from arena.demo.content.orgnr import org_number
from arena.matches.models import Suggestion
from arena.needs.models import Challenge, ChallengeAccess, ChallengeStatusChange, FocusArea
from arena.networks.models import Network
from arena.organisations.models import Membership, Organisation
from arena.supply.models import CompanyProfile, ContactPerson, CustomerReference, Solution

COPY_SUFFIX = re.compile(r"-x(\d+)$")
BATCH = 2000


@dataclass
class _Copy:
    """The ids of copy k: original id → the copy's id, per model."""

    k: int
    organisations: dict[int, int] = field(default_factory=dict)
    users: dict[int, int] = field(default_factory=dict)
    focus_areas: dict[int, int] = field(default_factory=dict)
    challenges: dict[int, int] = field(default_factory=dict)
    solutions: dict[int, int] = field(default_factory=dict)


def _clone[M: Model](obj: M, **changes: Any) -> M:
    new = copy.copy(obj)
    new.pk = None
    new._state = copy.copy(obj._state)
    new._state.adding = True
    new._state.fields_cache = {}
    for name, value in changes.items():
        setattr(new, name, value)
    return new


def _slug(slug: str, k: int, max_length: int, taken: set[str]) -> str:
    suffix = f"-x{k}"
    base = slug[: max_length - len(suffix) - 4]
    candidate, n = f"{base}{suffix}", 2
    while candidate in taken:
        candidate, n = f"{base}{n}{suffix}", n + 1
    taken.add(candidate)
    return candidate


def _email(email: str, k: int, taken: set[str]) -> str:
    local, _, domain = email.partition("@")
    candidate, n = f"{local}+{k}@{domain}", 2
    while candidate.lower() in taken:
        candidate, n = f"{local}+{k}-{n}@{domain}", n + 1
    taken.add(candidate.lower())
    return candidate


class _OrgNumbers:
    """Fresh numbers in the same series as the original (its first three digits), Luhn-checked."""

    def __init__(self, taken: Iterable[str]) -> None:
        self.taken = set(taken)
        self.serial: dict[str, int] = {}

    def next(self, like: str) -> str:
        prefix = like.replace("-", "")[:3]
        while True:
            serial = self.serial.get(prefix, 0)
            self.serial[prefix] = serial + 1
            number = org_number(f"{prefix}{serial:06d}")
            if number not in self.taken:
                self.taken.add(number)
                return number


def _through_copy(
    model: type[Model],
    *,
    source: str,
    target: str,
    source_map: dict[int, int],
    target_map: dict[int, int] | None = None,
) -> int:
    """Copy the rows of an M2M table whose `source` is in source_map (and map `target` too)."""
    rows = model._default_manager.filter(**{f"{source}__in": list(source_map)}).values_list(
        source, target
    )
    new = [
        model(
            **{
                source: source_map[src],
                target: target_map.get(tgt, tgt) if target_map is not None else tgt,
            }
        )
        for src, tgt in rows
    ]
    model._default_manager.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return len(new)


def _reference_copy(model: type[Model], name: str, source_map: dict[int, int]) -> int:
    """Copy `model.name`'s M2M rows to reference data (CPV codes, SDG targets, places): the
    other side is shared, not copied, so only the owner's id is mapped."""
    through = getattr(model, name).through
    relations = [f for f in through._meta.concrete_fields if f.is_relation]
    source = next(f.attname for f in relations if f.related_model is model)
    target = next(f.attname for f in relations if f.related_model is not model)
    return _through_copy(through, source=source, target=target, source_map=source_map)


def _bulk[M: Model](originals: list[M], copies: list[M], mapping: dict[int, int]) -> None:
    """Insert copies and record original pk → copy pk (the databases return ids from bulk_create)."""
    if copies:
        type(copies[0])._default_manager.bulk_create(copies, batch_size=BATCH)
    for original, new in zip(originals, copies, strict=True):
        mapping[original.pk] = new.pk


def _existing_copies() -> set[int]:
    return {
        int(match.group(1))
        for slug in Organisation.objects.filter(slug__regex=r"-x[0-9]+$").values_list(
            "slug", flat=True
        )
        if (match := COPY_SUFFIX.search(slug))
    }


@transaction.atomic
def demo_scale(*, factor: int) -> dict[str, int]:
    """Add copies 2..factor of the demo content that are not there yet; return rows added per kind."""
    if factor < 1:
        raise ValueError("factor must be 1 or more")
    done = _existing_copies()
    wanted = [k for k in range(2, factor + 1) if k not in done]
    added: dict[str, int] = {}
    if not wanted:
        return added
    organisations = list(Organisation.objects.exclude(slug__regex=r"-x[0-9]+$").order_by("pk"))
    org_ids = [o.pk for o in organisations]
    memberships = list(Membership.objects.filter(organisation_id__in=org_ids).order_by("pk"))
    users = list(
        User.objects.filter(pk__in={m.user_id for m in memberships}, is_superuser=False).order_by(
            "pk"
        )
    )
    profiles = list(CompanyProfile.objects.filter(organisation_id__in=org_ids).order_by("pk"))
    contacts = list(ContactPerson.objects.filter(company_id__in=org_ids).order_by("pk"))
    owners = Challenge.owners.through
    challenge_ids = set(
        owners.objects.filter(organisation_id__in=org_ids).values_list("challenge_id", flat=True)
    )
    challenges = list(Challenge.objects.filter(pk__in=challenge_ids).order_by("pk"))
    focus_areas = list(FocusArea.objects.filter(organisation_id__in=org_ids).order_by("pk"))
    status_changes = list(
        ChallengeStatusChange.objects.filter(challenge_id__in=challenge_ids).order_by("pk")
    )
    accesses = list(ChallengeAccess.objects.filter(challenge_id__in=challenge_ids).order_by("pk"))
    solutions = list(Solution.objects.filter(organisation_id__in=org_ids).order_by("pk"))
    references = list(CustomerReference.objects.filter(company_id__in=org_ids).order_by("pk"))
    suggestions = list(
        Suggestion.objects.filter(
            challenge_id__in=challenge_ids, solution__organisation_id__in=org_ids
        ).order_by("pk")
    )

    org_slugs = set(Organisation.objects.values_list("slug", flat=True))
    challenge_slugs = set(Challenge.objects.values_list("slug", flat=True))
    solution_slugs = set(Solution.objects.values_list("slug", flat=True))
    emails = {e.lower() for e in User.objects.values_list("email", flat=True)}
    numbers = _OrgNumbers(Organisation.objects.values_list("org_number", flat=True))

    def count(kind: str, n: int) -> None:
        added[kind] = added.get(kind, 0) + n

    for k in wanted:
        c = _Copy(k)
        new_orgs = [
            _clone(
                o,
                name=f"{o.name} ({k})",
                slug=_slug(o.slug, k, 80, org_slugs),
                org_number=numbers.next(o.org_number),
            )
            for o in organisations
        ]
        _bulk(organisations, new_orgs, c.organisations)
        new_users = [_clone(u, email=_email(u.email, k, emails)) for u in users]
        _bulk(users, new_users, c.users)
        Membership.objects.bulk_create(
            [
                _clone(
                    m,
                    organisation_id=c.organisations[m.organisation_id],
                    user_id=c.users.get(m.user_id, m.user_id),
                )
                for m in memberships
                if m.user_id in c.users
            ],
            batch_size=BATCH,
        )
        CompanyProfile.objects.bulk_create(
            [_clone(p, organisation_id=c.organisations[p.organisation_id]) for p in profiles],
            batch_size=BATCH,
        )
        ContactPerson.objects.bulk_create(
            [_clone(p, company_id=c.organisations[p.company_id]) for p in contacts],
            batch_size=BATCH,
        )
        _bulk(
            focus_areas,
            [_clone(f, organisation_id=c.organisations[f.organisation_id]) for f in focus_areas],
            c.focus_areas,
        )
        _bulk(
            challenges,
            [
                _clone(
                    ch,
                    slug=_slug(ch.slug, k, 90, challenge_slugs),
                    focus_area_id=c.focus_areas.get(ch.focus_area_id or 0, ch.focus_area_id),
                )
                for ch in challenges
            ],
            c.challenges,
        )
        count(
            "challenge owners",
            _through_copy(
                owners,
                source="challenge_id",
                target="organisation_id",
                source_map=c.challenges,
                target_map=c.organisations,
            ),
        )
        for name in ("cpv_codes", "sdg_targets", "municipalities", "regions"):
            count(f"challenge {name}", _reference_copy(Challenge, name, c.challenges))
        ChallengeStatusChange.objects.bulk_create(
            [
                _clone(
                    s,
                    challenge_id=c.challenges[s.challenge_id],
                    changed_by_id=c.users.get(s.changed_by_id or 0, s.changed_by_id),
                )
                for s in status_changes
            ],
            batch_size=BATCH,
        )
        ChallengeAccess.objects.bulk_create(
            [
                _clone(
                    a,
                    challenge_id=c.challenges[a.challenge_id],
                    organisation_id=c.organisations.get(a.organisation_id, a.organisation_id),
                    invited_by_id=c.users.get(a.invited_by_id or 0, a.invited_by_id),
                    nda_accepted_by_id=c.users.get(a.nda_accepted_by_id or 0, a.nda_accepted_by_id),
                )
                for a in accesses
            ],
            batch_size=BATCH,
        )
        _bulk(
            solutions,
            [
                _clone(
                    s,
                    organisation_id=c.organisations[s.organisation_id],
                    slug=_slug(s.slug, k, 80, solution_slugs),
                )
                for s in solutions
            ],
            c.solutions,
        )
        for name in ("cpv_codes", "sdg_targets"):
            count(f"solution {name}", _reference_copy(Solution, name, c.solutions))
        CustomerReference.objects.bulk_create(
            [
                _clone(
                    r,
                    company_id=c.organisations[r.company_id],
                    customer_id=c.organisations.get(r.customer_id or 0, r.customer_id),
                    solution_id=c.solutions.get(r.solution_id or 0, r.solution_id),
                )
                for r in references
            ],
            batch_size=BATCH,
        )
        count(
            "network memberships",
            _through_copy(
                Network.organisations.through,
                source="organisation_id",
                target="network_id",
                source_map=c.organisations,
            ),
        )
        Suggestion.objects.bulk_create(
            [
                _clone(
                    s,
                    challenge_id=c.challenges[s.challenge_id],
                    solution_id=c.solutions[s.solution_id],
                )
                for s in suggestions
            ],
            batch_size=BATCH,
        )
        for kind, rows in (
            ("organisations", organisations),
            ("users", users),
            ("memberships", [m for m in memberships if m.user_id in c.users]),
            ("company profiles", profiles),
            ("contact persons", contacts),
            ("focus areas", focus_areas),
            ("challenges", challenges),
            ("status changes", status_changes),
            ("challenge accesses", accesses),
            ("solutions", solutions),
            ("customer references", references),
            ("suggestions", suggestions),
        ):
            count(kind, len(rows))
    return added
