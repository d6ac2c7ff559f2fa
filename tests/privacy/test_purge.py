import datetime
import uuid

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone

from arena.privacy.services import logs_purge

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
DBTaskResult = apps.get_model("django_tasks_database", "DBTaskResult")
AccessAttempt = apps.get_model("axes", "AccessAttempt")
AccessLog = apps.get_model("axes", "AccessLog")


def _task(*, status: str, finished_days_ago: int | None) -> DBTaskResult:
    now = timezone.now()
    return DBTaskResult.objects.create(
        id=uuid.uuid4(),
        status=status,
        finished_at=None if finished_days_ago is None else now - finished_days_ago * DAY,
        args_kwargs={"args": [], "kwargs": {}},
        task_path="arena.example.task",
        backend_name="default",
        run_after=now,
        exception_class_path="",
        traceback="",
    )


@pytest.fixture
def logs():
    now = timezone.now()
    rows = {
        "expired_session": Session.objects.create(
            session_key="old" + "x" * 29, session_data="", expire_date=now - DAY
        ),
        "live_session": Session.objects.create(
            session_key="new" + "x" * 29, session_data="", expire_date=now + DAY
        ),
        "old_done": _task(status=TaskResultStatus.SUCCESSFUL, finished_days_ago=100),
        "old_failed": _task(status=TaskResultStatus.FAILED, finished_days_ago=100),
        "new_done": _task(status=TaskResultStatus.SUCCESSFUL, finished_days_ago=5),
        "waiting": _task(status=TaskResultStatus.READY, finished_days_ago=None),
    }
    for days_ago, key in ((100, "old"), (5, "new")):
        attempt = AccessAttempt.objects.create(
            username=f"{key}@example.se",
            ip_address="127.0.0.1",
            user_agent="test",
            http_accept="*/*",
            path_info="/konto/logga-in/",
            get_data="",
            post_data="",
            failures_since_start=1,
        )
        login = AccessLog.objects.create(
            username=f"{key}@example.se",
            ip_address="127.0.0.1",
            user_agent="test",
            http_accept="*/*",
            path_info="/konto/logga-in/",
        )
        # attempt_time is auto_now_add: age the rows afterwards.
        when = now - days_ago * DAY
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=when)
        AccessLog.objects.filter(pk=login.pk).update(attempt_time=when)
    return rows


def test_purge_deletes_old_rows_and_keeps_new_ones(logs):
    counts = {c.kind: c.rows for c in logs_purge(days=90)}
    assert counts["sessions"] == 1
    assert counts["task results"] == 2
    assert counts["login attempts"] == 1
    assert counts["logins"] == 1
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new" + "x" * 29]
    assert set(DBTaskResult.objects.values_list("pk", flat=True)) == {
        logs["new_done"].pk,
        logs["waiting"].pk,
    }
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["new@example.se"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["new@example.se"]


def test_purge_dry_run_counts_but_keeps_everything(logs):
    counts = {c.kind: c.rows for c in logs_purge(days=90, dry_run=True)}
    assert counts["task results"] == 2
    assert DBTaskResult.objects.count() == 4
    assert Session.objects.count() == 2


@override_settings(ARENA_LOG_RETENTION_DAYS=3)
def test_purge_reads_the_retention_setting(logs):
    counts = {c.kind: c.rows for c in logs_purge()}
    assert counts["task results"] == 3


def test_purge_logs_command_prints_rows_per_kind(logs, capsys):
    call_command("purge_logs", "--dry-run")
    out = capsys.readouterr().out
    assert "task results: would delete 2" in out
    assert DBTaskResult.objects.count() == 4
    call_command("purge_logs")
    out = capsys.readouterr().out
    assert "task results: deleted 2" in out
    assert DBTaskResult.objects.count() == 2


def test_purge_logs_command_refuses_zero_days(logs):
    with pytest.raises(CommandError):
        call_command("purge_logs", "--days", "0")
    assert DBTaskResult.objects.count() == 4
