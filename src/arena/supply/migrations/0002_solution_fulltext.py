from django.db import migrations

from arena.search.operations import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("supply", "0001_initial")]

    operations = [
        FullTextIndex(
            table="supply_solution",
            columns=["title_sv", "title_en", "text_sv", "text_en", "deployment_requirements"],
        ),
    ]
