"""The two staff groups, as docs/editors.md describes them.

Wagtail's own migrations create "Editors" (add and edit pages, which then go to
moderation) and "Moderators" (also publish, lock and unlock), give both the images,
documents and media of the root collection, and put the "Moderators approval" workflow
on the whole tree. What they cannot know about is this site's own models: the people,
organisations, topics and resource types that pages credit and are filtered by, the
stories visitors share, and the redirects that keep partners' links alive. This adds
those, so a new editor needs nothing but a group.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (app, model): the actions each group may take. Editors add and fix what they credit;
# removing it, and handling visitors' personal data, is for moderators.
EDITORS = {
    ("people", "person"): ("add", "change", "view"),
    ("people", "organisation"): ("add", "change", "view"),
    ("resources", "topic"): ("add", "change", "view"),
    ("resources", "resourcetype"): ("add", "change", "view"),
}
MODERATORS = {
    **{key: ("add", "change", "delete", "view") for key in EDITORS},
    ("resources", "storysubmission"): ("change", "delete", "view"),
    ("wagtailredirects", "redirect"): ("add", "change", "delete"),
}
GROUPS = {"Editors": EDITORS, "Moderators": MODERATORS}


def grant(apps, schema_editor):
    # Permissions are normally made after the last migration runs; this one needs them
    # now, so it makes them for the apps it names (a no-op where they exist).
    for label in {app for app, _ in MODERATORS}:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for (app, model), actions in grants.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app,
                    content_type__model=model,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GROUPS.items():
        group = Group.objects.filter(name=name).first()
        if group is None:
            continue
        for (app, model), actions in grants.items():
            group.permissions.remove(
                *Permission.objects.filter(
                    content_type__app_label=app,
                    codename__in=[f"{action}_{model}" for action in actions],
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailredirects", "0008_add_verbose_name_plural"),
        ("people", "0004_organisation_logo"),
        ("resources", "0009_shared_story_public_photo"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
