"""manage.py restore ARCHIVE: put back a backup made by `manage.py backup`."""

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, restore


class Command(BaseCommand):
    help = "Replace the database and the uploads with those in a backup, checking every checksum."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="A .tar file written by `manage.py backup`.")
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, archive, interactive, **options):
        if interactive:
            answer = input(
                "This replaces the whole database and every upload with the backup's. "
                "Type 'yes' to go on: "
            )
            if answer != "yes":
                raise CommandError("Nothing was restored.")
        try:
            manifest, now = restore(archive)
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        for kind, expected in manifest["content"].items():
            if now[kind] != expected:
                raise CommandError(
                    f"Restored, but the {kind} differ from the backup's: "
                    f"{now[kind]['count']} now, {expected['count']} in the backup."
                )
        self.stdout.write(
            self.style.SUCCESS(f"Restored {archive} (made {manifest['created']}): ")
            + ", ".join(f"{c['count']} {kind}" for kind, c in now.items())
            + ", every checksum as in the backup."
        )
