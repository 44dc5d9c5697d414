"""The test suite. Uses DATABASE_URL like every other environment, so the same tests
run on SQLite (default) and PostgreSQL (CI sets DATABASE_URL)."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-artifacts" / "private-media"  # noqa: F405
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
SERVE_MEDIA = True
# Tests never reach a video host: only the finder that needs no network.
WAGTAILEMBEDS_FINDERS = [{"class": "core.video.PrivacyFriendlyVideoFinder"}]
# Encoding AVIF takes about half a second a picture, and every test that renders a
# page with pictures makes its renditions afresh: only WebP here, except in the tests
# of pictures themselves (tests/core/test_responsive_images.py), which use AVIF too.
PICTURE_FORMATS = [("webp", "image/webp")]
