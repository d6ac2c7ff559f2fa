from django.tasks import task

from arena.programmes.services import reminder_send_email


@task()
def reminder_send_task(*, reminder_id: int) -> int:
    return reminder_send_email(reminder_id=reminder_id)
