"""The podcast feed (/stories/podcast/): RSS 2.0 with the iTunes tags podcast apps
read, every episode with its audio as an enclosure, and offered where it exists."""

import datetime as dt

import feedparser
import pytest

from resources.models import StoryPage
from tests import factories as f
from tests.helpers import main_of, soup_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def episodes(site_tree):
    t = site_tree
    t.first = f.StoryPageFactory(
        parent=t.stories,
        title="Episode 1: Bread & neighbours",
        kind=StoryPage.Kind.PODCAST,
        date=dt.date(2022, 6, 1),
        introduction="A baker on feeding a street.",
        media=f.AudioFactory(seconds=90),
    )
    t.second = f.StoryPageFactory(
        parent=t.stories,
        title="Episode 2: Long walks",
        kind=StoryPage.Kind.PODCAST,
        date=dt.date(2022, 7, 1),
        media=f.AudioFactory(seconds=3725),
    )
    # Not episodes: a podcast page with no audio yet, and a video story.
    f.StoryPageFactory(parent=t.stories, title="Episode 3", kind=StoryPage.Kind.PODCAST)
    return t


def parsed(client):
    response = client.get("/stories/podcast/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.bozo_exception
    return feed


def test_the_feed_holds_each_episode_with_its_audio(client, episodes):
    t = episodes
    feed = parsed(client)
    assert feed.version == "rss20"
    assert [e.title for e in feed.entries] == [t.second.title, t.first.title]
    first = feed.entries[1]
    (enclosure,) = first.enclosures
    assert enclosure.href == f"http://testserver{t.first.media.url}"
    assert enclosure.type == "audio/mpeg"
    assert int(enclosure.length) == t.first.media.file.size == 3453 * 417
    assert first.itunes_duration == "1:30"
    assert feed.entries[0].itunes_duration == "1:02:05"
    assert first.id == f"http://testserver/r/{t.first.pk}/"
    assert first.link == f"http://testserver{t.first.url}"
    assert first.published_parsed[:3] == (2022, 6, 1)


def test_the_channel_has_what_podcast_apps_expect(client, episodes):
    # Apple's current values are true and false (feedparser only knows yes and clean).
    assert b"<itunes:explicit>false</itunes:explicit>" in client.get("/stories/podcast/").content
    feed = parsed(client).feed
    assert feed.title == "Stories of Radical Kindness"
    assert feed.link == "http://testserver/stories/"
    assert feed.author  # itunes:author, the organisation
    assert feed.tags[0].term == "Society & Culture"
    assert feed.language == "en-gb"


def test_the_stories_page_and_each_episode_offer_the_feed(client, episodes):
    for url in (episodes.stories.url, episodes.first.url):
        soup = soup_of(client.get(url))
        link = soup.find("link", type="application/rss+xml")
        assert link["href"] == "http://testserver/stories/podcast/", url
    panel = main_of(soup_of(client.get(episodes.stories.url))).find(id="podcast-heading").parent
    assert panel.find("input")["value"] == "http://testserver/stories/podcast/"


def test_without_episodes_nothing_offers_a_podcast(client, site_tree):
    soup = soup_of(client.get(site_tree.stories.url))
    assert soup.find("link", type="application/rss+xml") is None
    assert main_of(soup).find(id="podcast-heading") is None
    assert parsed(client).entries == []  # the address still answers, empty
