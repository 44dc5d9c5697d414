"""Calendar files (RFC 5545, built with icalendar) for one event, a series and the
whole site, and the links that put an event in someone's calendar.

What calendar apps rely on, and other event plugins get wrong:

- Times are written in Europe/London with a VTIMEZONE, not as bare UTC, so a session
  at 11:00 stays at 11:00 after the clocks change and the app shows the zone.
- Every event keeps one UID for life (its page's translation key, which survives
  renames and moves), so a subscribed calendar updates an event rather than adding it
  twice; SEQUENCE goes up whenever its time, place, title or status changes
  (EventPage.save), and a cancelled event stays in the file with STATUS:CANCELLED, so
  subscribers see it cancelled instead of silently gone.
- A file is the same bytes until something in it changes (DTSTAMP is the time the
  event was last published, not the time of the request), so caches and apps that
  compare them do not redownload for nothing.
- All-day events (a festival week) end on the day after their last day, as RFC 5545
  counts, and do not mark the whole week as busy."""

from datetime import UTC, date, timedelta
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from icalendar import Calendar, vDuration
from icalendar import Event as CalendarEvent

from core.versions import token_now

PRODUCT_ID = "-//The Belong Network//Radical Kindness//EN"
# How often subscribed calendar apps are asked to check for changes.
REFRESH = timedelta(hours=12)
KEEP_SECONDS = 24 * 60 * 60  # in the cache; a change of content replaces it sooner
# The domain part of every UID. Fixed, not the site's host name: a UID must not change
# when the site moves to another address.
UID_DOMAIN = "radical-kindness.events"

STATUS = {
    "scheduled": "CONFIRMED",
    "moved_online": "CONFIRMED",
    "postponed": "TENTATIVE",
    "cancelled": "CANCELLED",
}
# Calendar apps show STATUS in different ways or not at all; the title says it too.
TITLE_PREFIX = {"cancelled": "Cancelled: ", "postponed": "Postponed: "}


def local_zone():
    return ZoneInfo(settings.TIME_ZONE)


def event_uid(event):
    return f"{event.translation_key}@{UID_DOMAIN}"


def event_dates(event):
    """(start, end) as the calendar writes them: dates for an all-day event (the end
    the day after the last day), otherwise times in the site's zone."""
    zone = local_zone()
    start, end = event.starts_at.astimezone(zone), event.ends_at.astimezone(zone)
    if event.all_day:
        return start.date(), end.date() + timedelta(days=1)
    return start, end


def event_description(event, url):
    """The event's summary, how to book or join, and where to read more."""
    parts = [event.summary_text]
    if event.registration_url:
        parts.append(f"Book a place: {event.registration_url}")
    parts.append(f"More: {url}")
    return "\n\n".join(part for part in parts if part)


def event_location(event):
    if event.location:
        return event.location
    if event.event_format == "online" or event.status == "moved_online":
        return "Online"
    return None


def page_address(page, request):
    """The page's absolute address on the host the visitor asked for (as canonical
    links are), so a calendar fetched from a staging site links back to it."""
    return request.build_absolute_uri(page.get_url(request))


def calendar_event(event, request):
    url = page_address(event, request)
    modified = event.last_published_at or event.latest_revision_created_at
    start, end = event_dates(event)
    component = CalendarEvent.new(
        uid=event_uid(event),
        summary=TITLE_PREFIX.get(event.status, "") + event.title,
        start=start,
        end=end,
        # Never the time of the request: the same event gives the same bytes.
        stamp=modified or event.first_published_at or event.starts_at,
        created=event.first_published_at,
        last_modified=modified,
        sequence=event.calendar_sequence,
        status=STATUS.get(event.status, "CONFIRMED"),
        description=event_description(event, url),
        location=event_location(event),
        url=url,
        # A festival week is free time around its events, not a week of meetings.
        transparency="TRANSPARENT" if event.all_day else "OPAQUE",
    )
    return component


def build_calendar(request, page, events, description):
    calendar = Calendar.new(
        prodid=PRODUCT_ID,
        uid=f"calendar-{page.translation_key}@{UID_DOMAIN}",
        name=page.title,
        description=description,
        url=page_address(page, request),
        refresh_interval=REFRESH,
    )
    calendar.calscale = "GREGORIAN"
    # The same for Google Calendar and Outlook, which ignore REFRESH-INTERVAL.
    calendar.add("X-PUBLISHED-TTL", vDuration(REFRESH))
    calendar.add("X-WR-TIMEZONE", settings.TIME_ZONE)
    events = list(events)
    for event in events:
        calendar.add_component(calendar_event(event, request))
    if events:
        # One VTIMEZONE for Europe/London, with the changes of the clocks over the
        # years the events span (tzdata's, through zoneinfo).
        years = [event.starts_at.year for event in events] + [e.ends_at.year for e in events]
        calendar.add_missing_timezones(
            first_date=date(min(years) - 1, 1, 1), last_date=date(max(years) + 1, 12, 31)
        )
    return calendar


def calendar_response(request, page, events, description):
    """The .ics file of `page` holding `events` (a queryset, read only when the file
    is not kept already), served as text/calendar for calendar apps to open or
    subscribe to.

    Calendar apps fetch a subscribed file again and again, and writing one is slow
    (about half a millisecond an event, in icalendar), so the file is kept in the cache
    under the content token (core/versions.py): any change to any page makes a new one."""
    token = token_now()
    key = f"calendar:{page.pk}:{request.scheme}:{request.get_host()}:{token}"
    content = cache.get(key) if token else None
    if content is None:
        content = build_calendar(request, page, events, description).to_ical()
        if token:
            cache.set(key, content, KEEP_SECONDS)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    filename = slugify(page.title)[:60] or "calendar"
    response["Content-Disposition"] = content_disposition_header(False, f"{filename}.ics")
    return response


# -- links into people's calendars ------------------------------------------------------


def webcal(url):
    """The same address with the webcal:// scheme, which opens a calendar app ready to
    subscribe."""
    parts = urlsplit(url)
    return urlunsplit(("webcal", *parts[1:]))


def subscribe_links(calendar_url, name):
    """Ways to subscribe to the calendar at `calendar_url` (absolute, http or https)."""
    return {
        "url": calendar_url,
        "webcal": webcal(calendar_url),
        "google": "https://calendar.google.com/calendar/render?"
        + urlencode({"cid": webcal(calendar_url)}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": calendar_url, "name": name}),
    }


def add_to_calendar_links(event, request):
    """One event's "Add to calendar" choices: the .ics file (Apple Calendar, Outlook on
    a desktop, anything else), Google Calendar, and Outlook on the web."""
    url = page_address(event, request)
    start, end = event_dates(event)
    details = event_description(event, url)
    location = event_location(event) or ""
    if event.all_day:
        google_dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
        outlook_times = {"startdt": start.isoformat(), "enddt": end.isoformat(), "allday": "true"}
    else:
        google_dates = (
            f"{start.astimezone(UTC):%Y%m%dT%H%M%SZ}/{end.astimezone(UTC):%Y%m%dT%H%M%SZ}"
        )
        outlook_times = {
            "startdt": start.isoformat(),
            "enddt": end.isoformat(),
            "allday": "false",
        }
    google = {
        "action": "TEMPLATE",
        "text": event.title,
        "dates": google_dates,
        "details": details,
        "location": location,
        "ctz": settings.TIME_ZONE,
    }
    outlook = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": event.title,
        "body": details,
        "location": location,
        **outlook_times,
    }
    return {
        "ics": event.calendar_url(request),
        "google": "https://calendar.google.com/calendar/render?" + urlencode(google),
        "outlook": "https://outlook.live.com/calendar/0/action/compose?" + urlencode(outlook),
        "office": "https://outlook.office.com/calendar/0/action/compose?" + urlencode(outlook),
    }
