# The funder's page is a foreign key to Wagtail's Page, no longer to
# projects.PartnerPage, so core depends on no app above it. A page's id is the same in
# both tables: every value stays valid. The admin's chooser still offers partner pages.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("core", "0003_loadedseeditem_moves_to_seeding"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [
        migrations.AlterField(
            model_name="sitesettings",
            name="funder_page",
            field=models.ForeignKey(blank=True, help_text="Optional: the funder's partner page, linked from the footer (shown only when there is an acknowledgement).", null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="wagtailcore.page"),
        ),
    ]
