"""Event listings: what is coming up first (soonest first), then what has happened
(newest first), in one paginated list, filtered by series, format and year.

The query string is public, as the library's is: `series` (a series' slug), `format`
(online, in_person, hybrid), `year` (four digits) and `page`. A value that names
nothing is dropped and named on the page, never an error."""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, F, IntegerField, Max, Min, Q, Value, When
from django.utils import timezone

from core.listing import paginate, read_choices


def in_time_order(events):
    """Events not yet over, soonest first, then those that have ended, most recent first.
    Each gets `finished` (0 or 1), so a template can head the two parts."""
    now = timezone.now()
    return events.annotate(
        finished=Case(
            When(ends_at__lt=now, then=Value(1)), default=Value(0), output_field=IntegerField()
        ),
        coming_start=Case(When(ends_at__gte=now, then=F("starts_at"))),
        past_start=Case(When(ends_at__lt=now, then=F("starts_at"))),
    ).order_by(
        "finished",
        F("coming_start").asc(nulls_last=True),
        F("past_start").desc(nulls_last=True),
        "pk",
    )


def years_of(events):
    """The years events of `events` run in, newest first: the choices of a year filter."""
    span = events.aggregate(first=Min("starts_at"), last=Max("ends_at"))
    if not span["first"]:
        return []
    first, last = (timezone.localtime(span[key]).year for key in ("first", "last"))
    return list(range(last, first - 1, -1))


def year_range(year):
    zone = timezone.get_default_timezone()
    start = timezone.make_aware(datetime(year, 1, 1), zone)
    return start, timezone.make_aware(datetime(year + 1, 1, 1), zone)


@dataclass
class EventFilters:
    """What a visitor asked the listing for, read strictly."""

    series_options: list  # [(slug, title)] of the series they may choose
    format_options: list  # [(value, label)]
    year_options: list  # [year] with events, newest first
    series: str = ""
    format: str = ""
    year: str = ""
    unknown: list = field(default_factory=list)  # (what, value as typed) named nothing

    @classmethod
    def read(cls, request, series_options, format_options, year_options):
        filters = cls(series_options, format_options, year_options)
        return read_choices(
            request,
            filters,
            {
                "series": ("series", {slug for slug, _ in series_options}),
                "format": ("format", {value for value, _ in format_options}),
            },
        )

    @property
    def applied(self):
        return {"series": self.series, "format": self.format, "year": self.year}

    @property
    def offers_choice(self):
        """Whether a filter form is worth showing: some filter has two options or more."""
        options = (self.series_options, self.format_options, self.year_options)
        return any(len(choices) > 1 for choices in options) or self.is_filtered

    @property
    def is_filtered(self):
        return any(self.applied.values())

    def narrow(self, events):
        if self.format:
            events = events.filter(event_format=self.format)
        if self.year:
            start, end = year_range(int(self.year))
            # Any event under way in that year: it started before the year ended and
            # ended after it began (a week over New Year is in both).
            events = events.filter(starts_at__lt=end, ends_at__gte=start)
        return events

    def name(self, series_title=""):
        """ "Online events in 2021", "Sessions of Radical Kindness Elevenses in 2021"."""
        labels = dict(self.format_options)
        noun = "sessions" if series_title else "events"
        words = [f"{labels[self.format].capitalize()} {noun}" if self.format else noun.capitalize()]
        if series_title:
            words.append(f"of {series_title}")
        if self.year:
            words.append(f"in {self.year}")
        return " ".join(words)


def listing_page(request, events, filters, per_page):
    """One page of `events` in time order, split into what is coming and what is past."""
    page = paginate(request, in_time_order(filters.narrow(events)), per_page, filters.applied)
    page.object_list = list(page.object_list)
    page.coming = [event for event in page.object_list if not event.finished]
    page.past = [event for event in page.object_list if event.finished]
    return page


def unfiltered_scope(events, index):
    """The index unfiltered: everything to come, and what has happened that is not a
    session of a series (a series' past sessions are listed on its page)."""
    return events.filter(Q(ends_at__gte=timezone.now()) | Q(depth=index.depth + 1))
