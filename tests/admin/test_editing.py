"""The admin as an editor uses it: every page type can be added and previewed before
it is saved, snippets can be listed and added, and deleting a credited person or
organisation is refused with a message instead of failing or silently dropping
credits from published pages."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.urls import reverse
from wagtail.models import Page

from core.models import StandardPage
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from people.models import Organisation, Person
from projects.models import PartnerIndexPage, PartnerPage, ProjectIndexPage, ProjectPage
from resources.models import ResourceIndexPage, ResourcePage, StoriesPage, StoryPage

UTC = dt.UTC


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    return client


def loaded(model):
    return model.objects.live().first()


# Each page type: where it may be added, and the fields it cannot be saved without.
NEW_PAGES = [
    (StandardPage, HomePage, {}),
    (ProjectPage, ProjectIndexPage, {}),
    (
        PartnerPage,
        PartnerIndexPage,
        {"organisation": lambda: Organisation.objects.create(name="New Org")},
    ),
    (ResourcePage, ResourceIndexPage, {"publication_date": lambda: dt.date(2024, 1, 2)}),
    (StoryPage, StoriesPage, {"kind": lambda: StoryPage.Kind.PODCAST}),
    (EventSeriesPage, EventIndexPage, {}),
    (
        EventPage,
        EventSeriesPage,
        {
            "starts_at": lambda: dt.datetime(2030, 1, 8, 11, tzinfo=UTC),
            "ends_at": lambda: dt.datetime(2030, 1, 8, 12, tzinfo=UTC),
        },
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, parent_model, fields", NEW_PAGES, ids=lambda v: getattr(v, "__name__", "")
)
def test_a_new_page_of_every_type_can_be_added_and_previewed(editor, model, parent_model, fields):
    parent = loaded(parent_model)
    add_url = reverse(
        "wagtailadmin_pages:add",
        args=[model._meta.app_label, model._meta.model_name, parent.pk],
    )
    assert editor.get(add_url).status_code == 200

    # What Wagtail does to preview a page that has not been saved yet.
    page = model(
        title="A page not yet saved", slug="not-yet-saved", **{k: v() for k, v in fields.items()}
    )
    page.depth = parent.depth + 1
    page.path = Page._get_children_path_interval(parent.path)[1]
    page.set_url_path(parent)
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "A page not yet saved" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [HomePage, ResourcePage, EventPage, PartnerPage, StoriesPage])
def test_the_loaded_pages_open_in_the_editor(editor, model):
    page = loaded(model)
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    assert page.title in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Person, Organisation])
def test_snippets_can_be_listed_and_added(editor, model):
    meta = model._meta
    listing = editor.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list"))
    assert listing.status_code == 200
    add = editor.get(reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:add"))
    assert add.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "model, name",
    [(Organisation, "People United"), (Organisation, "Spirit of 2012"), (Person, "Jo Broadwood")],
)
def test_deleting_a_credited_person_or_organisation_is_refused(editor, model, name):
    instance = model.objects.get(name=name)
    meta = model._meta
    url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:delete", args=[instance.pk])

    response = editor.post(url)

    assert response.status_code == 302
    assert model.objects.filter(pk=instance.pk).exists()
    message = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "can’t be deleted" in message and name in message


@pytest.mark.django_db
def test_an_uncredited_person_can_be_deleted(editor):
    person = Person.objects.create(name="Nobody Credited")
    url = reverse("wagtailsnippets_people_person:delete", args=[person.pk])
    editor.post(url)
    assert not Person.objects.filter(pk=person.pk).exists()
