"""Real Chromium (Debian's) driven by Playwright against pytest-django's live server.

Without Chromium the browser tests are skipped locally but fail in CI (CI=true)."""

import io
import os
import shutil

import pytest
from django.conf import settings
from django.core.management import call_command

# Playwright's sync API runs an event loop in this thread; the live server's database
# work happens in the same thread, which Django would otherwise refuse as async-unsafe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # A dead proxy blocks every call outside; the live server on loopback bypasses it.
    "--proxy-server=127.0.0.1:9",
    "--proxy-bypass-list=<-loopback>;localhost;127.0.0.1;[::1]",
]


def in_ci():
    return os.environ.get("CI", "").lower() == "true"


def _missing_browser(reason):
    if in_ci():
        pytest.fail(f"{reason}. CI must run the browser tests.", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def _empty_database(django_db_setup, django_db_blocker):
    """Browser tests are transactional, so pytest-django runs them after every other
    database test. Empty the database the session's tests shared, so each browser test
    starts from Wagtail's initial rows (restored by serialized_rollback)."""
    with django_db_blocker.unblock():
        # As Django's own transactional tests flush: keep the sequences (PostgreSQL would
        # otherwise reuse the ids of the rows serialized_rollback puts back) and do not
        # recreate content types (serialized_rollback restores them, ids and all).
        call_command(
            "flush",
            interactive=False,
            verbosity=0,
            inhibit_post_migrate=True,
            reset_sequences=False,
        )


@pytest.fixture(scope="session")
def chromium_path():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        _missing_browser(f"Chromium is not installed at {CHROMIUM}")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:  # pragma: no cover - the test extras include it
        _missing_browser("Playwright is not installed")
    return CHROMIUM


@pytest.fixture
def site(live_server, chromium_path):
    """The live server, with the real content loaded into its database.

    Loaded before Playwright starts: once its event loop runs, Django hands this
    thread a fresh database connection, which must not be the one the test's
    transactional setup and teardown use."""
    call_command("load_site_content", stdout=io.StringIO())
    return live_server.url


@pytest.fixture
def page(site, chromium_path):
    """A Chromium tab (British locale and time zone), opened after the data is in."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        try:
            browser = playwright.chromium.launch(
                executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
            )
        except Exception as error:  # noqa: BLE001 - say why the browser would not start
            _missing_browser(f"Chromium at {chromium_path} would not start: {error}")
        context = browser.new_context(locale="en-GB", timezone_id=settings.TIME_ZONE)
        context.set_default_timeout(15_000)
        # Whatever a test does, nothing on a page may be refused by the site's
        # Content-Security-Policy (core/security.py): Chromium says so on its console.
        refused = []
        context.on(
            "console",
            lambda message: (
                refused.append(message.text) if "Content Security Policy" in message.text else None
            ),
        )
        yield context.new_page()
        context.close()
        browser.close()
        assert refused == [], "the Content-Security-Policy refused:\n" + "\n".join(refused)
