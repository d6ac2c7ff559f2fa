from django.tasks import task

from arena.alerts.services import (
    notice_suggestions_rebuild,
    notice_suggestions_refresh_for_organisation,
)


@task()
def notice_suggestions_refresh_task(*, organisation_id: int) -> int:
    return notice_suggestions_refresh_for_organisation(organisation_id=organisation_id)


@task()
def notice_suggestions_rebuild_task() -> int:
    return notice_suggestions_rebuild()
