"""Events: the events index, series such as the weekly Radical Kindness Elevenses,
and single events (one Elevenses session, or Radical Kindness Week).

Times are stored in UTC and shown in Europe/London, where the events happen."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, PageManager
from wagtail.search import index

from core import listing as core_listing
from core.blocks import BodyBlock
from core.listing import PAGE_SIZE
from core.models import (
    AttachedDocument,
    BasePage,
    SiteImage,
    organisation_data,
    page_structured_data,
    rendition_url,
    site_name_for,
)
from core.privacy import SitePageQuerySet
from core.sections import Section, heads, section_page
from core.text import plain_text
from core.video import video_for, video_structured_data
from events import calendars, listing
from people.models import NAME_FIELDS

MAX_SESSIONS = 300  # a weekly series for almost six years


class EventFormat(models.TextChoices):
    ONLINE = "online", "Online"
    IN_PERSON = "in_person", "In person"
    HYBRID = "hybrid", "Online and in person"


class EventPageQuerySet(SitePageQuerySet):
    def upcoming(self):
        """Events not yet over (one under way counts), soonest first."""
        return self.filter(ends_at__gte=timezone.now()).order_by("starts_at")

    def past(self):
        """Events that have ended, most recent first."""
        return self.filter(ends_at__lt=timezone.now()).order_by("-starts_at")

    def for_cards(self):
        """What an event card shows is on the event itself; its body is left unread."""
        return self.defer_streamfields()


class CalendarMixin(RoutablePageMixin):
    """A page with a calendar file of its events at <page>/calendar.ics, announced in
    its <head> and offered for subscription (events/calendars.py)."""

    def calendar_events(self):
        raise NotImplementedError

    def calendar_description(self):
        return self.summary_text or self.title

    # Served at <page>/calendar.ics by events/views.py (Wagtail routes only paths that
    # end in a slash).
    @path("calendar.ics/", name="calendar")
    def calendar(self, request):
        events = self.calendar_events().order_by("starts_at", "pk")
        return calendars.calendar_response(request, self, events, self.calendar_description())

    def get_route_paths(self):
        """When the page is renamed or moved, Wagtail redirects its old calendar
        address too, so subscriptions keep working."""
        return [*super().get_route_paths(), "/calendar.ics/"]

    def calendar_context(self, request):
        return {"calendar": calendars.subscribe_links(self.calendar_url(request), self.title)}

    def calendar_url(self, request):
        return calendars.page_address(self, request) + "calendar.ics"


@heads(Section.EVENTS)
class EventIndexPage(CalendarMixin, BasePage):
    """/events/: what is coming up first, then series, then everything past. Its
    calendar (/events/calendar.ics) holds every event on the site."""

    section = Section.EVENTS

    max_count = 1
    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventSeriesPage", "events.FestivalPage", "events.EventPage"]

    kind_label = "Events"

    def calendar_events(self):
        return EventPage.objects.live().public().descendant_of(self).for_cards()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.calendar_context(request))
        events = EventPage.objects.live().public().descendant_of(self).for_cards()
        series_list = list(
            EventSeriesPage.objects.live().public().child_of(self).defer_streamfields()
        )
        filters = listing.EventFilters.read(
            request,
            [(s.slug, s.title) for s in series_list],
            EventFormat.choices,
            listing.years_of(events),
        )
        chosen = next((s for s in series_list if s.slug == filters.series), None)
        if chosen is not None:
            scope = events.child_of(chosen)
        elif filters.is_filtered:
            scope = events
        else:
            scope = listing.unfiltered_scope(events, self)
        page = listing.listing_page(request, scope, filters, PAGE_SIZE)
        context.update(filters=filters, listing=page, series_list=series_list)
        context.update(describe_view(request, self, filters, page, chosen.title if chosen else ""))
        return context


def describe_view(request, page, filters, listing_page, series_title=""):
    """A filtered view or a later page of an events listing names itself: "Online
    events in 2021 | …"."""
    site_name = site_name_for(request)
    return core_listing.describe_view(
        page,
        listing_page,
        site_name,
        filters.name(series_title) if filters.is_filtered else "",
        lambda count: f"{count} event{'' if count == 1 else 's'} of {site_name}",
        filters.unknown,
    )


class EventSeriesPage(CalendarMixin, BasePage):
    """A recurring series, e.g. the Radical Kindness Elevenses; each session is a child
    page, and the series' calendar holds them all."""

    section = Section.EVENTS

    schedule = models.CharField(
        max_length=200,
        blank=True,
        help_text="When the series meets, in words, e.g. '11:00 UK time every Tuesday'.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: more about the series.")

    # The schedule its sessions are made from (events/sessions.py).
    class Repeat(models.IntegerChoices):
        WEEKLY = 1, "Every week"
        FORTNIGHTLY = 2, "Every two weeks"
        FOUR_WEEKLY = 4, "Every four weeks"

    first_session = models.DateField(
        "first session",
        null=True,
        blank=True,
        help_text="The date of the first session. The others fall on the same day of the week.",
    )
    last_session = models.DateField(
        "until",
        null=True,
        blank=True,
        help_text="No session after this date. It is the last session if it falls on the day.",
    )
    repeats = models.PositiveSmallIntegerField(choices=Repeat.choices, default=Repeat.WEEKLY)
    session_starts = models.TimeField(
        "starts", null=True, blank=True, help_text="UK time, e.g. 11:00."
    )
    session_ends = models.TimeField("ends", null=True, blank=True, help_text="UK time, e.g. 12:00.")
    session_format = models.CharField(
        "format", max_length=20, choices=EventFormat.choices, blank=True
    )
    session_kind = models.CharField(
        "each session is a",
        max_length=40,
        blank=True,
        help_text="Optional: what each session is, in a word, e.g. 'webinar'. Search "
        "engines and shared links describe a session with it: 'Radical Kindness "
        "Elevenses webinar, Tuesday 13 April 2021, 11:00–12:00 UK time, online'.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("schedule"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                HelpPanel(
                    "Set when the series meets, publish, then choose <b>Create or update "
                    "sessions</b> from the <b>…</b> menu next to the page title. It makes "
                    "one session page per date and, run again after a change here, moves "
                    "the sessions you have not changed. It never duplicates a session or "
                    "overwrites what you wrote on one."
                ),
                FieldRowPanel(
                    [FieldPanel("first_session"), FieldPanel("last_session"), FieldPanel("repeats")]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("session_starts"),
                        FieldPanel("session_ends"),
                        FieldPanel("session_format"),
                    ]
                ),
                FieldPanel("session_kind"),
                InlinePanel(
                    "breaks",
                    heading="Breaks",
                    label="Break",
                    help_text="Dates with no session, e.g. a Christmas break.",
                ),
            ],
            heading="Sessions",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]

    kind_label = "Event series"

    def clean(self):
        super().clean()
        given = [self.first_session, self.last_session, self.session_starts]
        if any(given) and not all(given):
            raise ValidationError(
                "To make sessions, give the first session, the date until which they run "
                "and the time they start."
            )
        if self.first_session and self.last_session and self.last_session < self.first_session:
            raise ValidationError({"last_session": "This is before the first session."})
        if self.first_session and self.last_session:
            weeks = (self.last_session - self.first_session).days // 7
            count = weeks // (self.repeats or 1) + 1
            if count > MAX_SESSIONS:
                # A mistyped year would otherwise make hundreds of pages in one go.
                raise ValidationError(
                    {
                        "last_session": f"That makes {count} sessions, more than the "
                        f"{MAX_SESSIONS} a series can have. Check the dates."
                    }
                )
        if self.session_starts and self.session_ends == self.session_starts:
            raise ValidationError({"session_ends": "A session cannot end when it starts."})

    def calendar_events(self):
        return EventPage.objects.live().public().child_of(self).for_cards()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.calendar_context(request))
        sessions = EventPage.objects.live().public().child_of(self).for_cards()
        filters = listing.EventFilters.read(
            request,
            [],
            [(value, label) for value, label in EventFormat.choices if value in self.formats()],
            listing.years_of(sessions),
        )
        # A year of weekly sessions fits on one page of the compact list.
        page = listing.listing_page(request, sessions, filters, per_page=53)
        for session in page.object_list:
            # "Radical Kindness Elevenses, 3 November 2020" says nothing the list
            # doesn't; a session with a topic of its own shows it.
            session.own_title = "" if session.title.startswith(self.title) else session.title
        context.update(
            filters=filters,
            listing=page,
            span=sessions.aggregate(
                first=models.Min("starts_at"),
                last=models.Max("starts_at"),
                count=models.Count("pk"),
            ),
        )
        context.update(describe_view(request, self, filters, page, self.title))
        return context

    def formats(self):
        """The formats its sessions take, so the filter offers only those."""
        sessions = EventPage.objects.live().public().child_of(self)
        return set(sessions.exclude(event_format="").values_list("event_format", flat=True))


class EventPageForm(WagtailAdminPageForm):
    """A session of a series is named by its date, however it was made: by the series'
    schedule, by the content loader or by hand here."""

    def clean(self):
        cleaned = super().clean()
        parent = self.parent_page if self.instance.pk is None else self.instance.get_parent()
        starts = cleaned.get("starts_at")
        if not isinstance(getattr(parent, "specific", None), EventSeriesPage) or not starts:
            return cleaned
        day = timezone.localtime(starts).date()
        others = EventPage.objects.child_of(parent).filter(slug=day.isoformat())
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            self.add_error(
                "starts_at",
                f"There is already a session on {day.day} {day:%B %Y}: {others.first().title}. "
                "Edit that one, or choose another day.",
            )
        cleaned["slug"] = day.isoformat()
        self.instance.slug = day.isoformat()
        return cleaned


class EventPage(CalendarMixin, BasePage):
    """One event: a single session of a series, or a standalone event such as a week.
    Its calendar file holds just itself."""

    section = Section.EVENTS

    Format = EventFormat

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"
        POSTPONED = "postponed", "Postponed"
        MOVED_ONLINE = "moved_online", "Moved online"

    # What a calendar app shows of an event: a change to any of them is a new version
    # of it for subscribers (calendar_sequence).
    CALENDAR_FIELDS = (
        "title",
        "starts_at",
        "ends_at",
        "all_day",
        "status",
        "event_format",
        "location",
    )

    starts_at = models.DateTimeField(help_text="When it starts, UK time.")
    ends_at = models.DateTimeField(help_text="When it ends, UK time.")
    all_day = models.BooleanField(
        default=False,
        help_text="Tick for events that run over whole days (a festival week); times are then hidden.",
    )
    event_format = models.CharField(
        "format",
        max_length=20,
        choices=Format.choices,
        blank=True,
        help_text="Optional: online, in person or both.",
    )
    location = models.CharField(
        max_length=255, blank=True, help_text="Optional: the venue and town, for events in person."
    )
    status = models.CharField(
        max_length=20,
        choices=Status.choices,
        default=Status.SCHEDULED,
        help_text="Anything but 'Scheduled' is shown at the top of the page, on listings "
        "and in people's calendars. A cancelled event stays on the site, so people who "
        "saved it learn that it is off.",
    )
    generated = models.JSONField(
        default=dict,
        blank=True,
        editable=False,
        help_text="The values the series' schedule gave this session (events/sessions.py).",
    )
    calendar_sequence = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="How many times what calendars show of the event has changed (SEQUENCE).",
    )
    registration_url = models.URLField(
        "booking link", blank=True, help_text="Optional: where to book a place."
    )
    joining_url = models.URLField(
        "link to join online",
        blank=True,
        help_text="Optional: the Zoom, Teams or other link to join, if it may be public. "
        "Shown until the event ends.",
    )
    recording_url = models.URLField(
        "video address",
        blank=True,
        help_text="Once the event has ended: the recording's address on YouTube or Vimeo "
        "(or another video host). The page then shows the video and offers 'Watch the "
        "recording'. Nothing is loaded from the host until a visitor presses play.",
    )
    recording_poster = models.ForeignKey(
        SiteImage,
        verbose_name="still image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Optional: a picture shown on the video before it plays. Without one, "
        "a plain panel.",
    )
    transcript = RichTextField(
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ol", "ul"],
        help_text="What is said in the recording, for people who cannot or would rather "
        "not listen. Search finds the event by its words.",
    )
    body = StreamField(BodyBlock(), blank=True, help_text="Optional: the programme and more.")
    partners = ParentalManyToManyField(
        "people.Organisation",
        blank=True,
        related_name="events",
        help_text="Optional: organisations that host it or take part. It is listed on their "
        "partner pages.",
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("status"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("all_day"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [FieldPanel("event_format"), FieldPanel("location")],
            heading="Where",
        ),
        InlinePanel("speakers", heading="Speakers", label="Speaker"),
        FieldPanel("partners", widget=forms.CheckboxSelectMultiple),
        MultiFieldPanel(
            [FieldPanel("registration_url"), FieldPanel("joining_url")],
            heading="Booking and joining",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("recording_url"), FieldPanel("recording_poster"), FieldPanel("transcript")],
            heading="Recording",
        ),
        InlinePanel(
            "documents",
            heading="Slides and documents",
            label="Document",
            help_text="Optional: slides, a handout or notes.",
        ),
        InlinePanel(
            "related_resources",
            heading="Related resources",
            label="Resource",
            help_text="Optional: resources from the library to read before or after.",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("transcript"),
        # Found by the names of who speaks, as a resource is by its authors'.
        index.RelatedFields("speakers", [index.RelatedFields("person", NAME_FIELDS)]),
        index.FilterField("starts_at"),
    ]

    objects = PageManager.from_queryset(EventPageQuerySet)()
    kept_facts = ("series", "listing_image", "speaker_list", "document_list", "suggested_resources")

    parent_page_types = ["events.EventIndexPage", "events.EventSeriesPage", "events.FestivalPage"]
    subpage_types = []
    base_form_class = EventPageForm

    kind_label = "Event"

    class Meta:
        indexes = [models.Index(fields=["starts_at"]), models.Index(fields=["ends_at"])]

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": "An event cannot end before it starts."})

    def save(self, *args, **kwargs):
        """Count a change to what calendars show, so subscribed apps take the new
        version (RFC 5545's SEQUENCE). Counted from the stored row, not from this
        object, which may come from an older revision."""
        update_fields = kwargs.get("update_fields")
        if self.pk and (update_fields is None or set(update_fields) & set(self.CALENDAR_FIELDS)):
            stored = (
                EventPage.objects.filter(pk=self.pk)
                .values(*self.CALENDAR_FIELDS, "calendar_sequence")
                .first()
            )
            if stored is not None:
                changed = any(getattr(self, name) != stored[name] for name in self.CALENDAR_FIELDS)
                self.calendar_sequence = stored["calendar_sequence"] + (1 if changed else 0)
                if update_fields is not None:
                    kwargs["update_fields"] = [*update_fields, "calendar_sequence"]
        super().save(*args, **kwargs)

    def calendar_events(self):
        return EventPage.objects.filter(pk=self.pk)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def offers_add_to_calendar(self):
        """Before it ends, and while it is on (a postponed event has no date yet)."""
        return not self.is_past and self.status in (self.Status.SCHEDULED, self.Status.MOVED_ONLINE)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.calendar_context(request))
        if self.offers_add_to_calendar:
            context["add_to_calendar"] = calendars.add_to_calendar_links(self, request)
        if self.is_past and self.recording is None:
            context["stories_page"] = section_page(Section.STORIES, request)
        context["series"] = self.series if self.series is not None and self.series.live else None
        context["documents"] = self.document_list
        context["related_resources"] = self.suggested_resources
        return context

    @cached_property
    def document_list(self):
        return [row.document for row in self.documents.select_related("document") if row.document]

    @cached_property
    def suggested_resources(self):
        return self.related_resource_list()

    def related_resource_list(self):
        """The live, public resources an editor suggests, in their order, with what a
        card shows (a fixed number of queries however many)."""
        ids = list(self.related_resources.values_list("resource_id", flat=True))
        if not ids:
            return []
        library_item = EventRelatedResource._meta.get_field("resource").related_model
        found = library_item.objects.live().public().for_cards().in_bulk(ids)
        return [found[pk] for pk in ids if pk in found]

    @cached_property
    def recording(self):
        """The recording (core.video.Video), once the event has ended and has one."""
        return video_for(self.recording_url) if self.is_past else None

    @property
    def offers_joining(self):
        return bool(self.joining_url) and not self.is_past and not self.is_cancelled

    @cached_property
    def series(self):
        """The series this is a session of, or None."""
        parent = self.get_parent()
        parent = parent.specific if parent is not None else None
        return parent if isinstance(parent, EventSeriesPage) else None

    @property
    def share_text(self):
        """What an editor wrote, else the event's own facts, so no two events share a
        description: "Radical Kindness Elevenses webinar, Tuesday 13 April 2021,
        11:00–12:00 UK time, online"."""
        return super().share_text or self.fact_description

    @property
    def fact_description(self):
        series = self.series
        name = self.title
        if series is not None and self.title.startswith(series.title):
            name = f"{series.title} {series.session_kind}".strip()  # "… Elevenses webinar"
        elif series is not None and series.session_kind:
            name = f"{self.title}, a {series.title} {series.session_kind}"
        elif series is not None:
            name = f"{self.title}, part of {series.title}"
        parts = [name, render_to_string("events/when.html", {"event": self}).strip()]
        if self.event_format:
            parts.append(self.get_event_format_display().lower())
        if self.location:
            parts.append(f"at {self.location}")
        prefix = {
            self.Status.CANCELLED: "Cancelled: ",
            self.Status.POSTPONED: "Postponed: ",
            self.Status.MOVED_ONLINE: "Moved online: ",
        }.get(self.status, "")
        return prefix + ", ".join(parts)

    def _schema_time(self, moment):
        """ISO 8601 in UK time: a date for all-day events, else a time with its offset."""
        local = timezone.localtime(moment)
        return (local.date() if self.all_day else local).isoformat()

    def get_structured_data(self, request):
        url = request.build_absolute_uri(self.get_url(request))
        online = self.event_format in ("", self.Format.ONLINE) or (
            self.status == self.Status.MOVED_ONLINE
        )
        mode = "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"
        # Where to join online: the joining link, else the booking link, else this page.
        virtual = {
            "@type": "VirtualLocation",
            "url": self.joining_url or self.registration_url or url,
        }
        place = {"@type": "Place", "name": self.location or self.title}
        if self.location:
            place["address"] = self.location
        if self.event_format == self.Format.HYBRID and not online:
            mode, location = "MixedEventAttendanceMode", [virtual, place]
        else:
            location = virtual if online else place
        return page_structured_data(
            self,
            request,
            "Event",
            startDate=self._schema_time(self.starts_at),
            endDate=self._schema_time(self.ends_at),
            eventStatus="https://schema.org/" + SCHEMA_STATUS[self.status],
            eventAttendanceMode="https://schema.org/" + mode,
            location=location,
            description=self.share_text,
            organizer=organisation_data(request),
            performer=[
                {"@type": "Person", "name": s.person.display_name} for s in self.speaker_list
            ],
            recordedIn=self.recording_structured_data(request),
        )

    def recording_structured_data(self, request):
        """The recording as a schema.org VideoObject, or None. Its upload date is when
        the event ended: the site does not know when the host received it, and it
        cannot have been earlier."""
        video = self.recording
        if video is None:
            return None
        still = rendition_url(self.recording_poster, "fill-1280x720", request)
        return video_structured_data(
            video,
            name=f"Recording: {self.title}",
            description=self.share_text,
            upload_date=timezone.localtime(self.ends_at).isoformat(),
            thumbnail_url=still,
            transcript=plain_text(self.transcript),
        )

    @cached_property
    def speaker_list(self):
        return list(self.speakers.select_related("person"))

    @property
    def is_past(self):
        return self.ends_at < timezone.now()

    @property
    def spans_several_days(self):
        start = timezone.localtime(self.starts_at).date()
        return timezone.localtime(self.ends_at).date() != start


class SeriesBreak(Orderable):
    """Days a series does not meet, e.g. a Christmas break."""

    page = ParentalKey(EventSeriesPage, on_delete=models.CASCADE, related_name="breaks")
    first_day = models.DateField("from")
    last_day = models.DateField(
        "until", null=True, blank=True, help_text="Optional: leave empty for a single day."
    )
    reason = models.CharField(max_length=100, blank=True, help_text="Optional, e.g. 'Christmas'.")

    panels = [
        FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day"), FieldPanel("reason")])
    ]

    def __str__(self):
        return self.reason or f"{self.first_day}"

    def clean(self):
        if self.last_day and self.first_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": "This is before the first day of the break."})


SCHEMA_STATUS = {
    EventPage.Status.SCHEDULED: "EventScheduled",
    EventPage.Status.CANCELLED: "EventCancelled",
    EventPage.Status.POSTPONED: "EventPostponed",
    EventPage.Status.MOVED_ONLINE: "EventMovedOnline",
}


class FestivalPage(EventPage):
    """A festival such as Radical Kindness Week: an event over several days whose
    programme is its child events, listed day by day. It is an event itself, so it
    is listed, described and in calendars like any other."""

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = ["events.EventPage"]

    kind_label = "Festival"

    class Meta:
        verbose_name = "festival"

    def calendar_events(self):
        """The festival and every event of its programme."""
        return EventPage.objects.live().public().descendant_of(self, inclusive=True).for_cards()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        events = EventPage.objects.live().public().child_of(self).for_cards()
        days = {}
        for event in events.order_by("starts_at", "pk"):
            days.setdefault(timezone.localtime(event.starts_at).date(), []).append(event)
        context["programme"] = list(days.items())
        return context

    def get_structured_data(self, request):
        data = super().get_structured_data(request)
        data["@type"] = "Festival"
        return data


class EventDocument(AttachedDocument):
    """Slides, a handout or notes from an event."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="documents")


class EventRelatedResource(Orderable):
    """A resource from the library an editor suggests with an event. The library sits
    above events, so its model is named, not imported."""

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="related_resources")
    resource = models.ForeignKey(
        "resources.LibraryItem",
        on_delete=models.CASCADE,
        related_name="+",
        help_text="A resource to suggest to people coming to this event.",
    )

    panels = [PageChooserPanel("resource", page_type="resources.ResourcePage")]


class EventSpeaker(Orderable):
    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="speakers")
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,  # a speaker credited on an event cannot be deleted
        related_name="+",
        help_text="Not in the list? Choose “Add a new person” in the chooser.",
    )

    panels = [FieldPanel("person")]

    def __str__(self):
        return str(self.person)

    @property
    def credit(self):
        """How the speaker is named on the event page: "Jo Broadwood (CEO)"."""
        role = f" ({self.person.role})" if self.person.role else ""
        return f"{self.person.display_name}{role}"
