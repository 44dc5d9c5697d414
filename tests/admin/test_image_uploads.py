"""Hostile or mistaken image uploads get a clear answer and nothing is kept: an image
is judged by its content, not its name; SVG (which can carry script) is refused; so
are pictures too large in pixels or in bytes."""

import io
import zlib

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.models import Collection

from core.models import SiteImage

pytestmark = pytest.mark.django_db

SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(document.cookie)</script></svg>"
)


@pytest.fixture
def editor(client):
    client.force_login(get_user_model().objects.create_superuser("uploads", "", "pw-tests"))
    return client


def upload(editor, name, content, content_type="image/png"):
    response = editor.post(
        "/admin/images/add/",
        {
            "title": "An upload",
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "collection": Collection.get_first_root_node().pk,
            "description": "A picture",
        },
    )
    return response.status_code, response.content.decode()


def png(width=60, height=40):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="PNG")
    return buffer.getvalue()


def huge_png(width, height):
    """A valid PNG of width × height black pixels in a few kilobytes: what a
    decompression bomb looks like (made by hand, as Pillow refuses to hold it)."""

    def chunk(kind, data):
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 0, 0, 0, 0])
    rows = zlib.compress(b"\x00" * (width + 1) * height, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def test_a_real_picture_is_kept(editor):
    status, _ = upload(editor, "mural.png", png())
    assert status == 302
    assert SiteImage.objects.filter(title="An upload").exists()


@pytest.mark.parametrize(
    "name, content",
    [
        ("invoice.png", b"<html><script>alert(1)</script></html>"),  # a web page named .png
        ("photo.jpg", b"%PDF-1.4 not a picture at all"),
        ("drawing.svg", SVG),
        ("drawing.png", SVG),  # an SVG renamed
    ],
)
def test_what_is_not_a_picture_is_refused_by_its_content(editor, name, content):
    status, page = upload(editor, name, content)
    assert status == 200
    assert any(
        said in page
        for said in ("Not a supported image format", "Not a valid", "Upload a valid image")
    )
    assert not SiteImage.objects.filter(title="An upload").exists()


def test_a_picture_with_too_many_pixels_is_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 1_000_000
    status, page = upload(editor, "bomb.png", huge_png(2000, 1000))
    assert status == 200
    assert "too many pixels" in page
    assert not SiteImage.objects.filter(title="An upload").exists()


def test_a_picture_too_large_in_bytes_is_refused(editor, settings):
    settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 1000
    status, page = upload(editor, "big.png", png(400, 400) + b"\x00" * 2000)
    assert status == 200
    assert "This file is too big" in page
    assert not SiteImage.objects.filter(title="An upload").exists()
