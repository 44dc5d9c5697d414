"""manage.py import_resources FILE.csv [--dry-run] [--draft]: see docs/importing-resources.md."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.sections import Section, section_page
from resources import importer

BAR_WIDTH = 30


class Command(BaseCommand):
    help = (
        "Create or update library resources from a CSV file (title, type, authors, date, "
        "summary, topics, link). Nothing is imported if any row is bad."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The CSV file, UTF-8, with a header row.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would be done, and change nothing."
        )
        parser.add_argument(
            "--draft", action="store_true", help="Save new and changed resources as drafts."
        )

    def handle(self, *args, file, dry_run, draft, **options):
        library = section_page(Section.LIBRARY)
        if library is None:
            raise CommandError("There is no live library page to import into.")
        try:
            data = file.read_bytes()
        except OSError as problem:
            raise CommandError(f"Cannot read {file}: {problem.strerror}") from None

        plan = importer.check(data, library)
        for row in plan.rows:
            self.stdout.write(("would " if dry_run else "") + row.describe())
        if plan.errors:
            for error in plan.errors:
                self.stderr.write(error)
            raise CommandError(
                f"{len(plan.errors)} problem{'s' if len(plan.errors) != 1 else ''} "
                "found; nothing was imported."
            )
        if dry_run:
            self.stdout.write(f"Dry run: {plan.summary}. Nothing was changed.")
            return
        done = importer.run(plan, library, publish=not draft, progress=self.progress)
        state = "saved as drafts" if draft else "published"
        self.stdout.write(
            self.style.SUCCESS(f"Imported {len(done)} resources ({plan.outcome}), {state}.")
        )

    def progress(self, done, total):
        """A bar on the terminal for long imports; every tenth on a log."""
        if total < 20:
            return
        if sys.stderr.isatty():
            filled = BAR_WIDTH * done // total
            self.stderr.write(
                f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total}",
                ending="\n" if done == total else "",
            )
            self.stderr.flush()
        elif done == total or done % max(1, total // 10) == 0:
            self.stderr.write(f"imported {done}/{total}")
