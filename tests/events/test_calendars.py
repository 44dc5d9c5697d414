"""Calendar files (.ics) for each event, each series and the whole site, read back with
icalendar as a calendar app reads them, and the links that offer them."""

import datetime as dt
import json
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from core.models import ContentVersion
from events.models import EventPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
ELEVENSES = "/events/radical-kindness-elevenses/"


def read_calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    return calendar, response.content.decode()


def vevents(calendar):
    return [c for c in calendar.walk("VEVENT")]


def by_start(calendar):
    """{local start date: VEVENT}."""
    return {e.start.astimezone(LONDON).date(): e for e in vevents(calendar)}


def fresh(page):
    # site_tree's pages are shared by the whole module; change a copy of its own.
    return EventPage.objects.get(pk=page.pk)


def publish(page):
    page.save_revision().publish()
    return fresh(page)


# -- the real Elevenses, across the change of the clocks ------------------------------------


def test_the_elevenses_stay_at_eleven_london_time_when_the_clocks_change(client):
    calendar, text = read_calendar(client, ELEVENSES + "calendar.ics")
    sessions = by_start(calendar)

    winter = sessions[dt.date(2020, 11, 3)]
    assert winter.start == dt.datetime(2020, 11, 3, 11, 0, tzinfo=LONDON)
    assert winter.start.astimezone(UTC) == dt.datetime(2020, 11, 3, 11, 0, tzinfo=UTC)
    summer = sessions[dt.date(2021, 4, 13)]
    assert summer.start == dt.datetime(2021, 4, 13, 11, 0, tzinfo=LONDON)
    assert summer.start.astimezone(UTC) == dt.datetime(2021, 4, 13, 10, 0, tzinfo=UTC)
    assert summer.end.astimezone(UTC) == dt.datetime(2021, 4, 13, 11, 0, tzinfo=UTC)

    # Written as London time with the zone named, not as UTC.
    assert "DTSTART;TZID=Europe/London:20210413T110000" in text
    zones = list(calendar.walk("VTIMEZONE"))
    assert [str(z["TZID"]) for z in zones] == ["Europe/London"]


def test_the_series_calendar_holds_every_tuesday_and_ends_on_the_last(client):
    calendar, _ = read_calendar(client, ELEVENSES + "calendar.ics")
    days = sorted(by_start(calendar))
    expected = [dt.date(2020, 11, 3) + dt.timedelta(weeks=n) for n in range(26)]
    assert days == expected
    assert days[-1] == dt.date(2021, 4, 27)
    assert {e.start.astimezone(LONDON).time() for e in vevents(calendar)} == {dt.time(11, 0)}
    assert str(calendar["X-WR-CALNAME"]) == "Radical Kindness Elevenses"


def test_the_site_calendar_holds_every_event(client):
    calendar, _ = read_calendar(client, "/events/calendar.ics")
    titles = [str(e["SUMMARY"]) for e in vevents(calendar)]
    assert len(titles) == EventPage.objects.live().public().count() == 27
    assert "Radical Kindness Week 2021" in titles


def test_a_week_runs_over_whole_days_and_leaves_the_days_free(client):
    calendar, text = read_calendar(client, "/events/radical-kindness-week-2021/calendar.ics")
    (week,) = vevents(calendar)
    # RFC 5545: an all-day event ends on the day after its last day.
    assert week.start == dt.date(2021, 5, 17)
    assert week.end == dt.date(2021, 5, 22)
    assert "DTSTART;VALUE=DATE:20210517" in text
    assert str(week["TRANSP"]) == "TRANSPARENT"


# -- what every event carries ----------------------------------------------------------------


def test_each_event_has_one_uid_wherever_it_is_listed(client, site_tree):
    t = site_tree
    site, _ = read_calendar(client, t.events.url + "calendar.ics")
    series, _ = read_calendar(client, t.series.url + "calendar.ics")
    own, _ = read_calendar(client, t.session.url + "calendar.ics")
    site_uids = [str(e["UID"]) for e in vevents(site)]
    assert len(site_uids) == len(set(site_uids)) == 4
    (session,) = vevents(own)
    assert str(session["UID"]) in site_uids
    assert str(session["UID"]) in [str(e["UID"]) for e in vevents(series)]


def test_an_event_keeps_its_uid_when_renamed_or_moved(client, site_tree):
    t = site_tree
    (before,) = vevents(read_calendar(client, t.session.url + "calendar.ics")[0])
    session = fresh(t.session)
    session.title = "Elevenses: the last of the season"
    session.slug = "last-of-the-season"
    session = publish(session)
    session.move(t.events, pos="last-child")
    session = fresh(session)
    assert session.get_parent().pk == t.events.pk
    (after,) = vevents(read_calendar(client, session.url + "calendar.ics")[0])
    assert str(after["UID"]) == str(before["UID"])
    assert str(after["SUMMARY"]) == "Elevenses: the last of the season"


def test_the_sequence_rises_when_what_a_calendar_shows_changes(client, site_tree):
    t = site_tree

    def sequence():
        (event,) = vevents(read_calendar(client, t.workshop.url + "calendar.ics")[0])
        return int(event["SEQUENCE"])

    assert sequence() == 0
    workshop = fresh(t.workshop)
    workshop.introduction = "A longer afternoon workshop."  # not shown by calendars
    publish(workshop)
    assert sequence() == 0
    workshop = fresh(t.workshop)
    workshop.starts_at += dt.timedelta(hours=1)
    workshop.ends_at += dt.timedelta(hours=1)
    publish(workshop)
    assert sequence() == 1
    workshop = fresh(t.workshop)
    workshop.location = "Belong, Salford"
    publish(workshop)
    assert sequence() == 2


def test_an_event_links_back_to_its_page_and_says_when_it_changed(client, site_tree):
    t = site_tree
    publish(fresh(t.workshop))
    (event,) = vevents(read_calendar(client, t.workshop.url + "calendar.ics")[0])
    assert str(event["URL"]) == f"http://testserver{t.workshop.url}"
    # To the second: iCalendar has no fractions of one.
    assert event["LAST-MODIFIED"].dt == fresh(t.workshop).last_published_at.replace(microsecond=0)
    assert "Book a place: https://tickets.example.org/workshop" in str(event["DESCRIPTION"])
    assert str(event["LOCATION"]) == "Belong, Manchester"


def test_the_file_does_not_change_until_an_event_does(client, site_tree):
    url = site_tree.series.url + "calendar.ics"
    assert client.get(url).content == client.get(url).content


def test_a_kept_file_is_made_again_once_the_content_changes_anywhere(client, site_tree):
    """Files are kept under the content token (core/versions.py). A change made by
    another app server reaches this one through the database: its data, and the token
    its signal handlers wrote (here, both by hand)."""
    url = site_tree.workshop.url + "calendar.ics"
    assert b"SUMMARY:A kindness workshop" in client.get(url).content
    EventPage.objects.filter(pk=site_tree.workshop.pk).update(title="Renamed elsewhere")
    assert b"SUMMARY:A kindness workshop" in client.get(url).content  # kept
    ContentVersion.objects.update(token="written-by-another-process")
    assert b"SUMMARY:Renamed elsewhere" in client.get(url).content


def test_a_cancelled_event_says_so_on_its_page_in_search_data_and_in_calendars(client, site_tree):
    t = site_tree
    workshop = fresh(t.workshop)
    workshop.status = EventPage.Status.CANCELLED
    publish(workshop)

    response = client.get(t.workshop.url)
    main = main_of(soup_of(response))
    assert "Cancelled. This event will not take place." in visible_text(main)
    assert "Add to calendar" not in visible_text(main)
    assert "Book a place" not in visible_text(main)
    data = [
        json.loads(s.string)
        for s in soup_of(response).find_all("script", type="application/ld+json")
    ]
    (event,) = [d for d in data if d.get("@type") == "Event"]
    assert event["eventStatus"] == "https://schema.org/EventCancelled"

    (vevent,) = vevents(read_calendar(client, t.workshop.url + "calendar.ics")[0])
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert str(vevent["SUMMARY"]) == "Cancelled: A kindness workshop"
    # Still in the site's calendar, so subscribers learn it is off.
    site = vevents(read_calendar(client, t.events.url + "calendar.ics")[0])
    assert "CANCELLED" in [str(e["STATUS"]) for e in site]

    listing = main_of(soup_of(client.get(t.events.url)))
    card = next(c for c in listing.select(".card--event") if "A kindness workshop" in c.text)
    assert "Cancelled" in visible_text(card)


def test_drafts_and_private_events_are_left_out(client, site_tree):
    t = site_tree
    f.EventPageFactory(parent=t.events, title="A draft event", live=False)
    PageViewRestriction.objects.create(
        page=fresh(t.workshop), restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    calendar, _ = read_calendar(client, t.events.url + "calendar.ics")
    titles = [str(e["SUMMARY"]) for e in vevents(calendar)]
    assert "A draft event" not in titles
    assert "A kindness workshop" not in titles
    # A private event's own file asks for the password, like its page.
    response = client.get(t.workshop.url + "calendar.ics")
    assert not response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VCALENDAR" not in response.content


@pytest.mark.parametrize(
    "path", ["/calendar.ics", "/events/no-such-event/calendar.ics", "/resources/calendar.ics"]
)
def test_an_address_with_no_calendar_is_not_found(client, site_tree, path):
    assert client.get(path).status_code == 404


def test_a_subscription_survives_renaming_the_series(
    client, site_tree, django_capture_on_commit_callbacks
):
    t = site_tree
    old = t.series.url + "calendar.ics"
    series = type(t.series).objects.get(pk=t.series.pk)
    series.slug = "elevenses"
    # As an editor publishes a change; Wagtail makes its redirects once it is committed.
    with django_capture_on_commit_callbacks(execute=True):
        series.save_revision().publish()
    response = client.get(old, follow=True)
    assert response.redirect_chain[-1][0].endswith("/events/elevenses/calendar.ics")
    calendar = Calendar.from_ical(response.content)
    assert len(vevents(calendar)) == 2


def test_a_calendar_cannot_be_posted_to(client, site_tree):
    assert client.post(site_tree.events.url + "calendar.ics").status_code == 405


# -- the links that offer them ----------------------------------------------------------------


@pytest.mark.parametrize("page", ["events", "series", "session", "week"])
def test_event_pages_announce_their_calendar(client, site_tree, page):
    page = getattr(site_tree, page)
    soup = soup_of(client.get(page.url))
    (link,) = soup.find_all("link", rel="alternate", type="text/calendar")
    assert link["href"] == f"http://testserver{page.url}calendar.ics"
    read_calendar(client, link["href"])


def test_a_coming_event_offers_add_to_calendar_in_google_outlook_and_a_file(client, site_tree):
    t = site_tree
    main = main_of(soup_of(client.get(t.workshop.url)))
    choices = main.select(".add-to-calendar a")
    links = {visible_text(a): a["href"] for a in choices}
    assert set(links) == {
        "Apple Calendar, Outlook or another app",
        "Google Calendar",
        "Outlook.com",
        "Outlook for work or school",
    }
    read_calendar(client, links["Apple Calendar, Outlook or another app"])

    google = parse_qs(urlsplit(links["Google Calendar"]).query)
    start = t.workshop.starts_at.astimezone(UTC)
    end = t.workshop.ends_at.astimezone(UTC)
    assert google["dates"] == [f"{start:%Y%m%dT%H%M%SZ}/{end:%Y%m%dT%H%M%SZ}"]
    assert google["text"] == ["A kindness workshop"]
    assert google["location"] == ["Belong, Manchester"]
    assert google["ctz"] == ["Europe/London"]

    outlook = parse_qs(urlsplit(links["Outlook.com"]).query)
    assert urlsplit(links["Outlook.com"]).netloc == "outlook.live.com"
    assert dt.datetime.fromisoformat(outlook["startdt"][0]) == t.workshop.starts_at
    assert outlook["subject"] == ["A kindness workshop"]


def test_a_past_event_offers_no_add_to_calendar(client, site_tree):
    main = main_of(soup_of(client.get(site_tree.session.url)))
    assert not main.select(".add-to-calendar")


def test_series_and_index_offer_a_subscription(client, site_tree):
    t = site_tree
    for page in (t.series, t.events):
        main = main_of(soup_of(client.get(page.url)))
        box = main.select_one(".subscribe")
        links = {visible_text(a): a["href"] for a in box.select("a")}
        address = f"http://testserver{page.url}calendar.ics"
        assert (
            links["Subscribe in your calendar app"] == f"webcal://testserver{page.url}calendar.ics"
        )
        assert links["Download the calendar file"] == address
        google = parse_qs(urlsplit(links["Subscribe in Google Calendar"]).query)
        assert google["cid"] == [f"webcal://testserver{page.url}calendar.ics"]
        assert box.select_one("input#calendar-address")["value"] == address
