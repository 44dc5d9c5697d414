"""The admin's lists of people, organisations, topics and resource types: editors
narrow them with filters, find entries by search, and take them away as CSV."""

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from people.models import Organisation, Person
from resources.models import ResourceType, Topic
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, site_tree):
    client.force_login(get_user_model().objects.create_superuser("lists", "", "pass-for-tests"))
    return client


def listed(editor, model, **query):
    meta = model._meta
    url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list_results")
    response = editor.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_people_by_organisation_and_role(editor, site_tree):
    trust = f.OrganisationFactory(name="Listing Trust")
    f.PersonFactory(name="Ada Worker", organisation=trust, role="Researcher")
    f.PersonFactory(name="Ben Roleless", role="")
    by_organisation = listed(editor, Person, organisation=trust.pk)
    assert "Ada Worker" in by_organisation and "Ben Roleless" not in by_organisation
    without_role = listed(editor, Person, has_role="false")
    assert "Ben Roleless" in without_role and "Ada Worker" not in without_role


def test_organisations_with_a_partner_page_or_a_logo(editor, site_tree):
    f.OrganisationFactory(name="No Page Society")
    with_page = listed(editor, Organisation, has_partner_page="true")
    assert "Test Funders&#x27; Trust" in with_page and "No Page Society" not in with_page
    assert "No Page Society" in listed(editor, Organisation, has_logo="false")


def test_topics_and_types_in_use_or_not(editor, site_tree):
    Topic.objects.create(name="Nobody uses this")
    ResourceType.objects.create(name="Pamphlet", plural_name="Pamphlets", slug="pamphlet")
    assert "Nobody uses this" in listed(editor, Topic, in_use="false")
    assert "Nobody uses this" not in listed(editor, Topic, in_use="true")
    assert "Pamphlets" in listed(editor, ResourceType, in_use="false")
    assert "Pamphlets" not in listed(editor, ResourceType, in_use="true")


def test_resource_types_are_searched(editor, site_tree):
    ResourceType.objects.create(name="Pamphlet", plural_name="Pamphlets", slug="pamphlet")
    found = listed(editor, ResourceType, q="pamph")
    assert "Pamphlets" in found


@pytest.mark.parametrize("model", [Person, Organisation, Topic, ResourceType])
def test_each_list_exports_as_csv(editor, model):
    meta = model._meta
    url = reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:list")
    response = editor.get(url, {"export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Name" and len(rows) == model.objects.count() + 1
