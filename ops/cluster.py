"""`make cluster` and `make loadtest`: the site scaled out on this machine, all on
loopback, with parts of its own so nothing else is touched.

    nginx :8100  ──►  gunicorn app server A :8101 (2 workers) ─┐
                 └─►  gunicorn app server B :8102 (2 workers) ─┴─► PostgreSQL :5441
                                                               └─► Redis :6391

`up` builds it (its own PostgreSQL cluster and Redis, the real content plus synthetic
resources, events and stories, production settings with the page cache on) and keeps
it running until Ctrl-C. `loadtest` builds it, runs two bounded load tests with wrk
(200 connections, 60 s each, over a mix of pages) and writes the figures into
docs/benchmarks.md:

- Steady: while the load runs, an editor publishes a new title three times (each
  must show through both app servers and nginx at once: the purge is in the shared
  Redis), and app server B is stopped and started again (nginx routes around it).
  Passes with no 5xx and no socket errors.
- Faults: PostgreSQL is stopped for 15 s (pages not in the cache answer 503 with
  Retry-After, kept pages still 200; then full recovery), then Redis for 10 s (every
  page rendered uncached, no errors). Passes with no 500s, no socket errors, 200s
  again at the end, and no worker crashed.

Needs nginx, wrk, PostgreSQL's server binaries and redis-server (Debian: apt-get
install nginx-light wrk postgresql redis-server)."""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
WORK = Path(tempfile.gettempdir()) / "rk-cluster"  # PostgreSQL's own user must read it
RESULTS = ROOT / "docs" / "benchmarks.md"
START = "<!-- ops/cluster.py writes from here -->"
END = "<!-- ops/cluster.py writes up to here -->"
NGINX_PORT, APP_PORTS, PG_PORT, REDIS_PORT = 8100, (8101, 8102), 5441, 6391
DATABASE_URL = f"postgres://postgres@127.0.0.1:{PG_PORT}/radicalkindness"
PAGE_MIX = [
    "/",
    "/resources/",
    "/resources/?type=report",
    "/resources/cultivating-radical-kindness/",
    "/resources/north-ayrshire-a-case-study-on-kindness/",
    "/events/",
    "/events/radical-kindness-elevenses/",
    "/events/radical-kindness-elevenses/2020-11-03/",
    "/events/radical-kindness-elevenses/calendar.ics",
    "/stories/",
    "/partners/",
    "/partners/carnegie-uk-trust/",
    "/search/?q=kindness",  # never kept: it always reaches the database
]
PUBLISHED = "/resources/cultivating-radical-kindness/"

WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request() return wrk.format(nil, paths[math.random(#paths)]) end
function response(status, headers, body)
  local key = os.time() .. ":" .. status
  statuses[key] = (statuses[key] or 0) + 1
end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    for key, n in pairs(thread:get("statuses")) do all[key] = (all[key] or 0) + n end
  end
  for key, n in pairs(all) do io.write("STATUS ", key, " ", n, "\\n") end
  local e = summary.errors
  io.write("ERRORS ", e.connect, " ", e.read, " ", e.write, " ", e.status, " ", e.timeout, "\\n")
  io.write("LATENCY ", latency:percentile(50) / 1000, " ", latency:percentile(99) / 1000, "\\n")
end
"""


def log(message):
    print(time.strftime("%H:%M:%S"), message, flush=True)


def run(*command, env=None, check=True, user=None, timeout=1800):
    if user and os.geteuid() == 0:
        command = ("runuser", "-u", user, "--", *command)
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if check and result.returncode:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return result


def app_environment():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    secret = WORK / "secret-key"
    if not secret.exists():
        secret.write_text(secrets.token_urlsafe(50))
    return env | {
        "DJANGO_SETTINGS_MODULE": "radicalkindness.settings.production",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/0",
        "SECRET_KEY": secret.read_text().strip(),
        "HTTPS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "MEDIA_ROOT": str(WORK / "media"),
        "SERVE_MEDIA": "1",
        "DB_CONN_MAX_AGE": "60",
        "PAGE_CACHE_SECONDS": "300",
        "LOG_LEVEL": "ERROR",
    }


class PostgreSQL:
    def __init__(self):
        self.bin = Path(sorted(Path("/usr/lib/postgresql").glob("*/bin"))[-1])
        self.data = WORK / "pg"

    def create(self):
        WORK.mkdir(exist_ok=True)
        os.chmod(WORK, 0o777)
        run(str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
            "--no-sync", user="postgres")  # fmt: skip

    def start(self):
        run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(WORK / "pg.log"), "-w",
            "-o", f"-p {PG_PORT} -c listen_addresses=127.0.0.1 -k {WORK} -c max_connections=100 -c synchronous_commit=off",
            "start", user="postgres")  # fmt: skip

    def stop(self):
        run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop",
            user="postgres", check=False)  # fmt: skip


class Process:
    """A server this script started, stopped gracefully with SIGTERM."""

    def __init__(self, name, command, env=None):
        self.name, self.command, self.env = name, command, env
        self.process = None

    def start(self):
        output = open(WORK / f"{self.name}.log", "a")  # noqa: SIM115 (kept open while it runs)
        self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=output,
                                        stderr=subprocess.STDOUT)  # fmt: skip

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def workers(self):
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return set(path.read_text().split()) if path.exists() else set()


def wait_for(url, seconds=60, expect=200):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if urllib.request.urlopen(url, timeout=5).status == expect:
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


NGINX_CONF = """
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {work}/nginx-body;
    proxy_temp_path {work}/nginx-proxy;
    fastcgi_temp_path {work}/nginx-fastcgi;
    uwsgi_temp_path {work}/nginx-uwsgi;
    scgi_temp_path {work}/nginx-scgi;
    upstream app {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=2s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=2s;
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://app;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $remote_addr;
            # A stopped app server refuses connections: try the other one. A 503 from
            # a running one (its database is down) is the answer, not retried.
            proxy_next_upstream error timeout;
        }}
    }}
}}
"""


class Cluster:
    def __init__(self, resources, events, stories):
        self.sizes = (resources, events, stories)
        self.pg = PostgreSQL()
        self.env = app_environment() if WORK.exists() else None
        self.redis = None
        self.apps = []
        self.nginx = None

    def build(self):
        self.teardown_leftovers()
        shutil.rmtree(WORK, ignore_errors=True)
        self.pg.create()
        self.env = app_environment()
        self.pg.start()
        self.redis = Process("redis", ["redis-server", "--port", str(REDIS_PORT), "--bind",
                                       "127.0.0.1", "--save", "", "--appendonly", "no"])  # fmt: skip
        self.redis.start()
        run("psql", f"postgres://postgres@127.0.0.1:{PG_PORT}/postgres", "-qc",
            "CREATE DATABASE radicalkindness")  # fmt: skip
        log("Migrating and loading the content…")
        run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=self.env)
        run(PYTHON, "manage.py", "load_site_content", env=self.env)
        resources, events, stories = self.sizes
        run(PYTHON, "manage.py", "generate_synthetic_content", f"--resources={resources}",
            f"--events={events}", f"--stories={stories}", env=self.env)  # fmt: skip
        run("psql", DATABASE_URL, "-qc", "ANALYZE")
        run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=self.env)

    def start_servers(self):
        gunicorn = str(Path(PYTHON).parent / "gunicorn")
        self.apps = [
            Process(f"app-{name}", [gunicorn, "radicalkindness.wsgi", "--bind", f"127.0.0.1:{port}",
                                    "--workers", "2", "--graceful-timeout", "20"], self.env)
            for name, port in zip("AB", APP_PORTS, strict=True)
        ]  # fmt: skip
        for app in self.apps:
            app.start()
        conf = WORK / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(work=WORK, a=APP_PORTS[0], b=APP_PORTS[1], port=NGINX_PORT)
        )
        self.nginx = Process(
            "nginx", ["nginx", "-c", str(conf), "-p", str(WORK), "-g", "daemon off;"]
        )
        self.nginx.start()
        for port in (*APP_PORTS, NGINX_PORT):
            if not wait_for(f"http://127.0.0.1:{port}/healthz"):
                sys.exit(f"Nothing answered on port {port}; see {WORK}/*.log")
        log(f"Up: nginx on http://127.0.0.1:{NGINX_PORT}/, app servers on {APP_PORTS}")

    def stop(self):
        for part in (self.nginx, *self.apps, self.redis):
            if part:
                part.stop()
        self.pg.stop()

    def teardown_leftovers(self):
        if (WORK / "pg" / "postmaster.pid").exists():
            self.pg.stop()


def publish_new_title(env, title):
    """What an editor's Publish does: a new revision of the page, published."""
    code = (
        "from resources.models import ResourcePage\n"
        f"page = ResourcePage.objects.get(url_path__endswith={PUBLISHED!r})\n"
        f"page.title = {title!r}\n"
        "page.save_revision().publish()\n"
    )
    run(PYTHON, "manage.py", "shell", "--no-imports", "-c", code, env=env)


def seconds_until_seen(title, ports, limit=10.0):
    """How long until every port shows `title` on the published page (None: never)."""
    started = time.monotonic()
    pending = set(ports)
    while pending and time.monotonic() - started < limit:
        for port in list(pending):
            try:
                body = urllib.request.urlopen(
                    f"http://127.0.0.1:{port}{PUBLISHED}", timeout=5
                ).read()
                if title.encode() in body:
                    pending.discard(port)
            except OSError:
                pass
        if pending:
            time.sleep(0.05)
    return None if pending else time.monotonic() - started


def load(seconds, connections, events):
    """wrk over the page mix for `seconds`, while `events` [(at second, action)] run."""
    for path in PAGE_MIX:  # a visitor has already seen each page once: kept, renditions made
        urllib.request.urlopen(f"http://127.0.0.1:{NGINX_PORT}{path}", timeout=60).read()
    script = WORK / "mix.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in PAGE_MIX)})
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
               "-s", str(script), f"http://127.0.0.1:{NGINX_PORT}"]  # fmt: skip
    started = time.time()
    wrk = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    notes = []

    def timeline():
        for at, action in events:
            time.sleep(max(0, started + at - time.time()))
            notes.append((round(time.time() - started), action()))

    runner = threading.Thread(target=timeline)
    runner.start()
    out, _ = wrk.communicate(timeout=seconds + 120)
    runner.join()
    statuses = {}
    by_second = {}
    for line in out.splitlines():
        if line.startswith("STATUS "):
            _, key, n = line.split()
            second, status = key.split(":")
            statuses[status] = statuses.get(status, 0) + int(n)
            slot = by_second.setdefault(int(second) - int(started), {})
            slot[status] = slot.get(status, 0) + int(n)
    connect, read, write, status_errors, timeout = (
        int(x) for x in re.search(r"^ERRORS (.*)$", out, re.M)[1].split()
    )
    p50, p99 = (float(x) for x in re.search(r"^LATENCY (.*)$", out, re.M)[1].split())
    return {
        "requests": sum(statuses.values()),
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1]),
        "statuses": statuses,
        "by_second": by_second,
        "socket_errors": connect + read + write + timeout,
        "p50": p50,
        "p99": p99,
        "notes": notes,
    }


def loadtest(cluster, seconds, connections):
    env = cluster.env
    app_b = cluster.apps[1]
    workers_before = [app.workers() for app in cluster.apps]

    def publish(n):
        def action():
            title = f"Cultivating Radical Kindness (edition {n} {secrets.token_hex(3)})"
            publish_new_title(env, title)
            delay = seconds_until_seen(
                title,
                (*APP_PORTS, NGINX_PORT)
                if app_b.process.poll() is None
                else (APP_PORTS[0], NGINX_PORT),
            )
            return f"published edition {n}: " + (
                f"seen on every server after {delay:.2f} s" if delay is not None else "NOT SEEN"
            )

        return action

    def stop_b():
        app_b.stop()
        return "app server B stopped (SIGTERM)"

    def start_b():
        app_b.start()
        up = wait_for(f"http://127.0.0.1:{APP_PORTS[1]}/healthz", 30)
        return "app server B started again" + ("" if up else " (NOT ANSWERING)")

    log(f"Steady: {connections} connections for {seconds} s, publishing and stopping a server…")
    steady = load(seconds, connections, [
        (seconds * 0.25, publish(1)), (seconds * 0.33, stop_b), (seconds * 0.5, publish(2)),
        (seconds * 0.66, start_b), (seconds * 0.8, publish(3)),
    ])  # fmt: skip
    workers_a = cluster.apps[0].workers()

    def stop_pg():
        cluster.pg.stop()
        return "PostgreSQL stopped"

    def start_pg():
        cluster.pg.start()
        return "PostgreSQL started again"

    def stop_redis():
        cluster.redis.stop()
        return "Redis stopped"

    def start_redis():
        cluster.redis.start()
        return "Redis started again"

    log(f"Faults: {connections} connections for {seconds} s, stopping PostgreSQL, then Redis…")
    faults = load(seconds, connections, [
        (seconds * 0.15, stop_pg), (seconds * 0.4, start_pg),
        (seconds * 0.6, stop_redis), (seconds * 0.8, start_redis),
    ])  # fmt: skip
    crashed = [
        sorted(before - app.workers())
        for before, app in zip((workers_a, cluster.apps[1].workers()), cluster.apps, strict=True)
    ]
    return steady, faults, workers_before, crashed


def verdicts(steady, faults, crashed):
    def server_errors(r, allowed=()):
        return sum(n for s, n in r["statuses"].items() if s.startswith("5") and s not in allowed)

    last = max(faults["by_second"]) if faults["by_second"] else 0
    tail = {
        s: n
        for sec, slot in faults["by_second"].items()
        if sec >= last - 3
        for s, n in slot.items()
    }
    return {
        "steady: no 5xx": server_errors(steady) == 0,
        "steady: no socket errors": steady["socket_errors"] == 0,
        "steady: every publish seen on every server": all("seen on every server" in n for _, n in steady["notes"] if n.startswith("published")),
        "faults: no 5xx but 503": server_errors(faults, allowed=("503",)) == 0,
        "faults: no socket errors": faults["socket_errors"] == 0,
        "faults: only 200s in the last seconds": set(tail) <= {"200"},
        "faults: no worker crashed": not any(crashed),
    }  # fmt: skip


def write_results(steady, faults, checks, seconds, connections, sizes):
    def statuses(r):
        return ", ".join(f"{n} × {s}" for s, n in sorted(r["statuses"].items()))

    def timeline(r):
        return "".join(f"\n  - at {at} s: {note}" for at, note in r["notes"])

    def outage(r, start, end):
        counts = {}
        for sec, slot in r["by_second"].items():
            if start <= sec < end:
                for s, n in slot.items():
                    counts[s] = counts.get(s, 0) + n
        return ", ".join(f"{n} × {s}" for s, n in sorted(counts.items())) or "none"

    lines = [
        START,
        "## Scaled out, under load and faults (`make loadtest`)",
        "",
        f"Run on {time.strftime('%Y-%m-%d')} by `ops/cluster.py loadtest`: nginx in front of two "
        "gunicorn app servers (2 sync workers each, production settings, page cache on) "
        f"sharing one PostgreSQL and one Redis, all on this machine's loopback; {sizes}. "
        f"wrk with {connections} connections for {seconds} s over {len(PAGE_MIX)} pages "
        "(search among them, which is never kept, so every request of it reaches the database).",
        "",
        "| Run | Requests | Req/s | p50 ms | p99 ms | Responses | Socket errors |",
        "|---|---:|---:|---:|---:|---|---:|",
    ]
    for name, r in (("Steady", steady), ("Faults", faults)):
        lines.append(
            f"| {name} | {r['requests']} | {r['rps']:.0f} | {r['p50']:.0f} | {r['p99']:.0f} | "
            f"{statuses(r)} | {r['socket_errors']} |"
        )
    pg_start = round(seconds * 0.15)
    pg_end = round(seconds * 0.4)
    lines += [
        "",
        f"- Steady run:{timeline(steady)}",
        f"- Faults run:{timeline(faults)}",
        f"  - while PostgreSQL was down (seconds {pg_start}–{pg_end}): {outage(faults, pg_start, pg_end)} "
        "(200s are pages kept in the cache; 503s, with Retry-After, the rest)",
        f"  - while Redis was down (seconds {round(seconds * 0.6)}–{round(seconds * 0.8)}): "
        f"{outage(faults, round(seconds * 0.6), round(seconds * 0.8))}",
        "",
        "Checks: "
        + "; ".join(f"{name}: {'yes' if ok else 'NO'}" for name, ok in checks.items())
        + ".",
        "",
        END,
    ]
    text = RESULTS.read_text()
    if START in text and END in text:
        before, rest = text.split(START, 1)
        text = before + "\n".join(lines) + rest.split(END, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
    RESULTS.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=["up", "loadtest"])
    parser.add_argument("--resources", type=int, default=1000)
    parser.add_argument("--events", type=int, default=100)
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=200)
    args = parser.parse_args()
    for tool in ("nginx", "wrk", "redis-server"):
        if not shutil.which(tool) and not Path(f"/usr/sbin/{tool}").exists():
            sys.exit(f"{tool} is needed: apt-get install nginx-light wrk redis-server")
    cluster = Cluster(args.resources, args.events, args.stories)
    try:
        cluster.build()
        cluster.start_servers()
        if args.action == "up":
            log("Ctrl-C stops it.")
            signal.sigwait({signal.SIGINT, signal.SIGTERM})
            return
        steady, faults, _, crashed = loadtest(cluster, args.seconds, args.connections)
    finally:
        cluster.stop()
    checks = verdicts(steady, faults, crashed)
    sizes = f"the real content plus {args.resources} resources, {args.events} events and {args.stories} stories"
    write_results(steady, faults, checks, args.seconds, args.connections, sizes)
    for name, ok in checks.items():
        log(f"{'ok ' if ok else 'FAIL'} {name}")
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
