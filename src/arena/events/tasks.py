from django.tasks import task

from arena.events import services


@task()
def schedule_run_task(*, run_id: int) -> int | None:
    """Compute a queued "schedule all"; returns how many meetings it placed."""
    run = services.schedule_run_execute(run_id=run_id)
    return run.meetings if run is not None else None


@task()
def schedule_notify_task(*, event_id: int) -> int:
    return services.schedule_notify(event_id=event_id)


@task()
def follow_ups_send_task() -> int:
    return services.follow_ups_send_due()
