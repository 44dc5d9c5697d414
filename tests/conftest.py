"""Shared fixtures.

The real content (seed/) is loaded once per session into the test database, so every
database test starts from the site as `make content` builds it. Tests that need a
small, known site instead ask for `site_tree`: once per module, inside a transaction
rolled back at the module's end, it takes the loaded pages out of sight (unpublished,
their site removed) and builds one page of every type with factories."""

import datetime as dt
import io
import os
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from core import versions
from core.models import SiteSettings
from tests import factories as f
from tests.helpers import ARTIFACTS, QUERY_COUNTS

UTC = dt.UTC


def pytest_configure(config):
    # WhiteNoise looks for collected static files (STATIC_ROOT), which tests never build;
    # the files are served from static/ by the finders instead.
    config.addinivalue_line("filterwarnings", "ignore:No directory at:UserWarning")
    # Uploaded images go to a folder of this run's own under test-artifacts/media, so
    # two runs at once (SQLite and PostgreSQL, say) never see or remove each other's
    # files, and nothing piles up: the folder goes when the run ends.
    media = Path(settings.MEDIA_ROOT)
    if ARTIFACTS.resolve() in media.resolve().parents:
        settings.MEDIA_ROOT = media / f"run-{os.getpid()}"
        config._rk_media_root = settings.MEDIA_ROOT


def pytest_unconfigure(config):
    media = getattr(config, "_rk_media_root", None)
    if media is not None:
        shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Migrate, then load the real content once for the whole session."""
    with django_db_blocker.unblock():
        call_command("load_site_content", stdout=io.StringIO())


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Renditions and settings are cached; no test may see another's leftovers."""
    for cache in caches.all():
        cache.clear()
    versions.forget_kept()
    yield


def clear_pages():
    """Delete every page below the tree root (and so the sites pointing at them)."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    Site.objects.all().delete()
    return Page.get_first_root_node()


def retire_loaded_site():
    """Take the loaded content out of sight in two queries: unpublish every page and
    drop the sites (their settings go with them). Deleting fifty pages one by one would
    cost most of a second; it is all rolled back afterwards either way."""
    Page.objects.filter(depth__gt=1).update(live=False)
    Site.objects.all().delete()
    return Page.get_first_root_node()


def make_home(root, **kwargs):
    home = f.HomePageFactory(parent=root, slug="test-home", **kwargs)
    Site.objects.create(
        hostname="localhost",
        port=80,
        root_page=home,
        is_default_site=True,
        site_name="Radical Kindness",
    )
    return home


@pytest.fixture
def empty_home(db):
    """A new site: only a home page, at the default site's root, and nothing else."""
    return make_home(clear_pages())


@pytest.fixture(scope="module")
def site_tree(django_db_setup, django_db_blocker):
    """A small site: one of every page type, with authors, speakers and partners.

    Built once per test module inside a transaction that is rolled back when the
    module is done (like Django's setUpTestData); each test still runs in its own
    savepoint, so nothing a test changes leaks into the next. Tests must not change
    the Python objects it returns."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            tree = build_site_tree()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    yield tree
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)


def build_site_tree():
    now = timezone.now()
    home = make_home(retire_loaded_site())
    t = SimpleNamespace(home=home)

    t.about = f.StandardPageFactory(
        parent=home,
        title="About the Belong Network",
        body=[
            {
                "type": "paragraph",
                "value": "<p>Belong connects people across divides.</p>",
            }
        ],
    )

    # Projects and partners
    t.projects = f.ProjectIndexPageFactory(parent=home)
    t.project = f.ProjectPageFactory(
        parent=t.projects,
        title="Beyond Us and Them",
        introduction="Research on the impact of Covid-19 on social cohesion.",
        body=[{"type": "paragraph", "value": "<p>A nationwide research project.</p>"}],
    )
    t.partners = f.PartnerIndexPageFactory(parent=home)
    t.funder = f.OrganisationFactory(
        name="Test Funders' Trust", website="https://funders.example.org/"
    )
    t.partner = f.PartnerPageFactory(
        parent=t.partners,
        organisation=t.funder,
        introduction="The London 2012 Olympic and Paralympic Games legacy funder.",
    )
    f.ProjectPartnershipFactory(page=t.project, organisation=t.funder, role="funder")
    SiteSettings.objects.create(
        site=Site.objects.get(root_page=home),
        funder_acknowledgement="Radical Kindness is funded by the Test Funders' Trust.",
        funder_page=t.partner,
    )

    # Resources
    t.resources = f.ResourceIndexPageFactory(parent=home)
    t.paper = f.ResourceTypeFactory(name="Paper", plural_name="Papers", slug="paper")
    t.report = f.ResourceTypeFactory(name="Report", plural_name="Reports", slug="report")
    t.trust = f.OrganisationFactory(name="Kindness Research Trust", website="")
    t.resource = f.ResourcePageFactory(
        parent=t.resources,
        title="Cultivating Radical Kindness",
        introduction="The ten conditions radical kindness needs to thrive.",
        resource_type=t.paper,
        publication_date=dt.date(2021, 5, 17),
        projects=[t.project],
        external_url="https://example.org/cultivating-radical-kindness",
        read_action="link",
    )
    t.author = f.PersonFactory(name="Amira Khan")
    f.ResourceAuthorFactory(page=t.resource, person=t.author, sort_order=0)
    f.ResourceAuthorFactory(page=t.resource, person=None, organisation=t.trust, sort_order=1)
    t.other_resource = f.ResourcePageFactory(
        parent=t.resources,
        title="Kindness, Emotions, and Human Relationships",
        introduction="Kindness does not fit the rational lexicon of public policy.",
        resource_type=t.report,
        publication_date=dt.date(2020, 10, 27),
    )
    t.cbe = f.PersonFactory(name="Morag Stewart", honorific_suffix="CBE")
    f.ResourceAuthorFactory(page=t.other_resource, person=t.cbe)
    # The funder also wrote something, so its partner page lists it.
    f.ResourceAuthorFactory(page=t.other_resource, person=None, organisation=t.funder)

    # Stories
    t.stories = f.StoriesPageFactory(
        parent=home,
        introduction="Webinar recordings, podcasts and short video stories.",
        resource_type=f.ResourceTypeFactory(
            name="Collection", plural_name="Collections", slug="collection"
        ),
    )
    t.story = f.StoryPageFactory(
        parent=t.stories,
        title="Kindness is a superpower",
        introduction="A short film about a painted wall.",
        kind="video",
        date=dt.date(2021, 3, 2),
        media_url="https://video.example.org/kindness",
        transcript="<p>The wall says kindness is a superpower.</p>",
    )

    # Events: a series with a past session (in British Summer Time) and a coming one,
    # a past week-long event and a coming single event.
    t.events = f.EventIndexPageFactory(parent=home)
    t.series = f.EventSeriesPageFactory(
        parent=t.events,
        title="Radical Kindness Elevenses",
        schedule="11:00 UK time every Tuesday",
        introduction="Weekly conversations about radical kindness.",
    )
    t.session = f.EventPageFactory(
        parent=t.series,
        title="Elevenses, 27 April 2021",
        introduction="The last session of the season.",
        starts_at=dt.datetime(2021, 4, 27, 10, 0, tzinfo=UTC),  # 11:00 in London (BST)
        ends_at=dt.datetime(2021, 4, 27, 11, 0, tzinfo=UTC),
    )
    t.speaker = f.PersonFactory(name="Sam Okafor", role="Community organiser")
    f.EventSpeakerFactory(page=t.session, person=t.speaker)
    t.next_session = f.EventPageFactory(
        parent=t.series,
        title="Elevenses, coming soon",
        introduction="The next session.",
        starts_at=(now + dt.timedelta(days=14)).replace(microsecond=0),
    )
    t.week = f.EventPageFactory(
        parent=t.events,
        title="Radical Kindness Week 2021",
        introduction="A week-long celebration of radical kindness.",
        starts_at=dt.datetime(2021, 5, 16, 23, 0, tzinfo=UTC),  # 17 May, 00:00 London
        ends_at=dt.datetime(2021, 5, 21, 22, 59, tzinfo=UTC),  # 21 May, 23:59 London
        all_day=True,
        event_format="",
    )
    t.workshop = f.EventPageFactory(
        parent=t.events,
        title="A kindness workshop",
        introduction="An afternoon workshop in person.",
        starts_at=(now + dt.timedelta(days=40)).replace(microsecond=0),
        event_format="in_person",
        location="Belong, Manchester",
        registration_url="https://tickets.example.org/workshop",
    )
    return t


def record_queries(label, counts):
    QUERY_COUNTS[label] = counts


def pytest_terminal_summary(terminalreporter):
    if not QUERY_COUNTS:
        return
    lines = [f"{label}: {counts}" for label, counts in sorted(QUERY_COUNTS.items())]
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "query_counts.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    terminalreporter.section("database queries per page render")
    for line in lines:
        terminalreporter.write_line(line)


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback that keeps every message it is sent, with the
    site's email settings pointed at it: mail is tested as a mail server receives it."""
    from email import message_from_bytes, policy

    from aiosmtpd.controller import Controller

    received = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            message = message_from_bytes(envelope.content, policy=policy.default)
            received.append(SimpleNamespace(to=envelope.rcpt_tos, message=message))
            return "250 Message accepted for delivery"

    import socket

    with socket.socket() as probe:  # a port nothing else is using
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield received
    controller.stop()


def staff_member(username, group=None, superuser=False):
    """An active admin account in one of the groups the editorial migration sets up."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    User = get_user_model()
    if superuser:
        return User.objects.create_superuser(username, f"{username}@example.org", "pw-tests")
    user = User.objects.create_user(username, f"{username}@example.org", "pw-tests")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def staff(db):
    """One account of each kind: an editor, a moderator and an administrator."""
    return SimpleNamespace(
        editor=staff_member("edna", "Editors"),
        moderator=staff_member("moira", "Moderators"),
        admin=staff_member("ada", superuser=True),
    )
