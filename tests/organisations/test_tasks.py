"""The database queue on the real database: enqueue in a transaction, then a worker run sends the mail."""

import pytest
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from arena.organisations.services import invitation_create

ORIGINAL_TASKS = django_settings.TASKS

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def _reset_task_backends() -> None:
    # Django caches task backends and does not reset them when TASKS changes.
    task_backends.__dict__.pop("settings", None)
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DB_TASKS
    _reset_task_backends()
    yield
    settings.TASKS = ORIGINAL_TASKS
    _reset_task_backends()


@pytest.mark.django_db(transaction=True)
def test_invitation_email_waits_for_worker_then_is_sent(database_queue, organisation, owner):
    invitation_create(
        organisation=organisation, email="ny@example.se", role="member", invited_by=owner
    )
    assert mail.outbox == []

    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY

    call_command("db_worker", batch=True, interval=0, verbosity=0)

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["ny@example.se"]]
