"""`make bench`: how the site's pages behave as the library grows.

On a separate, throwaway database (a SQLite file in .bench/, or with --database-url a
PostgreSQL database whose name ends in _bench; never the development one), this builds
the site from the real content, measures every page type, then adds synthetic
resources and events (clearly marked, see generate_synthetic_content) and measures
again at each library size. For each page it records:

* the number of SQL queries one request makes, once caches are warm;
* the median and 95th-percentile response time over REQUESTS requests through
  Django's test client (the whole middleware and template stack, no network).

A count that goes down with size is reported as "varies", not as a failure: a
prefetch Django skips when there is nothing to fetch (e.g. no organisation among the
authors on the cards shown) is one query fewer.

The targets below are the project's performance budget. The run fails (exit 1) if any
page's query count grows with the library, which would mean a query per item (N+1);
times over budget are reported but, being machine-dependent, do not fail the run.

    .venv/bin/python bench/run.py                   # the full run (a few minutes)
    .venv/bin/python bench/run.py --sizes 1000 --requests 5   # a quick look
    .venv/bin/python bench/run.py --database-url postgres://postgres@127.0.0.1/rk_bench
"""

import argparse
import datetime as dt
import io
import os
import platform
import re
import shutil
import sqlite3
import statistics
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench"  # database and media for the bench only; safe to delete
RESULTS = Path(__file__).resolve().parent / "results.md"

# -- targets -------------------------------------------------------------------------
# 1. A page makes the same number of queries whatever the size of the library.
# 2. At the largest size, every page answers in under MEDIAN_BUDGET_MS (median).
MEDIAN_BUDGET_MS = 150

SIZES = [1000, 5000]  # library sizes after the real content; events grow in proportion
EVENTS_PER_RESOURCE = 0.2
STORIES_PER_RESOURCE = 0.1
REQUESTS = 20
MIN_REQUESTS = 3
TIME_CAP_MS = 10_000  # per page and size
WARMUP = 2

PAGES = [
    ("Home", "/"),
    ("Resource library", "/resources/"),
    ("Resource library, page 50", "/resources/?page=50"),
    ("Resource", "/resources/cultivating-radical-kindness/"),
    ("Events", "/events/"),
    ("Events, filtered by format", "/events/?format=online"),
    ("Events, one series", "/events/?series=radical-kindness-elevenses"),
    ("Event series (Elevenses)", "/events/radical-kindness-elevenses/"),
    ("Event", "/events/radical-kindness-elevenses/2020-11-03/"),
    ("Calendar, whole site (.ics)", "/events/calendar.ics"),
    ("Calendar, Elevenses (.ics)", "/events/radical-kindness-elevenses/calendar.ics"),
    ("Project", "/projects/radical-kindness/"),
    ("Partners", "/partners/"),
    ("Partner (funder)", "/partners/spirit-of-2012/"),
    ("Partner (author)", "/partners/carnegie-uk-trust/"),
    ("Stories", "/stories/"),
    ("Stories, recordings only", "/stories/?kind=recording"),
    ("Podcast feed", "/stories/podcast/"),
    ("Share your story (form)", "/stories/share/"),
    ("Search", "/search/?q=kindness"),
    # Views that show results at every size (the real content included), so their
    # query counts compare like with like.
    ("Library, filtered by type and year", "/resources/?type=report&year=2020"),
    (
        "Library, every facet",
        "/resources/?type=report&type=paper&topic=synthetic-topic-1"
        "&author=synthetic-author-1&year=2021&sort=title",
    ),
    ("Library search", "/resources/?q=kindness"),
    ("Library search with facets", "/resources/?q=kindness&type=report"),
    ("Author page", "/resources/authors/jo-broadwood/"),
    ("Feed", "/resources/feed/"),
    ("API", "/api/v2/resources/?limit=20"),
]

# The real content has no stories or recordings yet, so these list nothing at the real
# size, which skips the cards' queries; their counts are compared from the first
# synthetic size on, where they show a full page.
EMPTY_AT_REAL_SIZE = {"Stories", "Stories, recordings only"}


def configure_environment(database_url=None):
    """Point Django at the bench's own database and media before it starts."""
    WORK.mkdir(exist_ok=True)
    if database_url:
        recreate_postgres_database(database_url)
    else:
        db = WORK / "bench.sqlite3"
        for stale in (db, WORK / "bench.sqlite3-journal"):
            stale.unlink(missing_ok=True)
        database_url = f"sqlite:///{db}"
    shutil.rmtree(WORK / "media", ignore_errors=True)
    # Set, not setdefault: a DATABASE_URL in the shell must never be benchmarked
    # (and so filled with synthetic pages) by accident.
    os.environ["DATABASE_URL"] = database_url
    os.environ["MEDIA_ROOT"] = str(WORK / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "radicalkindness.settings.dev"
    # Development settings, but with DEBUG off so templates run as they do in production.
    os.environ["DEBUG"] = "0"
    # WhiteNoise warns that collectstatic has not run; the bench fetches no static files.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
    sys.path.insert(0, str(ROOT))


def recreate_postgres_database(url):
    """--database-url postgres://…/name_bench: drop and create that database. Only a
    name ending in _bench is accepted, so a real database cannot be wiped by a typo."""
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name.endswith("_bench"):
        raise SystemExit(
            "--database-url must be postgres://…/<name>_bench (it is dropped and recreated)."
        )
    admin = psycopg2.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def p95(samples):
    """Nearest-rank 95th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


def measure(client, path, requests):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def get():
        response = client.get(path)
        if response.status_code != 200:
            raise SystemExit(f"{path} answered {response.status_code}; cannot benchmark it.")
        return response

    for _ in range(WARMUP):  # renditions, caches, the site root paths
        start = time.perf_counter()
        get()
        if time.perf_counter() - start > 1:
            break  # a slow page is warm after one request
    with CaptureQueriesContext(connection) as captured:
        get()
    # Read now: the log is emptied when the next request starts.
    sql = [query["sql"] for query in captured.captured_queries]
    timings = []
    while len(timings) < requests:
        start = time.perf_counter()
        get()
        timings.append((time.perf_counter() - start) * 1000)
        # Keep the whole run to a few minutes: a very slow page gets fewer samples.
        if sum(timings) > TIME_CAP_MS and len(timings) >= MIN_REQUESTS:
            break
    return {
        "queries": len(sql),
        "sql": sql,
        "median": statistics.median(timings),
        "p95": p95(timings),
        "n": len(timings),
    }


def shape_of(statements):
    """Queries with their literal values blanked, counted, so two runs can be compared."""
    return Counter(re.sub(r"'[^']*'|\b\d+\b", "?", sql) for sql in statements)


def database_name():
    from django.db import connection

    if connection.vendor == "sqlite":
        return f"SQLite {sqlite3.sqlite_version}"
    if connection.vendor == "postgresql":
        major, minor = divmod(connection.pg_version, 10000)
        return f"PostgreSQL {major}.{minor}"
    return connection.vendor


def analyze():
    """Refresh the query planner's statistics, as PostgreSQL's autovacuum soon would
    after a bulk import. Without it PostgreSQL plans the search join for a handful of
    rows and a search at 5000 resources takes seconds instead of milliseconds."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def library_counts():
    """What the library lists (resources and the Stories page) and the live events."""
    from events.models import EventPage
    from resources.models import LibraryItem

    return LibraryItem.objects.live().count(), EventPage.objects.live().count()


def grow_to(size):
    from django.core.management import call_command

    resources, events = library_counts()
    add_resources = max(0, size - resources)
    call_command(
        "generate_synthetic_content",
        resources=add_resources,
        events=int(add_resources * EVENTS_PER_RESOURCE),
        stories=int(add_resources * STORIES_PER_RESOURCE),
        stdout=io.StringIO(),
    )


def run(sizes, requests, database_url=None):
    configure_environment(database_url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client

    started = time.perf_counter()
    print("Building the bench database (migrate, then the real content)…", flush=True)
    call_command("migrate", verbosity=0, interactive=False)
    call_command("load_site_content", stdout=io.StringIO())

    client = Client(HTTP_HOST="127.0.0.1")
    columns = []  # one per library size: (label, {page: result})
    for size in [None, *sizes]:
        if size is not None:
            print(f"Growing the library to {size} resources…", flush=True)
            grow_to(size)
        analyze()
        resources, events = library_counts()
        label = f"{resources} res / {events} ev" + (" (real)" if size is None else "")
        print(f"Measuring at {label}…", flush=True)
        columns.append((label, {name: measure(client, path, requests) for name, path in PAGES}))

    report, failed = render(columns, requests, time.perf_counter() - started)
    print()
    print(report)
    from django.db import connection

    # SQLite (the default) and PostgreSQL runs are kept side by side.
    results = RESULTS if connection.vendor == "sqlite" else RESULTS.with_stem("results-postgresql")
    results.write_text(report, encoding="utf-8")
    print(f"Written to {results.relative_to(ROOT)}")
    return 1 if failed else 0


def render(columns, requests, elapsed):
    from django.conf import settings

    labels = [label for label, _ in columns]
    largest_label, largest = columns[-1]
    lines = [
        "# Benchmark results",
        "",
        f"Run on {dt.date.today().isoformat()} by `bench/run.py` ({elapsed:.0f} s in all): "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {database_name()}, "
        f"settings `{os.environ['DJANGO_SETTINGS_MODULE']}` with DEBUG={settings.DEBUG}. "
        f"Times are the median (and 95th percentile) of {requests} requests through "
        f"Django's test client after warm-up; a page slower than {TIME_CAP_MS // 1000} s "
        "in all gets fewer (n=…). Queries are counted on one warm request.",
        "",
        "Targets: the query count of every page is the same at every library size; at the "
        f"largest size every page's median is under {MEDIAN_BUDGET_MS} ms.",
        "",
        "## Queries per request",
        "",
        "| Page | Path | " + " | ".join(labels) + " | |",
        "|---|---|" + "---:|" * len(labels) + "---|",
    ]
    grown = []
    for name, path in PAGES:
        counts = [results[name]["queries"] for _, results in columns]
        compared = counts[1:] if name in EMPTY_AT_REAL_SIZE else counts
        if any(later > earlier for earlier, later in zip(compared, compared[1:], strict=False)):
            verdict = "**grows**"
            grown.append(name)
        elif len(set(compared)) > 1:
            verdict = "varies"
        else:
            verdict = "same"
        shown = [str(c) for c in counts]
        if name in EMPTY_AT_REAL_SIZE:
            shown[0] += " (empty)"
        lines.append(f"| {name} | `{path}` | " + " | ".join(shown) + f" | {verdict} |")
    lines += [
        "",
        "## Response time, median (p95) in ms",
        "",
        "| Page | " + " | ".join(labels) + " |",
        "|---|" + "---:|" * len(labels),
    ]
    slow = []
    for name, _ in PAGES:
        cells = []
        for _, results in columns:
            r = results[name]
            cell = f"{r['median']:.0f} ({r['p95']:.0f})"
            cells.append(cell if r["n"] == requests else f"{cell} n={r['n']}")
        if largest[name]["median"] >= MEDIAN_BUDGET_MS:
            slow.append(name)
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    lines += ["", "## Verdict", ""]
    if grown:
        lines.append(
            "FAIL: query count grows with the library on: " + ", ".join(grown) + ". "
            "The extra queries at the largest size are listed below."
        )
        for name in grown:
            extra = shape_of(columns[-1][1][name]["sql"]) - shape_of(columns[0][1][name]["sql"])
            lines += ["", f"### {name}", "", "```sql"]
            lines += [f"-- {n} more times\n{sql}" for sql, n in sorted(extra.items())]
            lines.append("```")
    else:
        lines.append("PASS: no page's query count grows with the library.")
    lines.append("")
    if slow:
        lines.append(
            f"Over the {MEDIAN_BUDGET_MS} ms median budget at {largest_label}: "
            + ", ".join(slow)
            + " (reported, not failed: timings depend on the machine)."
        )
    else:
        lines.append(f"Every page's median is under {MEDIAN_BUDGET_MS} ms at {largest_label}.")
    return "\n".join(lines) + "\n", bool(grown)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=SIZES,
        help="Library sizes (resources) to measure after the real content.",
    )
    parser.add_argument("--requests", type=int, default=REQUESTS, help="Timed requests per page.")
    parser.add_argument(
        "--database-url",
        help="Measure on PostgreSQL instead: postgres://user@host:port/<name>_bench "
        "(dropped and recreated). The default is a SQLite file in .bench/.",
    )
    args = parser.parse_args()
    sys.exit(run(sorted(args.sizes), args.requests, args.database_url))


if __name__ == "__main__":
    main()
