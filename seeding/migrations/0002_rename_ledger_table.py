# The ledger's table takes this app's name (core_loadedseeditem becomes
# seeding_loadedseeditem, rows and all), and its content type follows it, so its
# permissions keep their ids rather than being made anew.

from django.db import migrations


def move_content_type(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        db = schema_editor.connection.alias
        if not ContentType.objects.using(db).filter(app_label=to_app, model="loadedseeditem").exists():
            ContentType.objects.using(db).filter(
                app_label=from_app, model="loadedseeditem"
            ).update(app_label=to_app)

    return move


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("seeding", "0001_initial"),
    ]

    operations = [
        migrations.AlterModelTable(name="loadedseeditem", table=None),
        migrations.RunPython(
            move_content_type("core", "seeding"), move_content_type("seeding", "core")
        ),
    ]
