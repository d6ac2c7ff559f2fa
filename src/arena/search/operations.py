"""Migration operations for full-text search indexes, each for one database vendor.

- `FullTextIndex`: the SQLite FTS5 table of a model, kept in step by triggers.
- `PostgresSearchIndex`: the PostgreSQL GIN index on the vector `fulltext_filter` searches.

Neither touches the migration state: the index belongs to one vendor, and a model-state index
would make makemigrations want it on every database.
"""
# ruff: noqa: S608  # table and column names come from migration code, never from users

from typing import Any

from django.contrib.postgres.indexes import GinIndex
from django.db.migrations.operations.base import Operation

from arena.search.fulltext import search_vector


class FullTextIndex(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, table: str, columns: list[str]) -> None:
        self.table = table
        self.columns = columns

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _sql(self) -> list[str]:
        fts = f"{self.table}_fts"
        cols = ", ".join(self.columns)
        new = ", ".join(f"new.{c}" for c in self.columns)
        old = ", ".join(f"old.{c}" for c in self.columns)
        return [
            f"CREATE VIRTUAL TABLE {fts} USING fts5({cols}, content='{self.table}', "
            "content_rowid='id', tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TRIGGER {fts}_ai AFTER INSERT ON {self.table} BEGIN "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
            f"CREATE TRIGGER {fts}_ad AFTER DELETE ON {self.table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); END",
            f"CREATE TRIGGER {fts}_au AFTER UPDATE ON {self.table} BEGIN "
            f"INSERT INTO {fts}({fts}, rowid, {cols}) VALUES ('delete', old.id, {old}); "
            f"INSERT INTO {fts}(rowid, {cols}) VALUES (new.id, {new}); END",
            f"INSERT INTO {fts}({fts}) VALUES ('rebuild')",
        ]

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in self._sql():
                schema_editor.execute(statement)

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "sqlite":
            fts = f"{self.table}_fts"
            for suffix in ("ai", "ad", "au"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {fts}_{suffix}")
            schema_editor.execute(f"DROP TABLE IF EXISTS {fts}")

    def describe(self) -> str:
        return f"Full-text index on {self.table}"


class PostgresSearchIndex(Operation):
    reduces_to_sql = True
    reversible = True

    def __init__(self, model_name: str, fields: list[str], name: str) -> None:
        self.model_name = model_name
        self.fields = fields
        self.name = name

    def deconstruct(self) -> tuple[str, list[Any], dict[str, Any]]:
        kwargs = {"model_name": self.model_name, "fields": self.fields, "name": self.name}
        return self.__class__.__qualname__, [], kwargs

    def state_forwards(self, app_label: str, state: Any) -> None:
        pass

    def _index(self) -> GinIndex:
        return GinIndex(search_vector(self.fields), name=self.name)

    def database_forwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = to_state.apps.get_model(app_label, self.model_name)
            schema_editor.add_index(model, self._index())

    def database_backwards(
        self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any
    ) -> None:
        if schema_editor.connection.vendor == "postgresql":
            model = from_state.apps.get_model(app_label, self.model_name)
            schema_editor.remove_index(model, self._index())

    def describe(self) -> str:
        return f"Full-text GIN index {self.name} on {self.model_name} (PostgreSQL)"
