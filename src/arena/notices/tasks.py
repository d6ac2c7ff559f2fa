from django.conf import settings
from django.tasks import task

from arena.notices.services import notices_cpv_examples_write
from arena.reference.suggest import cpv_embedder


@task()
def notices_cpv_examples_task() -> int:
    embedder = cpv_embedder()
    if embedder is None:  # suggestions read the labels' words only: examples would go unread
        return 0
    return notices_cpv_examples_write(embedder=embedder, path=settings.ARENA_CPV_EXAMPLES_FILE)
