"""Moderation by email: an editor submits a page, the moderators are told; a moderator
approves or asks for changes, the editor is told. The mail goes through a real SMTP
server on loopback (the `smtp_sink` fixture), as it would in production."""

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from core.models import StandardPage
from home.models import HomePage

TITLE = "Kindness across the valley"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def submit_new_page(editor):
    """What the editor does in the admin: add a page and press "Submit to Moderators
    approval"."""
    home = HomePage.objects.live().first()
    form = nested_form_data(
        {
            "title": TITLE,
            "slug": "kindness-across-the-valley",
            "introduction": rich_text(""),
            "body": streamfield([]),
            "comments": {"TOTAL_FORMS": 0, "INITIAL_FORMS": 0, "MIN_NUM_FORMS": 0},
            "action-submit": "submit",
        }
    )
    response = signed_in(editor).post(
        reverse("wagtailadmin_pages:add", args=["core", "standardpage", home.pk]), form
    )
    assert response.status_code == 302, "the page was not saved"
    return StandardPage.objects.get(slug="kindness-across-the-valley")


def act_on(page, user, action, comment=""):
    task_state = page.current_workflow_task_state
    response = signed_in(user).post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk]),
        {"comment": comment},
    )
    assert response.status_code in (200, 302)


def sent_to(received, user):
    return [mail.message for mail in received if user.email in mail.to]


@pytest.mark.django_db
def test_moderators_are_emailed_when_an_editor_submits(smtp_sink, staff):
    page = submit_new_page(staff.editor)
    assert not page.live
    (notice,) = sent_to(smtp_sink, staff.moderator)
    assert TITLE in notice["Subject"]
    body = notice.get_body(("plain",)).get_content()
    # The email says what to review and where: a link into this site's admin.
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in body
    # The editor is not told about their own submission.
    assert sent_to(smtp_sink, staff.editor) == []


@pytest.mark.django_db
def test_the_editor_is_emailed_when_a_moderator_approves(smtp_sink, staff):
    page = submit_new_page(staff.editor)
    smtp_sink.clear()
    act_on(page, staff.moderator, "approve")
    page.refresh_from_db()
    assert page.live
    (notice,) = sent_to(smtp_sink, staff.editor)
    assert TITLE in notice["Subject"] and "approved" in notice["Subject"].lower()


@pytest.mark.django_db
def test_the_editor_is_emailed_when_a_moderator_asks_for_changes(smtp_sink, staff):
    page = submit_new_page(staff.editor)
    smtp_sink.clear()
    act_on(page, staff.moderator, "reject", comment="Please add the date of the event.")
    page.refresh_from_db()
    assert not page.live
    (notice,) = sent_to(smtp_sink, staff.editor)
    assert TITLE in notice["Subject"]
    assert "Please add the date of the event." in notice.get_body(("plain",)).get_content()
