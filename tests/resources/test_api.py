"""The open data API (/api/v2/, docs/api.md), read as a partner's site reads it."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from core.models import SiteDocument
from resources.models import ResourceDocument, ResourcePage, Topic
from tests import factories as f
from tests.conftest import record_queries

pytestmark = pytest.mark.django_db

RESOURCES = "/api/v2/resources/"


def get_json(client, url, params=None, status=200, **headers):
    response = client.get(url, params or {}, HTTP_ACCEPT="application/json", **headers)
    assert response.status_code == status, (response.status_code, response.content[:500])
    assert response["Content-Type"] == "application/json"
    return response.json()


def titles(data):
    return [item["title"] for item in data["items"]]


def bad_request(client, params, url=RESOURCES):
    """A 400 with a message that names what was wrong."""
    return get_json(client, url, params, status=400)["message"]


def attach(page, title, name, content=b"Kindness, in full.\n"):
    # As the admin's upload form saves it, with its size.
    document = SiteDocument.objects.create(
        title=title, file=ContentFile(content, name=name), file_size=len(content)
    )
    ResourceDocument.objects.create(page=page, document=document, sort_order=0)
    return document


def test_the_listing_has_every_published_resource_newest_first(client, site_tree):
    t = site_tree
    data = get_json(client, RESOURCES)
    assert data["meta"]["total_count"] == 2
    # Resources only: the Stories collection and other pages are not resources.
    assert titles(data) == [t.resource.title, t.other_resource.title]


def test_a_resource_has_what_a_partner_needs_to_list_it(client, site_tree, topics):
    t = site_tree
    document = attach(ResourcePage.objects.get(pk=t.resource.pk), "The full paper", "paper.txt")
    item = get_json(client, RESOURCES)["items"][0]
    assert item == {
        "id": t.resource.pk,
        "meta": {
            "type": "resources.ResourcePage",
            "detail_url": f"http://testserver/api/v2/resources/{t.resource.pk}/",
            "html_url": "http://testserver/resources/cultivating-radical-kindness/",
            "slug": "cultivating-radical-kindness",
            "first_published_at": item["meta"]["first_published_at"],
            "last_published_at": item["meta"]["last_published_at"],
        },
        "title": "Cultivating Radical Kindness",
        "resource_type": {"name": "Paper", "plural_name": "Papers", "slug": "paper"},
        "publication_date": "2021-05-17",
        "authors": [
            {"name": "Amira Khan", "kind": "person", "slug": "amira-khan"},
            {
                "name": "Kindness Research Trust",
                "kind": "organisation",
                "slug": "kindness-research-trust",
            },
        ],
        "summary": "The ten conditions radical kindness needs to thrive.",
        "topics": [
            {"name": "Local government", "slug": "local-government"},
            {"name": "Loneliness", "slug": "loneliness"},
        ],
        "permalink": f"http://testserver/r/{t.resource.pk}/",
        "documents": [
            {
                "title": "The full paper",
                "url": f"http://testserver{document.url}",
                "kind": "Text file",
                "file_size": 19,
                "page_count": None,
            }
        ],
        "external_url": "https://example.org/cultivating-radical-kindness",
    }
    # The links lead where they say.
    assert client.get(item["documents"][0]["url"]).status_code == 200
    assert client.get(item["permalink"])["Location"] == item["meta"]["html_url"]
    assert client.get(item["meta"]["html_url"]).status_code == 200


def test_one_resource_by_its_id(client, site_tree):
    t = site_tree
    item = get_json(client, f"{RESOURCES}{t.other_resource.pk}/")
    assert item["title"] == t.other_resource.title
    assert item["resource_type"]["slug"] == "report"
    assert [a["name"] for a in item["authors"]] == ["Morag Stewart CBE", "Test Funders' Trust"]
    assert item["documents"] == [] and item["topics"] == [] and item["external_url"] == ""
    # What a resource page does not say is not said here either.
    assert "parent" not in item["meta"] and "body" not in item


def test_fields_can_be_chosen(client, site_tree):
    data = get_json(client, RESOURCES, {"fields": "_,title,permalink"})
    assert data["items"][0] == {
        "title": site_tree.resource.title,
        "permalink": f"http://testserver/r/{site_tree.resource.pk}/",
    }
    data = get_json(client, RESOURCES, {"fields": "-documents,-external_url"})
    assert "documents" not in data["items"][0] and "external_url" not in data["items"][0]
    assert data["items"][0]["permalink"] == f"http://testserver/r/{site_tree.resource.pk}/"
    assert "unknown fields: body" in bad_request(client, {"fields": "body"})


def test_filter_by_type_topic_and_year(client, site_tree, topics):
    t = site_tree
    assert titles(get_json(client, RESOURCES, {"type": "report"})) == [t.other_resource.title]
    assert titles(get_json(client, RESOURCES, {"topic": "loneliness"})) == [t.resource.title]
    assert titles(get_json(client, RESOURCES, {"year": "2020"})) == [t.other_resource.title]
    both = {"topic": "local-government", "year": "2021"}
    assert titles(get_json(client, RESOURCES, both)) == [t.resource.title]
    assert get_json(client, RESOURCES, {"type": "paper", "year": "2020"})["items"] == []
    assert get_json(client, RESOURCES, {"year": "1999"})["meta"]["total_count"] == 0


def test_a_type_or_topic_with_nothing_published_gives_an_empty_list(client, site_tree):
    Topic.objects.create(name="Gardening", slug="gardening")
    data = get_json(client, RESOURCES, {"topic": "gardening"})
    assert data == {"meta": {"total_count": 0}, "items": []}


def test_ordering(client, site_tree):
    t = site_tree
    by_title = get_json(client, RESOURCES, {"order": "title"})
    assert titles(by_title) == sorted([t.resource.title, t.other_resource.title])
    oldest = get_json(client, RESOURCES, {"order": "publication_date"})
    assert titles(oldest) == [t.other_resource.title, t.resource.title]


@pytest.mark.parametrize(
    "params, message",
    [
        ({"type": "nonsense"}, "there is no resource type 'nonsense'; the resource types are: "),
        ({"type": "<script>alert(1)</script>"}, "type must be the slug of a resource type"),
        ({"type": "x" * 500}, "type must be the slug of a resource type"),
        ({"type": "a\x00b"}, "type must be the slug of a resource type"),
        ({"type": ""}, "type must be the slug of a resource type"),
        ({"topic": "nonsense"}, "there is no topic 'nonsense'"),
        ({"topic": "caf\u00e9"}, "topic must be the slug of a topic"),
        ({"year": "abc"}, "year must be a year of four digits"),
        ({"year": "21"}, "year must be a year of four digits"),
        ({"year": "0000"}, "year must be a year of four digits"),
        ({"year": "99999"}, "year must be a year of four digits"),
        ({"year": "２０２１"}, "year must be a year of four digits"),  # full-width digits
        ({"year": "2021\x00"}, "year must be a year of four digits"),
        ({"order": "body"}, "order must be one of publication_date, -publication_date"),
        ({"order": "topics"}, "order must be one of"),
        ({"order": "random"}, "order must be one of"),
        ({"limit": "1000"}, "limit cannot be higher than 50"),
        ({"limit": "-1"}, "limit must be a positive integer"),
        ({"limit": "ten"}, "limit must be a positive integer"),
        ({"offset": "-5"}, "offset must be a positive integer"),
        ({"search": "kindness"}, "unknown query parameters: search"),
        ({"child_of": "3"}, "unknown query parameters: child_of"),
        ({"title": "x", "slug": "y"}, "unknown query parameters: slug, title"),
        ({"fields": "title("}, "fields error"),
    ],
)
def test_bad_requests_say_what_is_wrong(client, site_tree, params, message):
    assert message in bad_request(client, params)


def test_an_unknown_type_lists_the_types_there_are(client, site_tree):
    message = bad_request(client, {"type": "reprot"})
    for slug in ("paper", "report", "collection"):
        assert slug in message


def test_pagination(client, site_tree):
    t = site_tree
    for day in range(60):
        f.ResourcePageFactory(
            parent=t.resources, publication_date=dt.date(2023, 1, 1) + dt.timedelta(days=day)
        )
    first = get_json(client, RESOURCES)
    assert first["meta"]["total_count"] == 62
    assert len(first["items"]) == 20  # Wagtail's default page size
    most = get_json(client, RESOURCES, {"limit": "50", "offset": "40"})
    assert len(most["items"]) == 22
    assert most["items"][-1]["title"] == t.other_resource.title
    # Past the end there is nothing, however far past.
    for offset in ("62", "1000", "9" * 40):
        data = get_json(client, RESOURCES, {"offset": offset})
        assert data == {"meta": {"total_count": 62}, "items": []}


def test_drafts_and_private_resources_never_appear(client, site_tree, topics, admin_client):
    t = site_tree
    loneliness, _ = topics
    draft = f.ResourcePageFactory(
        parent=t.resources, title="A draft", resource_type=t.report, topics=[loneliness]
    )
    draft.unpublish()
    private = f.ResourcePageFactory(
        parent=t.resources, title="For members", resource_type=t.report, topics=[loneliness]
    )
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    hidden = {"A draft", "For members"}

    # Not even to someone signed in who may see them: what partners copy must be public.
    for visitor in (client, admin_client):
        for params in ({}, {"type": "report"}, {"topic": "loneliness"}, {"limit": "50"}):
            assert not hidden & set(titles(get_json(visitor, RESOURCES, params))), params
        for page in (draft, private):
            get_json(visitor, f"{RESOURCES}{page.pk}/", status=404)
            get_json(visitor, f"{RESOURCES}find/", {"html_path": page.url_path}, status=404)


def test_other_pages_are_not_resources(client, site_tree):
    t = site_tree
    for page in (t.home, t.resources, t.stories, t.story, t.session, t.about):
        get_json(client, f"{RESOURCES}{page.pk}/", status=404)
    for nonsense in ("99999999999999999999", "2147483648", "0"):
        get_json(client, f"{RESOURCES}{nonsense}/", status=404)
        get_json(client, f"{RESOURCES}find/", {"id": nonsense}, status=404)
    get_json(client, f"{RESOURCES}find/", {"id": "abc"}, status=404)
    get_json(client, f"{RESOURCES}find/", {"html_path": "/resources/\x00/"}, status=404)
    get_json(client, "/api/v2/topics/99999999999999999999/", status=404)


def test_find_by_address(client, site_tree):
    # Wagtail's find: a partner who has a resource's address on the site gets its data.
    response = client.get(f"{RESOURCES}find/", {"html_path": site_tree.resource.url})
    assert response.status_code == 302
    assert response["Location"].endswith(f"/api/v2/resources/{site_tree.resource.pk}/?")
    get_json(client, f"{RESOURCES}find/", {"html_path": "/resources/"}, status=404)


def test_only_the_open_data_endpoints_exist(client, site_tree):
    # Wagtail's generic endpoints would publish every page, image and document.
    for path in ("/api/v2/pages/", "/api/v2/images/", "/api/v2/documents/"):
        assert client.get(path).status_code == 404


def test_types_and_topics_give_the_slugs_the_filters_take(client, site_tree, topics):
    types = get_json(client, "/api/v2/resource-types/")
    slugs = [item["slug"] for item in types["items"]]
    assert {"paper", "report", "collection"} <= set(slugs)
    paper = next(item for item in types["items"] if item["slug"] == "paper")
    assert paper["name"] == "Paper" and paper["plural_name"] == "Papers"
    assert paper["meta"]["detail_url"] == f"http://testserver/api/v2/resource-types/{paper['id']}/"

    found = get_json(client, "/api/v2/topics/")
    assert [(item["name"], item["slug"]) for item in found["items"]] == [
        ("Local government", "local-government"),
        ("Loneliness", "loneliness"),
    ]
    assert "unknown query parameters: order" in bad_request(
        client, {"order": "name"}, url="/api/v2/topics/"
    )


def test_any_site_may_read_it_and_nobody_signs_in(client, site_tree):
    response = client.get(RESOURCES, HTTP_AUTHORIZATION="Basic d3Jvbmc6d3Jvbmc=")
    # A wrong password is not even looked at: there is nothing to sign in to.
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(RESOURCES).status_code == 405


def add_resources(t, topic, count):
    for _ in range(count):
        page = f.ResourcePageFactory(parent=t.resources, resource_type=t.report, topics=[topic])
        f.ResourceAuthorFactory(page=page, person=f.PersonFactory(), sort_order=0)
        f.ResourceAuthorFactory(
            page=page, person=None, organisation=f.OrganisationFactory(), sort_order=1
        )
        attach(page, "The report", "report.txt")


@pytest.mark.parametrize(
    "params", [{"limit": "50"}, {"limit": "50", "type": "report", "topic": "loneliness"}]
)
def test_queries_do_not_grow_with_the_number_of_resources(client, site_tree, topics, params):
    loneliness, _ = topics

    def count():
        client.get(RESOURCES, params)  # the first request warms caches (site root paths)
        with CaptureQueriesContext(connection) as queries:
            data = get_json(client, RESOURCES, params)
        return len(queries), len(data["items"])

    add_resources(site_tree, loneliness, 2)
    before, items_before = count()
    add_resources(site_tree, loneliness, 20)
    after, items_after = count()
    assert items_after == items_before + 20
    assert after == before, f"{before} queries for {items_before} items, {after} for {items_after}"
    assert after <= 12
    record_queries(f"api {params}", f"{before} queries (and {after} with 20 more items)")
