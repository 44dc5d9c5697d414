"""The contact page as visitors and staff use it: a form that works without
JavaScript, keeps every message for staff to read and export, emails it on when an
address is set, and keeps out bots and floods without losing a person's words."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission

from contact import models as contact
from contact.models import ContactFormField, ContactPage
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

MESSAGE = {
    "your_name": "Amara Okafor",
    "your_email_address": "amara@example.org",
    "your_message": "Could our library host a Radical Kindness evening?",
    "send_me_news_of_radical_kindness_events_and_resources": "on",
}


@pytest.fixture
def page():
    return ContactPage.objects.live().get()


def send(client, page, data=MESSAGE, address="203.0.113.9"):
    return client.post(page.url, data, REMOTE_ADDR=address)


def messages(page):
    return [submission.get_data() for submission in FormSubmission.objects.filter(page=page)]


def test_the_form_asks_for_what_it_needs_and_says_what_happens_to_it(client, page):
    soup = soup_of(client.get(page.url))
    form = main_of(soup).find("form", method="post")
    labels = [visible_text(label) for label in form.find_all("label") if label.get("for")]
    assert labels[:4] == [
        "Your name",
        "Your email address",
        "Your message",
        "Send me news of Radical Kindness events and resources",
    ]
    assert form.find("input", attrs={"name": "your_email_address"})["autocomplete"] == "email"
    assert "Only staff of the project read messages" in visible_text(form)
    # Every page links to it from the footer.
    footer = soup_of(client.get("/resources/")).find("footer")
    assert footer.find("a", string="Contact us")["href"] == page.url


def test_a_message_is_kept_for_staff_with_the_newsletter_choice(client, page):
    response = send(client, page)
    assert response.status_code == 200
    assert "Thank you for your message" in visible_text(main_of(soup_of(response)))
    quiet = {**MESSAGE, "your_email_address": "kit@example.org"}
    del quiet["send_me_news_of_radical_kindness_events_and_resources"]
    send(client, page, quiet)
    kept = messages(page)
    assert [m["your_message"] for m in kept] == [MESSAGE["your_message"]] * 2
    assert [m["send_me_news_of_radical_kindness_events_and_resources"] for m in kept] == [
        True,
        False,
    ]
    assert all("website" not in m for m in kept)


def test_a_message_with_a_mistake_comes_back_with_the_words_in_it(client, page):
    response = send(client, page, {**MESSAGE, "your_email_address": "not an address"})
    assert response.status_code == 400
    soup = soup_of(response)
    assert "Please check this" in visible_text(soup.find(role="alert"))
    assert MESSAGE["your_message"] in soup.find("textarea").get_text()
    assert messages(page) == []


def test_a_bot_that_fills_the_honeypot_is_thanked_and_nothing_kept(client, page):
    response = send(client, page, {**MESSAGE, "website": "http://spam.example"})
    assert response.status_code == 200
    assert "Thank you" in visible_text(main_of(soup_of(response)))
    assert messages(page) == []


def test_a_flood_is_refused_after_the_limit_and_the_words_kept(client, page):
    codes = [send(client, page).status_code for _ in range(contact.RATE_LIMIT + 2)]
    assert codes[: contact.RATE_LIMIT] == [200] * contact.RATE_LIMIT
    assert set(codes[contact.RATE_LIMIT :]) == {429}
    response = send(client, page)
    assert MESSAGE["your_message"] in soup_of(response).find("textarea").get_text()
    assert len(messages(page)) == contact.RATE_LIMIT
    # Another visitor is not held back by the first one's messages.
    assert send(client, page, address="198.51.100.20").status_code == 200


def test_a_message_is_emailed_on_with_replies_to_the_sender(client, page, smtp_sink):
    page.to_address = "hello@radicalkindness.example"
    page.save_revision().publish()
    send(client, page)
    (mail,) = smtp_sink
    assert mail.to == ["hello@radicalkindness.example"]
    assert mail.message["Reply-To"] == "amara@example.org"
    assert MESSAGE["your_message"] in mail.message.get_body(("plain",)).get_content()


def test_a_mail_server_that_fails_loses_nothing(client, page, settings):
    page.to_address = "hello@radicalkindness.example"
    page.save_revision().publish()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    response = send(client, page)
    assert response.status_code == 200
    assert len(messages(page)) == 1


def test_staff_change_the_fields_without_a_developer(client, page):
    ContactFormField.objects.create(
        page=page, label="Your organisation", field_type="singleline", required=False
    )
    form = main_of(soup_of(client.get(page.url))).find("form", method="post")
    assert form.find("input", attrs={"name": "your_organisation"}) is not None


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_moderators_read_and_export_messages_and_editors_do_not(client, page, staff):
    send(client, page)
    submissions = reverse("wagtailforms:list_submissions", args=[page.pk])
    listing = signed_in(staff.moderator).get(submissions)
    assert listing.status_code == 200
    assert MESSAGE["your_message"] in listing.content.decode()
    export = signed_in(staff.moderator).get(submissions + "?export=csv")
    assert export.status_code == 200
    body = (
        b"".join(export.streaming_content).decode() if export.streaming else export.content.decode()
    )
    rows = list(csv.reader(io.StringIO(body)))
    assert MESSAGE["your_email_address"] in rows[1]
    assert "Send me news of Radical Kindness events and resources" in rows[0]
    assert signed_in(staff.editor).get(submissions).status_code in (302, 403)
    forms_index = signed_in(staff.editor).get(reverse("wagtailforms:index"))
    assert page.title not in forms_index.content.decode()
