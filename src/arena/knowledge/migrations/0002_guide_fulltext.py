from django.db import migrations

from arena.search.operations import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]

    operations = [
        FullTextIndex(
            table="knowledge_guide",
            columns=["title_sv", "title_en", "summary_sv", "summary_en", "body_sv", "body_en"],
        ),
    ]
