"""Stories of Radical Kindness: what the Stories page lists (its stories, and the
recordings editors added to event pages, once each), how it filters, and what a story
of each kind shows and tells search engines."""

import datetime as dt
import json

import pytest

from events.models import EventPage
from resources.models import StoryPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

YOUTUBE = "https://youtu.be/dQw4w9WgXcQ"


@pytest.fixture
def stories(site_tree):
    """An episode with audio, a video story and a recorded Elevenses session, in the
    test site (which already has a video story, `site_tree.story`, of 2 March 2021)."""
    t = site_tree
    t.host = f.PersonFactory(name="Amina Yusuf")
    t.episode = f.StoryPageFactory(
        parent=t.stories,
        title="Episode 1: Bread and neighbours",
        kind=StoryPage.Kind.PODCAST,
        date=dt.date(2022, 6, 1),
        introduction="A baker on feeding a street.",
        media=f.AudioFactory(seconds=90),
        transcript="<p>We bake for everyone on the street.</p>",
    )
    f.StoryPersonFactory(page=t.episode, person=t.host)
    t.short = f.StoryPageFactory(
        parent=t.stories,
        title="A painted bench",
        kind=StoryPage.Kind.VIDEO,
        date=dt.date(2020, 9, 1),
        media_url=YOUTUBE,
    )
    session = EventPage.objects.get(pk=t.session.pk)
    session.recording_url = YOUTUBE
    session.save_revision().publish()
    return t


def card_titles(soup):
    return [visible_text(h) for h in main_of(soup).select(".card__title")]


def test_stories_and_event_recordings_newest_first(client, stories):
    t = stories
    titles = card_titles(soup_of(client.get(t.stories.url)))
    # 1 June 2022, 27 April 2021 (the recorded session), 2 March 2021, 1 September 2020.
    assert titles == [t.episode.title, t.session.title, t.story.title, t.short.title]


def test_a_recording_told_by_a_story_is_listed_once_as_the_story(client, stories):
    t = stories
    story = StoryPage.objects.get(pk=t.story.pk)
    story.event = EventPage.objects.get(pk=t.session.pk)
    story.save_revision().publish()
    titles = card_titles(soup_of(client.get(t.stories.url)))
    assert t.session.title not in titles and titles.count(t.story.title) == 1


def test_the_card_of_a_recording_says_what_it_is_and_who_is_in_it(client, stories):
    t = stories
    main = main_of(soup_of(client.get(t.stories.url)))
    card = next(c for c in main.select(".card") if t.session.title in visible_text(c))
    assert "Webinar recording" in visible_text(card)
    assert "With Sam Okafor" in visible_text(card)  # the session's speaker
    assert card.find("a")["href"] == t.session.url


@pytest.mark.parametrize(
    "query, expected",
    [
        ({"kind": "podcast"}, ["episode"]),
        ({"kind": "video"}, ["story", "short"]),
        ({"kind": "recording"}, ["session"]),
        ({"person": "amina-yusuf"}, ["episode"]),
        ({"person": "sam-okafor"}, ["session"]),
        ({"year": "2021"}, ["session", "story"]),
        ({"kind": "video", "year": "2020"}, ["short"]),
    ],
)
def test_filters_by_kind_person_and_year(client, stories, query, expected):
    t = stories
    soup = soup_of(client.get(t.stories.url, query))
    assert card_titles(soup) == [getattr(t, name).title for name in expected]
    assert soup.find("meta", attrs={"name": "robots"}) is None


def test_a_filtered_view_names_itself(client, stories):
    t = stories
    soup = soup_of(client.get(t.stories.url, {"kind": "podcast", "person": "amina-yusuf"}))
    assert soup.title.string.startswith("Podcast episodes with Amina Yusuf |")
    assert "1 story." in visible_text(main_of(soup))
    form = main_of(soup).find("form", attrs={"aria-label": "Filter stories"})
    assert form["method"] == "get"
    assert form.find("option", selected=True, value="podcast")


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?kind=opera", "There is no kind of story called “opera”"),
        ("?person=nobody-at-all", "There is no person called “nobody-at-all”"),
        ("?year=20x1", "There is no year called “20x1”"),
        ("?page=99999", ""),
        ("?page=abc&kind=%00", ""),
        ("?person=" + "x" * 3000, "There is no person called"),
    ],
)
def test_nonsense_gets_a_normal_page(client, stories, query, notice):
    response = client.get(stories.stories.url + query)
    assert response.status_code == 200
    assert notice in visible_text(main_of(soup_of(response)))


def test_an_episode_plays_in_the_browsers_own_player(client, stories):
    t = stories
    soup = soup_of(client.get(t.episode.url))
    main = main_of(soup)
    audio = main.find("audio")
    assert audio["src"].endswith(".mp3") and audio.has_attr("controls")
    assert audio["preload"] == "none"
    download = main.select_one(".player a[download]")
    assert visible_text(download.parent).endswith("(MP3, 1.4 MB, 1 minute 30 seconds)")
    facts = visible_text(main.select_one("dl.facts"))
    assert "With Amina Yusuf" in facts and "Length 1 minute 30 seconds" in facts
    transcript = main.find("details", class_="transcript")
    assert "We bake for everyone on the street." in visible_text(transcript)
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert (
        og["og:audio"].startswith("http://testserver/media/")
        and og["og:audio:type"] == "audio/mpeg"
    )


def test_an_episode_is_a_podcast_episode_to_search_engines(client, stories):
    t = stories
    soup = soup_of(client.get(t.episode.url))
    (data,) = [
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
        if json.loads(s.string).get("@type") == "PodcastEpisode"
    ]
    assert data["duration"] == "PT1M30S"
    assert data["datePublished"] == "2022-06-01"
    assert data["associatedMedia"]["@type"] == "AudioObject"
    assert data["associatedMedia"]["encodingFormat"] == "audio/mpeg"
    assert data["associatedMedia"]["transcript"] == "We bake for everyone on the street."
    assert data["partOfSeries"]["webFeed"] == "http://testserver/stories/podcast/"
    assert data["actor"] == [{"@type": "Person", "name": "Amina Yusuf"}]


def test_a_hosted_video_waits_behind_the_facade(client, stories):
    t = stories
    soup = soup_of(client.get(t.short.url))
    main = main_of(soup)
    assert main.select_one(".video__play")["href"] == YOUTUBE
    assert "youtube-nocookie.com/embed/dQw4w9WgXcQ" in main.find("template").decode_contents()
    (data,) = [
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
        if json.loads(s.string).get("@type") == "VideoObject"
    ]
    assert data["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert data["uploadDate"] == "2020-09-01"
    assert soup.find("meta", property="og:type")["content"] == "video.other"


def test_a_story_without_media_says_so_gracefully(client, stories):
    page = f.StoryPageFactory(parent=stories.stories, title="Coming soon", media_url="")
    main = main_of(soup_of(client.get(page.url)))
    assert "The recording of this story has not been added to this site yet." in visible_text(main)


def test_a_story_is_found_by_the_words_of_its_transcript(client, stories):
    main = main_of(soup_of(client.get("/search/", {"q": "bake street"})))
    assert stories.episode.title in visible_text(main)


def test_each_story_shows_its_permanent_link(client, stories):
    t = stories
    main = main_of(soup_of(client.get(t.episode.url)))
    assert main.find("input", id="permalink")["value"] == f"http://testserver/r/{t.episode.pk}/"
    assert client.get(f"/r/{t.episode.pk}/")["Location"] == f"http://testserver{t.episode.url}"


def test_an_uploaded_video_plays_with_its_captions(client, stories):
    page = f.StoryPageFactory(
        parent=stories.stories,
        title="A walk in the park",
        media=f.VideoFactory(),
        poster=f.ImageFactory(),
    )
    soup = soup_of(client.get(page.url))
    video = main_of(soup).find("video")
    assert video.has_attr("controls") and video["preload"] == "none"
    assert video["poster"].startswith("/media/images/") and ".fill-1280x720" in video["poster"]
    assert video.find("source")["type"] == "video/webm"
    track = video.find("track")
    assert (
        track["kind"] == "captions" and track["srclang"] == "en" and track["src"].endswith(".vtt")
    )
    data = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    (media,) = [d for d in data if d.get("@type") == "VideoObject"]
    assert media["contentUrl"].endswith(".webm") and media["encodingFormat"] == "video/webm"


def test_an_uploaded_video_without_captions_points_to_the_transcript(client, stories):
    video = f.VideoFactory(captions=None)
    page = f.StoryPageFactory(parent=stories.stories, title="No captions yet", media=video)
    text = visible_text(main_of(soup_of(client.get(page.url))))
    assert "This video has no captions yet; the transcript below has what is said." in text


def test_a_written_story_shows_its_text_and_teller(client, stories):
    page = f.StoryPageFactory(
        parent=stories.stories,
        title="A story from Leeds",
        kind=StoryPage.Kind.WRITTEN,
        told_by="Priya",
        body=[{"type": "paragraph", "value": "<p>Our neighbour shovelled our path.</p>"}],
    )
    main = main_of(soup_of(client.get(page.url)))
    text = visible_text(main)
    assert "Shared by Priya" in text and "Our neighbour shovelled our path." in text
    assert "has not been added" not in text and main.find(id="recording") is None
