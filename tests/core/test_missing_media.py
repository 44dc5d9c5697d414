"""A picture whose file has gone (a database restored without its media, say) must
not take its page down: the page renders, without the picture."""

import os

import pytest

from resources.models import StoriesPage


@pytest.mark.django_db
def test_a_page_whose_image_file_is_missing_still_renders(client):
    stories = StoriesPage.objects.get(url_path__endswith="/stories/")
    image = stories.listing_image
    assert image is not None, "the loader gives the Stories page a picture"
    image.renditions.all().delete()  # so the page must go back to the original file
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
    # The picture (its renditions carry the original's name) is left out.
    stem = image.file.name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    assert stem not in response.content.decode()
