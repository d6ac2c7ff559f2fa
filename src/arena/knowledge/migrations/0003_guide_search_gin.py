# On PostgreSQL, fulltext_filter's `@@` reads a GIN index on its text vector instead of building
# the vector for every row. The index expression must equal the query's, so the fields are those
# of SEARCH_FIELDS in knowledge/selectors.py, in the same order (a copy: migrations do not import app code;
# tests/search/test_index.py checks they stay equal). SQLite has its FTS5 table instead.
from django.db import migrations

from arena.search.operations import PostgresSearchIndex

SEARCH_FIELDS = ["title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en"]


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0002_guide_fulltext")]

    operations = [
        PostgresSearchIndex(
            model_name="Guide", fields=SEARCH_FIELDS, name="knowledge_guide_search_gin"
        )
    ]
