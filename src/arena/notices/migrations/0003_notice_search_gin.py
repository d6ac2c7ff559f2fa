# On PostgreSQL, fulltext_filter's `@@` reads a GIN index on its text vector instead of building
# the vector for every row. The index expression must equal the query's, so the fields are those
# of NOTICE_SEARCH_FIELDS in notices/selectors.py, in the same order (a copy: migrations do not import app code;
# tests/search/test_index.py checks they stay equal). SQLite has its FTS5 table instead.
from django.db import migrations

from arena.search.operations import PostgresSearchIndex

SEARCH_FIELDS = ["title", "description", "buyer_name"]


class Migration(migrations.Migration):
    dependencies = [("notices", "0002_notice_fulltext")]

    operations = [
        PostgresSearchIndex(
            model_name="Notice", fields=SEARCH_FIELDS, name="notices_notice_search_gin"
        )
    ]
