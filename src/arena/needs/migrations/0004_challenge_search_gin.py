# On PostgreSQL, fulltext_filter's `@@` reads a GIN index on its text vector instead of building
# the vector for every row. The index expression must equal the query's, so the fields are those
# of SEARCH_FIELDS in needs/selectors.py, in the same order (a copy: migrations do not import app code;
# tests/search/test_index.py checks they stay equal). SQLite has its FTS5 table instead.
from django.db import migrations

from arena.search.operations import PostgresSearchIndex

SEARCH_FIELDS = ["title_sv", "title_en", "text_sv", "text_en", "problem", "desired_effects"]


class Migration(migrations.Migration):
    dependencies = [("needs", "0003_challenge_programme_focusarea_programme")]

    operations = [
        PostgresSearchIndex(
            model_name="Challenge", fields=SEARCH_FIELDS, name="needs_challenge_search_gin"
        )
    ]
