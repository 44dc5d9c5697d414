"""What keeps out whoever does not belong, as a browser and a deployment see it: the
security headers on every response, and production settings that refuse to start
with a weak key and pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

STRONG_KEY = secrets.token_urlsafe(50)


def directives(response):
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize(
    "path", ["/", "/resources/", "/search/?q=kindness", "/contact/", "/no/such/page/"]
)
def test_public_pages_allow_scripts_from_the_site_only(client, path):
    response = client.get(path)
    policy = directives(response)
    assert policy["script-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_the_admin_allows_its_own_inline_scripts_and_nothing_from_elsewhere(admin_client):
    policy = directives(admin_client.get("/admin/"))
    assert policy["script-src"] == "'self' 'unsafe-inline'"
    assert policy["connect-src"] == "'self'"


def test_no_page_template_has_an_inline_script():
    """The public policy forbids inline scripts; JSON-LD and <template> contents are
    data, not scripts."""
    offenders = []
    for path in (settings.BASE_DIR / "templates").rglob("*.html"):
        if "admin" in path.parts:
            continue
        text = path.read_text()
        for chunk in text.split("<script")[1:]:
            tag = chunk.split(">", 1)[0]
            if "src=" not in tag and "application/ld+json" not in tag:
                offenders.append(str(path))
        if " on" in text and any(f" on{event}=" in text for event in ("click", "load", "error")):
            offenders.append(str(path))
    assert offenders == []


def manage(*args, **env):
    # As a server would start it: not with the browser tests' async override.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    environment = {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.production",
        "ALLOWED_HOSTS": "radicalkindness.example.org",
        "DATABASE_URL": f"sqlite:///{settings.BASE_DIR / 'test-artifacts' / 'deploy-check.sqlite3'}",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_djangos_deployment_checks():
    run = manage("check", "--deploy", "--fail-level", "WARNING", SECRET_KEY=STRONG_KEY)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout


@pytest.mark.parametrize(
    "key, says",
    [
        ("", "SECRET_KEY must be set"),
        ("short-key", "SECRET_KEY is too weak"),
        ("a" * 60, "SECRET_KEY is too weak"),
        ("django-insecure-" + STRONG_KEY, "SECRET_KEY is too weak"),
    ],
)
def test_production_does_not_start_with_a_missing_or_weak_key(key, says):
    run = manage("check", SECRET_KEY=key)
    assert run.returncode != 0
    assert says in run.stderr


def test_served_locally_over_http_nothing_insists_on_https():
    run = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        SECRET_KEY=STRONG_KEY,
        HTTPS="0",
    )
    assert run.stdout.split()[-3:] == ["False", "False", "0"], run.stderr
    behind_tls = manage(
        "shell",
        "-c",
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)",
        SECRET_KEY=STRONG_KEY,
    )
    assert behind_tls.stdout.split()[-3:] == ["True", "True", "31536000"], behind_tls.stderr
