from django.db import migrations

from arena.search.operations import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]

    operations = [
        FullTextIndex(
            table="needs_challenge",
            columns=["title_sv", "title_en", "text_sv", "text_en", "problem", "desired_effects"],
        )
    ]
