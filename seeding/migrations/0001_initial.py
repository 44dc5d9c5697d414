# The ledger moves here from core, where it was created (core 0001). Its table and
# rows stay as they are: this migration only tells Django the model now lives in
# seeding; 0002 then gives the table this app's name.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="LoadedSeedItem",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("object_id", models.PositiveBigIntegerField(help_text="The primary key of what was created, so later items can refer to it.", null=True)),
                        ("loaded_at", models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        "ordering": ["key"],
                        "db_table": "core_loadedseeditem",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
