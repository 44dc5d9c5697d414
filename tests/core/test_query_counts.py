"""Each page takes a small, fixed number of database queries: rendering with three
times as many resources, events, authors or partners costs not one query more.

Every render is done twice and the second one counted, so one-off work (image
renditions made on first view, cached site settings) is not mistaken for growth.
The counts are written to test-artifacts/query_counts.txt."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from events.models import EventPage
from tests import factories as f
from tests.conftest import record_queries

pytestmark = pytest.mark.django_db

# No page may take more than this many queries, however much content there is. The
# Stories page (stories and events' recordings, each type with its people) and a
# partner page (its projects, resources, events and stories) come closest.
MAX_QUERIES = 36

_n = itertools.count()


def uid():
    return next(_n)


def resource(t, parent=None, project=None, image=False):
    page = f.ResourcePageFactory(
        parent=parent or t.resources,
        title=f"Extra resource {uid()}",
        resource_type=t.report,
        publication_date=dt.date(2020, 1, 1) + dt.timedelta(days=uid()),
        projects=[project] if project else [],
        listing_image=f.ImageFactory() if image else None,
    )
    f.ResourceAuthorFactory(page=page, person=f.PersonFactory(), sort_order=0)
    f.ResourceAuthorFactory(
        page=page, person=None, organisation=f.OrganisationFactory(), sort_order=1
    )
    return page


def event(parent, past, speakers=1):
    offset = dt.timedelta(days=uid() + 1)
    start = (timezone.now() - offset) if past else (timezone.now() + offset)
    page = f.EventPageFactory(
        parent=parent, title=f"Extra event {uid()}", starts_at=start.replace(microsecond=0)
    )
    for _ in range(speakers):
        f.EventSpeakerFactory(page=page)
    return page


def partner(t):
    page = f.PartnerPageFactory(parent=t.partners, listing_image=f.ImageFactory())
    page.organisation.logo = f.ImageFactory()  # logos show on partner and project pages
    page.organisation.save()
    f.ResourceAuthorFactory(page=t.resource, person=None, organisation=page.organisation)
    return page


def add_home(t, k):
    for _ in range(k):
        resource(t)
        event(t.events, past=False)
        event(t.series, past=True)
        partner(t)


def add_resources(t, k):
    for _ in range(k):
        resource(t, image=True)


def add_authors(t, k):
    for n in range(k):
        if n % 2:
            f.ResourceAuthorFactory(page=t.resource, person=f.PersonFactory(), sort_order=10 + n)
        else:
            f.ResourceAuthorFactory(
                page=t.resource,
                person=None,
                organisation=f.OrganisationFactory(),
                sort_order=10 + n,
            )


def add_stories(t, k):
    """Stories with the people in them, and events' recordings with their speakers,
    which the Stories page lists too."""
    for _ in range(k):
        story = f.StoryPageFactory(parent=t.stories, listing_image=f.ImageFactory())
        f.StoryPersonFactory(page=story, person=f.PersonFactory())
        recorded = event(t.events, past=True)
        EventPage.objects.filter(pk=recorded.pk).update(
            recording_url="https://youtu.be/dQw4w9WgXcQ"
        )


def add_events(t, k):
    for _ in range(k):
        event(t.events, past=False)
        event(t.events, past=True)
        event(t.series, past=True)
        f.EventSeriesPageFactory(parent=t.events, listing_image=f.ImageFactory())


def add_sessions(t, k):
    for _ in range(k):
        event(t.series, past=False)
        event(t.series, past=True)


def add_speakers(t, k):
    from events.models import EventDocument, EventRelatedResource

    for n in range(k):
        f.EventSpeakerFactory(page=t.session, person=f.PersonFactory())
        EventDocument.objects.create(page=t.session, document=f.DocumentFactory(), sort_order=n)
        EventRelatedResource.objects.create(page=t.session, resource=resource(t), sort_order=n)


def add_projects(t, k):
    for _ in range(k):
        f.ProjectPageFactory(parent=t.projects, listing_image=f.ImageFactory())


def add_project_content(t, k):
    for _ in range(k):
        resource(t, project=t.project)
        f.ProjectPartnershipFactory(page=t.project, organisation=partner(t).organisation)


def add_partners(t, k):
    for _ in range(k):
        partner(t)


def add_partner_content(t, k):
    for _ in range(k):
        page = resource(t)
        f.ResourceAuthorFactory(page=page, person=None, organisation=t.funder)
        project = f.ProjectPageFactory(parent=t.projects)
        f.ProjectPartnershipFactory(page=project, organisation=t.funder)
        # An event it hosts and a story it is in, each with a person in it.
        hosted = event(t.events, past=True)
        hosted.partners.add(t.funder)
        hosted.save()  # a ParentalManyToManyField is written when its page is saved
        story = f.StoryPageFactory(parent=t.stories)
        f.StoryPersonFactory(page=story, person=f.PersonFactory())
        story.partners.add(t.funder)
        story.save()


def add_search_results(t, k):
    for _ in range(k):
        page = resource(t)
        page.title = f"Quokka findings {uid()}"
        page.save()


def add_faceted_resources(t, k):
    """Resources that every facet of the faceted case counts and shows."""
    topic = f.TopicFactory(name="Counted topic", slug="counted-topic")
    partner_org = f.OrganisationFactory(name="Counted partner")  # get_or_create by name
    for _ in range(k):
        page = resource(t, project=t.project, image=True)
        page.publication_date = dt.date(2021, 2, 1)
        page.topics.set([topic, f.TopicFactory()])
        page.partners.set([partner_org, f.OrganisationFactory()])
        page.save()
        f.ResourceAuthorFactory(page=page, person=t.author, sort_order=5)


def add_author_resources(t, k):
    for _ in range(k):
        page = resource(t, image=True)
        f.ResourceAuthorFactory(page=page, person=t.author, sort_order=5)
        f.EventSpeakerFactory(page=event(t.events, past=False), person=t.author)


def add_nothing(t, k):
    pass


CASES = {
    # label: (address, what grows)
    "home": (lambda t: t.home.url, add_home),
    "resource index": (lambda t: t.resources.url, add_resources),
    "resource index, filtered": (lambda t: t.resources.url + "?type=report", add_resources),
    "resource index, faceted": (
        lambda t: (
            t.resources.url
            + "?type=report&type=paper&year=2021&topic=counted-topic&author=amira-khan"
            + f"&project={t.project.slug}&partner=counted-partner&sort=title"
        ),
        add_faceted_resources,
    ),
    "author page": (lambda t: t.resources.url + "authors/amira-khan/", add_author_resources),
    "resource page": (lambda t: t.resource.url, add_authors),
    "stories page": (lambda t: t.stories.url, add_stories),
    "story page": (lambda t: t.story.url, add_nothing),
    "event index": (lambda t: t.events.url, add_events),
    "event index, filtered": (lambda t: t.events.url + "?format=online&page=2", add_events),
    "event series page": (lambda t: t.series.url, add_sessions),
    "event page": (lambda t: t.session.url, add_speakers),
    "site calendar": (lambda t: t.events.url + "calendar.ics", add_events),
    "series calendar": (lambda t: t.series.url + "calendar.ics", add_sessions),
    "project index": (lambda t: t.projects.url, add_projects),
    "project page": (lambda t: t.project.url, add_project_content),
    "partner index": (lambda t: t.partners.url, add_partners),
    "partner page": (lambda t: t.partner.url, add_partner_content),
    "standard page": (lambda t: t.about.url, add_nothing),
    "search results": (lambda t: "/search/?q=Quokka", add_search_results),
}


def count_render(client, url, assert_max):
    warm = client.get(url)
    assert warm.status_code == 200
    with assert_max(MAX_QUERIES) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


@pytest.mark.parametrize("label", list(CASES))
def test_queries_do_not_grow_with_content(client, site_tree, label, django_assert_max_num_queries):
    address, grow = CASES[label]
    url = address(site_tree)
    if label == "search results":
        add_search_results(site_tree, 2)
    if label == "stories page":
        add_stories(site_tree, 1)
    if label == "partner page":
        add_partner_content(site_tree, 1)
    if label in ("partner index", "project page"):
        # One partner with a logo first, so the first count draws a logo too.
        (add_partners if label == "partner index" else add_project_content)(site_tree, 1)
    if label == "event page":
        # One slide and one related resource first, as for the facets below, and a
        # recording with its still, so every part of the page is drawn.
        add_speakers(site_tree, 1)
        EventPage.objects.filter(pk=site_tree.session.pk).update(
            recording_url="https://youtu.be/dQw4w9WgXcQ",
            recording_poster=f.ImageFactory(),
            transcript="<p>What was said.</p>",
        )
    if label == "resource index, faceted":
        # Something must match every facet before the library grows, or the first
        # count would be of an empty page, which skips the cards' queries.
        add_faceted_resources(site_tree, 1)
    before, first = count_render(client, url, django_assert_max_num_queries)
    grow(site_tree, 4)
    after, second = count_render(client, url, django_assert_max_num_queries)
    if grow is not add_nothing:
        # The extra content is really on the page (otherwise the test proves nothing).
        assert len(second.content) > len(first.content)
    record_queries(label, f"{before} queries (and {after} with three times the content)")
    assert after == before, f"{label}: {before} queries became {after} with more content"
