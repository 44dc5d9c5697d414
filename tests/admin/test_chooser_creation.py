"""Crediting someone new from inside the author or speaker chooser: the chooser offers
"Add a new person" (or organisation) to those who may add them, and what is added is
chosen at once, ready to credit."""

import json

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse

from people.models import Organisation, Person

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def chooser(client, model):
    response = client.get(reverse(f"wagtailsnippetchoosers_people_{model}:choose"))
    assert response.status_code == 200
    return json.loads(response.content)["html"]


@pytest.mark.parametrize(
    "model, label", [("person", "Add a new person"), ("organisation", "Add a new organisation")]
)
def test_an_editor_sees_the_add_tab_in_the_chooser(staff, model, label):
    assert label in chooser(signed_in(staff.editor), model)


def test_an_editor_adds_a_person_from_the_chooser_and_it_is_chosen(staff):
    organisation = Organisation.objects.create(name="Kindness Collective")
    response = signed_in(staff.editor).post(
        reverse("wagtailsnippetchoosers_people_person:create"),
        {
            "name": "Rosalind Achebe",
            "family_name": "Achebe",
            "role": "Organiser",
            "organisation": organisation.pk,
        },
    )
    answer = json.loads(response.content)
    assert answer["step"] == "chosen"
    person = Person.objects.get(name="Rosalind Achebe")
    assert str(answer["result"]["id"]) == str(person.pk)
    assert person.slug == "rosalind-achebe" and person.organisation == organisation


def test_a_person_with_no_name_is_not_added_and_the_form_says_why(staff):
    response = signed_in(staff.editor).post(
        reverse("wagtailsnippetchoosers_people_person:create"), {"name": ""}
    )
    answer = json.loads(response.content)
    assert answer["step"] == "reshow_creation_form"
    assert "This field is required" in answer["htmlFragment"]
    assert not Person.objects.filter(name="").exists()


def test_someone_who_may_not_add_people_gets_no_add_tab(staff):
    staff.editor.groups.clear()
    staff.editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_person"),
    )
    html = chooser(signed_in(staff.editor), "person")
    assert "Add a new person" not in html
