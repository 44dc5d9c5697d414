"""What search engines and social sites read, on every public page of the real
content and on the filtered views visitors share: one canonical address, a description
no other page has, Open Graph and Twitter cards with a picture, and structured data
that parses, names the organisation and, below the home page, the breadcrumb trail."""

import io
import json
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest
from django.test import Client
from PIL import Image
from wagtail.models import Page, PageViewRestriction, Site

from core.models import StandardPage
from core.sections import Section, section_page
from core.share_images import HEIGHT, WIDTH
from home.models import HomePage
from people.models import Person
from resources.models import ResourceAuthor, ResourcePage, ResourceType, StoryPage, Topic
from tests import factories as f
from tests.helpers import soup_of


def public_addresses():
    """Every live, public page, and the views of them visitors share: the library by
    type and by topic, each author's page, the Stories page by kind, a series by year."""
    site = Site.objects.get(is_default_site=True)
    pages = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    addresses = [page.url for page in pages.specific()]
    library = section_page(Section.LIBRARY)
    addresses += [f"{library.url}?type={t.slug}" for t in ResourceType.objects.all()]
    addresses += [f"{library.url}?topic={t.slug}" for t in Topic.objects.all()]
    credited = Person.objects.filter(
        pk__in=ResourceAuthor.objects.filter(page__live=True).values("person")
    )
    addresses += [f"{library.url}authors/{p.slug}/" for p in credited]
    stories = section_page(Section.STORIES)
    kinds = StoryPage.objects.live().values_list("kind", flat=True).distinct()
    addresses += [f"{stories.url}?kind={kind}" for kind in kinds]
    addresses += ["/events/radical-kindness-elevenses/?year=2021"]
    return addresses


@pytest.fixture(scope="module")
def crawled(django_db_setup, django_db_blocker):
    """{address: parsed page} for every public address, fetched once."""
    with django_db_blocker.unblock():
        client = Client()
        pages = {}
        for address in public_addresses():
            response = client.get(address)
            assert response.status_code == 200, address
            pages[address] = soup_of(response)
        return pages


def meta(soup, **attrs):
    tags = soup.find_all("meta", attrs=attrs)
    assert len(tags) == 1, f"expected one meta {attrs}, found {len(tags)}"
    return tags[0]["content"]


def structured_data(soup):
    return [json.loads(s.string) for s in soup.find_all("script", type="application/ld+json")]


@pytest.mark.django_db
def test_the_crawl_covers_the_site_and_its_shared_views(crawled):
    assert len(crawled) > 60
    assert any("?type=" in address for address in crawled)
    assert any("/authors/" in address for address in crawled)


@pytest.mark.django_db
def test_every_page_has_a_description_no_other_page_has(crawled):
    by_description = {}
    for address, soup in crawled.items():
        description = meta(soup, name="description")
        assert len(description) >= 40, f"{address}: {description!r} says too little"
        assert meta(soup, property="og:description") == description
        by_description.setdefault(description, []).append(address)
    shared = {d: a for d, a in by_description.items() if len(a) > 1}
    assert shared == {}


@pytest.mark.django_db
def test_every_page_has_one_absolute_canonical_address(crawled):
    for address, soup in crawled.items():
        (link,) = soup.find_all("link", rel="canonical")
        parts = urlsplit(link["href"])
        assert parts.scheme == "http" and parts.netloc == "testserver", address
        assert meta(soup, property="og:url") == link["href"]
        # A filtered view is its own address; a page is its own path.
        assert parts.path == urlsplit(address).path, address


@pytest.mark.django_db
def test_every_page_shares_a_picture_with_a_card(crawled):
    client = Client()
    checked = set()
    for address, soup in crawled.items():
        assert meta(soup, property="og:title")
        assert meta(soup, name="twitter:card") == "summary_large_image", address
        image = meta(soup, property="og:image")
        assert meta(soup, name="twitter:image") == image
        assert meta(soup, property="og:image:alt"), address
        assert int(meta(soup, property="og:image:width")) == WIDTH
        assert int(meta(soup, property="og:image:height")) == HEIGHT
        if image in checked:
            continue
        checked.add(image)
        response = client.get(urlsplit(image).path)
        assert response.status_code == 200, f"{address}: {image} is not served"
        body = b"".join(response) if response.streaming else response.content
        with Image.open(io.BytesIO(body)) as picture:
            assert picture.size == (WIDTH, HEIGHT)


@pytest.mark.django_db
def test_every_page_has_structured_data_with_the_organisation_and_its_trail(crawled):
    for address, soup in crawled.items():
        blocks = structured_data(soup)
        assert all(block.get("@context") == "https://schema.org" for block in blocks)
        organisations = [b for b in blocks if b.get("@id", "").endswith("/#organisation")]
        assert len(organisations) == 1, address
        assert organisations[0]["name"] == "The Belong Network"
        trails = [b for b in blocks if b["@type"] == "BreadcrumbList"]
        if urlsplit(address).path == "/":
            assert trails == []
            continue
        (trail,) = trails
        items = trail["itemListElement"]
        assert items[0]["name"] == "Home" and urlsplit(items[0]["item"]).path == "/"
        assert [i["position"] for i in items] == list(range(1, len(items) + 1))
        assert urlsplit(items[-1]["item"]).path == urlsplit(address).path, address


@pytest.mark.django_db
def test_search_has_a_trail_and_its_own_description(client):
    soup = soup_of(client.get("/search/?q=kindness"))
    (trail,) = [b for b in structured_data(soup) if b["@type"] == "BreadcrumbList"]
    assert [i["name"] for i in trail["itemListElement"]] == ["Home", "Search"]


# -- the drawn share picture ---------------------------------------------------------


def picture_path(client, page):
    return urlsplit(meta(soup_of(client.get(page.url)), property="og:image")).path


@pytest.mark.django_db
def test_a_page_without_a_picture_shares_its_title_drawn(client):
    page = ResourcePage.objects.live().filter(listing_image=None, social_image=None).first()
    path = picture_path(client, page)
    assert path.startswith(f"/share/{page.pk}/")
    response = client.get(path)
    assert response["Content-Type"] == "image/png"
    assert "immutable" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_renamed_page_gets_a_new_picture_and_the_old_address_follows(client):
    home = HomePage.objects.live().first()
    page = home.add_child(instance=StandardPage(title="Before the rename", slug="renamed"))
    page.save_revision().publish()
    before = picture_path(client, page)
    page = StandardPage.objects.get(pk=page.pk)
    page.title = "After the rename"
    page.save_revision().publish()
    after = picture_path(client, page)
    assert after != before
    response = client.get(before)
    assert response.status_code == 302 and response["Location"] == after


@pytest.mark.django_db
def test_a_page_not_public_has_no_picture(client):
    home = HomePage.objects.live().first()
    page = home.add_child(instance=StandardPage(title="Members only", slug="members"))
    page.save_revision().publish()
    path = picture_path(client, page)
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(path).status_code == 404
    page.unpublish()
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_an_editors_picture_is_shared_when_there_is_one(client):
    page = ResourcePage.objects.live().first()
    page.social_image = f.ImageFactory(description="Volunteers at a street party")
    page.save_revision().publish()
    soup = soup_of(client.get(page.url))
    assert "/share/" not in meta(soup, property="og:image")
    assert meta(soup, property="og:image:alt") == "Volunteers at a street party"


@pytest.mark.django_db
def test_the_sitemap_leaves_out_private_pages_and_dates_every_page(client):
    home = HomePage.objects.live().first()
    page = home.add_child(instance=StandardPage(title="Staff notes", slug="staff-notes"))
    page.save_revision().publish()
    assert "/staff-notes/" in client.get("/sitemap.xml").content.decode()
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    sitemap = ElementTree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in sitemap.findall("s:url/s:loc", ns)]
    assert locations and not any("/staff-notes/" in loc for loc in locations)
    assert len(sitemap.findall("s:url/s:lastmod", ns)) == len(locations)
