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
from django.db import models, transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext as _

from arena.accounts.models import User
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
    and the row can never log in (inactive, no usable password).
    """
    user = User.objects.filter(email=PLACEHOLDER_EMAIL).first()
    if user is None:
        user = User(email=PLACEHOLDER_EMAIL, full_name=PLACEHOLDER_NAME, is_active=False)
        user.set_unusable_password()
        user.save()
    return user


def is_placeholder(user: User) -> bool:
    return user.email == PLACEHOLDER_EMAIL


def _rule_applies(rule: Rule) -> bool:
    return not rule.optional_app or apps.is_installed(rule.optional_app)


def _rows(rule: Rule, model: type[models.Model], user: User) -> models.QuerySet[Any]:
    if rule.by_email:
        return model._default_manager.filter(**{f"{rule.field}__iexact": user.email})
    return model._default_manager.filter(**{rule.field: user})


def _scrub(value: Any, *, email: str, name: str) -> Any:
    if isinstance(value, dict):
        return {key: _scrub(item, email=email, name=name) for key, item in value.items()}
    if isinstance(value, list):
        return [_scrub(item, email=email, name=name) for item in value]
    if isinstance(value, str):
        if name and value.strip() == name:
            return PLACEHOLDER_NAME
        return re.sub(re.escape(email), PLACEHOLDER_EMAIL, value, flags=re.IGNORECASE)
    return value


def _scrub_json(rule: Rule, model: type[models.Model], user: User) -> None:
    name = user.full_name.strip()
    for json_field in rule.scrub_json:
        # SQLite stores JSON with non-ASCII escaped, PostgreSQL does not: look for both spellings.
        wanted = Q(_as_text__icontains=user.email)
        if name:
            wanted |= Q(_as_text__contains=name)
            escaped = re.sub(r"[^\x00-\x7f]", lambda m: f"\\u{ord(m.group()):04x}", name)
            if escaped != name:
                wanted |= Q(_as_text__icontains=escaped)
        candidates = (
            model._default_manager.annotate(_as_text=Cast(json_field, TextField()))
            .filter(wanted)
            .only("pk", json_field)
        )
        for row in candidates.iterator():
            before = getattr(row, json_field)
            after = _scrub(before, email=user.email, name=name)
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
    # Lock the row so two deletions (two tabs) do not race each other.
    user = User.objects.select_for_update().get(pk=user.pk)
    placeholder = placeholder_user()
    for rule in INVENTORY:
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
