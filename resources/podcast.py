"""The podcast feed: RSS 2.0 with the iTunes tags podcast apps read (Apple Podcasts,
Pocket Casts, AntennaPod, Overcast…), at /stories/podcast/, a route of the Stories
page (`PodcastFeedMixin`), so it follows the page and its old address redirects.

It holds every published podcast episode with an audio file, newest first. Each
episode's enclosure is the file (address, length in bytes, type), its duration comes
from the file (core/media_files.py), and its guid is the page's permanent link, which
survives renames, so apps never list an episode twice."""

import datetime as dt

from django.apps import apps
from django.contrib.syndication.views import Feed
from django.db.models import F
from django.urls import reverse
from django.utils.feedgenerator import Enclosure, Rss201rev2Feed
from django.utils.html import escape
from wagtail.contrib.routable_page.models import path

from core.models import SiteSettings, rendition_url, site_name_for

# Apps show the newest episodes; a feed of every episode ever grows without end.
FEED_LENGTH = 300
# Apple's category for a podcast about communities and how people live together.
CATEGORY = "Society & Culture"


class PodcastRss(Rss201rev2Feed):
    """Django's RSS 2.0 plus the iTunes namespace podcast apps expect."""

    content_type = "application/rss+xml; charset=utf-8"

    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
        }

    def add_root_elements(self, handler):
        super().add_root_elements(handler)
        handler.addQuickElement("itunes:author", self.feed["itunes_author"])
        handler.addQuickElement("itunes:summary", self.feed["description"])
        handler.addQuickElement("itunes:type", "episodic")
        handler.addQuickElement("itunes:explicit", "false")
        handler.addQuickElement("itunes:category", attrs={"text": CATEGORY})
        if self.feed.get("itunes_image"):
            handler.addQuickElement("itunes:image", attrs={"href": self.feed["itunes_image"]})

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("itunes:title", item["title"])
        handler.addQuickElement("itunes:summary", item["summary"])
        handler.addQuickElement("itunes:episodeType", "full")
        handler.addQuickElement("itunes:explicit", "false")
        if item["duration"]:
            handler.addQuickElement("itunes:duration", item["duration"])


class PodcastFeed(Feed):
    """Made for one request (it keeps the request, for absolute addresses)."""

    feed_type = PodcastRss

    def __init__(self, stories_page):
        self.stories_page = stories_page
        self.request = None

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def absolute(self, path):
        return self.request.build_absolute_uri(path)

    def title(self):
        return self.stories_page.title

    def description(self):
        return self.stories_page.summary_text or f"Stories from {site_name_for(self.request)}."

    def link(self):
        return self.absolute(self.stories_page.get_url(self.request))

    def feed_url(self):
        return self.absolute(self.request.path)

    def feed_extra_kwargs(self, obj):
        image = self.stories_page.listing_image
        return {
            "itunes_author": SiteSettings.for_request(self.request).organisation_name,
            # Podcast apps want a square picture of 1400 to 3000 pixels.
            "itunes_image": rendition_url(image, "fill-1400x1400", self.request),
        }

    def items(self):
        episodes = (
            apps.get_model("resources", "StoryPage")
            .objects.live()
            .public()
            .child_of(self.stories_page)
            .filter(kind="podcast", media__type="audio")
            .select_related("media")
            .order_by(F("date").desc(nulls_last=True), "-first_published_at")
        )
        return episodes[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return escape(item.summary_text)

    def item_link(self, item):
        return self.absolute(item.get_url(self.request))

    def item_guid(self, item):
        return self.absolute(reverse("permalink", args=[item.pk]))

    item_guid_is_permalink = False

    def item_pubdate(self, item):
        if item.date:
            return dt.datetime.combine(item.date, dt.time(12))  # noon, in the site's zone
        return item.first_published_at

    def item_enclosures(self, item):
        media = item.media
        return [Enclosure(self.absolute(media.url), str(media.file_size or 0), media.mime_type)]

    def item_extra_kwargs(self, item):
        return {"summary": item.summary_text, "duration": clock(item.media.duration)}


def clock(seconds):
    """A duration as podcast apps show it: 1:02:03, or 32:05 under an hour."""
    seconds = round(seconds or 0)
    if not seconds:
        return ""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


class PodcastFeedMixin:
    """The podcast feed as a route of the Stories page (with RoutablePageMixin)."""

    @path("podcast/", name="podcast")
    def podcast(self, request):
        return PodcastFeed(self)(request)

    def podcast_feed_path(self, request=None):
        return self.get_url(request) + self.reverse_subpage("podcast")

    def get_route_paths(self):
        return [*super().get_route_paths(), "/" + self.reverse_subpage("podcast")]
