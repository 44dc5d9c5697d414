"""Editing a resource in the admin: the main "Read" button must point at something,
and authors are required, with messages that say what to do."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from core.models import SiteDocument
from resources.models import RelatedResource, ResourcePage, Topic
from tests import factories as f
from tests.helpers import soup_of, visible_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, db):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    return client


def resource_form(site_tree, **overrides):
    t = site_tree
    data = {
        "title": "A new report",
        "slug": "a-new-report",
        "introduction": "What we found.",
        "publication_date": "2024-03-01",
        "resource_type": t.report.pk,
        "read_action": "none",
        "external_url": "",
        "body": streamfield([]),
        "authors": inline_formset([{"person": t.author.pk, "organisation": ""}]),
        "related_links": inline_formset([]),
        "attachments": inline_formset([]),
        "comments": inline_formset([]),
    }
    data.update(overrides)
    return nested_form_data(data)


def add(editor, site_tree, **overrides):
    url = reverse(
        "wagtailadmin_pages:add", args=["resources", "resourcepage", site_tree.resources.pk]
    )
    return editor.post(url, resource_form(site_tree, **overrides))


def errors(response):
    soup = soup_of(response)
    return " ".join(visible_text(e) for e in soup.select(".error-message, .help-critical"))


def test_a_resource_with_an_author_and_no_main_button_is_saved(editor, site_tree):
    response = add(editor, site_tree)
    assert response.status_code == 302, errors(response)
    page = ResourcePage.objects.get(slug="a-new-report")
    assert [a.person for a in page.authors.all()] == [site_tree.author]


def test_the_main_button_cannot_download_a_document_that_is_not_there(editor, site_tree):
    response = add(editor, site_tree, read_action="document")
    assert response.status_code == 200
    assert "none is attached" in errors(response)
    assert not ResourcePage.objects.filter(slug="a-new-report").exists()


def test_the_main_button_cannot_follow_a_missing_link(editor, site_tree):
    response = add(editor, site_tree, read_action="link")
    assert response.status_code == 200
    assert "add the link" in errors(response)


def test_the_main_button_downloads_the_first_attached_document(editor, site_tree):
    document = SiteDocument.objects.create(
        title="The report", file=ContentFile(b"not really a PDF", name="report.txt")
    )
    response = add(
        editor,
        site_tree,
        read_action="document",
        attachments=inline_formset([{"document": document.pk}]),
    )
    assert response.status_code == 302, errors(response)
    page = ResourcePage.objects.get(slug="a-new-report")
    assert page.primary_document == document


def test_a_resource_needs_an_author(editor, site_tree):
    response = add(editor, site_tree, authors=inline_formset([]))
    assert response.status_code == 200
    assert "Add at least one author" in visible_text(soup_of(response))
    assert not ResourcePage.objects.filter(slug="a-new-report").exists()


@pytest.mark.parametrize("slug", ["feed", "authors"])
def test_a_resource_cannot_take_an_address_the_library_uses(editor, site_tree, slug):
    response = add(editor, site_tree, slug=slug)
    assert response.status_code == 200
    assert "taken by the library" in errors(response)


def test_a_saved_resource_with_all_its_links_can_be_previewed(editor, site_tree):
    """Preview renders the page from its revision, in memory: every list the page
    shows must be read without a database query on its links."""
    t = site_tree
    topic = f.TopicFactory(name="Belonging")
    page = t.resource
    page.topics = [topic]
    page.partners = [t.funder]
    page.related_links = [RelatedResource(resource=t.other_resource)]
    page.save_revision()
    preview = page.get_latest_revision_as_object()
    response = preview.make_preview_request()
    assert response.status_code == 200
    main = soup_of(response).find("main")
    facts = visible_text(main.select_one(".facts"))
    assert "Topic Belonging" in facts and "Partner Test Funders' Trust" in facts
    related = main.find("section", attrs={"aria-labelledby": "related-heading"})
    assert t.other_resource.title in visible_text(related)


def test_a_resource_cannot_be_related_to_itself(editor, site_tree):
    t = site_tree
    url = reverse("wagtailadmin_pages:edit", args=[t.resource.pk])
    data = resource_form(
        site_tree,
        title=t.resource.title,
        slug=t.resource.slug,
        related_links=inline_formset([{"resource": t.resource.pk}]),
    )
    response = editor.post(url, data)
    assert response.status_code == 200
    assert "cannot be related to itself" in visible_text(soup_of(response))


def test_topics_with_names_alike_get_different_addresses(db):
    first = Topic.objects.create(name="Local government")
    second = Topic.objects.create(name="Local Government")
    assert (first.slug, second.slug) == ("local-government", "local-government-2")
