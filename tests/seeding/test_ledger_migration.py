"""The loader's ledger (LoadedSeedItem) moved from core to seeding. A database loaded
before the move must keep every ledger row, so that re-running `load_site_content`
afterwards creates nothing and never recreates a page an editor deleted.

The test builds such a database for real: on a throwaway database of the suite's own
engine (a SQLite file, or a PostgreSQL database made for the test), it migrates and
loads the content, migrates the ledger back to where the previous schema had it
(core_loadedseeditem), checks that it is really there, then migrates forward and loads
again. Migrating back and forth cannot happen inside a test's transaction, so each
step runs `manage.py` in its own process."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

ROOT = settings.BASE_DIR

# Read back what the ledger looks like, from inside Django, as JSON.
INSPECT = """
import json
from django.db import connection
tables = set(connection.introspection.table_names())
ledger = {}
for table in ("core_loadedseeditem", "seeding_loadedseeditem"):
    if table in tables:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT key, object_id FROM {table} ORDER BY key")
            ledger[table] = cursor.fetchall()
print(json.dumps(ledger))
"""


@pytest.fixture
def throwaway_database(tmp_path):
    """A DATABASE_URL for an empty database of the suite's engine, removed afterwards."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("sqlite3"):
        yield f"sqlite:///{tmp_path / 'ledger.sqlite3'}"
        return
    import psycopg2

    name = f"rk_ledger_{uuid.uuid4().hex[:8]}"
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


def manage(database_url, media, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media),
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.dev",
    }
    run = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, f"manage.py {' '.join(args)} failed:\n{run.stdout}\n{run.stderr}"
    return run.stdout


def ledger(database_url, media):
    return json.loads(manage(database_url, media, "shell", "-c", INSPECT).strip().splitlines()[-1])


def test_a_database_loaded_before_the_move_keeps_its_ledger(throwaway_database, tmp_path):
    url, media = throwaway_database, tmp_path / "media"
    manage(url, media, "migrate", "--noinput")
    assert "Loaded" in manage(url, media, "load_site_content")
    loaded = ledger(url, media)["seeding_loadedseeditem"]
    assert len(loaded) > 70  # every page, person, image and setting the seed gives

    # Back to the schema from before the move: the ledger in core's table.
    manage(url, media, "migrate", "seeding", "zero", "--noinput")
    manage(url, media, "migrate", "core", "0002", "--noinput")
    before = ledger(url, media)
    assert list(before) == ["core_loadedseeditem"]
    assert before["core_loadedseeditem"] == loaded

    # Forward again, as a deployment of this change would do.
    manage(url, media, "migrate", "--noinput")
    after = ledger(url, media)
    assert list(after) == ["seeding_loadedseeditem"]
    assert after["seeding_loadedseeditem"] == loaded
    assert "nothing to do" in manage(url, media, "load_site_content")
    assert ledger(url, media)["seeding_loadedseeditem"] == loaded
