"""`make backup` and `make restore` round-trip the site: after a restore every page,
revision, image and document is back, files and all, with the same checksums.

Run as an operator runs them (manage.py in its own process) on a throwaway site of
the same database engine as the suite's (SQLite, or PostgreSQL when DATABASE_URL is
one), built from the real content plus a document and a second revision."""

import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import dj_database_url
import psycopg2
import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]

# What must come back, read independently of the site's own checksum code.
SNAPSHOT = """
import hashlib, json
from wagtail.models import Page, Revision
from wagtail.images import get_image_model
from wagtail.documents import get_document_model

def file_sha(field):
    try:
        with field.open("rb") as handle:
            return hashlib.sha256(handle.read()).hexdigest()
    except FileNotFoundError:
        return None

print(json.dumps({
    "pages": [list(p) for p in Page.objects.order_by("pk").values_list("pk", "title", "url_path", "live")],
    "revisions": [[r.pk, r.object_id, json.dumps(r.content, sort_keys=True, default=str)]
                  for r in Revision.objects.order_by("pk")],
    "images": [[i.pk, i.title, i.file.name, file_sha(i.file)] for i in get_image_model().objects.order_by("pk")],
    "documents": [[d.pk, d.title, d.file.name, file_sha(d.file)] for d in get_document_model().objects.order_by("pk")],
}))
"""

ADD_A_DOCUMENT_AND_A_REVISION = """
from django.core.files.base import ContentFile
from wagtail.documents import get_document_model
from resources.models import ResourcePage
get_document_model().objects.create(title="Annual report", file=ContentFile(b"%PDF-1.4 report", name="report.pdf"))
page = ResourcePage.objects.live().first()
page.title = page.title + " (draft)"
page.save_revision()
"""

DAMAGE = """
import os
from wagtail.models import Page, Revision
from wagtail.images import get_image_model
from wagtail.documents import get_document_model
from resources.models import ResourcePage
ResourcePage.objects.live().last().delete()
Revision.objects.order_by("pk").last().delete()
home = Page.objects.get(depth=2); home.title = "Changed"; home.save()
image = get_image_model().objects.first(); os.remove(image.file.path); image.delete()
document = get_document_model().objects.first(); os.remove(document.file.path)
"""


@pytest.fixture
def throwaway_site(tmp_path):
    """Environment for manage.py on a new database and media folder of its own."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.dev",
        "DEBUG": "0",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "private-media"),
    }
    env.pop("REDIS_URL", None)
    suite_db = settings.DATABASES["default"]
    created = None
    if suite_db["ENGINE"].endswith("postgresql"):
        created = f"rk_backup_{uuid.uuid4().hex[:8]}"
        admin = psycopg2.connect(
            dbname="postgres",
            user=suite_db["USER"],
            host=suite_db["HOST"],
            port=suite_db["PORT"],
            password=suite_db["PASSWORD"],
        )
        admin.autocommit = True
        admin.cursor().execute(f'CREATE DATABASE "{created}"')
        url = dj_database_url.parse(os.environ["DATABASE_URL"])
        env["DATABASE_URL"] = (
            f"postgres://{url['USER']}:{url['PASSWORD'] or ''}@{url['HOST']}:{url['PORT'] or 5432}/{created}"
        )
    else:
        env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'site.sqlite3'}"

    def manage(*args, stdin=None):
        result = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            input=stdin,
            timeout=300,
        )
        return result

    yield manage
    if created:
        admin.cursor().execute(f'DROP DATABASE IF EXISTS "{created}" WITH (FORCE)')
        admin.close()


def run(manage, *args):
    result = manage(*args)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def snapshot(manage):
    return json.loads(run(manage, "shell", "--no-imports", "-c", SNAPSHOT).splitlines()[-1])


def test_a_backup_restores_every_page_revision_image_and_document(throwaway_site, tmp_path):
    manage = throwaway_site
    run(manage, "migrate", "--noinput", "-v0")
    run(manage, "load_site_content")
    run(manage, "shell", "--no-imports", "-c", ADD_A_DOCUMENT_AND_A_REVISION)
    before = snapshot(manage)
    assert (
        before["documents"]
        and before["images"]
        and len(before["revisions"]) > len(before["pages"]) - 2
    )

    said = run(manage, "backup", "--output", str(tmp_path / "backups"))
    [archive] = (tmp_path / "backups").glob("radicalkindness-*.tar")
    assert str(archive) in said

    run(manage, "shell", "--no-imports", "-c", DAMAGE)
    damaged_site = snapshot(manage)
    assert damaged_site != before

    # Restoring asks first, and without a yes does nothing.
    answered_no = manage("restore", str(archive), stdin="no\n")
    assert answered_no.returncode != 0
    assert "Nothing was restored" in answered_no.stderr
    assert snapshot(manage) == damaged_site

    said = run(manage, "restore", "--noinput", str(archive))
    assert "every checksum as in the backup" in said
    after = snapshot(manage)
    for kind in ("pages", "revisions", "images", "documents"):
        assert after[kind] == before[kind], kind

    # A damaged archive is refused before anything is touched.
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as tar:
        offset = tar.getmember("media/" + before["images"][0][2]).offset_data
    data = bytearray(archive.read_bytes())
    data[offset + 100] ^= 0xFF  # a byte inside an image
    damaged.write_bytes(bytes(data))
    run(
        manage,
        "shell",
        "--no-imports",
        "-c",
        "from wagtail.models import Page; Page.objects.filter(depth=2).update(title='Kept')",
    )
    refused = manage("restore", "--noinput", str(damaged))
    assert refused.returncode != 0
    assert "damaged" in refused.stderr
    assert "Kept" in [page[1] for page in snapshot(manage)["pages"]]
