"""Pages are found in one query (core/routing.py), and exactly as Wagtail would find
them: a routable page's own routes first, pages that are not live 404, private pages
still asked for a sign-in, and an unpublished home does not take its sections down."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from resources.models import ResourcePage

pytestmark = pytest.mark.django_db


def test_a_resource_is_found_in_one_query_for_the_page(client):
    resource = ResourcePage.objects.live().first()
    client.get(resource.url)  # the addresses are kept after the first request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(resource.url).status_code == 200
    page_reads = [q for q in queries if 'FROM "resources_resourcepage"' in q["sql"]]
    assert len(page_reads) == 1


def test_routes_of_a_routable_page_and_its_children_are_both_served(client):
    assert client.get("/resources/feed/").status_code == 200  # a route of the library
    assert client.get(ResourcePage.objects.live().first().url).status_code == 200
    assert client.get("/resources/no-such-thing/").status_code == 404


def test_an_unpublished_page_is_a_404_and_so_is_everything_below_it(client):
    resource = ResourcePage.objects.live().first()
    resource.unpublish()
    assert client.get(resource.url).status_code == 404
    assert client.get(resource.url + "cite.bib").status_code == 404


def test_a_private_page_still_asks_for_a_sign_in(client):
    resource = ResourcePage.objects.live().first()
    PageViewRestriction.objects.create(page=resource, restriction_type=PageViewRestriction.LOGIN)
    response = client.get(resource.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_an_unpublished_home_page_leaves_its_sections_served(client):
    home = Page.objects.get(depth=2)
    home.live = False
    home.save()  # as unpublishing does; the content gets a new token
    assert client.get("/").status_code == 404
    assert client.get("/resources/").status_code == 200
