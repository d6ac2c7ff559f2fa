from django.tasks import task

from arena.readiness.services import readiness_reminders_send


@task()
def readiness_reminders_send_task() -> int:
    return readiness_reminders_send()
