"""The vector cache in pgvector (PostgreSQL with the extension) and the fallback elsewhere."""

import io

import numpy as np
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command
from django.db import connection

from arena.matches import pgvector, services
from arena.matches.models import TextVector
from arena.matches.store import DatabaseVectorStore, PgvectorVectorStore, vector_store

pytestmark = pytest.mark.django_db


def _has_pgvector() -> bool:
    return pgvector.extension_available(connection)


with_pgvector = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pgvector is a PostgreSQL extension",
)


def _superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        return bool(cursor.fetchone()[0])


@pytest.fixture
def pgvector_db():
    if not _has_pgvector():
        pytest.skip("this PostgreSQL server has no pgvector (tools/install-pgvector.sh)")
    if not pgvector.enabled(connection):
        # The migration leaves pgvector alone when the test role may not create it.
        assert not _superuser(), "the migration enables pgvector where a superuser may"
        pytest.skip("the test database role may not create the pgvector extension")
    # An empty table for each test; DDL is transactional in PostgreSQL, so the test's rollback
    # brings back whatever was there.
    pgvector.disable(connection)
    pgvector.enable(connection)


def _rows(key: str | None = None) -> int:
    """Rows in the table (of one key). Transactional tests elsewhere may leave vectors behind:
    Django's flush empties the tables of models only, and this one is a cache, not a model."""
    with connection.cursor() as cursor:
        if key is None:
            cursor.execute(f"SELECT count(*) FROM {pgvector.TABLE}")  # noqa: S608  # a constant
        else:
            cursor.execute(f"SELECT count(*) FROM {pgvector.TABLE} WHERE key = %s", [key])  # noqa: S608
        return int(cursor.fetchone()[0])


def test_vector_store_database_setting_always_uses_textvector(settings):
    settings.ARENA_VECTOR_STORE = "database"

    assert isinstance(vector_store(), DatabaseVectorStore)


def test_vector_store_unknown_setting_is_refused(settings):
    settings.ARENA_VECTOR_STORE = "faiss"

    with pytest.raises(ImproperlyConfigured, match="ARENA_VECTOR_STORE"):
        vector_store()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_vector_store_on_sqlite_falls_back_to_textvector(settings):
    settings.ARENA_VECTOR_STORE = "auto"
    assert isinstance(vector_store(), DatabaseVectorStore)

    settings.ARENA_VECTOR_STORE = "pgvector"
    with pytest.raises(ImproperlyConfigured, match="CREATE EXTENSION vector"):
        vector_store()


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite fallback")
def test_enable_pgvector_on_sqlite_says_it_needs_postgresql():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        call_command("enable_pgvector")


@with_pgvector
def test_vector_store_auto_uses_pgvector_when_enabled(pgvector_db, settings):
    settings.ARENA_VECTOR_STORE = "auto"

    assert isinstance(vector_store(), PgvectorVectorStore)


@with_pgvector
def test_pgvector_store_round_trips_float32_vectors_exactly(pgvector_db):
    rng = np.random.default_rng(7)
    vectors = {f"k{i}": rng.standard_normal(384).astype(np.float32) for i in range(3)}
    vectors["tiny"] = np.array([1e-30, -3.4e38, 0.0, 1.0], dtype=np.float32)
    store = PgvectorVectorStore()

    store.put_many(vectors)
    found = store.get_many(["k0", "k1", "k2", "tiny", "absent"])

    assert set(found) == {"k0", "k1", "k2", "tiny"}
    for key, vector in vectors.items():
        assert found[key].dtype == np.float32
        assert np.array_equal(found[key], vector), key


@with_pgvector
def test_pgvector_store_keeps_the_first_vector_of_a_key(pgvector_db):
    store = PgvectorVectorStore()
    store.put_many({"same": np.ones(4, dtype=np.float32)})

    store.put_many({"same": np.zeros(4, dtype=np.float32)})

    assert np.array_equal(store.get_many(["same"])["same"], np.ones(4, dtype=np.float32))
    assert _rows("same") == 1


@with_pgvector
def test_pgvector_table_dropped_falls_back_or_refuses(pgvector_db, settings):
    pgvector.disable(connection)  # rolled back with the test's transaction

    settings.ARENA_VECTOR_STORE = "auto"
    assert isinstance(vector_store(), DatabaseVectorStore)
    settings.ARENA_VECTOR_STORE = "pgvector"
    with pytest.raises(ImproperlyConfigured, match="arena enable-pgvector"):
        vector_store()


@with_pgvector
def test_enable_pgvector_copies_cached_vectors_once(pgvector_db):
    pgvector.disable(connection)
    cached = {f"key{i}": np.full(8, i, dtype=np.float32) for i in range(3)}
    TextVector.objects.bulk_create(TextVector(key=k, vector=v.tobytes()) for k, v in cached.items())
    out = io.StringIO()

    call_command("enable_pgvector", stdout=out)

    assert "3 cached vectors copied" in out.getvalue()
    found = PgvectorVectorStore().get_many(list(cached))
    assert all(np.array_equal(found[k], v) for k, v in cached.items())
    out = io.StringIO()
    call_command("enable_pgvector", stdout=out)
    assert "0 cached vectors copied" in out.getvalue()
    assert _rows() == 3


@with_pgvector
def test_suggestions_keep_vectors_in_pgvector_and_reuse_them(pgvector_db, challenge, solar):
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)
    stored = _rows()
    assert stored > 0
    assert not TextVector.objects.exists()

    services.match_engine_reset()  # a new worker process reads the same vectors
    services.suggestions_refresh_for_challenge(challenge_id=challenge.pk)

    assert _rows() == stored
    assert challenge.suggestions.filter(solution=solar).exists()


@with_pgvector
def test_enable_without_the_right_to_create_the_extension_changes_nothing(pgvector_db):
    if not _superuser():
        pytest.skip("needs a superuser to set up a role without the right")
    with connection.cursor() as cursor:
        cursor.execute(f"DROP EXTENSION {pgvector.EXTENSION} CASCADE")  # rolled back with the test
        cursor.execute("CREATE ROLE arena_test_no_superuser NOLOGIN")
        cursor.execute("GRANT CREATE ON SCHEMA public TO arena_test_no_superuser")
        cursor.execute("SET ROLE arena_test_no_superuser")
    try:
        with pytest.raises(pgvector.PgvectorUnavailable, match="CREATE EXTENSION vector"):
            pgvector.enable(connection)
        # Only the savepoint was rolled back: the test's transaction goes on.
        assert not pgvector.enabled(connection)
        with pytest.raises(CommandError, match="could not be enabled"):
            call_command("enable_pgvector")
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
