"""Page states an editor or operator can create, and addresses a crawler can ask for:
each gets a sensible answer, never a 500."""

import datetime as dt

import pytest
from bs4 import BeautifulSoup
from wagtail.models import Site

from events.models import EventPage, EventSeriesPage
from resources.models import ResourceIndexPage, ResourcePage
from tests import factories as f


def canonical(response):
    return BeautifulSoup(response.content, "html.parser").find("link", rel="canonical")["href"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, shown",
    [
        ("?type=report", "?type=report"),
        ("?type=report&utm_source=newsletter", "?type=report"),  # junk is dropped
        ("?page=1", ""),
        # One page of reports: page 2 shows page 1, and says so.
        ("?type=report&page=2&utm_source=newsletter", "?type=report"),
        ("?page=99999", ""),
        # An unknown type shows every resource: the canonical address is the library's.
        ("?type=nonsense", ""),
        ("?type=nonsense&page=99999", ""),
    ],
)
def test_the_canonical_address_is_the_address_of_what_is_shown(client, query, shown):
    library = ResourceIndexPage.objects.get()
    response = client.get(f"{library.url}{query}")
    assert response.status_code == 200
    assert canonical(response) == f"http://testserver{library.url}{shown}"


@pytest.mark.django_db
def test_page_zero_is_the_first_page(client):
    series = EventSeriesPage.objects.get()
    for extra in range(60):  # more than fit on one page of past sessions
        start = dt.datetime(2019, 1, 1, 11, tzinfo=dt.UTC) + dt.timedelta(days=extra)
        f.EventPageFactory(
            parent=series,
            title=f"Extra session {extra}",
            starts_at=start,
            ends_at=start + dt.timedelta(hours=1),
        )
    first = client.get(series.url).content.decode()
    zero = client.get(f"{series.url}?page=0").content.decode()
    assert "Page 1 of" in first
    assert "Page 1 of" in zero


@pytest.mark.django_db
def test_a_figure_whose_image_was_deleted_still_renders(client):
    resource = ResourcePage.objects.live().first()
    image = f.ImageFactory()
    resource.body = [
        {
            "type": "figure",
            "value": {
                "image": {"image": image.pk, "alt_text": "A mural", "decorative": False},
                "caption": "Caption",
            },
        }
    ]
    resource.save_revision().publish()
    assert "A mural" in client.get(resource.url).content.decode()

    image.delete()
    response = client.get(resource.url)

    assert response.status_code == 200
    assert "A mural" not in response.content.decode()
    assert resource.title in response.content.decode()


@pytest.mark.django_db
def test_sitemap_for_a_host_with_no_site_is_not_found(client, settings):
    settings.ALLOWED_HOSTS = ["www.other.example", "radicalkindness.example"]
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.is_default_site = "radicalkindness.example", False
    site.save()
    assert client.get("/sitemap.xml", HTTP_HOST="www.other.example").status_code == 404
    assert client.get("/sitemap.xml", HTTP_HOST="radicalkindness.example").status_code == 200


@pytest.mark.django_db
def test_a_session_of_an_unpublished_series_does_not_link_to_it(client):
    series = EventSeriesPage.objects.get()
    session = EventPage.objects.child_of(series).first()
    series.unpublish()  # the sessions stay live, as Wagtail allows

    html = client.get(session.url).content.decode()

    assert f'href="{series.url}"' not in html
