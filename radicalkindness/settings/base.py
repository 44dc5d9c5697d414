"""Settings shared by every environment. Everything that differs between machines
comes from the environment (12-factor); nothing secret lives in the code."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "core",
    "home",
    "people",
    "projects",
    "resources",
    "events",
    "contact",
    "search",
    "editorial",
    "seeding",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.forms",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtailmedia",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "rest_framework",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Lets querysets and model methods read the request's content token (core/versions.py).
    "core.versions.CurrentRequestMiddleware",
    # Before sessions and CSRF, so it sees every cookie a response sets (core/caching.py).
    "core.caching.CacheControlMiddleware",
    # Whole pages for anonymous visitors (core/page_cache.py): inside the CDN headers,
    # outside sessions and CSRF, so it sees every cookie a response sets.
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Finds the page for Wagtail's serve view in one query (core/routing.py).
    "core.routing.FastRouteMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in (see AXES_ below).
    "axes.middleware.AxesMiddleware",
]

# Signing in to the admin: after AXES_FAILURE_LIMIT wrong passwords for one account
# from one address, that pair is refused for AXES_COOLOFF_TIME (django-axes, which
# must come first among the backends). A right password clears the count. Addresses
# are read as the forms' rate limits read them (CLIENT_IP_HEADER behind a proxy).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
AXES_LOCKOUT_TEMPLATE = "errors/locked_out.html"
AXES_VERBOSE = False

# Headers every environment sends (production adds HTTPS's); core/security.py adds
# Content-Security-Policy and Permissions-Policy.
SECURE_CONTENT_TYPE_NOSNIFF = True
# Partners see which page linked to them, never its query string.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

ROOT_URLCONF = "radicalkindness.urls"
WSGI_APPLICATION = "radicalkindness.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# SQLite is the embedded default so `make run` needs nothing installed; production
# sets DATABASE_URL=postgres://... and the same code runs on PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Stored in UTC; shown in the project's own zone, where the events happen.
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Files visitors send that are not for publishing (photos with shared stories): kept
# outside MEDIA_ROOT, so no address serves them; staff see them through the admin.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
# Behind a proxy, the header it puts the visitor's address in (e.g. HTTP_X_FORWARDED_FOR),
# for the forms' rate limits (core/ratelimit.py). Unset: the connection's own address.
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# Production serves media from the web server; dev and test let Django do it.
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Uploads on S3-compatible object storage when a bucket is named, so every app server
# sees the same files (django-storages; docs/deployment.md). Images, audio and video
# are read from the bucket's public address; documents always pass through the site
# (WAGTAILDOCS_SERVE_METHOD), which checks their pages are public.
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
AWS_PRIVATE_STORAGE_BUCKET_NAME = os.environ.get("AWS_PRIVATE_STORAGE_BUCKET_NAME", "")
S3_OPTIONS = {
    "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,  # MinIO, R2, Spaces…
    "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
    "file_overwrite": False,
    "default_acl": None,  # the bucket's policy decides who reads what
}
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **S3_OPTIONS,
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": False,  # public media: plain, cacheable addresses
        },
    }
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Uploads: refuse what is too large before it reaches a model (hostile uploads).
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Where `load_site_content` reads the original content from.
SEED_DIR = Path(os.environ.get("SEED_DIR", BASE_DIR / "seed"))

# Email: password resets, moderation notices and the contact form's copies, sent
# through the SMTP server the environment names (docs/deployment.md). With no
# EMAIL_HOST, mail is printed to the console instead of being lost in silence.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587" if env_bool("EMAIL_USE_TLS") else "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
EMAIL_TIMEOUT = 10  # a slow mail server must not hang a publish
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Radical Kindness <noreply@radicalkindness.invalid>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

# Wagtail
WAGTAIL_SITE_NAME = "Radical Kindness"
# The admin asks no one else for anything: no update check, no Gravatar pictures
# (the Content-Security-Policy, core/security.py, would refuse them anyway).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILIMAGES_IMAGE_MODEL = "core.SiteImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "core.forms.SiteImageForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
# The formats pictures are offered in before the original, best first: browsers take
# the first they can show (core/templatetags/site_tags.py, responsive_image).
PICTURE_FORMATS = [("avif", "image/avif"), ("webp", "image/webp")]
WAGTAILDOCS_DOCUMENT_MODEL = "core.SiteDocument"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "core.forms.SiteDocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Wagtail's database backend (SQLite FTS5, PostgreSQL full-text search), with a title
# match ranked first and, on SQLite, each match scored once: see search/backends/.
# PostgreSQL: the site is in English, said outright. Without a configuration
# to_tsquery() depends on the server's default_text_search_config, so PostgreSQL
# parses the query again for every row it ranks (60 ms of a 5,000-match search,
# against 25 ms with it); with one the query is parsed once. SQLite ignores it.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backends", "SEARCH_CONFIG": "english"}}
WAGTAIL_I18N_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
# Audio and video uploads: the site's model, and only formats every browser and
# podcast app plays (core/media_files.py says why, and the size limits).
WAGTAILMEDIA = {
    "MEDIA_MODEL": "core.SiteMedia",
    "MEDIA_FORM_BASE": "core.forms.SiteMediaForm",
    "AUDIO_EXTENSIONS": ["mp3", "m4a"],
    "VIDEO_EXTENSIONS": ["mp4", "m4v", "webm"],
}
# When an editor renames or moves a page, Wagtail redirects its old address (and the
# old addresses of the pages below it, and of the library's feeds) to the new one.
# On by default; said here because permanent links and subscribed feeds rely on it.
WAGTAILREDIRECTS_AUTO_CREATE = True
# YouTube and Vimeo players are built without asking the host, in their privacy modes
# (core/video.py); other hosts through oEmbed.
WAGTAILEMBEDS_FINDERS = [
    {"class": "core.video.PrivacyFriendlyVideoFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]
# The open data API (resources/api.py) answers at most this many items per request.
WAGTAILAPI_LIMIT_MAX = 50

# One cache for everything kept: Redis when REDIS_URL is set (shared by every app
# server), else each process's own memory. If Redis stops answering, the site is
# served uncached rather than failing (core/cache_backend.py); the short timeouts keep
# a hung Redis from holding requests up.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.ForgivingRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }

# Whole pages kept for anonymous visitors this many seconds, purged as soon as what
# they show changes (core/page_cache.py, core/purges.py). Production turns it on.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", 0))

# A CDN in front of the site, told which pages to drop when content changes
# (Wagtail's frontend cache; docs/deployment.md). FRONTEND_CACHE picks one.
WAGTAILFRONTENDCACHE = {}
match os.environ.get("FRONTEND_CACHE", ""):
    case "cloudflare":
        WAGTAILFRONTENDCACHE = {
            "cloudflare": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
                "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
                "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
            }
        }
    case "cloudfront":
        WAGTAILFRONTENDCACHE = {
            "cloudfront": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
                "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
            }
        }
    case "http":  # Varnish, nginx's proxy cache, anything that takes PURGE requests
        WAGTAILFRONTENDCACHE = {
            "http": {
                "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                "LOCATION": os.environ["FRONTEND_CACHE_LOCATION"],
            }
        }
    case "":
        pass
    case other:
        raise ImproperlyConfigured(
            f"FRONTEND_CACHE={other!r}: use cloudflare, cloudfront or http, or leave it unset."
        )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}


def require_secret_key(key):
    """The key, if it is one Django's deployment checks accept (50 characters or more,
    at least 5 different ones, not a generated placeholder); otherwise the start
    stops, saying how to make a good one."""
    make_one = 'Make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
    if not key:
        raise ImproperlyConfigured(f"SECRET_KEY must be set in the environment. {make_one}")
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            "SECRET_KEY is too weak: it needs 50 characters or more, varied, and must "
            f"not be a placeholder. {make_one}"
        )
    return key
