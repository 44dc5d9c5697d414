from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from seeding.loader import Loader
from seeding.parser import SEED_FILE, parse_seed, read_editorial


class Command(BaseCommand):
    help = "Load the real content from the seed into the site. Safe to run again."

    def handle(self, *args, **options):
        seed_dir = settings.SEED_DIR
        loader = Loader(parse_seed(seed_dir / SEED_FILE), read_editorial(seed_dir))
        with transaction.atomic():
            loader.run()
        if loader.created:
            self.stdout.write(self.style.SUCCESS(f"Loaded {loader.created} items from the seed."))
        else:
            self.stdout.write("The site already has the seed content; nothing to do.")
