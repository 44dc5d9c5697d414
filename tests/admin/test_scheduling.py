"""Scheduled publishing as docs/editors.md describes it: a moderator publishes with a
"Go live date/time" in the future; the page waits, and `publish_scheduled` (run every
minute on the server) puts it live once the time has come."""

import datetime as dt
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import StandardPage
from home.models import HomePage

pytestmark = pytest.mark.django_db


def test_a_page_scheduled_for_later_goes_live_when_its_time_comes(staff):
    home = HomePage.objects.live().first()
    client = Client()
    client.force_login(staff.moderator)
    later = timezone.localtime() + dt.timedelta(days=2)
    form = nested_form_data(
        {
            "title": "Kindness Week is coming",
            "slug": "kindness-week-is-coming",
            "introduction": rich_text(""),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
            "go_live_at": later.strftime("%d/%m/%Y %H:%M"),
            "action-publish": "publish",
        }
    )
    response = client.post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), form
    )
    assert response.status_code == 302
    page = StandardPage.objects.get(slug="kindness-week-is-coming")
    assert not page.live
    assert Client().get(page.url).status_code == 404

    call_command("publish_scheduled")
    page.refresh_from_db()
    assert not page.live, "published before its time"

    # Two days pass, and the job runs in its next minute.
    with mock.patch("django.utils.timezone.now", return_value=later + dt.timedelta(minutes=1)):
        call_command("publish_scheduled")
    page.refresh_from_db()
    assert page.live
    assert "Kindness Week is coming" in Client().get(page.url).content.decode()
