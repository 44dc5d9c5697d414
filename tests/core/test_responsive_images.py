"""Pictures are offered as AVIF and WebP with the original format for other browsers,
each in several widths, with the size reserved before they load and lazy loading
below the fold; a listing of 24 pictured cards costs no query per picture."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.models import ProjectIndexPage
from radicalkindness.settings import base
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _every_format(settings):
    """As production offers them (the other tests skip AVIF, which is slow to encode)."""
    settings.PICTURE_FORMATS = base.PICTURE_FORMATS


MAGIC = {
    "image/avif": lambda data: data[4:12] in (b"ftypavif", b"ftypavis"),
    "image/webp": lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP",
}


def pictures(response):
    return BeautifulSoup(response.content, "html.parser").select("picture")


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def add_projects(index, count):
    for _ in range(count):
        number = ProjectIndexPage.objects.count() + index.get_children().count()
        f.ProjectPageFactory(
            parent=index, title=f"Project {number}", listing_image=f.ImageFactory()
        )


def test_a_picture_offers_avif_then_webp_then_the_original(client):
    index = ProjectIndexPage.objects.live().get()
    add_projects(index, 1)
    [picture] = [p for p in pictures(client.get(index.url)) if p.find_parent(class_="card__image")][
        :1
    ]
    avif, webp = picture.select("source")
    assert (avif["type"], webp["type"]) == ("image/avif", "image/webp")
    for source in (avif, webp):
        candidates = [part.split() for part in source["srcset"].split(",")]
        widths = [int(width.rstrip("w")) for _url, width in candidates]
        assert widths == sorted(set(widths)), "each width once, smallest first"
        for url, _width in candidates:
            assert MAGIC[source["type"]](fetch(client, url)), url
        assert source["sizes"]
    img = picture.find("img")
    assert img["width"].isdigit() and img["height"].isdigit()
    assert img["loading"] == "lazy"  # cards are below the fold
    original = fetch(client, img["src"])
    assert original.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8", b"GIF8"))


def test_the_picture_at_the_top_of_home_loads_at_once(client):
    hero = BeautifulSoup(client.get("/").content, "html.parser").select_one(".hero__image img")
    assert hero is not None and hero["loading"] == "eager"


def test_24_pictured_cards_cost_no_more_queries_than_one(client):
    index = ProjectIndexPage.objects.live().get()

    def count():
        client.get(index.url)  # renditions are made on the first visit, then kept
        with CaptureQueriesContext(connection) as queries:
            response = client.get(index.url)
        return len(queries), response

    add_projects(index, 1)
    few, first = count()
    add_projects(index, 23)
    many, second = count()
    assert len(pictures(second)) >= len(pictures(first)) + 23
    assert many == few, f"{few} queries with one pictured card, {many} with 24"
