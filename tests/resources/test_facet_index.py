"""The library's counts stay true while editors work. Each process keeps the facts it
counts from in memory (resources.facet_index); every change below must show in the
very next view of the library, as a visitor would see it."""

import datetime as dt

import pytest
from wagtail.models import PageViewRestriction

from core.models import ContentVersion
from people.models import Person
from resources.models import ResourcePage, Topic
from tests import factories as f
from tests.helpers import facet_counts, facet_labels, main_of, soup_of

pytestmark = pytest.mark.django_db


def library(client, site_tree, query=""):
    response = client.get(site_tree.resources.url + query)
    assert response.status_code == 200
    return main_of(soup_of(response))


def fresh(page):
    # site_tree's pages are shared by the module; change a copy of its own.
    return type(page).objects.get(pk=page.pk)


def test_a_published_resource_is_counted_at_once_and_a_draft_is_not(client, site_tree, topics):
    loneliness, _ = topics
    before = library(client, site_tree)
    assert facet_counts(before, "topic") == {"local-government": 2, "loneliness": 1}
    assert "2023" not in facet_counts(before, "year")

    draft = f.ResourcePageFactory(
        parent=site_tree.resources,
        title="A new report on loneliness",
        resource_type=site_tree.report,
        publication_date=dt.date(2023, 2, 1),
        topics=[loneliness],
        live=False,
    )
    f.ResourceAuthorFactory(page=draft, person=site_tree.author)
    draft.save_revision()
    assert facet_counts(library(client, site_tree), "topic")["loneliness"] == 1

    ResourcePage.objects.get(pk=draft.pk).get_latest_revision().publish()
    after = library(client, site_tree)
    assert facet_counts(after, "topic") == {"local-government": 2, "loneliness": 2}
    assert facet_counts(after, "year")["2023"] == 1
    assert facet_counts(after, "type")["report"] == facet_counts(before, "type")["report"] + 1


def test_an_unpublished_resource_is_no_longer_counted(client, site_tree, topics):
    assert facet_counts(library(client, site_tree), "topic")["local-government"] == 2
    fresh(site_tree.other_resource).unpublish()
    assert facet_counts(library(client, site_tree), "topic")["local-government"] == 1


def test_renamed_topics_and_authors_show_their_new_names(client, site_tree, topics):
    loneliness, _ = topics
    assert facet_labels(library(client, site_tree), "topic")["loneliness"] == "Loneliness"
    loneliness.name = "Isolation and loneliness"
    loneliness.save()
    author = Person.objects.get(pk=site_tree.author.pk)
    author.name = "Dr Amira Khan"
    author.save()
    main = library(client, site_tree)
    assert facet_labels(main, "topic")["loneliness"] == "Isolation and loneliness"
    assert facet_labels(main, "author")[author.slug] == "Dr Amira Khan"


def test_a_deleted_topic_is_no_longer_offered(client, site_tree, topics):
    loneliness, _ = topics
    assert "loneliness" in facet_counts(library(client, site_tree), "topic")
    Topic.objects.get(pk=loneliness.pk).delete()
    assert facet_counts(library(client, site_tree), "topic") == {"local-government": 2}


def test_a_private_resource_is_not_counted_until_it_is_public_again(client, site_tree, topics):
    restriction = PageViewRestriction.objects.create(
        page=fresh(site_tree.other_resource),
        restriction_type=PageViewRestriction.PASSWORD,
        password="not-for-everyone",
    )
    assert facet_counts(library(client, site_tree), "topic")["local-government"] == 1
    restriction.delete()
    assert facet_counts(library(client, site_tree), "topic")["local-government"] == 2


def test_a_change_another_process_made_is_seen(client, site_tree, topics):
    """Another app server's change reaches this process only through the database:
    the data, and the token its signal handlers wrote (here, both by hand)."""
    assert facet_labels(library(client, site_tree), "topic")["loneliness"] == "Loneliness"
    Topic.objects.filter(slug="loneliness").update(name="Solitude")  # no signal here
    ContentVersion.objects.update(token="written-by-another-process")
    assert facet_labels(library(client, site_tree), "topic")["loneliness"] == "Solitude"
