"""Adds made-up resources and events so the site can be measured at scale (`make bench`).

Everything it creates is marked as synthetic where a visitor would see it: titles
read "Synthetic resource 0042" or "Synthetic event 0007", authors are "Synthetic
Author 7", and every summary says the item is generated benchmark data. Never run it
on a site the public can see.

It needs the real content first (`load_site_content`): resources go under the
existing resource library, with the existing resource types, one in ten linked to the
first project; events go under the events index and, every other one, its first
series (the Elevenses). `--clear` removes only what this command made, found by the
marks above.

Pages are added through Wagtail's and treebeard's own API (`add_child`), live and
without revisions (an editor's first save makes one), so the tree, the search index
and the reference index are kept exactly as they are for an editor's pages."""

import random
from datetime import date, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page

from core.sections import Section, section_page
from events.models import EventPage, EventSeriesPage
from people.models import Person
from projects.models import ProjectPage
from resources.models import ResourceAuthor, ResourcePage, ResourceType

RESOURCE_SLUG = "synthetic-resource-"
EVENT_SLUG = "synthetic-event-"
AUTHOR_NAME = "Synthetic Author "
NOTICE = "Synthetic benchmark content, not a real {kind}."

# Dates are spread over these years; events run on into the future so that the
# "coming up" lists have something to show as well.
FIRST_YEAR = 2010
LAST_RESOURCE_YEAR = 2026
LAST_EVENT_YEAR = 2028
PROJECT_EVERY = 10


class Command(BaseCommand):
    help = (
        "Add synthetic (clearly marked, made-up) resources and events for benchmarks, "
        "or remove them with --clear. Needs the real content loaded first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=0, help="How many resources to add.")
        parser.add_argument("--events", type=int, default=0, help="How many events to add.")
        parser.add_argument(
            "--clear", action="store_true", help="Remove every synthetic page and author first."
        )
        parser.add_argument(
            "--seed", type=int, default=2012, help="Random seed, so runs are repeatable."
        )

    def handle(self, *args, resources, events, clear, seed, **options):
        if resources < 0 or events < 0:
            raise CommandError("--resources and --events must be zero or more.")
        library = section_page(Section.LIBRARY)
        event_index = section_page(Section.EVENTS)
        if library is None or event_index is None:
            raise CommandError(
                "There is no resource library or events index to add to. "
                "Load the real content first: python manage.py load_site_content"
            )
        if not clear and not resources and not events:
            raise CommandError("Nothing to do: give --resources N, --events M or --clear.")

        if clear:
            removed = clear_synthetic()
            self.stdout.write(f"Removed {removed} synthetic pages and authors.")

        rng = random.Random(seed)
        if resources:
            made = add_resources(library, resources, rng)
            self.stdout.write(self.style.SUCCESS(f"Added {made} synthetic resources."))
        if events:
            series = EventSeriesPage.objects.child_of(event_index).first()
            made = add_events(event_index, series, events, rng)
            self.stdout.write(self.style.SUCCESS(f"Added {made} synthetic events."))


def synthetic_resources():
    return ResourcePage.objects.filter(
        slug__startswith=RESOURCE_SLUG, title__startswith="Synthetic"
    )


def synthetic_events():
    return EventPage.objects.filter(slug__startswith=EVENT_SLUG, title__startswith="Synthetic")


def clear_synthetic():
    ids = [
        *synthetic_resources().values_list("pk", flat=True),
        *synthetic_events().values_list("pk", flat=True),
    ]
    with transaction.atomic():
        # Treebeard's queryset delete keeps the tree's bookkeeping (numchild) right.
        pages = Page.objects.filter(pk__in=ids).delete()[1].get(Page._meta.label, 0)
        authors = Person.objects.filter(name__startswith=AUTHOR_NAME).delete()[1]
    return pages + authors.get(Person._meta.label, 0)


def next_number(queryset, prefix):
    """Numbers continue from the last run, so a second run adds rather than clashes."""
    numbers = [
        int(slug.removeprefix(prefix))
        for slug in queryset.values_list("slug", flat=True)
        if slug.removeprefix(prefix).isdigit()
    ]
    return max(numbers, default=0) + 1


def spread_dates(rng, count, first_year, last_year):
    start = date(first_year, 1, 1).toordinal()
    end = date(last_year, 12, 31).toordinal()
    return [date.fromordinal(rng.randint(start, end)) for _ in range(count)]


def authors_pool(count):
    """Synthetic Author 1 … n, created once and shared by later runs."""
    existing = set(
        Person.objects.filter(name__startswith=AUTHOR_NAME).values_list("name", flat=True)
    )
    for i in range(1, count + 1):
        if f"{AUTHOR_NAME}{i}" not in existing:
            Person.objects.create(name=f"{AUTHOR_NAME}{i}", role="Synthetic benchmark author")
    return list(Person.objects.filter(name__startswith=AUTHOR_NAME).order_by("pk"))


def add_live(parent, page):
    """Add `page` under `parent`, live, as a page published today would be."""
    now = timezone.now()
    page.live = True
    page.first_published_at = page.last_published_at = now
    parent.add_child(instance=page)
    return page


def add_resources(library, count, rng):
    types = list(ResourceType.objects.order_by("name"))
    if not types:
        raise CommandError("There are no resource types; load the real content first.")
    first = next_number(synthetic_resources(), RESOURCE_SLUG)
    authors = authors_pool(max(10, (first - 1 + count) // 20))
    # One in ten belongs to the first project, so its page has a long list to show too.
    project = ProjectPage.objects.order_by("path").first()
    dates = spread_dates(rng, count, FIRST_YEAR, LAST_RESOURCE_YEAR)
    with transaction.atomic():
        for offset, published in enumerate(dates):
            number = f"{first + offset:04d}"
            page = ResourcePage(
                title=f"Synthetic resource {number}",
                slug=f"{RESOURCE_SLUG}{number}",
                introduction=(
                    f"{NOTICE.format(kind='publication')} A made-up item about kindness, "
                    "generated to measure the resource library at scale."
                ),
                publication_date=published,
                resource_type=rng.choice(types),
            )
            page.projects = [project] if (first + offset) % PROJECT_EVERY == 0 else []
            page.authors = [
                ResourceAuthor(person=person, sort_order=order)
                for order, person in enumerate(rng.sample(authors, rng.randint(1, 3)))
            ]
            add_live(library, page)
    return count


def add_events(event_index, series, count, rng):
    first = next_number(synthetic_events(), EVENT_SLUG)
    days = spread_dates(rng, count, FIRST_YEAR, LAST_EVENT_YEAR)
    # Every other event is a session of the series (if there is one), the rest stand alone.
    parents = [event_index, series] if series is not None else [event_index]
    with transaction.atomic():
        for offset, day in enumerate(days):
            number = f"{first + offset:04d}"
            starts = timezone.make_aware(datetime.combine(day, time(rng.choice([10, 11, 14, 18]))))
            add_live(
                parents[offset % len(parents)],
                EventPage(
                    title=f"Synthetic event {number}",
                    slug=f"{EVENT_SLUG}{number}",
                    introduction=(
                        f"{NOTICE.format(kind='event')} A made-up session on kindness, "
                        "generated to measure the events pages at scale."
                    ),
                    starts_at=starts,
                    ends_at=starts + timedelta(hours=1),
                    event_format=rng.choice(list(EventPage.Format.values)),
                ),
            )
    return count
