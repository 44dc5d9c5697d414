"""The search index follows what a resource is found by (search/signals.py): its
authors and documents once an edit is published, and the names, topics and PDFs it
uses when they change on their own."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile

from core.sections import Section, section_page
from events.models import EventPage
from resources.models import LibraryItem, ResourceAuthor, ResourcePage, Topic
from seeding.management.commands.generate_synthetic_content import pdf_with_text
from tests import factories as f

pytestmark = pytest.mark.django_db


def found(word):
    return list(LibraryItem.objects.live().values_list("pk", flat=True).search(word))


@pytest.fixture
def page():
    page = f.ResourcePageFactory(parent=section_page(Section.LIBRARY), title="Plain title")
    f.ResourceAuthorFactory(page=page, person=f.PersonFactory(name="Quenby Marchetti"))
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk)


def test_a_published_edit_is_found_by_its_new_authors_at_once(page):
    """As the admin does: the authors change in the page's form (in memory), then the
    revision is published. Wagtail indexed the page before its new authors were
    saved, so until this was fixed the old name still found it."""
    assert found("Marchetti") == [page.pk]
    page.authors = [ResourceAuthor(person=f.PersonFactory(name="Ottoline Brackwater"))]
    page.save_revision().publish()
    assert found("Brackwater") == [page.pk]
    assert found("Marchetti") == []


def test_an_attached_pdf_is_searched_once_published(page):
    page.attachments.create(document=f.DocumentFactory(lines=["The heliotrope gardens."]))
    page.save_revision().publish()
    assert found("heliotrope") == [page.pk]


def test_a_replaced_pdf_is_searched_for_its_new_text(page):
    document = f.DocumentFactory(lines=["The heliotrope gardens."])
    page.attachments.create(document=document)
    page.save_revision().publish()
    # What the document edit view does with a new file.
    document.file.save("new.pdf", ContentFile(pdf_with_text(["Quince orchards."])), save=False)
    document.file_hash = ""
    document.save()
    assert found("quince") == [page.pk]
    assert found("heliotrope") == []


def test_a_renamed_author_or_topic_is_searched_under_the_new_name(page):
    topic = Topic.objects.create(name="Lamplighting", slug="lamplighting")
    page.topics.add(topic)
    page.save_revision().publish()
    person = page.authors.get().person
    person.name = "Quenby Marchetti-Holt"
    person.save()
    topic.name = "Street lamps"
    topic.save()
    assert found("Holt") == [page.pk]
    assert found("lamps") == [page.pk]
    assert found("Lamplighting") == []


@pytest.mark.parametrize(
    "address",
    [
        "/admin/pages/search/?q=cultivating+kindness",
        "/admin/pages/search/?q=kindness&ordering=-latest_revision_created_at",
        "/admin/choose-page/search/?q=cultivating",
        "/admin/snippets/people/person/?q=broadwood",
        "/admin/documents/?q=report",
        "/admin/pages/search/?q=%27+OR+1%3D1",
    ],
)
def test_the_admins_searches_use_the_same_backend(client, address):
    """The admin searches pages (ranked, ordered, filtered by type), its choosers
    autocomplete, and snippets and documents are searched too: the site's backend
    must answer all of them."""
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    response = client.get(address)
    assert response.status_code == 200
    if "cultivating" in address:
        assert b"Cultivating Radical Kindness" in response.content


def test_the_admin_finds_pages_by_author_and_speaker_names(client):
    """An editor looking for "everything Ottilie spoke at or wrote" types her name into
    the admin's page search."""
    resource = ResourcePage.objects.live().first()
    event = EventPage.objects.live().first()
    person = f.PersonFactory(name="Ottilie Warrender")
    f.ResourceAuthorFactory(page=resource, person=person)
    resource.save_revision().publish()
    f.EventSpeakerFactory(page=event, person=person)
    EventPage.objects.get(pk=event.pk).save_revision().publish()
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    listed = client.get("/admin/pages/search/?q=Warrender").content.decode()
    assert resource.title in listed and event.title in listed
