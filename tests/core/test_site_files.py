"""The 404 page, the sitemap and robots.txt."""

import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
from wagtail.models import Page, Site

from resources.models import ResourcePage
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.mark.parametrize(
    "path",
    [
        "/no-such-page/",
        "/resources/no-such-resource/",
        "/events/radical-kindness-elevenses/2019-01-01/",
        "/%00/",
        "/" + "a" * 300 + "/",
    ],
)
def test_a_missing_page_gets_the_sites_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    soup = soup_of(response)
    assert soup.find("html")["lang"].lower() == "en-gb"
    h1s = soup.find_all("h1")
    assert [visible_text(h) for h in h1s] == ["We can’t find that page"]
    main = main_of(soup)
    assert main.find("a", href="/") is not None, "the 404 page links home"
    robots = soup.find("meta", attrs={"name": "robots"})
    assert robots is not None and "noindex" in robots["content"]
    # The site's own navigation is there, so the visitor is not stranded.
    assert soup.find("nav", attrs={"aria-label": "Main"}) is not None


def sitemap_paths(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert "xml" in response["Content-Type"]
    root = ET.fromstring(response.content)
    locs = [loc.text for loc in root.findall("sm:url/sm:loc", SITEMAP_NS)]
    for loc in locs:
        parts = urlsplit(loc)
        assert parts.scheme in ("http", "https") and parts.netloc, f"{loc} is not absolute"
    return [urlsplit(loc).path for loc in locs]


def test_sitemap_lists_every_live_page_once(client):
    site = Site.objects.get(is_default_site=True)
    live = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    expected = sorted(p.url for p in live.specific())
    paths = sitemap_paths(client)
    assert len(paths) == len(set(paths)), "a page is listed twice"
    assert sorted(paths) == expected
    # The real content is all there: home, the library, every Elevenses session.
    assert "/" in paths and "/resources/" in paths and "/stories/" in paths
    assert "/events/radical-kindness-elevenses/2021-04-27/" in paths


def test_sitemap_leaves_out_unpublished_pages(client):
    page = ResourcePage.objects.get(title="The Art of Living Together")
    url = page.url
    assert url in sitemap_paths(client)
    page.unpublish()
    assert url not in sitemap_paths(client)


def test_robots_txt_is_plain_text_and_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert len(sitemaps) == 1
    parts = urlsplit(sitemaps[0])
    assert parts.scheme in ("http", "https") and parts.netloc
    assert parts.path == "/sitemap.xml"
    assert client.get(parts.path).status_code == 200
    assert "User-agent: *" in lines
    assert "Disallow: /admin/" in lines
    # Public pages are not shut out.
    assert "Disallow: /" not in lines
