"""Messages sent through the contact page hold people's names and addresses: the
Moderators read and export them (Forms), as they do shared stories."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    config = apps.get_app_config("contact")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    moderators, _ = Group.objects.get_or_create(name="Moderators")
    moderators.permissions.add(
        Permission.objects.get(content_type__app_label="contact", codename="read_messages")
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Moderators"):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="contact", codename="read_messages")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0001_editors_and_moderators"),
        ("contact", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
