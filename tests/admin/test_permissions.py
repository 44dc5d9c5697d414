"""Who may do what, as docs/editors.md promises it: the permission matrix.

|                        | anonymous | editor | moderator | admin |
| ---------------------- | --------- | ------ | --------- | ----- |
| view a draft           | no        | yes    | yes       | yes   |
| edit a page            | no        | yes    | yes       | yes   |
| publish a page         | no        | no     | yes       | yes   |
| view a private page    | no        | yes    | yes       | yes   |
| view a moderators-only page | no   | no     | yes       | yes   |
| add a person           | no        | yes    | yes       | yes   |
| delete a person        | no        | no     | yes       | yes   |
| read shared stories    | no        | no     | yes       | yes   |
| promote search results | no        | yes    | yes       | yes   |

Each cell is tried over HTTP, the way the person would try it, and judged by what they
get back and what the site then shows."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from wagtail.models import PageViewRestriction
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import StandardPage
from home.models import HomePage
from people.models import Person
from tests.helpers import soup_of

ROLES = ["anonymous", "editor", "moderator", "admin"]
LIVE_TITLE = "What visitors read today"
DRAFT_TITLE = "Words still in draft"


def client_for(role, staff):
    client = Client()
    if role != "anonymous":
        client.force_login(getattr(staff, role))
    return client


@pytest.fixture
def page_with_a_draft(db):
    home = HomePage.objects.live().first()
    page = home.add_child(instance=StandardPage(title=LIVE_TITLE, slug="matrix"))
    page.save_revision().publish()
    page = StandardPage.objects.get(pk=page.pk)
    page.title = DRAFT_TITLE
    page.save_revision()
    return StandardPage.objects.get(pk=page.pk)


def private_page(restriction_type, groups=()):
    home = HomePage.objects.live().first()
    page = home.add_child(
        instance=StandardPage(title=f"Private: {restriction_type}", slug=f"p-{restriction_type}")
    )
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(page=page, restriction_type=restriction_type)
    restriction.groups.set(groups)
    return page


def allowed(response):
    """200 is a yes; the admin's and Wagtail's refusals are a redirect to a login or
    to the dashboard, or a 403."""
    return response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", True), ("moderator", True), ("admin", True)]
)
def test_viewing_a_draft(page_with_a_draft, staff, role, may):
    client = client_for(role, staff)
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[page_with_a_draft.pk]))
    assert allowed(response) is may
    assert (DRAFT_TITLE in response.content.decode()) is may
    # The public address shows the published words to everyone, the draft to no one.
    public = client.get(page_with_a_draft.url).content.decode()
    assert LIVE_TITLE in public and DRAFT_TITLE not in public


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", True), ("moderator", True), ("admin", True)]
)
def test_opening_the_editor(page_with_a_draft, staff, role, may):
    response = client_for(role, staff).get(
        reverse("wagtailadmin_pages:edit", args=[page_with_a_draft.pk])
    )
    assert allowed(response) is may


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", False), ("moderator", True), ("admin", True)]
)
def test_publishing(page_with_a_draft, staff, role, may):
    client = client_for(role, staff)
    editor = client.get(reverse("wagtailadmin_pages:edit", args=[page_with_a_draft.pk]))
    if editor.status_code == 200:
        # The editor offers a Publish button only to those who may use it.
        assert (soup_of(editor).find("button", attrs={"name": "action-publish"}) is not None) is may
    form = nested_form_data(
        {
            "title": "Published by this role",
            "slug": page_with_a_draft.slug,
            "introduction": rich_text(""),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
            "action-publish": "publish",
        }
    )
    client.post(reverse("wagtailadmin_pages:edit", args=[page_with_a_draft.pk]), form)
    shown = Client().get(page_with_a_draft.url).content.decode()
    assert ("Published by this role" in shown) is may
    if role == "editor":
        # Not lost: the editor's words are kept as a draft, waiting for a moderator.
        page = StandardPage.objects.get(pk=page_with_a_draft.pk)
        assert page.get_latest_revision_as_object().title == "Published by this role"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "restriction, role, may",
    [
        *[
            (PageViewRestriction.LOGIN, role, may)
            for role, may in zip(ROLES, [False, True, True, True], strict=True)
        ],
        *[
            (PageViewRestriction.GROUPS, role, may)
            for role, may in zip(ROLES, [False, False, True, True], strict=True)
        ],
    ],
)
def test_viewing_a_private_page(staff, restriction, role, may):
    groups = (
        [Group.objects.get(name="Moderators")] if restriction == PageViewRestriction.GROUPS else []
    )
    page = private_page(restriction, groups)
    response = client_for(role, staff).get(page.url)
    assert allowed(response) is may
    assert (page.title in response.content.decode()) is may


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", True), ("moderator", True), ("admin", True)]
)
def test_adding_a_person(staff, role, may):
    client_for(role, staff).post(
        reverse("wagtailsnippets_people_person:add"), {"name": "Someone New To Credit"}
    )
    assert Person.objects.filter(name="Someone New To Credit").exists() is may


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", False), ("moderator", True), ("admin", True)]
)
def test_deleting_an_uncredited_person(staff, role, may):
    person = Person.objects.create(name="Nobody Credits Me", slug="nobody-credits-me")
    client_for(role, staff).post(reverse("wagtailsnippets_people_person:delete", args=[person.pk]))
    assert Person.objects.filter(pk=person.pk).exists() is not may


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", False), ("moderator", True), ("admin", True)]
)
def test_reading_shared_stories(staff, role, may):
    response = client_for(role, staff).get(reverse("shared_stories:index"))
    assert allowed(response) is may


@pytest.mark.django_db
def test_the_moderation_workflow_covers_the_whole_site_and_is_the_moderators():
    home = HomePage.objects.live().first()
    workflow = home.get_workflow()
    assert workflow is not None and workflow.active
    approvers = {
        group.name for task in workflow.tasks.all() for group in task.specific.groups.all()
    }
    assert approvers == {"Moderators"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role, may", [("anonymous", False), ("editor", True), ("moderator", True), ("admin", True)]
)
def test_promoting_search_results(staff, role, may):
    response = client_for(role, staff).get(reverse("wagtailsearchpromotions:index"))
    assert allowed(response) is may
