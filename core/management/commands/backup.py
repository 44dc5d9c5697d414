"""manage.py backup: the database and the uploads in one archive (core/backups.py)."""

import os

from django.core.management.base import BaseCommand, CommandError

from core.backups import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup of the database and the uploads, with checksums, to one tar file."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=os.environ.get("BACKUP_DIR", "backups"),
            help="The folder to write it in (default: $BACKUP_DIR, else ./backups).",
        )

    def handle(self, *args, output, **options):
        try:
            archive, manifest = backup(output)
        except BackupError as problem:
            raise CommandError(str(problem)) from problem
        content = manifest["content"]
        self.stdout.write(
            self.style.SUCCESS(f"Backed up to {archive}")
            + f" ({archive.stat().st_size / 1e6:.1f} MB): "
            + ", ".join(f"{c['count']} {kind}" for kind, c in content.items())
            + f"; uploads {manifest['uploads']}."
        )
