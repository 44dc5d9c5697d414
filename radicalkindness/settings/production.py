"""Production: PostgreSQL through DATABASE_URL, a real SECRET_KEY, static files
compressed and fingerprinted by WhiteNoise, HTTPS assumed behind a proxy."""

from .base import *  # noqa: F403
from .base import env_bool, require_secret_key

DEBUG = False
SECRET_KEY = require_secret_key(SECRET_KEY)  # noqa: F405

STORAGES = {
    **STORAGES,  # noqa: F405 (uploads: local disk, or S3 when a bucket is named)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Whole pages kept for anonymous visitors (core/page_cache.py), in Redis when
# REDIS_URL is set. PAGE_CACHE_SECONDS=0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 300))  # noqa: F405

# Behind a TLS proxy (the default): HTTP is redirected, cookies are sent over HTTPS
# only, and browsers are told to use HTTPS for a year (HSTS). HTTPS=0 is for serving
# on plain HTTP on this machine (`make serve`), where none of that can work.
HTTPS = env_bool("HTTPS", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0))  # noqa: F405
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# No one may frame the site; Wagtail's preview, which frames a page in the admin,
# says SAMEORIGIN for itself.
X_FRAME_OPTIONS = "DENY"
