"""/healthz tells a load balancer or a monitor whether this server can reach its
database and cache: 200 and "ok" when both answer, 503 naming the one that does not."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_a_healthy_server_says_so(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    report = response.json()
    assert report["status"] == "ok"
    assert report["database"]["status"] == "ok" and report["cache"]["status"] == "ok"
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_a_database_that_is_down_is_a_503_naming_it(client):
    def refuse(*args):
        raise OperationalError("could not connect to server: Connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")
    assert response.status_code == 503
    report = response.json()
    assert report["status"] == "error"
    assert report["database"] == {"status": "error", "error": "OperationalError"}
    assert report["cache"]["status"] == "ok"


def test_a_cache_that_is_down_is_a_503_naming_it(client):
    with mock.patch.object(cache, "set", side_effect=ConnectionError("Redis is down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["cache"] == {"status": "error", "error": "ConnectionError"}
    assert response.json()["database"]["status"] == "ok"


def test_it_answers_only_reads(client):
    assert client.post("/healthz").status_code == 405
