"""Deleting an account (GDPR art. 17) and purging old logs (storage limitation, art. 5.1 e)."""

import datetime
import logging
import re
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
from arena.organisations.enums import MembershipRole
from arena.organisations.models import Membership
from arena.privacy.inventory import (
    INVENTORY,
    PLACEHOLDER_EMAIL,
    PLACEHOLDER_NAME,
    Action,
    Rule,
)
from arena.privacy.selectors import account_deletion_check

logger = logging.getLogger(__name__)


def placeholder_user() -> User:
    """The one "Borttagen användare" every deleted person's organisational records point to.

    Shared, not one per person: records of different deleted people can not be linked together,
    and the row can never log in (inactive, no usable password). Its address is in the reserved
    .invalid domain, which sign-up refuses.
    """
    user = User.objects.filter(email=PLACEHOLDER_EMAIL).first()
    if user is None:
        try:
            with transaction.atomic():  # two first deletions at once: one creates, one reads
                user = User(email=PLACEHOLDER_EMAIL, full_name=PLACEHOLDER_NAME, is_active=False)
                user.set_unusable_password()
                user.save()
        except IntegrityError:
            user = User.objects.get(email=PLACEHOLDER_EMAIL)
    if user.is_active or user.has_usable_password():
        # A real account holds the address (made before sign-up refused it): records of deleted
        # people must never go to someone who can log in and download them.
        logger.error("the placeholder address %s belongs to a usable account", PLACEHOLDER_EMAIL)
        raise ValidationError(
            _("Accounts cannot be deleted right now. Contact the site's administrators.")
        )
    return user


def is_placeholder(user: User) -> bool:
    return user.email == PLACEHOLDER_EMAIL


def _rule_applies(rule: Rule) -> bool:
    return not rule.optional_app or apps.is_installed(rule.optional_app)


def _rows(rule: Rule, model: type[models.Model], user: User) -> models.QuerySet[Any]:
    if rule.by_email:
        rows = model._default_manager.filter(**{f"{rule.field}__iexact": user.email})
        if rule.proven_by:
            rows = model._default_manager.filter(
                pk__in=rows.filter(**{rule.proven_by: user}).values("pk")
            )
        return rows
    return model._default_manager.filter(**{rule.field: user})


def _scrub(value: Any, *, email: re.Pattern[str], name: str, about_them: bool) -> Any:
    """`value` with the person's address replaced, and their name where the entry is theirs.

    `about_them`: the row is tied to the person, or this dict holds their whole address (a log
    line about them, e.g. "member added": {"member": address, "person": name}). Elsewhere a name
    is left alone: names are chosen freely and shared by namesakes.
    """
    if isinstance(value, dict):
        about_them = about_them or any(
            isinstance(item, str) and email.fullmatch(item.strip()) for item in value.values()
        )
        return {
            key: _scrub(item, email=email, name=name, about_them=about_them)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item, email=email, name=name, about_them=about_them) for item in value]
    if isinstance(value, str):
        if about_them and name and value.strip() == name:
            return PLACEHOLDER_NAME
        return email.sub(PLACEHOLDER_EMAIL, value)
    return value


def _scrub_json(rule: Rule, model: type[models.Model], user: User) -> None:
    """Replace the person's address (and name, where the entry is about them) in JSON details."""
    name = user.full_name.strip()
    # The whole address only: anna@kommun.se must not touch joanna@kommun.se.
    email = re.compile(rf"(?<![\w.+-]){re.escape(user.email)}(?![\w-])", flags=re.IGNORECASE)
    tied = set(_rows(rule, model, user).values_list("pk", flat=True))
    for json_field in rule.scrub_json:
        # Addresses are ASCII, so the text of the JSON holds them as typed on both databases.
        mentioning = model._default_manager.annotate(_as_text=Cast(json_field, TextField())).filter(
            _as_text__icontains=user.email
        )
        candidates = model._default_manager.filter(
            Q(pk__in=tied) | Q(pk__in=mentioning.values("pk"))
        ).only("pk", json_field)
        for row in candidates.iterator():
            before = getattr(row, json_field)
            after = _scrub(before, email=email, name=name, about_them=row.pk in tied)
            if after != before:
                model._default_manager.filter(pk=row.pk).update(**{json_field: after})


def _apply(rule: Rule, user: User, placeholder: User) -> None:
    model = apps.get_model(rule.model)
    if rule.scrub_json:
        _scrub_json(rule, model, user)
    if rule.action == Action.REMOVE:
        relation = model._meta.get_field(rule.field)
        assert isinstance(relation, models.ManyToManyField)
        through = relation.remote_field.through
        assert through is not None
        through._default_manager.filter(**{relation.m2m_reverse_field_name(): user}).delete()
        return
    rows = _rows(rule, model, user)
    if rule.delete_if is not None:
        rows.filter(rule.delete_if).delete()
        rows = _rows(rule, model, user)
    if rule.action == Action.DELETE:
        rows.delete()
    elif rule.by_email:
        rows.update(**{rule.field: PLACEHOLDER_EMAIL})
    else:
        rows.update(**{rule.field: placeholder})


@transaction.atomic
def account_delete(*, user: User, actor: User) -> None:
    """Delete `user`'s account: personal rows go, organisational ones stay with a placeholder.

    The User row itself is deleted, not kept anonymised: every relation that outlives the person
    is nullable or re-pointed at the shared placeholder by the inventory, so nothing needs the
    row, and a deleted row can not log in, be found by its address, or be reset by e-mail.

    Raises ValidationError when the person is the last administrator of an organisation that
    has other members (they hand over first), PermissionDenied when `actor` may not do this.
    """
    if actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    if is_placeholder(user):
        raise ValidationError(_("This account stands in for deleted people and is kept."))
    # Lock the person and every membership of the organisations they administer, in one order,
    # so two administrators deleting themselves at once cannot both pass the last-admin check.
    user = User.objects.select_for_update().get(pk=user.pk)
    administered = Membership.objects.filter(user=user, role=MembershipRole.ADMIN).values(
        "organisation_id"
    )
    list(
        Membership.objects.select_for_update()
        .filter(organisation_id__in=administered)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    check = account_deletion_check(user=user)
    if not check.allowed:
        names = ", ".join(organisation.name for organisation in check.blocking)
        raise ValidationError(
            _(
                "You are the only administrator of %(organisations)s, which has other members. "
                "Make someone else an administrator first."
            )
            % {"organisations": names}
        )
    placeholder = placeholder_user()
    # Address rules first: their proof (membership, "accepted by") is itself removed by others.
    for rule in sorted(INVENTORY, key=lambda rule: not rule.by_email):
        if _rule_applies(rule):
            _apply(rule, user, placeholder)
    user_id = user.pk
    user.delete()
    logger.info("account %s deleted by %s", user_id, "itself" if actor.pk == user_id else actor.pk)


@dataclass(frozen=True)
class PurgeCount:
    kind: str
    rows: int


def _purge(queryset: models.QuerySet[Any], *, dry_run: bool) -> int:
    if dry_run:
        return queryset.count()
    # Count the table's own rows, not cascaded ones, so the report reads per kind.
    rows = queryset.count()
    queryset.delete()
    return rows


def retention_days() -> int:
    return int(getattr(settings, "ARENA_LOG_RETENTION_DAYS", 90))


def logs_purge(*, days: int | None = None, dry_run: bool = False) -> list[PurgeCount]:
    """Delete log-like rows older than `days` (ARENA_LOG_RETENTION_DAYS by default).

    Only data that is a log and nothing else: expired sessions, finished background-task results
    and login-attempt records. Organisational histories (event, network and project-group logs,
    challenge status changes) are records, not logs, and are kept.
    """
    days = retention_days() if days is None else days
    if days < 1:
        raise ValidationError(_("The retention must be at least one day."))
    now = timezone.now()
    cutoff = now - datetime.timedelta(days=days)
    counts: list[PurgeCount] = []
    with transaction.atomic():
        counts.append(
            PurgeCount(
                "sessions", _purge(Session.objects.filter(expire_date__lt=now), dry_run=dry_run)
            )
        )
        if apps.is_installed("django_tasks_db"):
            task_results = apps.get_model("django_tasks_database", "DBTaskResult")
            finished = task_results._default_manager.filter(
                status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
                finished_at__lt=cutoff,
            )
            counts.append(PurgeCount("task results", _purge(finished, dry_run=dry_run)))
        if apps.is_installed("axes"):
            # By label, not import: axes ships no type information.
            for kind, label in (
                ("login attempts", "AccessAttempt"),
                ("login failures", "AccessFailureLog"),
                ("logins", "AccessLog"),
            ):
                old = apps.get_model("axes", label)._default_manager.filter(attempt_time__lt=cutoff)
                counts.append(PurgeCount(kind, _purge(old, dry_run=dry_run)))
    return counts
