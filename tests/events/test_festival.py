"""A festival (Radical Kindness Week): an event over several days whose programme is
its own events, shown day by day and in its calendar."""

import datetime as dt
import json
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from icalendar import Calendar

from events.models import FestivalPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day, hour, minute=0):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def festival(site_tree):
    week = FestivalPage(
        title="A week of kindness",
        slug="a-week-of-kindness",
        introduction="Five days of free events.",
        starts_at=at(dt.date(2030, 5, 13), 0),
        ends_at=at(dt.date(2030, 5, 17), 23, 59),
        all_day=True,
    )
    site_tree.events.add_child(instance=week)
    for title, day, hour, fmt in [
        ("Closing webinar", dt.date(2030, 5, 17), 11, "online"),
        ("Kindness walk", dt.date(2030, 5, 13), 14, "in_person"),
        ("Morning workshop", dt.date(2030, 5, 13), 10, "in_person"),
    ]:
        f.EventPageFactory(
            parent=week,
            title=title,
            starts_at=at(day, hour),
            ends_at=at(day, hour + 1),
            event_format=fmt,
        )
    return FestivalPage.objects.get(pk=week.pk)


def test_the_programme_is_listed_day_by_day_in_time_order(client, festival):
    main = main_of(soup_of(client.get(festival.url)))
    programme = main.find(id="programme-heading").find_parent("section")
    days = [visible_text(h) for h in programme.find_all("h3")]
    assert days == ["Monday 13 May 2030", "Friday 17 May 2030"]
    first_day = programme.find_all("ul")[0]
    assert [visible_text(a) for a in first_day.find_all("a")] == [
        "Morning workshop",
        "Kindness walk",
    ]
    assert "10:00–11:00" in visible_text(first_day)


def test_its_calendar_holds_the_festival_and_its_programme(client, festival):
    calendar = Calendar.from_ical(client.get(festival.url + "calendar.ics").content)
    titles = sorted(str(e["SUMMARY"]) for e in calendar.walk("VEVENT"))
    assert titles == ["A week of kindness", "Closing webinar", "Kindness walk", "Morning workshop"]


def test_it_is_an_event_to_search_engines_and_listings(client, festival):
    soup = soup_of(client.get(festival.url))
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    assert [b["@type"] for b in blocks if b["@type"] in ("Festival", "Event")] == ["Festival"]
    index = main_of(soup_of(client.get(festival.get_parent().url)))
    assert "A week of kindness" in [visible_text(h) for h in index.select(".card__title")]


def test_an_editor_can_add_an_event_to_the_programme(client, festival):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", festival.pk])
    assert client.get(url).status_code == 200
