"""The admin as an editor uses it: every page type can be added and previewed before
it is saved, snippets can be listed and added, and deleting a credited person or
organisation is refused by Wagtail's own delete view, saying where they are credited,
instead of failing or silently dropping credits from published pages."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from wagtail.models import Page

from core.models import StandardPage
from events.models import EventIndexPage, EventPage, EventSeriesPage
from home.models import HomePage
from people.models import Organisation, Person
from projects.models import PartnerIndexPage, PartnerPage, ProjectIndexPage, ProjectPage
from resources.models import ResourceIndexPage, ResourcePage, StoriesPage, StoryPage
from tests.helpers import soup_of, visible_text

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


# Who is credited where in the loaded content (the seed's own words).
CREDITED = [
    (Person, "Jo Broadwood", ["Cultivating Radical Kindness", "The Art of Living Together"]),
    (Organisation, "People United", ["Changing the World Through Arts and Kindness"]),
    (Organisation, "Spirit of 2012", ["Radical Kindness"]),  # its funder
]


@pytest.mark.django_db
@pytest.mark.parametrize("model, name, credited_on", CREDITED, ids=lambda v: str(v)[:20])
def test_deleting_a_credited_person_or_organisation_is_refused(editor, model, name, credited_on):
    """Wagtail's own delete view refuses (the credits are on_delete=PROTECT) and says
    why, linking to the usage view that lists every page crediting them."""
    instance = model.objects.get(name=name)
    meta = model._meta
    urls = f"wagtailsnippets_{meta.app_label}_{meta.model_name}"
    delete_url = reverse(f"{urls}:delete", args=[instance.pk])

    confirm = editor.get(delete_url)
    assert confirm.status_code == 200
    soup = soup_of(confirm)
    text = visible_text(soup)
    times = "time" if len(credited_on) == 1 else "times"
    assert f"This {meta.verbose_name} is referenced {len(credited_on)} {times}." in text
    assert f"One or more references to this {meta.verbose_name} prevent it from being deleted." in (
        text
    )
    assert not soup.select(f"form[action='{delete_url}']"), "the view still offers to delete"

    usage = editor.get(reverse(f"{urls}:usage", args=[instance.pk]) + "?describe_on_delete=1")
    usage_text = visible_text(soup_of(usage))
    for title in credited_on:
        assert title in usage_text
    assert "prevents deletion" in usage_text

    # Even a forged or stale confirmation deletes nothing.
    editor.post(delete_url)
    assert model.objects.filter(pk=instance.pk).exists()


@pytest.mark.django_db
def test_an_organisation_whose_only_use_is_its_partner_page_is_kept(editor):
    """Wagtail's usage view does not see one-to-one fields; the hook in projects says
    why instead of letting the database refuse with an error page."""
    organisation = Organisation.objects.create(name="A New Partner")
    page = PartnerPage(title="A New Partner", organisation=organisation)
    PartnerIndexPage.objects.get().add_child(instance=page)
    url = reverse("wagtailsnippets_people_organisation:delete", args=[organisation.pk])

    edit_url = reverse("wagtailsnippets_people_organisation:edit", args=[organisation.pk])
    for method in (editor.get, editor.post):
        response = method(url)
        assert response.status_code == 302 and response["Location"] == edit_url
        followed = soup_of(editor.get(edit_url))
        assert "“A New Partner” can’t be deleted while it has a partner page" in visible_text(
            followed
        )
        assert followed.find("a", href=reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert Organisation.objects.filter(pk=organisation.pk).exists()

    page.delete()
    editor.post(url)
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


@pytest.mark.django_db
def test_an_uncredited_person_can_be_deleted(editor):
    person = Person.objects.create(name="Nobody Credited")
    url = reverse("wagtailsnippets_people_person:delete", args=[person.pk])
    editor.post(url)
    assert not Person.objects.filter(pk=person.pk).exists()
