"""An event's recording: once the event has ended, its page shows the video behind a
facade that asks the host nothing until play is pressed, folds the transcript beneath,
offers "Watch the recording" instead of "Add to calendar", and tells search engines
about the video."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from core.video import PrivacyFriendlyVideoFinder, hosted_video
from events.models import EventPage
from tests import factories as f
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
TRANSCRIPT = "<p>Welcome to Elevenses.</p><p>Today we talk about neighbourliness.</p>"


@pytest.mark.parametrize(
    "url, provider, video_id",
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/embed/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "YouTube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "Vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "Vimeo", "76979871"),
    ],
)
def test_the_addresses_people_paste_are_recognised(url, provider, video_id):
    video = hosted_video(url)
    assert (video.provider, video.video_id) == (provider, video_id)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/@belongnetwork",
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "https://vimeo.com/channels/staffpicks",
        "not a url at all",
        "http://[::1",
    ],
)
def test_anything_else_is_not_taken_for_a_video(url):
    assert hosted_video(url) is None


def test_the_player_is_in_the_hosts_privacy_mode():
    youtube = PrivacyFriendlyVideoFinder().find_embed(YOUTUBE)["html"]
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in youtube
    vimeo = PrivacyFriendlyVideoFinder().find_embed("https://vimeo.com/76979871")["html"]
    assert 'src="https://player.vimeo.com/video/76979871?dnt=1"' in vimeo


def fresh(page):
    """The page as stored now: the module's site_tree objects outlive each test's
    rollback, and with it their latest revision."""
    return EventPage.objects.get(pk=page.pk)


@pytest.fixture
def recorded(site_tree):
    """The past Elevenses session of the test site, with its recording added."""
    session = fresh(site_tree.session)
    session.recording_url = YOUTUBE
    session.transcript = TRANSCRIPT
    session.save_revision().publish()
    return session


def test_a_past_event_with_a_recording_shows_it_behind_a_facade(client, recorded):
    soup = soup_of(client.get(recorded.url))
    main = main_of(soup)
    watch = main.select_one('a.button[href="#recording"]')
    assert visible_text(watch) == f"Watch the recording: {recorded.title}"
    assert main.select_one(".add-to-calendar") is None
    section = main.find(id="recording")
    play = section.select_one(".video__play")
    assert play["href"] == YOUTUBE  # without JavaScript, play opens the video on YouTube
    assert visible_text(play) == f"Play the video: {recorded.title}"
    # The player waits, inert, in a <template>: nothing on the page loads from a host.
    player = section.find("template")
    assert "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" in player.decode_contents()
    outside = [tag for tag in soup.find_all(src=True) if tag.find_parent("template") is None]
    assert not [tag["src"] for tag in outside if "youtube" in tag["src"] or "ytimg" in tag["src"]]
    assert "sent nothing until you press play" in visible_text(section)


def test_the_transcript_is_folded_under_the_video(client, recorded):
    section = main_of(soup_of(client.get(recorded.url))).find(id="recording")
    transcript = section.find("details", class_="transcript")
    assert visible_text(transcript.summary) == f"Transcript of {recorded.title}"
    assert "Today we talk about neighbourliness." in visible_text(transcript)


def test_a_recording_without_a_transcript_says_so(client, site_tree):
    session = fresh(site_tree.session)
    session.recording_url = "https://vimeo.com/76979871"
    session.save_revision().publish()
    section = main_of(soup_of(client.get(session.url))).find(id="recording")
    assert "No transcript of this recording has been added yet." in visible_text(section)
    assert "player.vimeo.com/video/76979871?dnt=1" in section.find("template").decode_contents()


def test_a_host_the_site_cannot_embed_is_a_link(client, site_tree):
    session = fresh(site_tree.session)
    session.recording_url = "https://video.example.org/elevenses-27-april"
    session.save_revision().publish()
    section = main_of(soup_of(client.get(session.url))).find(id="recording")
    assert section.find("template") is None
    link = section.select_one(
        '.video__caption a[href="https://video.example.org/elevenses-27-april"]'
    )
    assert visible_text(link) == f"Watch it on video.example.org: {session.title}"


def test_search_engines_are_told_about_the_video(client, recorded):
    soup = soup_of(client.get(recorded.url))
    blocks = [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]
    (event,) = [b for b in blocks if b.get("@type") == "Event"]
    video = event["recordedIn"]
    assert video["@type"] == "VideoObject"
    assert video["embedUrl"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert video["thumbnailUrl"] == "https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg"
    assert video["uploadDate"] == "2021-04-27T12:00:00+01:00"  # when the session ended
    assert video["transcript"] == ("Welcome to Elevenses. Today we talk about neighbourliness.")
    og = {m["property"]: m["content"] for m in soup.find_all("meta", property=True)}
    assert og["og:video"] == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    assert og["og:video:type"] == "text/html"


def test_an_editors_still_is_the_poster_and_the_thumbnail(client, recorded):
    recorded.recording_poster = f.ImageFactory(title="Elevenses on screen")
    recorded.save_revision().publish()
    soup = soup_of(client.get(recorded.url))
    poster = main_of(soup).select_one(".video__poster")
    assert poster["alt"] == ""  # the play button names the video
    (event,) = [
        json.loads(s.string)
        for s in soup.find_all("script", type="application/ld+json")
        if json.loads(s.string).get("@type") == "Event"
    ]
    thumbnail = event["recordedIn"]["thumbnailUrl"]
    assert thumbnail.startswith("http://testserver/") and thumbnail.endswith(".jpg")


def test_before_the_event_no_recording_is_shown(client, site_tree):
    """A video address given early (a mistake, or a live stream's) waits for the end."""
    coming = fresh(site_tree.next_session)
    coming.recording_url = YOUTUBE
    coming.save_revision().publish()
    main = main_of(soup_of(client.get(coming.url)))
    assert main.find(id="recording") is None
    assert main.select_one(".add-to-calendar") is not None


def test_an_event_is_found_by_the_words_of_its_transcript(client, recorded):
    response = client.get("/search/", {"q": "neighbourliness"})
    assert recorded.title in visible_text(main_of(soup_of(response)))


def test_the_joining_link_is_offered_until_the_event_ends(client, site_tree):
    coming, past = fresh(site_tree.next_session), fresh(site_tree.session)
    for event in (coming, past):
        event.joining_url = "https://zoom.example/j/123"
        event.save_revision().publish()
    coming_main = main_of(soup_of(client.get(coming.url)))
    join = coming_main.find("a", href="https://zoom.example/j/123")
    assert visible_text(join) == f"Join online: {coming.title}"
    assert (
        main_of(soup_of(client.get(past.url))).find("a", href="https://zoom.example/j/123") is None
    )
    assert past.ends_at < timezone.now() - dt.timedelta(days=1)
