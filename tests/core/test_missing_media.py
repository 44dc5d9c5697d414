"""A picture whose file has gone (a database restored without its media, say) must
not take its page down: the page renders, without the picture."""

import os

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches

from resources.models import StoriesPage


def header_images(response):
    return BeautifulSoup(response.content, "html.parser").select(".page-header img")


@pytest.mark.django_db
def test_a_page_whose_image_file_is_missing_still_renders(client):
    stories = StoriesPage.objects.get(url_path__endswith="/stories/")
    image = stories.listing_image
    assert image is not None, "the loader gives the Stories page a picture"
    assert header_images(client.get(stories.url)), "with its file, the picture is shown"

    # Forget every rendition, so the page must go back to the original file.
    image.renditions.all().delete()
    for cache in caches.all():
        cache.clear()
    path = image.file.path
    with open(path, "rb") as original:
        kept = original.read()
    os.remove(path)
    try:
        response = client.get(stories.url)
    finally:
        # The loaded content is shared by the whole session: put the file back.
        with open(path, "wb") as restored:
            restored.write(kept)

    assert response.status_code == 200
    assert "Stories of Radical Kindness" in response.content.decode()
    assert header_images(response) == []
