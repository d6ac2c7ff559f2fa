from django.conf import settings
from django.tasks import task

from arena.reference.services import cpv_examples_embed
from arena.reference.suggest import cpv_embedder


@task()
def cpv_examples_embed_task() -> int:
    embedder = cpv_embedder()
    if embedder is None or not settings.ARENA_CPV_EXAMPLES_MAX:  # vectors would go unread
        return 0
    return cpv_examples_embed(embedder=embedder)
