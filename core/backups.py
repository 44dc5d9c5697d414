"""Backups of the whole site: the database and the uploads, in one tar file with a
manifest of checksums (`make backup`, `make restore`; docs/deployment.md).

- PostgreSQL is dumped with pg_dump (custom format) and restored with pg_restore,
  replacing what is there, in one transaction.
- SQLite is copied with SQLite's own online backup, which is consistent while the
  site is running, and restored the same way.
- Uploads (MEDIA_ROOT and PRIVATE_MEDIA_ROOT) are stored file by file. Uploads on S3
  are not copied: keep the bucket versioned instead.

The manifest records a SHA-256 of every file in the archive and, to tell that a
restore brought everything back, the checksum of the content (`content_checksums`):
every page, revision, image and document."""

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from core import page_cache
from core.versions import content_changed

FORMAT = 1
DATABASE_MEMBER = {"postgresql": "database.pgdump", "sqlite": "database.sqlite3"}
MEDIA_FOLDERS = {"media": "MEDIA_ROOT", "private-media": "PRIVATE_MEDIA_ROOT"}


class BackupError(Exception):
    """Something a person must act on, said in words."""


def sha256_of(path_or_file):
    digest = hashlib.sha256()
    handle = open(path_or_file, "rb") if isinstance(path_or_file, str | Path) else path_or_file
    with handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _digest(rows):
    digest = hashlib.sha256()
    for row in rows:
        digest.update(json.dumps(row, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _file_digest(field_file):
    try:
        with field_file.open("rb") as handle:
            return sha256_of(handle)
    except (FileNotFoundError, ValueError):
        return None


def content_checksums():
    """{kind: {"count": n, "sha256": …}} for pages, revisions, images and documents,
    files' bytes included, so two databases compare equal only if they hold the same."""
    pages = Page.objects.order_by("pk").values_list(
        "pk", "path", "title", "slug", "live", "content_type_id", "latest_revision_id"
    )
    revisions = Revision.objects.order_by("pk").values_list(
        "pk", "object_id", "content_type_id", "content", "created_at"
    )
    images = [
        (
            image.pk,
            image.title,
            image.file.name,
            image.width,
            image.height,
            _file_digest(image.file),
        )
        for image in get_image_model().objects.order_by("pk")
    ]
    documents = [
        (document.pk, document.title, document.file.name, _file_digest(document.file))
        for document in get_document_model().objects.order_by("pk")
    ]
    return {
        kind: {"count": len(rows), "sha256": _digest(rows)}
        for kind, rows in (
            ("pages", list(pages)),
            ("revisions", list(revisions)),
            ("images", images),
            ("documents", documents),
        )
    }


def _vendor():
    vendor = connection.vendor
    if vendor not in DATABASE_MEMBER:
        raise BackupError(f"Backups know PostgreSQL and SQLite, not {vendor}.")
    return vendor


def _pg_environment():
    """pg_dump and pg_restore read the connection from libpq's variables, so the
    password never shows in a process list."""
    db = connection.settings_dict
    env = dict(os.environ)
    for name, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"),
                      ("PGPASSWORD", "PASSWORD"), ("PGDATABASE", "NAME")):  # fmt: skip
        if db.get(key):
            env[name] = str(db[key])
    return env


def _run(command, **kwargs):
    try:
        subprocess.run(command, check=True, capture_output=True, text=True, **kwargs)
    except FileNotFoundError as missing:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)."
        ) from missing
    except subprocess.CalledProcessError as failed:
        raise BackupError(f"{command[0]} failed: {failed.stderr.strip()}") from failed


def _dump_database(vendor, target):
    if vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(target)],
             env=_pg_environment())  # fmt: skip
    else:
        import sqlite3

        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()


def _restore_database(vendor, source):
    if vendor == "postgresql":
        connection.close()
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--dbname", connection.settings_dict["NAME"], str(source)],
             env=_pg_environment())  # fmt: skip
    else:
        import sqlite3

        connection.ensure_connection()
        with sqlite3.connect(source) as original:
            original.backup(connection.connection)
        original.close()


def _media_roots():
    """The upload folders on this machine's disk: {name in the archive: folder}. Uploads
    on object storage are not among them."""
    roots = {}
    if settings.STORAGES["default"]["BACKEND"].endswith("FileSystemStorage"):
        roots["media"] = Path(settings.MEDIA_ROOT)
    if not settings.AWS_PRIVATE_STORAGE_BUCKET_NAME:
        roots["private-media"] = Path(settings.PRIVATE_MEDIA_ROOT)
    return roots


def _uploads_note():
    included = sorted(_media_roots())
    if included == ["media", "private-media"]:
        return "included"
    return f"{', '.join(included) or 'none'} included; the rest on object storage, not included"


def _replace_contents(root, source):
    """Make the folder `root` hold what `source` holds. The folder itself stays (it may
    be a mount point or a link), only what is inside it is replaced."""
    root.mkdir(parents=True, exist_ok=True)
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    if source.is_dir():
        shutil.copytree(source, root, dirs_exist_ok=True)


def backup(destination):
    """Write a backup archive into the folder `destination`; return its path."""
    vendor = _vendor()
    destination = Path(destination)
    destination.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
    archive = destination / f"radicalkindness-{stamp}.tar"
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DATABASE_MEMBER[vendor]
        _dump_database(vendor, dump)
        files = {DATABASE_MEMBER[vendor]: dump}
        for folder, root in _media_roots().items():
            if root.is_dir():
                for path in sorted(root.rglob("*")):
                    if path.is_file():
                        files[f"{folder}/{path.relative_to(root).as_posix()}"] = path
        manifest = {
            "format": FORMAT,
            "created": dt.datetime.now(dt.UTC).isoformat(),
            "database": vendor,
            "uploads": _uploads_note(),
            "upload_folders": sorted(_media_roots()),
            "content": content_checksums(),
            "files": {name: sha256_of(path) for name, path in files.items()},
        }
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, indent=2).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
            for name, path in files.items():
                tar.add(path, arcname=name)
        partial.rename(archive)  # a backup cut short never looks complete
    return archive, manifest


def read_manifest(tar):
    try:
        return json.load(tar.extractfile("manifest.json"))
    except KeyError as missing:
        raise BackupError("This is not a backup of this site: it has no manifest.") from missing


def restore(archive):
    """Replace the database and uploads with those in `archive`. Checks every file's
    checksum before touching anything; returns (manifest, content checksums now)."""
    vendor = _vendor()
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No backup at {archive}.")
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive) as tar:
        manifest = read_manifest(tar)
        if manifest.get("format") != FORMAT:
            raise BackupError(f"Backup format {manifest.get('format')} is not one this site reads.")
        if manifest["database"] != vendor:
            raise BackupError(
                f"This backup is of a {manifest['database']} database; this site uses {vendor}."
            )
        tar.extractall(work, filter="data")
        for name, expected in manifest["files"].items():
            if sha256_of(Path(work) / name) != expected:
                raise BackupError(f"{name} in the backup is damaged (its checksum differs).")
        _restore_database(vendor, Path(work) / DATABASE_MEMBER[vendor])
        in_backup = set(manifest.get("upload_folders", ["media", "private-media"]))
        for folder, root in _media_roots().items():
            if folder in in_backup:
                _replace_contents(root, Path(work) / folder)
    # Whatever processes and caches kept was computed from the content just replaced.
    content_changed()
    page_cache.purge_everything()
    return manifest, content_checksums()
