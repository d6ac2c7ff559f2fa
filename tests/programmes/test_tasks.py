"""The reminder e-mail waits in the database queue, written with the reminder, until a worker runs."""

import pytest
from asgiref.local import Local
from django.conf import settings as django_settings
from django.core import mail
from django.core.management import call_command
from django.tasks import TaskResultStatus, task_backends
from django_tasks_db.models import DBTaskResult

from arena.programmes.services import reminder_send
from tests.factories.needs import BuyerFactory
from tests.factories.organisations import MembershipFactory
from tests.factories.programmes import ApplicationFactory, ProgrammeFactory

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
def test_reminder_email_waits_for_worker_then_is_sent(database_queue):
    programme = ProgrammeFactory()
    staff = MembershipFactory(organisation=programme.owner).user
    buyer = BuyerFactory()
    MembershipFactory(organisation=buyer, user__email="anna@kommun.se")
    application = ApplicationFactory(programme=programme, organisation=buyer, approved=True)

    reminder_send(application=application, sent_by=staff)
    assert mail.outbox == []
    job = DBTaskResult.objects.get()
    assert job.status == TaskResultStatus.READY

    call_command("db_worker", batch=True, interval=0, verbosity=0)

    job.refresh_from_db()
    assert job.status == TaskResultStatus.SUCCESSFUL
    assert [m.to for m in mail.outbox] == [["anna@kommun.se"]]
