"""`generate_synthetic_content` adds clearly marked made-up pages for benchmarks, and
`--clear` takes them away again, leaving the tree as it was."""

import datetime as dt
import io
import re

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, ReferenceIndex

from core.models import SiteDocument
from events.models import EventPage, EventSeriesPage
from people.models import Organisation, Person
from resources.models import LibraryItem, ResourcePage, StoryPage, Topic
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def generate(*args):
    out = io.StringIO()
    call_command("generate_synthetic_content", *args, stdout=out)
    return out.getvalue()


def test_synthetic_pages_are_marked_live_listed_and_removable(client):
    pages_before = Page.objects.count()
    assert "Added 5 synthetic resources" in generate("--resources", "5", "--events", "4")

    resources = ResourcePage.objects.filter(title__startswith="Synthetic resource")
    events = EventPage.objects.filter(title__startswith="Synthetic event")
    assert resources.count() == 5 and events.count() == 4
    assert all(page.live for page in [*resources, *events])
    for page in resources:
        assert "Synthetic benchmark content, not a real publication." in page.introduction
        assert page.authors.exists()
    # Added as an editor's pages are: a sound tree, and credits Wagtail knows about.
    assert Page.find_problems() == ([], [], [], [], [])
    credited = resources.first().authors.first().person
    assert ReferenceIndex.get_grouped_references_to(credited).is_protected
    library = visible_text(main_of(soup_of(client.get("/resources/"))))
    assert "(14 items)" in library  # the 9 real library items and the 5 made up

    # A second run numbers on from the first.
    generate("--resources", "2")
    assert ResourcePage.objects.filter(slug="synthetic-resource-0007").exists()

    assert "Removed" in generate("--clear")
    assert Page.objects.count() == pages_before
    assert not Person.objects.filter(name__startswith="Synthetic Author").exists()
    assert not Organisation.objects.filter(name__startswith="Synthetic Organisation").exists()
    assert not Topic.objects.filter(name__startswith="Synthetic topic").exists()
    assert not SiteDocument.objects.filter(title__startswith="Synthetic document").exists()
    assert Page.find_problems() == ([], [], [], [], [])


def test_synthetic_stories_and_recordings_are_listed_and_removable(client):
    pages_before = Page.objects.count()
    assert "Added 6 synthetic stories" in generate("--stories", "6", "--events", "24")
    stories = StoryPage.objects.filter(title__startswith="Synthetic story")
    assert stories.count() == 6 and all(s.people.exists() for s in stories)
    assert all("Synthetic benchmark content, not a real story." in s.introduction for s in stories)
    recorded = EventPage.objects.filter(title__startswith="Synthetic event").exclude(
        recording_url=""
    )
    assert recorded.exists()
    assert all(e.recording_url.startswith("https://video.example.org/") for e in recorded)
    listed = [
        visible_text(h) for h in main_of(soup_of(client.get("/stories/"))).select(".card__title")
    ]
    # Fewer than a page of them: every story and every recorded event, once each.
    assert sorted(listed) == sorted([*(s.title for s in stories), *(e.title for e in recorded)])
    generate("--clear")
    assert Page.objects.count() == pages_before
    assert not Person.objects.filter(name__startswith="Synthetic Author").exists()


def test_synthetic_events_include_series_and_sessions_named_by_their_date():
    generate("--events", "9")
    made = EventSeriesPage.objects.filter(title__startswith="Synthetic series")
    assert made.count() == 1
    series = made.get()
    assert series.first_session and series.session_starts  # a schedule, as an editor's
    sessions = list(EventPage.objects.child_of(series).order_by("starts_at"))
    assert [s.slug for s in sessions] == [
        (series.first_session + dt.timedelta(weeks=n)).isoformat() for n in range(3)
    ]
    elevenses = EventSeriesPage.objects.get(slug="radical-kindness-elevenses")
    added = EventPage.objects.child_of(elevenses).filter(title__startswith="Synthetic event")
    assert added.count() == 3
    assert all(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s.slug) for s in added)
    assert EventPage.objects.filter(title__startswith="Synthetic event").count() == 9
    assert Page.find_problems() == ([], [], [], [], [])
    generate("--clear")
    assert not EventSeriesPage.objects.filter(title__startswith="Synthetic series").exists()
    assert not EventPage.objects.filter(title__startswith="Synthetic event").exists()


def test_synthetic_resources_have_the_facts_search_and_facets_need():
    generate("--resources", "10")
    resources = ResourcePage.objects.filter(title__startswith="Synthetic resource").order_by("pk")
    for page in resources:
        authors = list(page.authors.all())
        assert 1 <= len(authors) <= 4
        assert all(
            (a.person or a.organisation).name.startswith(("Synthetic Author", "Synthetic Org"))
            for a in authors
        )
        assert 1 <= page.topics.count() <= 2
        assert all(t.name.startswith("Synthetic topic") for t in page.topics.all())
        assert all(p.name.startswith("Synthetic Organisation") for p in page.partners.all())
        assert "Synthetic benchmark content" in str(page.body)
    assert resources.filter(authors__organisation__isnull=False).exists()
    assert resources.filter(partners__isnull=False).exists()
    assert resources.filter(projects__isnull=False).exists()  # the tenth

    # One in five has a PDF of its own, with text search reads.
    with_pdf = [page for page in resources if page.document_list]
    assert len(with_pdf) == 2
    texts = [page.primary_document.text for page in with_pdf]
    assert all(text.startswith("Synthetic document") for text in texts)
    assert "Synthetic benchmark content, not a real publication." in texts[0]
    assert texts[0] != texts[1]
    assert with_pdf[0].primary_document.page_count == 1

    # Search finds them by what only the PDF, an author or a topic says.
    def found(words):
        return list(LibraryItem.objects.live().values_list("pk", flat=True).search(words))

    code = texts[0].split("Reference code ")[1].rstrip(".")
    assert found(code) == [with_pdf[0].pk]
    author = resources[0].authors.first()
    assert resources[0].pk in found((author.person or author.organisation).name)
    assert resources[0].pk in found(resources[0].topics.first().name)


def test_it_says_what_is_missing_rather_than_failing():
    with pytest.raises(CommandError, match="Nothing to do"):
        generate()
    with pytest.raises(CommandError, match="zero or more"):
        generate("--resources", "-1")
