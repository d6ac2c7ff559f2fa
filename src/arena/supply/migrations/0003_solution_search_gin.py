# On PostgreSQL, fulltext_filter's `@@` reads a GIN index on its text vector instead of building
# the vector for every row. The index expression must equal the query's, so the fields are those
# of SOLUTION_SEARCH_FIELDS in supply/selectors.py, in the same order (a copy: migrations do not import app code;
# tests/search/test_index.py checks they stay equal). SQLite has its FTS5 table instead.
from django.db import migrations

from arena.search.operations import PostgresSearchIndex

SEARCH_FIELDS = ["title_sv", "title_en", "text_sv", "text_en", "deployment_requirements"]


class Migration(migrations.Migration):
    dependencies = [("supply", "0002_solution_fulltext")]

    operations = [
        PostgresSearchIndex(
            model_name="Solution", fields=SEARCH_FIELDS, name="supply_solution_search_gin"
        )
    ]
