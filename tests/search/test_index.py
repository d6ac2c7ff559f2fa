"""The PostgreSQL GIN indexes behind full-text search (SQLite has FTS5 tables instead).

The planner uses an expression index only when the query's expression equals the index's, so the
tests ask PostgreSQL itself: EXPLAIN of each model's search must name its index.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Model

from arena.knowledge import selectors as knowledge_selectors
from arena.knowledge.models import Guide
from arena.needs import selectors as needs_selectors
from arena.needs.models import Challenge
from arena.notices import selectors as notices_selectors
from arena.notices.models import Notice
from arena.search.fulltext import fulltext_filter
from arena.search.operations import PostgresSearchIndex
from arena.supply import selectors as supply_selectors
from arena.supply.models import Solution
from tests.factories.knowledge import GuideFactory
from tests.factories.needs import ChallengeFactory
from tests.factories.notices import NoticeFactory
from tests.factories.supply import SolutionFactory

# model, the fields its selector searches, its migration, the index that migration creates
SEARCHES: list[tuple[type[Model], list[str], str, str]] = [
    (
        Challenge,
        list(needs_selectors.SEARCH_FIELDS),
        "arena.needs.migrations.0004_challenge_search_gin",
        "needs_challenge_search_gin",
    ),
    (
        Solution,
        list(supply_selectors.SOLUTION_SEARCH_FIELDS),
        "arena.supply.migrations.0003_solution_search_gin",
        "supply_solution_search_gin",
    ),
    (
        Notice,
        list(notices_selectors.NOTICE_SEARCH_FIELDS),
        "arena.notices.migrations.0003_notice_search_gin",
        "notices_notice_search_gin",
    ),
    (
        Guide,
        list(knowledge_selectors.SEARCH_FIELDS),
        "arena.knowledge.migrations.0003_guide_search_gin",
        "knowledge_guide_search_gin",
    ),
]
IDS = [model.__name__ for model, *_ in SEARCHES]

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the GIN indexes exist only on PostgreSQL; SQLite searches its FTS5 tables",
)


@pytest.mark.parametrize(("model", "fields", "migration", "index"), SEARCHES, ids=IDS)
def test_search_index_migration_fields_equal_selector_fields(model, fields, migration, index):
    operation = importlib.import_module(migration).Migration.operations[0]
    assert isinstance(operation, PostgresSearchIndex)
    # Same fields in the same order: any difference makes the index useless to the query.
    assert operation.fields == fields
    assert operation.model_name == model.__name__
    assert operation.name == index


@pytest.mark.django_db
@postgresql_only
def test_search_index_migrations_create_gin_indexes_on_postgresql():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, tablename, indexdef FROM pg_indexes WHERE indexname = ANY(%s)",
            [[index for *_, index in SEARCHES]],
        )
        found = {name: (table, definition) for name, table, definition in cursor.fetchall()}
    for model, _fields, _migration, index in SEARCHES:
        table, definition = found[index]
        assert table == model._meta.db_table
        assert "USING gin" in definition
        assert "to_tsvector('swedish'" in definition
        assert "to_tsvector('english'" in definition


@pytest.mark.django_db
@postgresql_only
@pytest.mark.parametrize(("model", "fields", "migration", "index"), SEARCHES, ids=IDS)
def test_search_index_used_by_fulltext_filter_on_postgresql(model, fields, migration, index):
    with connection.cursor() as cursor:
        # The test tables are tiny, so a sequential scan would always win, or a whole-index scan
        # of a btree that gives the model's default ordering (notices); with both off only a
        # bitmap scan, which needs an index condition, is left. SET LOCAL lasts until the test's
        # transaction is rolled back.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    queryset = fulltext_filter(model.objects.all(), query="energi sol", fields=fields)
    plan = queryset.explain()
    assert index in plan, plan


@pytest.mark.django_db
@postgresql_only
def test_search_index_operation_drops_and_recreates_index_on_postgresql():
    operation = PostgresSearchIndex(
        model_name="Solution",
        fields=list(supply_selectors.SOLUTION_SEARCH_FIELDS),
        name="supply_solution_search_gin",
    )
    state = SimpleNamespace(apps=apps)

    def exists() -> bool:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_indexes WHERE indexname = %s", ["supply_solution_search_gin"]
            )
            return cursor.fetchone() is not None

    # DDL is transactional on PostgreSQL: the test's rollback undoes all of this.
    with connection.schema_editor() as editor:
        operation.database_backwards("supply", editor, state, state)
    assert not exists()
    with connection.schema_editor() as editor:
        operation.database_forwards("supply", editor, state, state)
    assert exists()


@pytest.mark.django_db
def test_search_index_migrations_create_nothing_on_sqlite():
    if connection.vendor != "sqlite":
        pytest.skip("checks the SQLite no-op; PostgreSQL is covered by the tests above")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name LIKE '%search_gin'")
        assert cursor.fetchall() == []
        # The FTS5 tables are what SQLite searches, still made by the earlier migrations.
        for model, *_ in SEARCHES:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE name = %s", [f"{model._meta.db_table}_fts"]
            )
            assert cursor.fetchone() is not None


@pytest.mark.django_db
def test_search_results_unchanged_by_index_on_every_model():
    """On both vendors: each model's search finds the Swedish and English words it should."""
    made = {
        Challenge: (
            ChallengeFactory(text_sv="Solpaneler och energilager.", text_en="Solar energy."),
            ChallengeFactory(),
        ),
        Solution: (
            SolutionFactory(published=True, text_sv="Solpaneler och energilager."),
            SolutionFactory(published=True),
        ),
        Notice: (
            NoticeFactory(description="Köp av solpaneler och energilager."),
            NoticeFactory(),
        ),
        Guide: (
            GuideFactory(body_sv="## Solpaneler\n\nEnergilager.\n", body_en="Solar energy."),
            GuideFactory(),
        ),
    }
    for model, fields, _migration, _index in SEARCHES:
        hit, miss = made[model]
        found = list(fulltext_filter(model.objects.all(), query="solpan energi", fields=fields))
        assert found == [hit], model.__name__
        assert miss not in found
