from django.apps import AppConfig


class SearchConfig(AppConfig):
    """Full-text search behind one selector: PostgreSQL text search, or SQLite FTS5."""

    name = "arena.search"
    verbose_name = "Search"
