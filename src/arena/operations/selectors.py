"""Readiness: can this app server do its work? Each check answers True or False, never raises."""

import logging
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django_tasks_db.models import DBTaskResult

from arena.matches import pgvector
from arena.reference.models import CpvCode

logger = logging.getLogger(__name__)


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        row: tuple[int] | None = cursor.fetchone()
        return row == (1,)


def _task_queue() -> bool:
    # Only that the queue's table answers: its length is the workers' business.
    DBTaskResult.objects.exists()
    return True


def _reference() -> bool:
    # Without the CPV codes (`arena load-reference`) forms and matching cannot work.
    return CpvCode.objects.exists()


_migrations_seen_applied = False


def _migrations() -> bool:
    # Loading every migration file costs ~20 ms, on a public, unauthenticated probe. Once all
    # are applied they stay applied for this process: new migrations arrive with new code, and
    # new code means a restarted process.
    global _migrations_seen_applied
    if not _migrations_seen_applied:
        executor = MigrationExecutor(connection)
        _migrations_seen_applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
    return _migrations_seen_applied


def _vector_store() -> bool:
    # ARENA_VECTOR_STORE=pgvector means "never fall back": a server without it takes no traffic,
    # instead of starting and failing in every matching task.
    return settings.ARENA_VECTOR_STORE != "pgvector" or pgvector.enabled(connection)


READINESS_CHECKS: dict[str, Callable[[], bool]] = {
    "database": _database,
    "task_queue": _task_queue,
    "reference": _reference,
    "migrations": _migrations,
    "vector_store": _vector_store,
}


def readiness_checks() -> dict[str, bool]:
    results: dict[str, bool] = {}
    for name, check in READINESS_CHECKS.items():
        try:
            results[name] = check()
        except DatabaseError as error:
            # The probe's answer says only which check failed; the reason goes to the log.
            logger.warning("Readiness check %s failed: %s", name, error)
            results[name] = False
    return results
