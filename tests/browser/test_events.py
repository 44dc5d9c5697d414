"""Putting an event in a calendar, in Chromium, by keyboard: "Add to calendar" opens,
its file downloads and reads back as the event, and nothing on the way fails axe."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from events.models import EventIndexPage, EventPage
from tests.browser.test_journeys import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_empty_database"),
]

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def coming_event(site):
    """An event next year, after the clocks go forward: 18:30 in London is 17:30 UTC.
    Made before the browser starts (see the `site` fixture)."""
    year = dt.date.today().year + 1
    starts = dt.datetime(year, 7, 14, 18, 30, tzinfo=LONDON)
    event = EventPage(
        title="A summer evening of kindness",
        slug="a-summer-evening-of-kindness",
        introduction="Stories and tea.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        event_format=EventPage.Format.IN_PERSON,
        location="Belong, Manchester",
    )
    EventIndexPage.objects.get().add_child(instance=event)
    return event


def test_add_to_calendar_by_keyboard_downloads_the_event(coming_event, page, site):
    page.goto(site + coming_event.url)
    summary = page.locator(".add-to-calendar summary")
    summary.focus()
    page.keyboard.press("Enter")
    choices = page.locator(".add-to-calendar__choices")
    assert choices.is_visible()
    assert axe_violations(page) == ""

    google = choices.get_by_role("link", name="Google Calendar").get_attribute("href")
    start = coming_event.starts_at.astimezone(dt.UTC)
    assert parse_qs(urlsplit(google).query)["dates"][0].startswith(f"{start:%Y%m%dT%H%M%SZ}/")
    assert f"{start:%H%M}" == "1730"

    # The file: Tab to its link and press Enter, as a keyboard user would.
    file_link = choices.get_by_role("link", name="Apple Calendar, Outlook or another app")
    file_link.focus()
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    path = download.value.path()
    calendar = Calendar.from_ical(open(path, "rb").read())
    (event,) = calendar.walk("VEVENT")
    assert str(event["SUMMARY"]) == "A summer evening of kindness"
    assert event.start == coming_event.starts_at.astimezone(LONDON)
    assert event.start.tzinfo.key == "Europe/London"
    assert str(event["LOCATION"]) == "Belong, Manchester"


@pytest.fixture
def recorded_event(site):
    """A past event with its recording on YouTube."""
    starts = dt.datetime(2021, 4, 13, 11, tzinfo=LONDON)
    event = EventPage(
        title="An Elevenses to watch again",
        slug="an-elevenses-to-watch-again",
        introduction="A recorded webinar.",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
        recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        transcript="<p>Good morning, and welcome.</p>",
    )
    EventIndexPage.objects.get().add_child(instance=event)
    return event


def test_the_video_host_hears_nothing_until_play_is_pressed(recorded_event, page, site):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site + recorded_event.url)
    page.wait_for_load_state("networkidle")
    assert [url for url in asked if not url.startswith(site)] == []
    assert axe_violations(page) == ""

    # "Watch the recording", then play by keyboard: Tab onto the button, press Enter.
    page.get_by_role("link", name="Watch the recording").click()
    play = page.get_by_role("button", name="Play the video")
    assert recorded_event.title in play.text_content()
    play.focus()
    page.keyboard.press("Enter")
    player = page.locator("#recording iframe")
    assert player.get_attribute("title") == recorded_event.title
    source = player.get_attribute("src")
    assert source.startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    assert "autoplay=1" in source
    page.wait_for_timeout(300)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in asked)
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"

    # The transcript opens by keyboard too.
    page.locator(".transcript summary").focus()
    page.keyboard.press("Enter")
    assert page.get_by_text("Good morning, and welcome.").is_visible()
