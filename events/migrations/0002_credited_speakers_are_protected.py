# A person credited as a speaker can no longer be deleted (Wagtail's delete view says
# where they are credited). on_delete lives in Django, not the database: no SQL runs.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("events", "0001_initial"),
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="eventspeaker",
            name="person",
            field=models.ForeignKey(help_text="Add new people under Snippets › People first.", on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"),
        ),
    ]
