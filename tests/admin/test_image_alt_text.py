"""Accessibility in editors' hands: every image they save has alt text, or is marked
decorative and has none (the admin refuses the two mistakes that used to pass
silently), and the user bar's accessibility checker is on every page they view."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from core.models import SiteImage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("images", "", "pass-for-tests"))
    return client


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (60, 40), "teal").save(buffer, format="PNG")
    return SimpleUploadedFile("IMG_2041.png", buffer.getvalue(), content_type="image/png")


def added():
    return SiteImage.objects.filter(title="IMG_2041")


def add(editor, **fields):
    data = {"title": "IMG_2041", "file": png(), "collection": Collection.get_first_root_node().pk}
    data.update(fields)
    return editor.post("/admin/images/add/", data)


def test_an_image_needs_alt_text_or_to_be_decorative(editor):
    response = add(editor)
    assert response.status_code == 200
    assert "Say what the image shows, for people who cannot see it" in response.content.decode()
    assert not added().exists()


def test_a_decorative_image_cannot_also_have_alt_text(editor):
    response = add(editor, description="Volunteers painting", is_decorative="on")
    assert "A decorative image has no alt text" in response.content.decode()
    assert not added().exists()


@pytest.mark.parametrize(
    "fields, alt",
    [
        ({"description": "Volunteers painting a mural"}, "Volunteers painting a mural"),
        ({"is_decorative": "on"}, ""),
    ],
)
def test_either_is_saved(editor, fields, alt):
    assert add(editor, **fields).status_code == 302
    assert added().get().alt_text == alt


def test_a_bulk_upload_keeps_each_file_until_its_alt_text_is_given(editor):
    """Wagtail keeps an upload whose form is incomplete and asks for the rest: here, the
    alt text, image by image. Nothing is lost, and nothing is saved without it."""
    before = SiteImage.objects.count()
    response = editor.post(
        "/admin/images/multiple/add/",
        {"files[]": png(), "collection": Collection.get_first_root_node().pk},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    answer = response.json()
    assert answer["success"] is True and "uploaded_file_id" in answer
    prefix = f"uploaded-image-{answer['uploaded_file_id']}"
    assert f'name="{prefix}-description"' in answer["form"]
    assert SiteImage.objects.count() == before
    refused = editor.post(
        f"/admin/images/multiple/create_from_uploaded_image/{answer['uploaded_file_id']}/",
        {
            f"uploaded-image-{answer['uploaded_file_id']}-title": "A mural",
            f"uploaded-image-{answer['uploaded_file_id']}-collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert refused.json()["success"] is False
    assert "Say what the image shows" in refused.json()["form"]
    completed = editor.post(
        f"/admin/images/multiple/create_from_uploaded_image/{answer['uploaded_file_id']}/",
        {
            f"uploaded-image-{answer['uploaded_file_id']}-title": "A mural",
            f"uploaded-image-{answer['uploaded_file_id']}-description": "Volunteers painting a mural",
            f"uploaded-image-{answer['uploaded_file_id']}-collection": Collection.get_first_root_node().pk,
        },
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert completed.json()["success"] is True
    assert SiteImage.objects.get(title="A mural").alt_text == "Volunteers painting a mural"


def test_the_user_bar_offers_the_accessibility_checker_on_every_page(editor, site_tree):
    """Editors see, on the page itself, what axe finds there (Wagtail's content checker,
    which the site leaves on). Visitors get no user bar at all."""
    for page in (site_tree.home, site_tree.resource, site_tree.session):
        html = editor.get(page.url).content.decode()
        assert 'id="checker-trigger"' in html and 'id="checker-axe-configuration"' in html, page
    editor.logout()
    assert 'id="checker-trigger"' not in editor.get(site_tree.home.url).content.decode()
