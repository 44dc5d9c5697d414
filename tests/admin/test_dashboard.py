"""The dashboard's "The site at a glance": upcoming events, resources edited lately,
and the resources that lack a summary, an author or a document, in a fixed number of
queries however big the library is."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from core.sections import Section, section_page
from events.models import EventSeriesPage
from resources.models import ResourcePage
from tests import factories as f
from tests.helpers import soup_of, visible_text

pytestmark = pytest.mark.django_db


def panel(user):
    client = Client()
    client.force_login(user)
    soup = soup_of(client.get("/admin/"))
    section = soup.find(id="site-at-a-glance-section")
    assert section is not None, "the panel is not on the dashboard"
    return section


def test_the_panel_shows_what_is_coming_and_what_needs_doing(staff):
    series = EventSeriesPage.objects.live().first()
    soon = timezone.now() + dt.timedelta(days=3)
    event = f.EventPageFactory(
        parent=series, title="A kindness walk", starts_at=soon, ends_at=soon + dt.timedelta(hours=1)
    )
    event.save_revision().publish()
    bare = f.ResourcePageFactory(
        parent=section_page(Section.LIBRARY), title="A bare draft", introduction=""
    )
    bare.save_revision(user=staff.editor)

    section = panel(staff.editor)
    text = visible_text(section)
    assert "A kindness walk" in visible_text(section.find("h3", string="Coming up").find_next("ul"))
    recent = visible_text(section.find("h3", string="Resources updated lately").find_next("ul"))
    assert recent.startswith("A bare draft, edited") and "by edna" in recent
    attention = section.find(
        "h3", string=lambda s: s and s.startswith("Resources that need attention")
    )
    listed = visible_text(attention.find_next("ul"))
    assert "A bare draft: missing a summary, an author, a document or link" in listed
    count = ResourcePage.objects.filter(attachments__isnull=True, external_url="").count()
    assert f"Resources that need attention ({count})" in text
    edit_link = section.find("a", string="A bare draft")
    assert edit_link["href"] == f"/admin/pages/{bare.pk}/edit/"


def test_the_panel_takes_the_same_queries_however_many_resources(
    staff, django_assert_max_num_queries
):
    client = Client()
    client.force_login(staff.editor)
    client.get("/admin/")

    def queries():
        with django_assert_max_num_queries(200) as captured:
            client.get("/admin/")
        return len(captured)

    before = queries()
    for n in range(6):
        page = f.ResourcePageFactory(parent=section_page(Section.LIBRARY), title=f"Extra {n}")
        page.save_revision(user=staff.editor).publish()
    client.get("/admin/")  # the first view after a change reads again what is kept per token
    assert queries() == before
