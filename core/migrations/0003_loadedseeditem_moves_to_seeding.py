# The ledger now belongs to the seeding app (seeding 0001 and 0002). Core forgets the
# model without touching the table, which seeding has taken over.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0002_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="LoadedSeedItem")],
            database_operations=[],
        ),
    ]
