"""What search engines and shared links are told about an event: its own description,
built from its facts when an editor writes none, and Event structured data."""

import datetime as dt
import json

import pytest

from events.models import EventPage
from tests import factories as f
from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

ELEVENSES = "/events/radical-kindness-elevenses/"


def description_of(client, url):
    soup = soup_of(client.get(url))
    meta = soup.find("meta", attrs={"name": "description"})["content"]
    assert soup.find("meta", property="og:description")["content"] == meta
    return meta


def event_data(client, url):
    soup = soup_of(client.get(url))
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    (event,) = [b for b in blocks if b.get("@type") == "Event"]
    return event


def test_each_elevenses_session_describes_itself(client):
    assert description_of(client, ELEVENSES + "2021-04-13/") == (
        "Radical Kindness Elevenses webinar, Tuesday 13 April 2021, 11:00–12:00 UK time, online"
    )
    sessions = EventPage.objects.filter(slug__regex=r"^20[0-9]{2}-").live()
    descriptions = {description_of(client, s.url) for s in sessions}
    assert len(descriptions) == sessions.count() == 26


def test_what_an_editor_wrote_comes_first(client, site_tree):
    assert description_of(client, site_tree.workshop.url) == "An afternoon workshop in person."


def test_a_session_with_a_topic_of_its_own_and_a_changed_status(client, site_tree):
    t = site_tree
    session = f.EventPageFactory(
        parent=t.series,
        title="Kindness in schools",
        introduction="",
        starts_at=dt.datetime(2021, 3, 2, 11, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2021, 3, 2, 12, 0, tzinfo=dt.UTC),
        status=EventPage.Status.CANCELLED,
    )
    assert description_of(client, session.url) == (
        "Cancelled: Kindness in schools, part of Radical Kindness Elevenses, "
        "Tuesday 2 March 2021, 11:00–12:00 UK time, online"
    )


def test_event_data_says_how_to_attend(client, site_tree):
    t = site_tree
    online = event_data(client, t.session.url)
    assert online["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert online["location"]["@type"] == "VirtualLocation"
    assert online["startDate"] == "2021-04-27T11:00:00+01:00"
    assert online["performer"] == [{"@type": "Person", "name": "Sam Okafor"}]
    assert online["eventStatus"] == "https://schema.org/EventScheduled"

    in_person = event_data(client, t.workshop.url)
    assert in_person["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
    assert in_person["location"] == {
        "@type": "Place",
        "name": "Belong, Manchester",
        "address": "Belong, Manchester",
    }

    hybrid = f.EventPageFactory(
        parent=t.events,
        title="A hybrid evening",
        event_format=EventPage.Format.HYBRID,
        location="Belong, Manchester",
        registration_url="https://tickets.example.org/hybrid",
    )
    data = event_data(client, hybrid.url)
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert [place["@type"] for place in data["location"]] == ["VirtualLocation", "Place"]
    assert data["location"][0]["url"] == "https://tickets.example.org/hybrid"


def test_an_event_moved_online_is_online(client, site_tree):
    workshop = EventPage.objects.get(pk=site_tree.workshop.pk)
    workshop.status = EventPage.Status.MOVED_ONLINE
    workshop.save_revision().publish()
    data = event_data(client, workshop.url)
    assert data["eventStatus"] == "https://schema.org/EventMovedOnline"
    assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
