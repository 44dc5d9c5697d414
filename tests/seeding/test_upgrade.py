"""A database built and loaded by the previous release upgrades without losing
anything: the loader's ledger moves to the seeding app with every row (so re-running
`load_site_content` creates nothing and recreates nothing an editor deleted), and
the library's pages move onto LibraryItem with their ids, content types, authors,
bodies and draft revisions.

The test builds that database for real: it takes the previous release's code out of
git (`git archive`), migrates a throwaway database of the suite's own engine (a SQLite
file, or a PostgreSQL database made for the test) and loads the content with it, saves
an editor's drafts, then migrates and loads with this code. Each step runs
`manage.py` in its own process, as a deployment would."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
# The last commit before the seeding app and library items.
PREVIOUS_RELEASE = "613ea83"

# What both releases can describe alike, printed as JSON by `manage.py shell`.
SNAPSHOT = """
import json
from django.db import connection
from wagtail.models import Page
from resources.models import ResourcePage, StoriesPage
tables = set(connection.introspection.table_names())
ledger = next(t for t in ("seeding_loadedseeditem", "core_loadedseeditem") if t in tables)
with connection.cursor() as cursor:
    cursor.execute(f"SELECT key, object_id FROM {ledger} ORDER BY key")
    rows = cursor.fetchall()
    cursor.execute(
        "SELECT page_id, person_id, organisation_id, sort_order FROM resources_resourceauthor"
        " ORDER BY page_id, sort_order"
    )
    authors = cursor.fetchall()
stories = StoriesPage.objects.get()
resource = ResourcePage.objects.get(slug="the-art-of-living-together")
print(json.dumps({
    "ledger_table": ledger,
    "ledger": rows,
    "pages": sorted(
        [p.pk, p.content_type.model, p.title, p.url_path, p.live] for p in Page.objects.all()
    ),
    "authors": authors,
    "bodies": [str(stories.body), str(resource.body)],
    "drafts": [p.get_latest_revision_as_object().title for p in (stories, resource)],
}))
"""

# An editor's work: a body published on the Stories page and a resource, then a
# draft of each, saved and not published.
EDIT = """
from resources.models import ResourcePage, StoriesPage
for page in (StoriesPage.objects.get(), ResourcePage.objects.get(slug="the-art-of-living-together")):
    page.body = [{"type": "paragraph", "value": f"<p>Kept through the upgrade: {page.pk}</p>"}]
    page.save_revision().publish()
    page.title = page.title + " (draft)"
    page.save_revision()
"""

# Only this release can say these.
CHECK = """
import json
from django.test import Client
from wagtail.models import Page, ReferenceIndex
from people.models import Person
from core.models import SiteSettings
from resources.models import LibraryItem, ResourcePage, ResourceType, StoriesPage
library = Client(HTTP_HOST="localhost").get("/resources/")
print(json.dumps({
    "library_items": LibraryItem.objects.count(),
    "resource_pages": ResourcePage.objects.count(),
    "stories_is_a_resource_page": ResourcePage.objects.filter(slug="stories").exists(),
    "tree_problems": [len(problem) for problem in Page.find_problems()],
    "credit_protected": ReferenceIndex.get_grouped_references_to(
        Person.objects.get(name="Jo Broadwood")
    ).is_protected,
    "type_looks": sorted(ResourceType.objects.values_list("slug", "schema_type", "colour")),
    "funder_page": SiteSettings.objects.get().funder_page.title,
    "library_status": library.status_code,
    "library_cards": library.content.decode().count('class="card card--resource'),
}))
"""


def previous_release(target):
    """The previous release's files in `target`. Without them (no git, or a shallow
    clone that lacks the commit) the test is skipped and says why; with the whole
    history, a missing commit is a failure."""
    git = shutil.which("git")
    if git is None or not (ROOT / ".git").exists():
        pytest.skip("The upgrade test needs git and the repository's history.")
    archive = subprocess.run(
        [git, "archive", "--format=tar", PREVIOUS_RELEASE], cwd=ROOT, capture_output=True
    )
    if archive.returncode != 0:
        shallow = subprocess.run(
            [git, "rev-parse", "--is-shallow-repository"], cwd=ROOT, capture_output=True, text=True
        )
        if shallow.stdout.strip() == "true":
            pytest.skip(f"The upgrade test needs commit {PREVIOUS_RELEASE}; this clone is shallow.")
        pytest.fail(f"Commit {PREVIOUS_RELEASE}, the previous release, is not in the history.")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


@pytest.fixture
def throwaway_database(tmp_path):
    """A DATABASE_URL for an empty database of the suite's engine, removed afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'upgrade.sqlite3'}"
        return
    import psycopg2

    name = f"rk_upgrade_{uuid.uuid4().hex[:8]}"
    server = dict(
        host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
        user=db["USER"],
        password=db["PASSWORD"],
        dbname="postgres",
    )
    admin = psycopg2.connect(**server)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    try:
        auth = f"{db['USER']}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{db['USER']}@"
        yield f"postgres://{auth}{server['host']}:{server['port']}/{name}"
    finally:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


def manage(code_dir, database_url, media, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.dev",
        "DEBUG": "false",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code_dir,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"manage.py {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"
    return run.stdout


def shell(code_dir, database_url, media, script):
    out = manage(code_dir, database_url, media, "shell", "-c", script)
    return json.loads(out.strip().splitlines()[-1])


def test_a_database_of_the_previous_release_upgrades_without_loss(throwaway_database, tmp_path):
    old = previous_release(tmp_path / "previous")
    url, media = throwaway_database, tmp_path / "media"

    manage(old, url, media, "migrate", "--noinput")
    assert "Loaded" in manage(old, url, media, "load_site_content")
    manage(old, url, media, "shell", "-c", EDIT)
    before = shell(old, url, media, SNAPSHOT)
    assert before["ledger_table"] == "core_loadedseeditem"
    assert len(before["ledger"]) > 70 and len(before["authors"]) >= 12

    manage(ROOT, url, media, "migrate", "--noinput")
    after = shell(ROOT, url, media, SNAPSHOT)
    assert after["ledger_table"] == "seeding_loadedseeditem"
    for fact in ("ledger", "pages", "authors", "bodies", "drafts"):
        assert after[fact] == before[fact], f"the upgrade changed the {fact}"
    assert all("Kept through the upgrade" in body for body in after["bodies"])
    assert after["drafts"] == [
        "Stories of Radical Kindness (draft)",
        "The Art of Living Together (draft)",
    ]

    # Loading again adds only what this release brings (the contact page), recreates
    # nothing, and leaves everything else as it was; a third load has nothing to do.
    assert "Loaded 1 items" in manage(ROOT, url, media, "load_site_content")
    loaded = shell(ROOT, url, media, SNAPSHOT)
    added = [row for row in loaded["ledger"] if row not in after["ledger"]]
    assert [key for key, _ in added] == ["page:contact"]
    new_pages = [page for page in loaded["pages"] if page not in after["pages"]]
    assert [page[1:4] for page in new_pages] == [["contactpage", "Contact us", "/home/contact/"]]
    assert {k: v for k, v in loaded.items() if k not in ("ledger", "pages")} == {
        k: v for k, v in after.items() if k not in ("ledger", "pages")
    }
    assert "nothing to do" in manage(ROOT, url, media, "load_site_content")

    check = shell(ROOT, url, media, CHECK)
    assert check == {
        "library_items": 9,
        "resource_pages": 8,
        "stories_is_a_resource_page": False,
        "tree_problems": [0, 0, 0, 0, 0],
        "credit_protected": True,
        "type_looks": [
            ["case-study", "Report", "coral"],
            ["collection", "CreativeWork", "rose"],
            ["paper", "ScholarlyArticle", "plum"],
            ["report", "Report", "teal"],
            ["toolkit", "CreativeWork", "sun"],
        ],
        "funder_page": "Spirit of 2012",
        "library_status": 200,
        "library_cards": 9,
    }
