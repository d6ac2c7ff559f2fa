"""Reads of notice alerts, always for a company the viewer is a member of."""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from arena.accounts.models import User
from arena.alerts.checks import MET, NOT_MET, UNKNOWN, CheckResult, check_requirements
from arena.alerts.enums import CLOSED_KINDS, NOTICES_PER_COMPANY, Frequency
from arena.alerts.models import AlertSubscription, NoticeFeedback, NoticeSuggestion
from arena.matches.enums import Verdict
from arena.notices.models import Notice
from arena.organisations.models import Organisation
from arena.readiness.facts import ReadinessFacts
from arena.readiness.selectors import readiness_facts_for
from arena.supply.selectors import companies_of_user, company_get


def sek_per_eur() -> float:
    return float(settings.ARENA_SEK_PER_EUR)


def open_notices_q(*, now: datetime.datetime, prefix: str = "") -> Q:
    """Notices a company can still tender for: not a result, change or direct award, and the
    deadline (when there is one) not passed."""
    return ~Q(**{f"{prefix}kind__in": list(CLOSED_KINDS)}) & (
        Q(**{f"{prefix}deadline__isnull": True}) | Q(**{f"{prefix}deadline__gt": now})
    )


def notice_is_closed(*, notice: Notice, now: datetime.datetime) -> bool:
    if notice.kind in CLOSED_KINDS:
        return True
    return notice.deadline is not None and notice.deadline <= now


def notice_url(*, notice: Notice) -> str:
    """The notice's page on Arena, or the notice at its source while there is no such page."""
    try:
        return reverse("notices:detail", args=[notice.pk])
    except NoReverseMatch:
        return notice.url


def readiness_url(*, organisation: Organisation, item: str = "") -> str:
    """The company's readiness page (at the item, if given), or "" while there is none."""
    try:
        path = reverse("readiness:overview", args=[organisation.slug])
    except NoReverseMatch:
        return ""
    return f"{path}#{item}" if item else path


def alert_companies_of_user(*, user: User) -> list[Organisation]:
    return list(companies_of_user(user=user))


def alert_company_get(*, slug: str, user: User) -> Organisation:
    """A company whose alerts the user may see; 404 for anyone else and for other organisations."""
    organisation = company_get(slug=slug, viewer=user)
    if not user.has_perm("alerts.view_company_alerts", organisation):
        raise Http404
    return organisation


def _company_verdict(organisation_id: int) -> Coalesce:
    """The company's latest verdict on the row's notice, by whichever member gave it."""
    latest = Subquery(
        NoticeFeedback.objects.filter(organisation_id=organisation_id, notice=OuterRef("notice"))
        .order_by("-created_at", "-pk")
        .values("verdict")[:1],
        output_field=IntegerField(),
    )
    # 0 when nobody judged it: a NULL would drop the row from `exclude(... = -1)` in SQL.
    return Coalesce(latest, Value(0))


def _listed(organisation: Organisation) -> QuerySet[NoticeSuggestion]:
    """The company's list without the notices it marked not relevant."""
    return (
        NoticeSuggestion.objects.filter(organisation=organisation)
        .annotate(company_verdict=_company_verdict(organisation.pk))
        .exclude(company_verdict=Verdict.NOT_RELEVANT)
    )


@dataclass
class NoticeRow:
    suggestion: NoticeSuggestion
    notice: Notice
    closed: bool
    url: str
    my_verdict: int | None
    reasons: list[dict[str, object]] = field(default_factory=list)


def notice_suggestions_for(
    *,
    organisation: Organisation,
    viewer: User,
    open_only: bool = False,
    now: datetime.datetime | None = None,
    limit: int = NOTICES_PER_COMPANY,
) -> list[NoticeRow]:
    """The company's fitting notices, best first, each marked closed or open."""
    now = now or timezone.now()
    mine = NoticeFeedback.objects.filter(
        notice=OuterRef("notice"), user=viewer, organisation=organisation
    ).values("verdict")[:1]
    rows = (
        _listed(organisation)
        .annotate(my_verdict=Subquery(mine, output_field=IntegerField()))
        .select_related("notice")
        .order_by("-score", "pk")
    )
    if open_only:
        rows = rows.filter(open_notices_q(now=now, prefix="notice__"))
    return [
        NoticeRow(
            suggestion=row,
            notice=row.notice,
            closed=notice_is_closed(notice=row.notice, now=now),
            url=notice_url(notice=row.notice),
            my_verdict=row.my_verdict,
            reasons=list(row.reasons or []),
        )
        for row in rows[:limit]
    ]


def digest_rows(
    *, organisation: Organisation, since: datetime.datetime | None, now: datetime.datetime
) -> list[NoticeSuggestion]:
    """Open fitting notices that entered the company's list after `since` (all when None)."""
    rows = _listed(organisation).filter(open_notices_q(now=now, prefix="notice__"))
    if since is not None:
        rows = rows.filter(first_seen_at__gt=since)
    return list(rows.select_related("notice").order_by("-score", "pk"))


def subscriptions_due(*, now: datetime.datetime) -> QuerySet[AlertSubscription]:
    """Active subscriptions of active people; which are due is decided per row by the service."""
    return (
        AlertSubscription.objects.exclude(frequency=Frequency.OFF)
        .filter(user__is_active=True)
        .select_related("user", "organisation")
        .order_by("pk")
    )


def subscription_for(*, user: User, organisation: Organisation) -> AlertSubscription | None:
    return AlertSubscription.objects.filter(user=user, organisation=organisation).first()


def notice_get(*, pk: int) -> Notice:
    try:
        return Notice.objects.get(pk=pk)
    except Notice.DoesNotExist as error:
        raise Http404 from error


def my_notice_verdict(*, notice: Notice, user: User, organisation: Organisation) -> int | None:
    """The person's verdict for this company; what they said for another company is not it."""
    return (
        NoticeFeedback.objects.filter(notice=notice, user=user, organisation=organisation)
        .values_list("verdict", flat=True)
        .first()
    )


def readiness_facts_of(*, organisation: Organisation) -> ReadinessFacts:
    """What the company can show, from its readiness check."""
    return readiness_facts_for(organisation=organisation)


@dataclass
class CheckRow:
    result: CheckResult
    link: str  # where to add the missing evidence; "" when it is met or there is no page

    @property
    def is_met(self) -> bool:
        return self.result.status == MET

    @property
    def is_not_met(self) -> bool:
        return self.result.status == NOT_MET

    @property
    def is_unknown(self) -> bool:
        return self.result.status == UNKNOWN


@dataclass
class NoticePanel:
    notice: Notice
    organisation: Organisation
    suggestion: NoticeSuggestion | None
    closed: bool
    checks: list[CheckRow]
    my_verdict: int | None
    readiness_link: str


def notice_panel_for(*, notice: Notice, organisation: Organisation, viewer: User) -> NoticePanel:
    """Why the notice fits the company and how the company stands against its requirements."""
    suggestion = NoticeSuggestion.objects.filter(organisation=organisation, notice=notice).first()
    facts = readiness_facts_of(organisation=organisation)
    results = check_requirements(
        list(notice.requirements or []),
        facts,
        contract_nature=notice.contract_nature,
        sek_per_eur=sek_per_eur(),
    )
    checks = [
        CheckRow(
            result=result,
            link=readiness_url(organisation=organisation, item=result.readiness_item)
            if result.readiness_item
            else "",
        )
        for result in results
    ]
    return NoticePanel(
        notice=notice,
        organisation=organisation,
        suggestion=suggestion,
        closed=notice_is_closed(notice=notice, now=timezone.now()),
        checks=checks,
        my_verdict=my_notice_verdict(notice=notice, user=viewer, organisation=organisation),
        readiness_link=readiness_url(organisation=organisation),
    )
