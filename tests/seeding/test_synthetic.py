"""`generate_synthetic_content` adds clearly marked made-up pages for benchmarks, and
`--clear` takes them away again, leaving the tree as it was."""

import io

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page, ReferenceIndex

from events.models import EventPage
from people.models import Person
from resources.models import ResourcePage
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
    assert Page.find_problems() == ([], [], [], [], [])


def test_it_says_what_is_missing_rather_than_failing():
    with pytest.raises(CommandError, match="Nothing to do"):
        generate()
    with pytest.raises(CommandError, match="zero or more"):
        generate("--resources", "-1")
