"""Every page type, rendered with the real content, is valid HTML according to the
W3C Nu HTML Checker (vnu.jar, fetched by `make install-test` into .tools/).

The checker is slow to start, so all pages go to one run. Without Java or the jar
the test is skipped locally, but fails in CI (CI=true), where it must run."""

import json
import os
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import RequestFactory

from core import errors as error_pages
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from projects.models import PartnerIndexPage, PartnerPage, ProjectIndexPage, ProjectPage
from resources.models import ResourceIndexPage, ResourcePage, StoriesPage
from tests import factories as f

VNU_JAR = (
    Path(settings.BASE_DIR) / ".tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
)


def require_checker():
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("java is not installed")
    if not VNU_JAR.exists():
        missing.append(f"{VNU_JAR} is missing (run `make install-test`)")
    if missing:
        reason = "The Nu HTML checker cannot run: " + "; ".join(missing)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason + ". CI must run it.")
        pytest.skip(reason)
    return java


def standard_page(parent, title, width, height):
    def image(name):
        return f.ImageFactory(title=name, file__width=width, file__height=height)

    return f.StandardPageFactory(
        parent=parent,
        title=title,
        listing_image=image("Volunteers painting a mural"),
        body=[
            {"type": "heading", "value": {"text": "Our aim", "anchor": "aim"}},
            {"type": "paragraph", "value": "<p>Everyone can use this site.</p>"},
            {"type": "quote", "value": {"quote": "Kindness is a superpower.", "attribution": ""}},
            {
                "type": "call_to_action",
                "value": {
                    "heading": "Tell us",
                    "text": "Found a problem?",
                    "link_text": "Contact us",
                    "page": None,
                    "url": "https://example.org/contact",
                },
            },
            {
                "type": "figure",
                "value": {"image": image("A painted wall").pk, "caption": "A painted wall"},
            },
        ],
    )


def pages_to_check():
    """One address per page type, from the loaded site, plus the two types the seed
    has no content for (a standard page and a story), made with factories."""
    stories = StoriesPage.objects.get()
    story = f.StoryPageFactory(
        parent=stories,
        title="Kindness is a superpower",
        media_url="https://video.example.org/kindness",
        transcript="<p>The wall says <b>kindness</b> is a superpower.</p>",
    )
    episode = f.StoryPageFactory(
        parent=stories, title="Bread & neighbours", kind="podcast", media=f.AudioFactory(seconds=20)
    )
    f.StoryPersonFactory(page=episode)
    hosted = f.StoryPageFactory(
        parent=stories, title="A painted bench", media_url="https://youtu.be/dQw4w9WgXcQ"
    )
    written = f.StoryPageFactory(
        parent=stories,
        title="A story from Leeds",
        kind="written",
        told_by="Priya",
        body=[{"type": "paragraph", "value": "<p>Our neighbour shovelled our path.</p>"}],
    )
    recorded = EventPage.objects.child_of(EventSeriesPage.objects.get()).order_by("starts_at")[3]
    recorded.recording_url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    recorded.transcript = "<p>Good morning.</p>"
    recorded.save_revision().publish()
    home = HomePage.objects.get()
    standard = standard_page(home, "Accessibility statement", width=1600, height=1000)
    # Editors also upload small pictures (a logo, a screenshot): the page must stay valid.
    small = standard_page(home, "A page with small pictures", width=400, height=300)
    series = EventSeriesPage.objects.get()
    return {
        "home": home.url,
        "resource-index": ResourceIndexPage.objects.get().url,
        "resource-index-filtered": ResourceIndexPage.objects.get().url + "?type=paper",
        "resource-index-unknown-type": ResourceIndexPage.objects.get().url + "?type=nonsense",
        "resource-index-faceted": ResourceIndexPage.objects.get().url
        + "?type=report&type=paper&year=2020&author=carnegie-uk-trust&sort=title&q=kindness",
        "resource-index-empty": ResourceIndexPage.objects.get().url + "?type=toolkit&year=2020",
        "author": ResourceIndexPage.objects.get().url + "authors/jo-broadwood/",
        "resource": ResourcePage.objects.get(title="Cultivating Radical Kindness").url,
        "stories": stories.url,
        "story": story.url,
        "story-podcast": episode.url,
        "story-hosted-video": hosted.url,
        "story-written": written.url,
        "stories-podcast-filter": stories.url + "?kind=podcast&year=2021",
        "share-your-story": stories.url + "share/",
        "share-your-story-thanks": stories.url + "share/thanks/",
        "event-with-recording": recorded.url,
        "event-index": EventIndexPage.objects.get().url,
        "event-series": series.url,
        "event-series-page-2": series.url + "?page=2",
        "event": EventPage.objects.child_of(series).order_by("starts_at").last().url,
        "event-week": EventPage.objects.get(all_day=True).url,
        "project-index": ProjectIndexPage.objects.get().url,
        "project": ProjectPage.objects.get(title="Radical Kindness").url,
        "partner-index": PartnerIndexPage.objects.get().url,
        "partner": PartnerPage.objects.get(title="Spirit of 2012").url,
        "standard": standard.url,
        "standard-small-images": small.url,
        "search-empty": "/search/",
        "search-results": "/search/?q=kindness",
        "search-narrowed": "/search/?q=kindness&type=events",
        "search-nothing": "/search/?q=xylophonequartz&type=people",
        "contact": "/contact/",
        "not-found": "/no-such-page/",
    }


@pytest.mark.django_db
def test_every_page_type_is_valid_html(client, tmp_path):
    java = require_checker()
    files = {}
    for name, url in pages_to_check().items():
        response = client.get(url)
        expected = 404 if name == "not-found" else 200
        assert response.status_code == expected, f"{url} gave {response.status_code}"
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files[path.name] = url
    # The pages that must render without the database or a known host.
    request = RequestFactory().get("/")
    for name, response in {
        "server-error": error_pages.server_error(request),
        "bad-request": error_pages.bad_request(request, None),
    }.items():
        (tmp_path / f"{name}.html").write_bytes(response.content)
        files[f"{name}.html"] = name

    run = subprocess.run(
        [
            java,
            "-jar",
            str(VNU_JAR),
            "--errors-only",
            "--format",
            "json",
            *sorted(tmp_path.glob("*.html")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    raw = run.stderr.strip() or run.stdout.strip()
    report = json.loads(raw[raw.index("{") :])
    errors = [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]
    lines = []
    for m in errors:
        name = Path(urlsplit(m.get("url", "")).path).name
        where = f"{name} ({files[name]})" if name in files else m.get("url")
        lines.append(
            f"{where} line {m.get('lastLine')}: {m.get('message')}\n    {m.get('extract', '').strip()}"
        )
    print("\n".join(lines))
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(lines)
    # The checker really looked at every page.
    assert run.returncode == 0
