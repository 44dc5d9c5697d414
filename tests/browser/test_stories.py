"""Stories in Chromium: a story of each kind and the Stories page pass axe, the video
host hears nothing before play, and the browser's own players are labelled."""

import datetime as dt

import pytest

from resources.models import StoriesPage, StoryPage
from tests.browser.test_journeys import axe_violations
from tests.factories import AudioFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("_empty_database"),
]


@pytest.fixture
def stories(site):
    """One story of each kind, made before the browser starts (see `site`)."""
    stories_page = StoriesPage.objects.get()
    made = {}
    for kind, title, extra in [
        (StoryPage.Kind.VIDEO, "A painted bench", {"media_url": "https://youtu.be/dQw4w9WgXcQ"}),
        (StoryPage.Kind.PODCAST, "Bread and neighbours", {"media": AudioFactory(seconds=20)}),
        (StoryPage.Kind.WEBINAR, "Kindness at work", {}),
        (StoryPage.Kind.WRITTEN, "A story from Leeds", {"told_by": "Priya"}),
    ]:
        story = StoryPage(
            title=title,
            kind=kind,
            date=dt.date(2022, 6, 1),
            introduction="A story of radical kindness.",
            transcript="<p>Every word that was said.</p>",
            **extra,
        )
        stories_page.add_child(instance=story)
        made[kind] = story
    return made


def test_stories_pass_axe_and_ask_no_one_else_for_anything(stories, page, site):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    for path in ["/stories/", "/stories/?kind=podcast", *(s.url for s in stories.values())]:
        page.goto(site + path)
        assert axe_violations(page) == "", path
    assert [url for url in asked if not url.startswith(site)] == []


def test_an_episode_plays_in_a_labelled_player_operable_by_keyboard(stories, page, site):
    page.goto(site + stories[StoryPage.Kind.PODCAST].url)
    player = page.get_by_label("Listen: Bread and neighbours")
    assert player.evaluate("element => element.controls") is True
    player.focus()
    assert page.evaluate("document.activeElement.tagName") == "AUDIO"


def test_the_video_loads_from_the_host_only_after_play(stories, page, site):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(site + stories[StoryPage.Kind.VIDEO].url)
    assert not [url for url in asked if "youtube" in url]
    page.get_by_role("button", name="Play the video").focus()
    page.keyboard.press("Space")
    assert (
        page.locator("#recording iframe")
        .get_attribute("src")
        .startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?")
    )
    page.wait_for_timeout(300)
    assert [url for url in asked if url.startswith("https://www.youtube-nocookie.com/")]
