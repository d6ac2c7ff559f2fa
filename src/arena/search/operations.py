"""A migration operation that builds the SQLite FTS5 index of a table (PostgreSQL needs none)."""
# ruff: noqa: S608  # table and column names come from migration code, never from users

from typing import Any

from django.db.migrations.operations.base import Operation


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
