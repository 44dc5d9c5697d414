"""Atom feeds of the library's newest resources: all of them, one type, or one topic.

The feeds are routes of the library page (`LibraryFeedsMixin`, for a page that is also a
`RoutablePageMixin`), so their addresses follow the library wherever editors put it:
/resources/feed/, /resources/feed/type/report/, /resources/feed/topic/loneliness/. When
the library is renamed or moved, Wagtail's automatic redirects take subscribers from the
old addresses to the new ones, because the page lists its feeds among its route paths.

Each entry's id is the resource's permanent link (/r/<id>/, core/permalinks.py), which
survives renames and moves, so feed readers never show a renamed resource twice."""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from wagtail.contrib.routable_page.models import path
from wagtail.models import Site

# How many entries a feed holds: the newest, by publication date, as the library lists them.
FEED_LENGTH = 50


def library_model(name):
    # resources/models.py builds the library page from the mixin below, so the feeds
    # find the models they list through Django's app registry when a feed is asked
    # for, rather than importing the module that imports this one.
    return apps.get_model("resources", name)


class LibraryAtomFeed(Atom1Feed):
    """Django's Atom feed, crediting every author of an entry (Django writes one)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["authors"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")


class LibraryFeed(Feed):
    """The newest library items, optionally of one type or about one topic. Made for
    one request (it keeps the request, for absolute addresses on the visitor's host)."""

    feed_type = LibraryAtomFeed

    def __init__(self, library, *, resource_type=None, topic=None):
        self.library = library
        self.resource_type = resource_type
        self.topic = topic
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    # The feed

    def site_name(self):
        site = Site.find_for_request(self.request)
        return (site and site.site_name) or settings.WAGTAIL_SITE_NAME

    def title(self):
        if self.resource_type:
            what = self.resource_type.plural_name
        elif self.topic:
            what = f"{self.library.title} on {self.topic.name}"
        else:
            what = self.library.title
        return f"{self.site_name()}: {what}"

    def subtitle(self):
        if self.topic and self.topic.description:
            return self.topic.description
        return self.library.summary_text or None

    def link(self):
        url = self.library.get_url(self.request)
        if self.resource_type:
            url += f"?type={self.resource_type.slug}"
        elif self.topic:
            url += f"?topic={self.topic.slug}"
        return self.absolute(url)

    def feed_guid(self):
        # The feed's own address: the library's address is shared by the topic feeds.
        return self.absolute(self.request.path)

    def author_name(self):
        return self.site_name()

    def items(self):
        items = (
            library_model("LibraryItem")
            .objects.live()
            .public()
            .for_cards()
            .prefetch_related("topics")
            .newest_first()
        )
        if self.resource_type:
            items = items.filter(resource_type=self.resource_type)
        if self.topic:
            items = items.filter(topics=self.topic)
        return items[:FEED_LENGTH]

    # Each entry

    def item_title(self, item):
        return item.title  # Atom titles are plain text: no escaping beyond the XML's own

    def item_description(self, item):
        return escape(item.summary_text)  # the summary is sent as HTML, as Django writes it

    def item_link(self, item):
        return self.absolute(item.get_url(self.request))

    def item_guid(self, item):
        return self.absolute(reverse("permalink", args=[item.pk]))

    def item_pubdate(self, item):
        # Midnight in the site's zone on the day it was published (Django makes it aware).
        return dt.datetime.combine(item.publication_date, dt.time())

    def item_updateddate(self, item):
        return item.last_published_at or self.item_pubdate(item)

    def item_categories(self, item):
        kind = [item.resource_type.name] if item.resource_type else []
        return kind + [topic.name for topic in item.topics.all()]

    def item_extra_kwargs(self, item):
        return {"authors": [author.name for author in item.authors.all()]}


class LibraryFeedsMixin:
    """The library's feeds, as routes of the library page. Use with RoutablePageMixin:
    `class ResourceIndexPage(LibraryFeedsMixin, RoutablePageMixin, BasePage)`."""

    @path("feed/", name="feed")
    def feed(self, request):
        return LibraryFeed(self)(request)

    @path("feed/type/<slug:slug>/", name="type_feed")
    def type_feed(self, request, slug):
        resource_type = library_model("ResourceType").objects.filter(slug=slug).first()
        if resource_type is None:
            raise Http404("There is no resource type with this address.")
        return LibraryFeed(self, resource_type=resource_type)(request)

    @path("feed/topic/<slug:slug>/", name="topic_feed")
    def topic_feed(self, request, slug):
        topic = library_model("Topic").objects.filter(slug=slug).first()
        if topic is None:
            raise Http404("There is no topic with this address.")
        return LibraryFeed(self, topic=topic)(request)

    def get_route_paths(self):
        """Where the page can be seen, so that when it moves Wagtail redirects each old
        address (the feeds', subscribed to in feed readers, included) to the new one."""
        feeds = [self.reverse_subpage("feed")]
        feeds += [
            self.reverse_subpage("type_feed", args=[slug])
            for slug in library_model("ResourceType").objects.values_list("slug", flat=True)
        ]
        feeds += [
            self.reverse_subpage("topic_feed", args=[slug])
            for slug in library_model("Topic").objects.values_list("slug", flat=True)
        ]
        return [*super().get_route_paths(), *(f"/{feed}" for feed in feeds)]
