"""Editors and Moderators choose the results promoted for a search term (Settings ›
Promoted search results); removing a promotion is for Moderators."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {"Editors": ("add", "change"), "Moderators": ("add", "change", "delete")}


def permissions(apps, actions):
    config = apps.get_app_config("wagtailsearchpromotions")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="wagtailsearchpromotions",
        codename__in=[f"{action}_searchpromotion" for action in actions],
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions(apps, actions))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, actions in GRANTS.items():
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*permissions(apps, actions))


class Migration(migrations.Migration):
    dependencies = [
        ("editorial", "0002_moderators_read_contact_messages"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
