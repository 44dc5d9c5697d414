"""Every page type has a factory, and the page tree only allows what the site's
information architecture allows: editors cannot put a resource under Events."""

import inspect

import pytest
import wagtail_factories
from wagtail.models import Page, get_page_models
from wagtail.test.utils import WagtailPageTestCase

from contact.models import ContactPage
from core.models import StandardPage
from events.models import EventIndexPage, EventPage, EventSeriesPage, FestivalPage
from home.models import HomePage
from projects.models import PartnerIndexPage, PartnerPage, ProjectIndexPage, ProjectPage
from resources.models import LibraryItem, ResourceIndexPage, ResourcePage, StoriesPage, StoryPage
from tests import factories

OUR_APPS = {"core", "home", "projects", "resources", "events", "contact"}


def our_page_models():
    """The page types an editor can create (LibraryItem, the base of what the library
    lists, is concrete but never created on its own)."""
    return [
        model
        for model in get_page_models()
        if model._meta.app_label in OUR_APPS and model.is_creatable
    ]


def factories_by_model():
    found = {}
    for _name, obj in inspect.getmembers(factories, inspect.isclass):
        if issubclass(obj, wagtail_factories.PageFactory) and not obj._meta.abstract:
            found[obj._meta.model] = obj
    return found


def test_every_page_type_has_a_factory():
    models = our_page_models()
    # A sanity floor, so an empty discovery cannot pass: the site has 13 page types.
    assert len(models) >= 13
    missing = sorted(m.__name__ for m in models if m not in factories_by_model())
    assert not missing, f"page types without a factory in tests/factories.py: {missing}"


# Parent -> the exact set of page types an editor may add under it.
SUBPAGES = {
    HomePage: {
        ProjectIndexPage,
        ResourceIndexPage,
        EventIndexPage,
        StoriesPage,
        PartnerIndexPage,
        ContactPage,
        StandardPage,
    },
    ContactPage: set(),
    StandardPage: {StandardPage},
    ProjectIndexPage: {ProjectPage},
    ProjectPage: {StandardPage},
    PartnerIndexPage: {PartnerPage},
    PartnerPage: set(),
    ResourceIndexPage: {ResourcePage},
    ResourcePage: set(),
    StoriesPage: {StoryPage},
    StoryPage: set(),
    EventIndexPage: {EventSeriesPage, FestivalPage, EventPage},
    EventSeriesPage: {EventPage},
    FestivalPage: {EventPage},
    EventPage: set(),
}

# Child -> the exact set of page types it may live under.
PARENTS = {
    HomePage: {Page},
    StandardPage: {HomePage, StandardPage, ProjectPage},
    ProjectIndexPage: {HomePage},
    ProjectPage: {ProjectIndexPage},
    PartnerIndexPage: {HomePage},
    PartnerPage: {PartnerIndexPage},
    ResourceIndexPage: {HomePage},
    ResourcePage: {ResourceIndexPage},
    StoriesPage: {HomePage},
    StoryPage: {StoriesPage},
    EventIndexPage: {HomePage},
    EventSeriesPage: {EventIndexPage},
    FestivalPage: {EventIndexPage},
    EventPage: {EventIndexPage, EventSeriesPage, FestivalPage},
    ContactPage: {HomePage},
}

SINGLETONS = [
    HomePage,
    ProjectIndexPage,
    PartnerIndexPage,
    ResourceIndexPage,
    EventIndexPage,
    StoriesPage,
    ContactPage,
]


def test_the_rules_cover_every_page_type():
    assert set(PARENTS) == set(our_page_models())


class TestPageTree(WagtailPageTestCase):
    def test_allowed_subpage_types(self):
        for parent, children in SUBPAGES.items():
            with self.subTest(parent=parent.__name__):
                self.assertAllowedSubpageTypes(parent, children)

    def test_only_the_home_page_goes_at_the_tree_root(self):
        ours = set(our_page_models())
        self.assertEqual(set(Page.allowed_subpage_models()) & ours, {HomePage})
        # Wagtail's bare Page type exists at the root but editors cannot create one.
        self.assertFalse(Page.is_creatable)

    def test_allowed_parent_page_types(self):
        for child, parents in PARENTS.items():
            with self.subTest(child=child.__name__):
                self.assertAllowedParentPageTypes(child, parents)

    def test_can_and_cannot_create_at(self):
        for parent in SUBPAGES:
            for child in PARENTS:
                with self.subTest(parent=parent.__name__, child=child.__name__):
                    if child in SUBPAGES[parent]:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_a_library_item_is_always_a_resource_or_the_stories_page(self):
        self.assertFalse(LibraryItem.is_creatable)
        for parent in SUBPAGES:
            self.assertCanNotCreateAt(parent, LibraryItem)
        self.assertEqual(
            {m for m in our_page_models() if issubclass(m, LibraryItem)},
            {ResourcePage, StoriesPage},
        )

    def test_resources_cannot_go_under_events_and_stories_not_under_the_library(self):
        self.assertCanNotCreateAt(EventIndexPage, ResourcePage)
        self.assertCanNotCreateAt(ResourceIndexPage, StoriesPage)
        self.assertCanNotCreateAt(ResourceIndexPage, StoryPage)
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanCreateAt(EventSeriesPage, EventPage)


@pytest.mark.parametrize("model", SINGLETONS, ids=lambda m: m.__name__)
def test_singletons_have_max_count_one(model):
    assert model.max_count == 1


@pytest.mark.django_db
def test_a_second_singleton_cannot_be_added_once_one_exists(site_tree):
    """With the tree in place, an editor is not offered a second home page, library,
    events index, projects index, partners index or stories page."""
    root = Page.get_first_root_node()
    home = site_tree.home
    assert not HomePage.can_create_at(root)
    for model in SINGLETONS[1:]:
        assert not model.can_create_at(home), f"a second {model.__name__} could be added"
    # Pages without a limit can still be added.
    assert StandardPage.can_create_at(home)
    assert EventPage.can_create_at(site_tree.events)
    assert ResourcePage.can_create_at(site_tree.resources)


@pytest.mark.django_db
def test_singletons_can_be_added_to_an_empty_home(empty_home):
    for model in SINGLETONS[1:]:
        assert model.can_create_at(empty_home), f"{model.__name__} cannot be added to a new site"
