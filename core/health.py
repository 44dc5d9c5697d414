"""/healthz: whether this app server can reach its database and its cache, for a load
balancer or an uptime monitor. JSON, never cached; 200 when both answer, 503 when
either does not (a cache that is down still lets pages be served, uncached, but the
operator should know)."""

import logging
import time

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


def database_status():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def cache_status():
    key = "healthz"
    value = str(time.monotonic_ns())
    cache.set(key, value, 10)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was just stored")


@never_cache
@require_safe
def healthz(request):
    report, healthy = {}, True
    for name, check in (("database", database_status), ("cache", cache_status)):
        started = time.perf_counter()
        try:
            check()
        except Exception as problem:  # any failure is a fact to report, not a crash
            logger.warning("Health check: the %s is not answering: %s", name, problem)
            report[name] = {"status": "error", "error": type(problem).__name__}
            healthy = False
        else:
            report[name] = {
                "status": "ok",
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
    report["status"] = "ok" if healthy else "error"
    return JsonResponse(report, status=200 if healthy else 503)
