"""`make bench`: the site as production runs it, under load, at the size it will grow to.

1. Fills a PostgreSQL database of its own (name ending in _bench) with the real content
   and synthetic content (5,000 resources, 500 events, 200 stories: clearly marked,
   see generate_synthetic_content), and ANALYZEs it.
2. Runs gunicorn with the production settings and 2 sync workers on loopback, with the
   page cache off, then on (Redis), and drives each page with wrk.
3. For each page records requests per second, the median and 99th-percentile latency,
   the server's CPU milliseconds per request (the workers' user + system time from
   /proc over the run, divided by the requests served: the steadiest figure on a
   noisy machine) and the SQL queries one request makes (counted in-process).
4. A static file served the same way (WhiteNoise) is the ceiling.
5. Writes docs/benchmarks.md with the table, the targets and the machine.

    .venv/bin/python bench/load.py                     # the full run (about 15 minutes)
    .venv/bin/python bench/load.py --resources 500 --seconds 3   # a quick look

Everything stays on loopback and every run is bounded in time. Needs wrk (Debian:
apt-get install wrk) and PostgreSQL; Redis for the cached run."""

import argparse
import datetime as dt
import json
import os
import platform
import re
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RESULTS = ROOT / "docs" / "benchmarks.md"
PORT = 8765

# (label, path, the CPU budget in ms from the targets or None)
PAGES = [
    ("Home", "/", 18),
    ("Library index", "/resources/", 12),
    ("Library, filtered", "/resources/?type=report&year=2021", 12),
    ("Search", "/search/?q=kindness", 18),
    ("Resource", "/resources/cultivating-radical-kindness/", 9),
    ("Event", "/events/radical-kindness-elevenses/2020-11-03/", 9),
    ("Series calendar (.ics)", "/events/radical-kindness-elevenses/calendar.ics", None),
]
QUERY_BUDGET = 15
# docs/benchmarks.md keeps its prose; the run replaces what lies between these.
START = "<!-- bench/load.py writes from here -->"
END = "<!-- bench/load.py writes up to here -->"


def sh(*command, env=None, timeout=1800, quiet=True):
    result = subprocess.run(
        command, cwd=ROOT, env=env, timeout=timeout, capture_output=quiet, text=True
    )
    if result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{(result.stderr or '')[-3000:]}")
    return result.stdout


def environment(database_url, page_cache_seconds=0):
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_ALLOW_ASYNC_UNSAFE",)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(ROOT / ".bench" / "media"),
        "SERVE_MEDIA": "1",
        "DB_CONN_MAX_AGE": "60",
        "PAGE_CACHE_SECONDS": str(page_cache_seconds),
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14"),
        "LOG_LEVEL": "ERROR",
    }
    return env


def build_database(database_url, resources, events, stories):
    name = database_url.rsplit("/", 1)[-1]
    if not name.endswith("_bench"):
        sys.exit(f"The bench database's name must end in _bench (got {name}): it is dropped.")
    admin = database_url.rsplit("/", 1)[0] + "/postgres"
    sh("psql", admin, "-qc", f"DROP DATABASE IF EXISTS {name}", "-c", f"CREATE DATABASE {name}")
    env = environment(database_url)
    started = time.monotonic()
    sh(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    sh(PYTHON, "manage.py", "load_site_content", env=env)
    sh(PYTHON, "manage.py", "generate_synthetic_content", f"--resources={resources}",
       f"--events={events}", f"--stories={stories}", env=env)  # fmt: skip
    sh("psql", database_url, "-qc", "ANALYZE")
    sh(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    print(f"Database built in {time.monotonic() - started:.0f} s", flush=True)


# Queries of one request once what each process keeps per content token is in
# place, and of the first request after a change (nothing kept), with that request's
# CPU ms (the mean of five, in-process).
QUERY_COUNTER = """
import json, sys, time
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from core import versions
client, counts = Client(HTTP_HOST="127.0.0.1"), {}
for path in json.loads(sys.argv[1]):
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(path).status_code
    warm = len(queries)  # now: the next request empties the log
    versions.forget_kept()
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    cold = len(queries)
    started = time.process_time()
    for _ in range(5):
        versions.forget_kept()
        client.get(path)
    cold_ms = (time.process_time() - started) * 1000 / 5
    counts[path] = [warm, cold, round(cold_ms, 1)] if status == 200 else [f"status {status}", "", ""]
print(json.dumps(counts))
"""


def count_queries(database_url, paths):
    env = environment(database_url)
    out = sh(PYTHON, "manage.py", "shell", "--no-imports", "-c", QUERY_COUNTER.replace(
        "sys.argv[1]", repr(json.dumps(paths))), env=env)  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def cpu_ticks(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime
    return total


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


class Server:
    def __init__(self, env):
        self.env = env

    def __enter__(self):
        self.process = subprocess.Popen(
            [str(Path(PYTHON).parent / "gunicorn"), "radicalkindness.wsgi", "--bind",
             f"127.0.0.1:{PORT}", "--workers", "2", "--log-level", "error"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2)
                if len(worker_pids(self.process.pid)) == 2:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        self.process.kill()
        sys.exit("gunicorn did not start: " + self.process.stderr.read()[-2000:])

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)

    def workers(self):
        return worker_pids(self.process.pid)


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT = {"us": 0.001, "ms": 1, "s": 1000}


def load(server, path, seconds, connections):
    url = f"http://127.0.0.1:{PORT}{path}"
    for _ in range(5):  # warm: renditions, the facet index, the page cache
        urllib.request.urlopen(url, timeout=30).read()
    pids = server.workers()
    ticks = cpu_ticks(pids)
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "--latency", url],
        capture_output=True, text=True, timeout=seconds + 60,
    ).stdout  # fmt: skip
    used_ms = (cpu_ticks(pids) - ticks) * 1000 / os.sysconf("SC_CLK_TCK")
    requests = int(re.search(r"(\d+) requests in", out)[1])
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    latency = {m[1]: float(m[2]) * UNIT[m[3]] for m in LATENCY.finditer(out)}
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "p50": latency.get("50"),
        "p99": latency.get("99"),
        "cpu_ms": used_ms / requests if requests else None,
        "requests": requests,
        "errors": int(errors[1]) if errors else 0,
        "socket_errors": socket_errors[1] if socket_errors else "",
    }


def static_path():
    manifest = json.loads((ROOT / "staticfiles" / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def machine():
    cpu = next(
        (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
         if line.startswith("model name")), platform.processor())  # fmt: skip
    versions = {
        "Python": platform.python_version(),
        "PostgreSQL": re.search(r"\d+(\.\d+)+", sh("psql", "--version"))[0],
        "gunicorn": sh(str(Path(PYTHON).parent / "gunicorn"), "--version").split()[-1].strip("()"),
        "wrk": (subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split() or ["?", "?"])[1],
    }  # fmt: skip
    return f"{os.cpu_count()} CPUs ({cpu}), " + ", ".join(f"{k} {v}" for k, v in versions.items())


def fmt(value, digits=1):
    return "–" if value is None else f"{value:.{digits}f}"


def write_results(rows, static, queries, sizes, seconds, connections, took):
    lines = [
        START,
        "## Under load (`make bench`)",
        "",
        f"Run on {dt.date.today()} by `make bench` (`bench/load.py`, {took / 60:.0f} min in all) on "
        f"{machine()}.",
        "",
        f"PostgreSQL with the real content plus {sizes}; gunicorn with "
        "`radicalkindness.settings.production`, 2 sync workers, on loopback; wrk with "
        f"{connections} connections for {seconds} s per page, after warm-up. **CPU ms** is the "
        "workers' user + system time over the run divided by the requests served: "
        "the figure least moved by a noisy machine. Queries are those of one request "
        "with the page cache off. *Cached* is the same with the page cache on (Redis).",
        "",
        f"Targets (issue 10): at most half of Wagtail's bakerydemo on the comparable page "
        f"(CPU ms per request in the *budget* column), at most {QUERY_BUDGET} queries, and "
        "cached pages at least half the static file's throughput.",
        "",
        "| Page | Queries | After a change: queries, CPU ms | Uncached req/s | p50 ms | p99 ms | CPU ms | Budget | Cached req/s | of static | p50 ms | p99 ms | CPU ms | Errors |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]  # fmt: skip
    for (label, path, budget), (off, on) in rows.items():
        verdict = ""
        if budget and off["cpu_ms"] is not None:
            verdict = " ✓" if off["cpu_ms"] <= budget else " ✗"
        warm, cold, cold_ms = queries.get(path, ["–", "–", "–"])
        share = f"{on['rps'] / static['rps']:.0%}" if on["rps"] and static["rps"] else "–"
        lines.append(
            f"| {label} (`{path}`) | {warm} | {cold}, {cold_ms} | {fmt(off['rps'], 0)} | "
            f"{fmt(off['p50'])} | {fmt(off['p99'])} | {fmt(off['cpu_ms'])} | "
            f"{budget or '–'}{verdict} | {fmt(on['rps'], 0)} | {share} | {fmt(on['p50'])} | "
            f"{fmt(on['p99'])} | {fmt(on['cpu_ms'], 2)} | {off['errors'] + on['errors']} |"
        )
    lines.append(
        f"| Static file (`{static['path']}`), the ceiling | 0 | | {fmt(static['rps'], 0)} | "
        f"{fmt(static['p50'])} | {fmt(static['p99'])} | {fmt(static['cpu_ms'], 2)} | – | | | | | | "
        f"{static['errors']} |"
    )
    lines += ["", END]
    text = RESULTS.read_text() if RESULTS.exists() else "# Benchmarks\n"
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        title, _, rest = text.partition("\n")
        text = f"{title}\n\n" + "\n".join(lines) + "\n" + rest
    RESULTS.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/radicalkindness_bench"))  # fmt: skip
    parser.add_argument("--resources", type=int, default=5000)
    parser.add_argument("--events", type=int, default=500)
    parser.add_argument("--stories", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--reuse", action="store_true", help="Keep the database of the last run.")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("make bench needs wrk: apt-get install wrk")
    started = time.monotonic()
    if not args.reuse:
        build_database(args.database_url, args.resources, args.events, args.stories)
    paths = [path for _label, path, _budget in PAGES]
    queries = count_queries(args.database_url, paths)
    rows = {}
    for cache_seconds in (0, 300):
        env = environment(args.database_url, cache_seconds)
        subprocess.run(["redis-cli", "-n", "14", "flushdb"], capture_output=True)
        with Server(env) as server:
            for page in PAGES:
                result = load(server, page[1], args.seconds, args.connections)
                rows.setdefault(page, []).append(result)
                print(f"{'cached' if cache_seconds else 'uncached'} {page[0]}: "
                      f"{result['rps']:.0f} req/s, {fmt(result['cpu_ms'], 2)} CPU ms", flush=True)  # fmt: skip
            if cache_seconds:
                static = load(server, static_path(), args.seconds, args.connections)
                static["path"] = static_path()
    sizes = f"{args.resources} resources, {args.events} events and {args.stories} stories"
    write_results(rows, static, queries, sizes, args.seconds, args.connections,
                  time.monotonic() - started)  # fmt: skip
    print(f"Wrote {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
