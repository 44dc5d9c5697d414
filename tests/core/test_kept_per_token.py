"""What each process keeps per content token (core/versions.py) never outlives a change.

Pages read their privacy, the site settings, their own facts (a resource's authors and
topics, an event's speakers), the library's cards and search's result pages from
what was kept after the first visitor asked. Each test shows a page once, so the
kept copy exists, changes the content the way an editor or a script would, and
checks the next visitor sees the change."""

import pytest
from wagtail.models import PageViewRestriction, Site

from core.models import SiteSettings
from events.models import EventPage
from people.models import Person
from resources.models import ResourceAuthor, ResourcePage, Topic
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return visible_text(main_of(soup_of(response)))


def search_results(client, words):
    soup = soup_of(client.get("/search/", {"q": words}))
    return [visible_text(h3) for h3 in soup.select(".search-results h3")]


def library_cards(client):
    return [visible_text(h3) for h3 in soup_of(client.get("/resources/")).select(".card__title")]


def credited_resource():
    return (
        ResourcePage.objects.live()
        .filter(authors__person__isnull=False)
        .order_by("-publication_date")
        .first()
    )


def test_a_page_made_private_asks_for_a_sign_in_at_once_and_leaves_the_listings(client):
    resource = credited_resource()
    assert client.get(resource.url).status_code == 200
    assert resource.title in library_cards(client)
    assert resource.title in search_results(client, resource.title)

    restriction = PageViewRestriction.objects.create(
        page=resource, restriction_type=PageViewRestriction.LOGIN
    )
    response = client.get(resource.url)
    assert response.status_code == 302 and "login" in response["Location"]
    assert resource.title not in library_cards(client)
    assert resource.title not in search_results(client, resource.title)

    restriction.delete()
    assert client.get(resource.url).status_code == 200
    assert resource.title in library_cards(client)


def test_a_private_section_hides_the_pages_below_it(client):
    resource = credited_resource()
    library = resource.get_parent()
    assert client.get(resource.url).status_code == 200
    PageViewRestriction.objects.create(page=library, restriction_type=PageViewRestriction.LOGIN)
    assert client.get(resource.url).status_code == 302
    assert resource.title not in search_results(client, resource.title)


def test_a_renamed_author_shows_on_the_resource_its_card_and_in_search(client):
    resource = credited_resource()
    person = resource.authors.filter(person__isnull=False).first().person
    assert person.name in text_of(client, resource.url)
    assert person.name in text_of(client, "/resources/")
    assert person.name in search_results(client, person.name)

    person.name = "Ngozi Renamed-Author"
    person.save()
    assert "Ngozi Renamed-Author" in text_of(client, resource.url)
    assert "Ngozi Renamed-Author" in text_of(client, "/resources/")
    assert "Ngozi Renamed-Author" in search_results(client, "Renamed-Author")


def test_a_credit_added_by_a_script_shows_on_the_resource(client):
    resource = credited_resource()
    text_of(client, resource.url)
    newcomer = Person.objects.create(name="Tomasz Newcomer", slug="tomasz-newcomer")
    ResourceAuthor.objects.create(page=resource, person=newcomer)  # an inline row alone
    assert "Tomasz Newcomer" in text_of(client, resource.url)


def test_a_published_topic_shows_on_the_resource(client):
    resource = credited_resource()
    topic = Topic.objects.create(name="Kept topics", slug="kept-topics")
    assert "Kept topics" not in text_of(client, resource.url)
    resource.topics.add(topic)
    resource.save_revision().publish()
    assert "Kept topics" in text_of(client, resource.url)


def test_an_events_speaker_and_new_title_show_at_once(client):
    event = EventPage.objects.live().filter(speakers__isnull=False).first()
    if event is None:  # the seed names no speakers: credit one, as an editor would
        event = EventPage.objects.live().first()
        person = Person.objects.create(name="Amara Speaker", slug="amara-speaker")
        event.speakers.create(person=person)
        event.save_revision().publish()
    speaker = event.speakers.first().person
    assert speaker.name in text_of(client, event.url)
    speaker.name = "Amara Renamed-Speaker"
    speaker.save()
    assert "Amara Renamed-Speaker" in text_of(client, event.url)


def test_new_site_settings_show_on_the_next_page(client):
    assert "A project of The Belong Network" in visible_text(soup_of(client.get("/")))
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.organisation_name = "The Kept Network"
    settings.save()
    assert "A project of The Kept Network" in visible_text(soup_of(client.get("/")))


def test_a_retitled_page_shows_its_new_title_in_search(client):
    resource = credited_resource()
    word = resource.title.split()[0]
    assert resource.title in search_results(client, word)
    old_title = resource.title
    resource.title = f"{old_title} (second edition)"
    resource.save_revision().publish()
    assert f"{old_title} (second edition)" in search_results(client, word)


def test_a_kept_search_result_quotes_each_search_its_own_passage(client):
    resource = credited_resource()
    words = [w for w in resource.title.split() if len(w) > 4][:2]
    first = soup_of(client.get(f"/search/?q={words[0]}"))
    second = soup_of(client.get(f"/search/?q={words[-1]}"))
    for soup, word in ((first, words[0]), (second, words[-1])):
        marks = [visible_text(m).lower() for m in main_of(soup).find_all("mark")]
        assert marks and all(word.lower() in m for m in marks), (word, marks)


def test_a_library_page_seen_before_reads_only_its_cards_ids(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = client.get("/resources/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/resources/")
    assert (
        second.content.count(b'class="card card--resource')
        == first.content.count(b'class="card card--resource')
        > 0
    )
    assert not any("resources_resourceauthor" in query["sql"] for query in queries)


def test_a_preview_shows_the_edit_not_what_was_kept(client):
    resource = credited_resource()
    other_topic = Topic.objects.create(name="Previewed topic", slug="previewed-topic")
    assert other_topic.name not in text_of(client, resource.url)  # its facts are kept now
    editing = ResourcePage.objects.get(pk=resource.pk)
    editing.topics = [other_topic]  # in memory, as the editor's form holds it: nothing saved
    preview = visible_text(main_of(soup_of(editing.make_preview_request())))
    assert other_topic.name in preview
    assert other_topic.name not in text_of(client, resource.url)
