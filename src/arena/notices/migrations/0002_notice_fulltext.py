# The notice list searches with arena.search.fulltext_filter like challenges and solutions do;
# on SQLite that needs an FTS5 index kept in step by triggers (PostgreSQL needs nothing).
from django.db import migrations

from arena.search.operations import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("notices", "0001_initial")]

    operations = [
        FullTextIndex(table="notices_notice", columns=["title", "description", "buyer_name"])
    ]
