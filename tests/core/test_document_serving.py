"""Documents are as public as the pages that use them: downloadable while a live,
public page has them, gone for visitors when every such page is unpublished, private
or only a draft; served without a bogus Content-Encoding."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import PageViewRestriction

from core.sections import Section, section_page
from resources.models import ResourcePage
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def attached():
    page = f.ResourcePageFactory(parent=section_page(Section.LIBRARY), title="With a PDF")
    document = f.DocumentFactory(lines=["The findings, in full."])
    f.ResourceDocumentFactory(page=page, document=document)
    page.save_revision().publish()
    return ResourcePage.objects.get(pk=page.pk), document


def download(document, client=None):
    return (client or Client()).get(document.url)


def test_a_document_of_a_live_page_downloads_cleanly(attached):
    _, document = attached
    response = download(document)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "Content-Encoding" not in response


def test_unpublishing_the_page_takes_its_document_away_from_visitors(attached):
    page, document = attached
    page.unpublish()
    assert download(document).status_code == 404
    editor = get_user_model().objects.create_user("edna", "edna@example.org", "pw")
    editor.groups.add(Group.objects.get(name="Editors"))
    staff = Client()
    staff.force_login(editor)
    assert download(document, staff).status_code == 200


def test_a_private_pages_document_is_not_for_visitors(attached):
    page, document = attached
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert download(document).status_code == 404


def test_a_document_only_a_draft_uses_is_not_for_visitors():
    page = f.ResourcePageFactory(parent=section_page(Section.LIBRARY), title="Not yet", live=False)
    document = f.DocumentFactory(lines=["Embargoed."])
    f.ResourceDocumentFactory(page=page, document=document)
    page.save_revision()
    ResourcePage.objects.get(pk=page.pk).save()  # the draft's rows are the page's own
    assert download(document).status_code == 404


def test_a_document_no_page_uses_is_served_as_before():
    document = f.DocumentFactory(lines=["Standalone."])
    assert download(document).status_code == 200


def test_a_document_a_second_live_page_uses_stays(attached):
    page, document = attached
    other = f.ResourcePageFactory(parent=section_page(Section.LIBRARY), title="Also with it")
    f.ResourceDocumentFactory(page=other, document=document)
    other.save_revision().publish()
    page.unpublish()
    assert download(document).status_code == 200
