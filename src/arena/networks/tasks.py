from django.tasks import task

from arena.networks.services import invitation_send_email


@task()
def network_invitation_send_task(*, invitation_id: int, language: str) -> bool:
    return invitation_send_email(invitation_id=invitation_id, language=language)
