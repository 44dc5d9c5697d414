"""What the Stories page lists: its stories, and the recordings editors added to
event pages, so a webinar's recording is entered once, on its event, and found here
too. An event whose recording a story already tells is listed once, as the story.

Filters, in the query string as everywhere: `kind` (video, podcast, recording, written),
`person` (a person's slug), `year`, `page`. A value that names nothing is dropped and
named on the page, never an error."""

from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import DateField, Q
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone
from wagtail.models import Page

from core.listing import paginate, read_choices
from events.models import EventPage, EventSpeaker
from people.models import Person

PER_PAGE = 12

KINDS = [
    ("video", "Short videos"),
    ("podcast", "Podcast episodes"),
    ("recording", "Recordings"),
    ("written", "Written stories"),
]


def story_models():
    # resources/models.py builds the Stories page on this module, so the story models
    # are found through Django's app registry when a listing is asked for (as
    # resources/feeds.py does), rather than by importing the module that imports this.
    return apps.get_model("resources", "StoryPage"), apps.get_model("resources", "StoryPerson")


def listed(stories_page):
    """Every page the Stories page lists, as Page rows with `when` (a date) to order by."""
    story, _ = story_models()
    stories = story.objects.live().public().child_of(stories_page)
    told = story.objects.live().filter(event__isnull=False).values("event_id")
    recordings = (
        EventPage.objects.live()
        .public()
        .exclude(recording_url="")
        .filter(ends_at__lt=timezone.now())
        .exclude(pk__in=told)
    )
    london = ZoneInfo(settings.TIME_ZONE)
    return Page.objects.filter(
        Q(pk__in=stories.values("pk")) | Q(pk__in=recordings.values("pk"))
    ).annotate(
        when=Coalesce(
            "storypage__date",
            TruncDate("eventpage__starts_at", tzinfo=london),
            TruncDate("first_published_at", tzinfo=london),
            output_field=DateField(),
        )
    )


@dataclass
class StoryFilters:
    kind_options: list
    person_options: list  # [(slug, name)]
    year_options: list  # newest first
    kind: str = ""
    person: str = ""
    year: str = ""
    unknown: list = field(default_factory=list)

    @classmethod
    def read(cls, request, pages):
        story, story_person = story_models()
        ids = pages.values("pk")
        people = Person.objects.filter(
            Q(pk__in=story_person.objects.filter(page__in=ids).values("person_id"))
            | Q(pk__in=EventSpeaker.objects.filter(page__in=ids).values("person_id"))
        ).order_by("name")
        years = sorted(
            {
                year
                for year in pages.annotate(year=ExtractYear("when")).values_list("year", flat=True)
                if year
            },
            reverse=True,
        )
        filters = cls(KINDS, [(p.slug, p.display_name) for p in people], years)
        return read_choices(
            request,
            filters,
            {
                "kind": ("kind of story", {value for value, _ in KINDS}),
                "person": ("person", {slug for slug, _ in filters.person_options}),
            },
        )

    @property
    def applied(self):
        return {"kind": self.kind, "person": self.person, "year": self.year}

    @property
    def is_filtered(self):
        return any(self.applied.values())

    def narrow(self, pages):
        story, story_person = story_models()
        if self.kind == "recording":
            pages = pages.filter(Q(storypage__kind="webinar") | Q(eventpage__isnull=False))
        elif self.kind:
            pages = pages.filter(storypage__kind=self.kind)
        if self.person:
            pages = pages.filter(
                Q(pk__in=story_person.objects.filter(person__slug=self.person).values("page_id"))
                | Q(pk__in=EventSpeaker.objects.filter(person__slug=self.person).values("page_id"))
            )
        if self.year:
            pages = pages.filter(when__year=int(self.year))
        return pages

    def name(self):
        """ "Podcast episodes with Jo Broadwood in 2021"."""
        words = [dict(KINDS)[self.kind] if self.kind else "Stories"]
        if self.person:
            words.append(f"with {dict(self.person_options)[self.person]}")
        if self.year:
            words.append(f"from {self.year}")
        return " ".join(words)


def story_listing(request, stories_page):
    """One page of the Stories page's listing, newest first, with its filters."""
    pages = listed(stories_page)
    filters = StoryFilters.read(request, pages)
    ordered = filters.narrow(pages).order_by("-when", "-pk")
    listing = paginate(request, ordered, PER_PAGE, filters.applied)
    listing.object_list = cards(listing.object_list)
    return filters, listing


def cards(pages):
    """The pages of a listing as their own types, with what their cards show, in the
    same four queries whatever mix of stories and recordings a page holds: the stories,
    the events, and the people in each (none for an empty page; one for a list that is
    already stories)."""
    story, story_person = story_models()
    pages = list(pages)
    ids = [page.pk for page in pages]
    if not ids:
        return []
    if all(isinstance(page, story) for page in pages):
        found = {page.pk: page for page in pages}  # already stories (a partner page's)
        credit_models = [story_person]
    else:
        found = {
            **story.objects.filter(pk__in=ids).defer_streamfields().in_bulk(),
            **EventPage.objects.filter(pk__in=ids).defer_streamfields().in_bulk(),
        }
        credit_models = [story_person, EventSpeaker]
    credits = {}
    for credit_model in credit_models:
        for credit in credit_model.objects.filter(page__in=ids).select_related("person"):
            credits.setdefault(credit.page_id, []).append(credit.person)
    in_order = [found[pk] for pk in ids if pk in found]
    for page in in_order:
        if isinstance(page, story):
            page.card_kind, page.card_date = page.kind_label, page.date
        else:
            page.card_kind = "Webinar recording"
            page.card_date = timezone.localtime(page.starts_at).date()
        page.card_people = credits.get(page.pk, [])
    return in_order
