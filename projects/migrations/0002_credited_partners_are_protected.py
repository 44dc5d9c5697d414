# An organisation credited as a project's funder or partner can no longer be deleted
# (Wagtail's delete view says where). on_delete lives in Django: no SQL runs.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
        ("projects", "0001_initial"),
    ]

    operations = [
        migrations.AlterField(
            model_name="projectpartnership",
            name="organisation",
            field=models.ForeignKey(help_text="The funder or partner (add new ones under Snippets › Organisations first).", on_delete=django.db.models.deletion.PROTECT, related_name="partnerships", to="people.organisation"),
        ),
    ]
