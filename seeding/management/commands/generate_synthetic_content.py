"""Adds made-up resources and events so the site can be measured at scale (`make bench`).

Everything it creates is marked as synthetic where a visitor would see it: titles
read "Synthetic resource 0042" or "Synthetic event 0007", authors are "Synthetic
Author 7" or "Synthetic Organisation 3", topics "Synthetic topic 2", documents
"Synthetic document 0042", and every summary, body and PDF says the item is generated
benchmark data. Never run it on a site the public can see.

It needs the real content first (`load_site_content`): resources go under the
existing resource library, with the existing resource types; each has one to four
authors (people and organisations), one or two topics, up to two partners, a short
body, and one in five a PDF with text of its own, which search reads. One in ten is
linked to the first project (so its page has a long list to show) and one in thirty
to the last as well. Of the events, a third stand alone under the events index, a third
are sessions of its first series (the Elevenses) and a third are sessions of made-up
series ("Synthetic series 01", ten weekly sessions each, with a schedule like an
editor's). Sessions are named by their date, as every session is. `--clear` removes
only what this command made, found by the marks above.

Pages are added through Wagtail's and treebeard's own API (`add_child`), live and
without revisions (an editor's first save makes one), so the tree, the search index
and the reference index are kept exactly as they are for an editor's pages. As an
editor's save does, each resource is indexed again once its authors, topics and
documents are saved, so search finds them."""

import random
import textwrap
from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, ReferenceIndex
from wagtail.search.backends import get_search_backend
from wagtail.signal_handlers import disable_reference_index_auto_update

from core.models import SiteDocument
from core.sections import Section, section_page
from events.models import EventPage, EventSeriesPage
from people.models import Organisation, Person
from projects.models import ProjectPage
from resources.models import (
    ResourceAuthor,
    ResourceDocument,
    ResourcePage,
    ResourceType,
    StoryPage,
    StoryPerson,
    Topic,
)

RESOURCE_SLUG = "synthetic-resource-"
EVENT_SLUG = "synthetic-event-"
EVENT_TITLE = "Synthetic event "
SERIES_SLUG = "synthetic-series-"
STORY_SLUG = "synthetic-story-"
STORY_TITLE = "Synthetic story "
# Every so many stand-alone past events get a recording (at a made-up address, shown
# as a link), so the Stories page lists events' recordings as well as stories.
RECORDING_EVERY = 4
SESSIONS_PER_SERIES = 10
AUTHOR_NAME = "Synthetic Author "
ORGANISATION_NAME = "Synthetic Organisation "
TOPIC_NAME = "Synthetic topic "
DOCUMENT_TITLE = "Synthetic document "
NOTICE = "Synthetic benchmark content, not a real {kind}."

# Dates are spread over these years; events run on into the future so that the
# "coming up" lists have something to show as well.
FIRST_YEAR = 2010
LAST_RESOURCE_YEAR = 2026
LAST_EVENT_YEAR = 2028
PROJECT_EVERY = 10
SECOND_PROJECT_EVERY = 30
DOCUMENT_EVERY = 5
INDEX_BATCH = 200
TOPICS = 8
# Words the synthetic bodies and PDFs are made of, so that searches for them find a
# spread of resources, and snippets have something to quote.
SUBJECTS = [
    "Neighbours",
    "Volunteers",
    "Young people",
    "Older residents",
    "Newcomers",
    "Council officers",
    "Teachers",
    "Shopkeepers",
    "Carers",
    "Artists",
]
ACTIONS = [
    "share meals with",
    "listen to",
    "write letters to",
    "garden alongside",
    "run a library for",
    "welcome",
    "check in on",
    "sing with",
    "build trust with",
    "organise a street party for",
]
OBJECTS = [
    "strangers",
    "families",
    "refugees",
    "each other",
    "isolated people",
    "commuters",
    "pupils",
    "patients",
    "tenants",
    "visitors",
]
PLACES = [
    "the estate",
    "a market town",
    "the high street",
    "a community centre",
    "the allotments",
    "a mosque",
    "a parish hall",
    "the library",
    "a football club",
    "the park",
]


class Command(BaseCommand):
    help = (
        "Add synthetic (clearly marked, made-up) resources and events for benchmarks, "
        "or remove them with --clear. Needs the real content loaded first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--resources", type=int, default=0, help="How many resources to add.")
        parser.add_argument("--events", type=int, default=0, help="How many events to add.")
        parser.add_argument("--stories", type=int, default=0, help="How many stories to add.")
        parser.add_argument(
            "--clear", action="store_true", help="Remove every synthetic page and author first."
        )
        parser.add_argument(
            "--seed", type=int, default=2012, help="Random seed, so runs are repeatable."
        )

    def handle(self, *args, resources, events, stories, clear, seed, **options):
        if resources < 0 or events < 0 or stories < 0:
            raise CommandError("--resources, --events and --stories must be zero or more.")
        library = section_page(Section.LIBRARY)
        event_index = section_page(Section.EVENTS)
        if library is None or event_index is None:
            raise CommandError(
                "There is no resource library or events index to add to. "
                "Load the real content first: python manage.py load_site_content"
            )
        if not clear and not resources and not events and not stories:
            raise CommandError(
                "Nothing to do: give --resources N, --events M, --stories S or --clear."
            )

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
        if stories:
            stories_page = section_page(Section.STORIES)
            if stories_page is None:
                raise CommandError("There is no Stories page to add stories to.")
            made = add_stories(stories_page, stories, rng)
            self.stdout.write(self.style.SUCCESS(f"Added {made} synthetic stories."))


def synthetic_resources():
    return ResourcePage.objects.filter(
        slug__startswith=RESOURCE_SLUG, title__startswith="Synthetic"
    )


def synthetic_events():
    return EventPage.objects.filter(title__startswith=EVENT_TITLE)


def synthetic_stories():
    return StoryPage.objects.filter(slug__startswith=STORY_SLUG, title__startswith="Synthetic")


def synthetic_series_pages():
    return EventSeriesPage.objects.filter(
        slug__startswith=SERIES_SLUG, title__startswith="Synthetic"
    )


def clear_synthetic():
    ids = [
        *synthetic_resources().values_list("pk", flat=True),
        *synthetic_events().values_list("pk", flat=True),
        *synthetic_series_pages().values_list("pk", flat=True),
        *synthetic_stories().values_list("pk", flat=True),
    ]
    with transaction.atomic():
        # Treebeard's queryset delete keeps the tree's bookkeeping (numchild) right.
        pages = Page.objects.filter(pk__in=ids).delete()[1].get(Page._meta.label, 0)
        # Wagtail deletes each document's file once the deletion is committed.
        documents = synthetic_documents().delete()[1].get(SiteDocument._meta.label, 0)
        people = Person.objects.filter(name__startswith=AUTHOR_NAME).delete()[1]
        organisations = Organisation.objects.filter(name__startswith=ORGANISATION_NAME).delete()
        topics = Topic.objects.filter(name__startswith=TOPIC_NAME).delete()[1]
    return (
        pages
        + documents
        + people.get(Person._meta.label, 0)
        + organisations[1].get(Organisation._meta.label, 0)
        + topics.get(Topic._meta.label, 0)
    )


def synthetic_documents():
    return SiteDocument.objects.filter(
        title__startswith=DOCUMENT_TITLE, file__contains="synthetic-document-"
    )


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


def organisations_pool(count):
    """Synthetic Organisation 1 … n, authors and partners, shared by later runs."""
    existing = set(
        Organisation.objects.filter(name__startswith=ORGANISATION_NAME).values_list(
            "name", flat=True
        )
    )
    for i in range(1, count + 1):
        if f"{ORGANISATION_NAME}{i}" not in existing:
            Organisation.objects.create(
                name=f"{ORGANISATION_NAME}{i}",
                description=NOTICE.format(kind="organisation"),
            )
    return list(Organisation.objects.filter(name__startswith=ORGANISATION_NAME).order_by("pk"))


def topics_pool():
    """Synthetic topic 1 … TOPICS, shared by later runs."""
    for i in range(1, TOPICS + 1):
        Topic.objects.get_or_create(
            slug=f"synthetic-topic-{i}",
            defaults={"name": f"{TOPIC_NAME}{i}", "description": NOTICE.format(kind="topic")},
        )
    return list(Topic.objects.filter(name__startswith=TOPIC_NAME).order_by("pk"))


def sentences(rng, count):
    return " ".join(
        f"{rng.choice(SUBJECTS)} {rng.choice(ACTIONS)} {rng.choice(OBJECTS)} in "
        f"{rng.choice(PLACES)}."
        for _ in range(count)
    )


def pdf_with_text(lines):
    """A small, valid PDF whose pages carry `lines` as real text (Helvetica, about 50
    lines a page), which pypdf reads back as search does. Built by hand: a PDF is a
    handful of numbered objects, a table of their byte offsets and a trailer."""

    def literal(line):
        data = line.encode("cp1252", "replace")
        return (
            b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"
        )

    pages = [lines[i : i + 50] for i in range(0, len(lines), 50)] or [[]]
    font = 3 + 2 * len(pages)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % (3 + 2 * i) for i in range(len(pages)))
        + b"] /Count %d >>" % len(pages),
    ]
    for i, page_lines in enumerate(pages):
        text = b" T* ".join(literal(line) + b" Tj" for line in page_lines)
        stream = b"BT /F1 11 Tf 14 TL 56 780 Td " + text + b" ET"
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>" % (font, 4 + 2 * i)
        )
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )

    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def add_document(number, rng):
    """A PDF of its own for resource `number`: a few paragraphs of made-up sentences,
    so searches for their words find different resources."""
    lines = [
        f"Synthetic document {number}",
        NOTICE.format(kind="publication"),
        *textwrap.wrap(sentences(rng, rng.randint(6, 14)), 80),
        f"Reference code SYN{number}.",
    ]
    document = SiteDocument(title=f"{DOCUMENT_TITLE}{number}")
    document.file.save(
        f"synthetic-document-{number}.pdf", ContentFile(pdf_with_text(lines)), save=False
    )
    document.save()
    return document


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
    people = authors_pool(max(10, (first - 1 + count) // 20))
    organisations = organisations_pool(max(5, (first - 1 + count) // 100))
    topics = topics_pool()
    projects = list(ProjectPage.objects.order_by("path"))
    dates = spread_dates(rng, count, FIRST_YEAR, LAST_RESOURCE_YEAR)
    search_backend, made = get_search_backend(), []
    with transaction.atomic():
        for offset, published in enumerate(dates):
            serial = first + offset
            number = f"{serial:04d}"
            document = add_document(number, rng) if serial % DOCUMENT_EVERY == 0 else None
            page = ResourcePage(
                title=f"Synthetic resource {number}",
                slug=f"{RESOURCE_SLUG}{number}",
                introduction=(
                    f"{NOTICE.format(kind='publication')} A made-up item about kindness, "
                    "generated to measure the resource library at scale."
                ),
                publication_date=published,
                resource_type=rng.choice(types),
                read_action=(
                    ResourcePage.ReadAction.DOCUMENT if document else ResourcePage.ReadAction.NONE
                ),
                body=[
                    {
                        "type": "paragraph",
                        "value": f"<p>{NOTICE.format(kind='publication')} "
                        f"{sentences(rng, rng.randint(2, 4))}</p>",
                    }
                ],
            )
            page.projects = (
                [
                    project
                    for project, every in (
                        (projects[0], PROJECT_EVERY),
                        (projects[-1], SECOND_PROJECT_EVERY),
                    )
                    if serial % every == 0
                ]
                if projects
                else []
            )
            page.topics = rng.sample(topics, rng.randint(1, 2))
            page.partners = rng.sample(organisations, rng.randint(0, 2))
            # One to four authors, about one in five of them an organisation.
            credited = [
                {"organisation": rng.choice(organisations)}
                if rng.random() < 0.2
                else {"person": rng.choice(people)}
                for _ in range(rng.randint(1, 4))
            ]
            unique = list({tuple(c.items()): c for c in credited}.values())
            page.authors = [ResourceAuthor(sort_order=order, **c) for order, c in enumerate(unique)]
            page.attachments = [ResourceDocument(document=document)] if document else []
            # Saving the page saves each author and attachment row after it, and each
            # of those saves would rebuild the page's references again: they are
            # recorded once, when all are saved.
            with disable_reference_index_auto_update():
                add_live(library, page)
            ReferenceIndex.create_or_update_for_object(page)
            made.append(page)
            if len(made) == INDEX_BATCH or offset == count - 1:
                # The first save indexed each page for search before its authors,
                # topics and document were saved with it; an editor's next save (the
                # revision) would index it again, and so does this, a batch at a time.
                search_backend.add_bulk(ResourcePage, made)
                made = []
    return count


def add_events(event_index, series, count, rng):
    """A third stand alone, a third are sessions of `series` (if there is one) and a
    third sessions of synthetic series. Every session is named by its date."""
    first = next_event_number()
    days = spread_dates(rng, count, FIRST_YEAR, LAST_EVENT_YEAR)
    homes = ["index", "series", "synthetic"] if series is not None else ["index", "synthetic"]
    taken = (
        set(EventPage.objects.child_of(series).values_list("slug", flat=True)) if series else set()
    )
    synthetic_series, sessions_left = None, 0
    with transaction.atomic():
        for offset, day in enumerate(days):
            number = f"{first + offset:04d}"
            home = homes[offset % len(homes)]
            event = EventPage(
                title=f"{EVENT_TITLE}{number}",
                slug=f"{EVENT_SLUG}{number}",
                introduction=(
                    f"{NOTICE.format(kind='event')} A made-up session on kindness, "
                    "generated to measure the events pages at scale."
                ),
                event_format=rng.choice(list(EventPage.Format.values)),
            )
            if home == "synthetic":
                if not sessions_left:
                    synthetic_series = add_series(event_index, day)
                    sessions_left = SESSIONS_PER_SERIES
                day = synthetic_series.first_session + timedelta(
                    weeks=SESSIONS_PER_SERIES - sessions_left
                )
                sessions_left -= 1
                parent, event.slug = synthetic_series, day.isoformat()
            elif home == "series":
                while day.isoformat() in taken:  # one session a day
                    day += timedelta(days=1)
                taken.add(day.isoformat())
                parent, event.slug = series, day.isoformat()
            else:
                parent = event_index
                if day < date.today() and offset % (len(homes) * RECORDING_EVERY) == 0:
                    event.recording_url = f"https://video.example.org/{EVENT_SLUG}{number}"
            event.starts_at = timezone.make_aware(
                datetime.combine(day, time(rng.choice([10, 11, 14, 18])))
            )
            event.ends_at = event.starts_at + timedelta(hours=1)
            add_live(parent, event)
    return count


def add_stories(stories_page, count, rng):
    """Written stories, short videos and recordings (no media: none is real), each
    with one of the synthetic people in it."""
    people = authors_pool(40)
    kinds = [StoryPage.Kind.WRITTEN, StoryPage.Kind.VIDEO, StoryPage.Kind.WEBINAR]
    first = next_number(synthetic_stories(), STORY_SLUG)
    days = spread_dates(rng, count, FIRST_YEAR, LAST_RESOURCE_YEAR)
    with transaction.atomic():
        for offset, day in enumerate(days):
            number = f"{first + offset:04d}"
            story = add_live(
                stories_page,
                StoryPage(
                    title=f"{STORY_TITLE}{number}",
                    slug=f"{STORY_SLUG}{number}",
                    kind=kinds[offset % len(kinds)],
                    date=day,
                    introduction=f"{NOTICE.format(kind='story')} {sentences(rng, 1)}",
                ),
            )
            StoryPerson.objects.create(page=story, person=rng.choice(people), sort_order=0)
    return count


def add_series(event_index, first_day):
    """A made-up weekly series, its schedule set as an editor would set it."""
    number = next_number(synthetic_series_pages(), SERIES_SLUG)
    return add_live(
        event_index,
        EventSeriesPage(
            title=f"Synthetic series {number:02d}",
            slug=f"{SERIES_SLUG}{number:02d}",
            introduction=f"{NOTICE.format(kind='series')} Made-up weekly sessions.",
            schedule="Synthetic: weekly",
            first_session=first_day,
            last_session=first_day + timedelta(weeks=SESSIONS_PER_SERIES - 1),
            session_starts=time(11),
            session_ends=time(12),
            session_format=EventPage.Format.ONLINE,
        ),
    )


def next_event_number():
    """Events are numbered in their titles (sessions' slugs are their dates)."""
    numbers = [
        int(title.removeprefix(EVENT_TITLE))
        for title in synthetic_events().values_list("title", flat=True)
        if title.removeprefix(EVENT_TITLE).isdigit()
    ]
    return max(numbers, default=0) + 1
