"""The one way to find a section's head page (core.sections): live and public, and
every page that links to a section stops linking when its head is gone or private."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import PageViewRestriction

from core.sections import Section, heads, section_page
from events.models import EventIndexPage
from projects.models import PartnerIndexPage, ProjectIndexPage
from resources.models import ResourceIndexPage, StoriesPage
from tests.helpers import links_to, main_of, soup_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "section, page_type",
    [
        (Section.PROJECTS, ProjectIndexPage),
        (Section.LIBRARY, ResourceIndexPage),
        (Section.EVENTS, EventIndexPage),
        (Section.STORIES, StoriesPage),
        (Section.PARTNERS, PartnerIndexPage),
    ],
)
def test_each_section_has_its_head_page(section, page_type):
    page = section_page(section)
    assert type(page) is page_type and page.live


def test_a_section_is_found_only_while_its_head_is_live_and_public(client):
    library = ResourceIndexPage.objects.get()
    home_links = lambda: links_to(main_of(soup_of(client.get("/"))), library.url)  # noqa: E731
    assert section_page(Section.LIBRARY) == library and home_links()

    PageViewRestriction.objects.create(
        page=library, restriction_type=PageViewRestriction.PASSWORD, password="members"
    )
    assert section_page(Section.LIBRARY) is None
    assert not home_links()
    search = main_of(soup_of(client.get("/search/?q=xylophonequartz")))
    assert not links_to(search, library.url)

    PageViewRestriction.objects.all().delete()
    library.unpublish()
    assert section_page(Section.LIBRARY) is None
    assert not home_links()


def test_an_unpublished_stories_page_is_not_offered_on_the_home_page(client):
    stories = StoriesPage.objects.get()
    assert links_to(main_of(soup_of(client.get("/"))), stories.url)
    stories.unpublish()
    assert section_page(Section.STORIES) is None
    assert not links_to(main_of(soup_of(client.get("/"))), stories.url)


def test_a_section_has_one_head_page_type():
    with pytest.raises(ImproperlyConfigured, match="Two page types head the library section"):
        heads(Section.LIBRARY)(type("AnotherLibrary", (), {}))
    with pytest.raises(ValueError):
        section_page("no-such-section")
