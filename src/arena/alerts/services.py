"""Rank tender notices for each company, record what its people say about them, send digests.

A company's notices are found by asking the matching engine (`arena.matching`) with each of its
published solutions — the same `solution_item` the challenge matching uses — against an engine
holding only notices. Without published solutions its profile text is asked instead, and without
that the company's CPV codes are compared branch by branch. The engine lives once per worker
process and is reconciled with the notices table by (id, updated_at) before each use, as the
challenge engine is (docs/decisions/0004); vectors come from the shared `TextVector` cache.
"""

import datetime
import logging
import threading
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.alerts import selectors
from arena.alerts.enums import (
    CANDIDATES_PER_QUERY,
    CPV_FALLBACK_FLOOR,
    CPV_GROUP_DIGITS,
    DIGEST_INTERVALS,
    DIGEST_MAX_NOTICES,
    IRRELEVANT_GROUP_PENALTY,
    IRRELEVANT_GROUP_PENALTY_MAX,
    NOTICES_PER_COMPANY,
    RELEVANT_GROUP_BOOST,
    RELEVANT_GROUP_BOOST_MAX,
    SCORE_FLOOR,
    Frequency,
)
from arena.alerts.models import AlertSubscription, NoticeFeedback, NoticeSuggestion
from arena.matches.enums import Verdict
from arena.matches.services import cpv_branch_code, match_engine, solution_item
from arena.matches.store import vector_store
from arena.matching.signals import cpv_signal
from arena.notices.models import Notice
from arena.organisations.enums import OrganisationKind
from arena.organisations.models import Membership, Organisation
from arena.reference.models import CpvCode
from arena.supply.enums import SolutionStatus
from arena.supply.models import CompanyProfile, Solution

if TYPE_CHECKING:
    from arena.matching.engine import Item, Match, MatchEngine

logger = logging.getLogger(__name__)

NOTICE, COMPANY = "notice", "company"


def notice_item_id(pk: int) -> str:
    return f"n{pk}"


def _joined(*parts: str) -> str:
    return "\n\n".join(p.strip() for p in parts if p and p.strip())


def _cpv8(codes: Iterable[Any]) -> list[str]:
    """8-digit CPV codes, without check digits; anything else is left out."""
    out = []
    for code in codes:
        digits = str(code).split("-")[0].strip()[:8]
        if len(digits) == 8 and digits.isdigit():
            out.append(digits)
    return out


def notice_cpv_codes(notice: Notice) -> tuple[str, ...]:
    """The notice's main code first, then its other codes and those of its lots, each once."""
    codes = _cpv8(
        [
            notice.cpv_main,
            *(c.code for c in notice.cpv_codes.all()),
            *(code for lot in notice.lots.all() for code in (lot.cpv_codes or [])),
        ]
    )
    return tuple(dict.fromkeys(codes))


def _nuts(values: Iterable[Any]) -> list[str]:
    return [str(v).strip().upper() for v in values if isinstance(v, str) and v.strip()]


def notice_item(notice: Notice) -> "Item":
    """The notice as the engine sees it: title, description and lots, codes and places.

    Places are NUTS codes, which the engine's region signal compares with a company's county
    (it maps county codes to NUTS). Call with `cpv_codes` and `lots` prefetched.
    """
    from arena.matching.engine import Item  # noqa: PLC0415  # numpy and the model: workers only

    lots = list(notice.lots.all())
    regions = _nuts(notice.nuts_codes or []) + [
        code for lot in lots for code in _nuts(lot.nuts_codes or [])
    ]
    return Item(
        id=notice_item_id(notice.pk),
        kind=NOTICE,
        title=notice.title,
        text=_joined(notice.description, *(_joined(lot.title, lot.description) for lot in lots)),
        language=(notice.language or "").lower() or None,
        cpv=notice_cpv_codes(notice),
        regions=tuple(dict.fromkeys(regions)),
    )


def profile_item(organisation: Organisation, profile: CompanyProfile | None) -> "Item | None":
    """A company without published solutions, as its profile describes it; None without words."""
    from arena.matching.engine import Item  # noqa: PLC0415  # workers only

    text = _joined(
        profile.pitch if profile else "",
        profile.description if profile else "",
        organisation.description,
    )
    if not text:
        return None
    codes = _cpv8(
        Solution.cpv_codes.through.objects.filter(solution__organisation=organisation)
        .values_list("cpvcode__code", flat=True)
        .distinct()
    )
    return Item(
        id=f"o{organisation.pk}",
        kind=COMPANY,
        # A company's name says little of what it does: it stays in the text, not the title the
        # engine compares with a notice's title.
        title="",
        text=f"{organisation.name}\n{text}",
        cpv=tuple(codes),
        regions=(organisation.region_id,) if organisation.region_id else (),
    )


## The notice engine, once per process


@dataclass
class _EngineState:
    engine: "MatchEngine"
    versions: dict[str, str] = field(default_factory=dict)


_state: _EngineState | None = None
_lock = threading.Lock()


def _make_engine() -> "MatchEngine":
    """An engine sharing the challenge engine's embedder: one copy of the model per worker."""
    from arena.matching.engine import MatchEngine  # noqa: PLC0415  # workers only

    embedder = match_engine().embedder
    if embedder.__class__ is not import_string(settings.ARENA_EMBEDDER):
        embedder = import_string(settings.ARENA_EMBEDDER)()
    return MatchEngine(embedder, store=vector_store())


def _sync(state: _EngineState) -> None:
    """Bring the index to the notices table, rebuilding only notices imported or changed since."""
    current = {
        notice_item_id(pk): updated.isoformat()
        for pk, updated in Notice.objects.values_list("pk", "updated_at")
    }
    gone = [item_id for item_id in state.versions if item_id not in current]
    changed = [item_id for item_id, v in current.items() if state.versions.get(item_id) != v]
    if gone:
        state.engine.remove(gone)
    pks = [int(item_id[1:]) for item_id in changed]
    for start in range(0, len(pks), 500):
        notices = Notice.objects.filter(pk__in=pks[start : start + 500]).prefetch_related(
            "cpv_codes", "lots"
        )
        state.engine.upsert([notice_item(n) for n in notices])
    for item_id in gone:
        del state.versions[item_id]
    for item_id in changed:
        state.versions[item_id] = current[item_id]


def notice_engine() -> "MatchEngine":
    """The process's notice engine, reconciled with the database."""
    global _state
    with _lock:
        if _state is None:
            _state = _EngineState(engine=_make_engine())
        _sync(_state)
        return _state.engine


def notice_engine_reset() -> None:
    """Forget the process's engine (a new embedder setting, or tests that swap the database)."""
    global _state
    with _lock:
        _state = None


## Ranking


@dataclass
class _Candidate:
    notice_id: int
    score: float
    reasons: list[dict[str, Any]]


def _cpv_group(code: str) -> str:
    return code[:CPV_GROUP_DIGITS] if len(code) >= CPV_GROUP_DIGITS else ""


def _feedback_adjustments(organisation_id: int) -> tuple[set[int], dict[str, float]]:
    """Notices the company rejected, and the score change of each CPV group from its verdicts.

    The company's verdict on a notice is the latest any of its members gave.
    """
    latest: dict[int, tuple[int, str]] = {}
    rows = (
        NoticeFeedback.objects.filter(organisation_id=organisation_id)
        .order_by("created_at", "pk")
        .values_list("notice_id", "verdict", "notice__cpv_main")
    )
    for notice_id, verdict, cpv_main in rows:
        latest[notice_id] = (verdict, cpv_main or "")
    rejected = {pk for pk, (verdict, _code) in latest.items() if verdict == Verdict.NOT_RELEVANT}
    penalties: dict[str, float] = defaultdict(float)
    boosts: dict[str, float] = defaultdict(float)
    for verdict, code in latest.values():
        group = _cpv_group(_cpv8([code])[0]) if _cpv8([code]) else ""
        if not group:
            continue
        if verdict == Verdict.NOT_RELEVANT:
            penalties[group] += IRRELEVANT_GROUP_PENALTY
        elif verdict == Verdict.RELEVANT:
            boosts[group] += RELEVANT_GROUP_BOOST
    groups = set(penalties) | set(boosts)
    return rejected, {
        g: min(boosts[g], RELEVANT_GROUP_BOOST_MAX)
        - min(penalties[g], IRRELEVANT_GROUP_PENALTY_MAX)
        for g in groups
    }


def _reason_rows(match: "Match") -> list[dict[str, object]]:
    """The engine's reasons in the stored form of `arena.matches` (code + data, CPV branch kept)."""
    reasons: list[dict[str, object]] = []
    for reason in match.reasons:
        data = dict(reason.data)
        if reason.code == "cpv":
            data["branch"] = cpv_branch_code(
                str(data.get("match_code", "")), str(data.get("level", ""))
            )
        reasons.append({"code": reason.code, "data": data})
    return reasons


def _engine_candidates(
    engine: "MatchEngine", queries: list[tuple["Item", dict[str, object]]]
) -> dict[int, _Candidate]:
    """Per notice, the best of the company's queries, with that query named as a reason."""
    best: dict[int, _Candidate] = {}
    for item, source in queries:
        for match in engine.match(item, kinds={NOTICE}, k=CANDIDATES_PER_QUERY):
            notice_id = int(match.id[1:])
            if notice_id in best and best[notice_id].score >= match.score:
                continue
            best[notice_id] = _Candidate(
                notice_id=notice_id, score=match.score, reasons=[source, *_reason_rows(match)]
            )
    return best


def _cpv_candidates(company_codes: list[str]) -> dict[int, _Candidate]:
    """Without texts to match: notices sharing a CPV division or group with the company's codes."""
    if not company_codes:
        return {}
    divisions = sorted({code[:2] for code in company_codes})
    near = Q()
    for division in divisions:
        near |= Q(cpv_main__startswith=division) | Q(cpv_codes__code__startswith=division)
    best: dict[int, _Candidate] = {}
    query = Notice.objects.filter(pk__in=Notice.objects.filter(near).values("pk"))
    query = query.prefetch_related("cpv_codes", "lots")
    for notice in query:
        value, reason = cpv_signal(company_codes, notice_cpv_codes(notice))
        if reason is None or value < CPV_FALLBACK_FLOOR:
            continue
        data = dict(reason.data)
        data["branch"] = cpv_branch_code(str(data["match_code"]), str(data["level"]))
        best[notice.pk] = _Candidate(
            notice_id=notice.pk,
            score=value,
            reasons=[{"code": "cpv_only", "data": {}}, {"code": "cpv", "data": data}],
        )
    return best


def _company_codes(organisation: Organisation) -> list[str]:
    return sorted(
        set(
            _cpv8(
                Solution.cpv_codes.through.objects.filter(
                    solution__organisation=organisation
                ).values_list("cpvcode__code", flat=True)
            )
        )
    )


def _add_cpv_labels(candidates: Iterable[_Candidate]) -> None:
    """Copy the shared CPV branch's labels into the reasons, so a list is one query to show."""
    rows: list[dict[str, Any]] = [
        r["data"] for c in candidates for r in c.reasons if r["code"] == "cpv"
    ]
    branches = {str(data.get("branch", "")) for data in rows}
    labels = {
        code: (sv, en)
        for code, sv, en in CpvCode.objects.filter(code__in=branches).values_list(
            "code", "label_sv", "label_en"
        )
    }
    for data in rows:
        data["label_sv"], data["label_en"] = labels.get(str(data.get("branch", "")), ("", ""))


@transaction.atomic
def notice_suggestions_refresh_for_organisation(*, organisation_id: int) -> int:
    """Recompute a company's best notices; returns how many it keeps."""
    organisation = Organisation.objects.filter(
        pk=organisation_id, kind=OrganisationKind.COMPANY
    ).first()
    if organisation is None:
        NoticeSuggestion.objects.filter(organisation_id=organisation_id).delete()
        return 0
    solutions = list(
        Solution.objects.filter(organisation=organisation, status=SolutionStatus.PUBLISHED)
        .select_related("organisation")
        .prefetch_related("cpv_codes", "sdg_targets")
        .order_by("pk")
    )
    profile = CompanyProfile.objects.filter(organisation=organisation).first()
    queries: list[tuple[Item, dict[str, object]]] = [
        (
            solution_item(s),
            {"code": "solution", "data": {"id": s.pk, "slug": s.slug, "title": s.title}},
        )
        for s in solutions
    ]
    if not queries and Notice.objects.exists():
        item = profile_item(organisation, profile)
        if item is not None:
            queries.append((item, {"code": "profile", "data": {}}))
    if queries:
        candidates = _engine_candidates(notice_engine(), queries)
        floor = SCORE_FLOOR
    else:
        candidates = _cpv_candidates(_company_codes(organisation))
        floor = CPV_FALLBACK_FLOOR
    rejected, groups = _feedback_adjustments(organisation.pk)
    if candidates and groups:
        mains = dict(Notice.objects.filter(pk__in=list(candidates)).values_list("pk", "cpv_main"))
        for candidate in candidates.values():
            codes = _cpv8([mains.get(candidate.notice_id) or ""])
            change = groups.get(_cpv_group(codes[0]), 0.0) if codes else 0.0
            if change:
                candidate.score += change
                candidate.reasons.append(
                    {"code": "cpv_feedback", "data": {"value": round(change, 3)}}
                )
    kept = sorted(
        (c for c in candidates.values() if c.notice_id not in rejected and c.score >= floor),
        key=lambda c: (-c.score, c.notice_id),
    )[:NOTICES_PER_COMPANY]
    _add_cpv_labels(kept)
    now = timezone.now()
    first_seen = dict(
        NoticeSuggestion.objects.filter(organisation=organisation).values_list(
            "notice_id", "first_seen_at"
        )
    )
    NoticeSuggestion.objects.filter(organisation=organisation).delete()
    NoticeSuggestion.objects.bulk_create(
        NoticeSuggestion(
            organisation=organisation,
            notice_id=c.notice_id,
            score=round(c.score, 6),
            reasons=c.reasons,
            computed_at=now,
            first_seen_at=first_seen.get(c.notice_id, now),
        )
        for c in kept
    )
    return len(kept)


def _companies_to_rank() -> list[int]:
    return list(
        Organisation.objects.filter(kind=OrganisationKind.COMPANY)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def notice_suggestions_rebuild(*, progress: Callable[[int, int], None] | None = None) -> int:
    """Recompute every company's list (after an import, or `make demo`); returns companies done."""
    if not Notice.objects.exists():
        NoticeSuggestion.objects.all().delete()
        return 0
    notice_engine()  # embeds every new notice once, before the per-company loop
    ids = _companies_to_rank()
    for done, pk in enumerate(ids, start=1):
        notice_suggestions_refresh_for_organisation(organisation_id=pk)
        if progress:
            progress(done, len(ids))
    return len(ids)


def notice_suggestions_enqueue_rebuild() -> None:
    """Called after a notice import: every company's list is recomputed in the task queue."""
    from arena.alerts.tasks import notice_suggestions_rebuild_task  # noqa: PLC0415  # tasks import services

    transaction.on_commit(lambda: notice_suggestions_rebuild_task.enqueue())


def notice_suggestions_enqueue_for_organisation(*, organisation_id: int) -> None:
    from arena.alerts.tasks import notice_suggestions_refresh_task  # noqa: PLC0415  # tasks import services

    transaction.on_commit(
        lambda: notice_suggestions_refresh_task.enqueue(organisation_id=organisation_id)
    )


## Feedback


@transaction.atomic
def notice_feedback_set(
    *, user: User, organisation: Organisation, notice: Notice, verdict: int | None
) -> NoticeFeedback | None:
    """Record (or with None, withdraw) a person's verdict for one company; its list is re-ranked.

    A person in two companies judges a notice for each apart: neither verdict touches the other.
    """
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("Only the company's members can judge its notices."))
    if verdict is None:
        NoticeFeedback.objects.filter(notice=notice, user=user, organisation=organisation).delete()
        feedback = None
    else:
        if verdict not in Verdict.values:
            raise ValidationError(_("Unknown verdict."))
        feedback, _created = NoticeFeedback.objects.update_or_create(
            notice=notice,
            user=user,
            organisation=organisation,
            defaults={"verdict": verdict, "created_at": timezone.now()},
        )
    notice_suggestions_enqueue_for_organisation(organisation_id=organisation.pk)
    return feedback


## Subscriptions and digests


@transaction.atomic
def alert_subscription_set(
    *, user: User, organisation: Organisation, frequency: str
) -> AlertSubscription:
    if frequency not in Frequency.values:
        raise ValidationError({"frequency": _("Choose how often.")})
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(_("Only the company's members can follow its notices."))
    subscription, _created = AlertSubscription.objects.update_or_create(
        user=user, organisation=organisation, defaults={"frequency": frequency}
    )
    return subscription


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _is_due(subscription: AlertSubscription, now: datetime.datetime) -> bool:
    interval = DIGEST_INTERVALS.get(Frequency(subscription.frequency))
    if interval is None:
        return False
    return subscription.last_sent_at is None or now - subscription.last_sent_at >= interval


def _digest_entry(row: NoticeSuggestion) -> dict[str, object]:
    notice = row.notice
    solution = next(
        (r["data"] for r in row.reasons if isinstance(r, dict) and r.get("code") == "solution"),
        None,
    )
    path = selectors.notice_url(notice=notice)
    return {
        "notice": notice,
        "url": _absolute(path) if path.startswith("/") else path,
        "solution": solution.get("title", "") if isinstance(solution, dict) else "",
    }


def _one_line(text: str) -> str:
    return " ".join(text.split())


def notice_digest_send(*, subscription: AlertSubscription, now: datetime.datetime) -> bool:
    """E-mail one person the open notices new on their company's list; False when there are none."""
    user, organisation = subscription.user, subscription.organisation
    if not Membership.objects.filter(user=user, organisation=organisation).exists():
        return False
    rows = selectors.digest_rows(
        organisation=organisation, since=subscription.last_sent_at, now=now
    )
    if not rows:
        return False
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "organisation": organisation,
            "entries": [_digest_entry(row) for row in rows[:DIGEST_MAX_NOTICES]],
            "more": max(0, len(rows) - DIGEST_MAX_NOTICES),
            "url": _absolute(reverse("alerts:company", args=[organisation.slug])),
            "frequency": subscription.get_frequency_display(),
        }
        # A line break in the name would make the header invalid (BadHeaderError).
        subject = _("New tender notices for %(company)s") % {
            "company": _one_line(organisation.name)
        }
        text = render_to_string("alerts/email/digest.txt", context)
        html = render_to_string("alerts/email/digest.html", context)
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    message.send()
    # Moved only after a mail: a run with nothing new checks again next time, and everything that
    # arrived since the last mail is still "new" then.
    AlertSubscription.objects.filter(pk=subscription.pk).update(last_sent_at=now)
    return True


def notice_digests_send(*, now: datetime.datetime) -> int:
    """Send every digest that is due and has something new; returns how many e-mails went out.

    Idempotent: a second run at the same time finds nothing due (each sent digest moves its
    subscription's `last_sent_at` at once, so a crash half-way never sends one twice).
    """
    sent = 0
    for subscription in selectors.subscriptions_due(now=now):
        if not _is_due(subscription, now):
            continue
        # One person's broken digest (an address or header the mail library refuses, a template
        # error) must not cost everyone after them theirs; it stays due and is tried next run.
        try:
            if notice_digest_send(subscription=subscription, now=now):
                sent += 1
        except Exception:
            logger.exception("Notice digest for subscription %s failed", subscription.pk)
    return sent
