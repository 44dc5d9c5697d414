"""Videos kept on a video host (YouTube, Vimeo…), shown behind a click-to-load facade.

A visitor's browser asks the host for nothing until they press play: the page carries
the player as an inert <template>, and static/js/video.js puts it in place on click
(templates/components/video.html). Without JavaScript, play is a link to the video
on the host.

The player comes from Wagtail's embeds. For YouTube and Vimeo, the finder below
builds it from the video's address, with the hosts' privacy modes
(youtube-nocookie.com, Vimeo's dnt=1), so the server asks the host nothing either,
and a page never waits on it. Other hosts go through Wagtail's oEmbed finder, whose
answer Wagtail keeps in the database."""

import re
from dataclasses import dataclass
from html import escape, unescape
from urllib.parse import parse_qs, urlsplit

from wagtail.embeds.embeds import get_embed
from wagtail.embeds.exceptions import EmbedException
from wagtail.embeds.finders.base import EmbedFinder

YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{6,12}")

# The size the player is drawn at; CSS scales it to the column (16:9).
WIDTH, HEIGHT = 1280, 720


@dataclass(frozen=True)
class HostedVideo:
    """A video on a host the site knows how to embed privately."""

    provider: str  # "YouTube", "Vimeo"
    video_id: str

    @property
    def player_url(self):
        if self.provider == "YouTube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"

    @property
    def thumbnail_url(self):
        """YouTube's still of the video, for search engines and link previews (which
        fetch it themselves); pages never load it. Vimeo's needs its API, so none."""
        if self.provider == "YouTube":
            return f"https://i.ytimg.com/vi/{self.video_id}/hqdefault.jpg"
        return ""


def hosted_video(url):
    """The YouTube or Vimeo video at `url`, or None: any of the addresses their share
    buttons and address bars give (watch?v=, youtu.be/, /embed/, /shorts/, /live/,
    vimeo.com/<id>)."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    segments = [segment for segment in parts.path.split("/") if segment]
    candidate = ""
    if host in ("youtube.com", "youtube-nocookie.com", "music.youtube.com"):
        if segments[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in ("embed", "shorts", "live", "v"):
            candidate = segments[1]
        return HostedVideo("YouTube", candidate) if YOUTUBE_ID.fullmatch(candidate) else None
    if host == "youtu.be" and segments:
        candidate = segments[0]
        return HostedVideo("YouTube", candidate) if YOUTUBE_ID.fullmatch(candidate) else None
    if host in ("vimeo.com", "player.vimeo.com") and segments:
        candidate = segments[-1]
        return HostedVideo("Vimeo", candidate) if VIMEO_ID.fullmatch(candidate) else None
    return None


class PrivacyFriendlyVideoFinder(EmbedFinder):
    """Wagtail's embed finder for YouTube and Vimeo: the player in the hosts' privacy
    modes, built here rather than asked of the host (WAGTAILEMBEDS_FINDERS)."""

    def __init__(self, **options):
        self.options = options

    def accept(self, url):
        return hosted_video(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        video = hosted_video(url)
        return {
            "title": "",
            "author_name": "",
            "provider_name": video.provider,
            "type": "video",
            "thumbnail_url": video.thumbnail_url,
            "width": WIDTH,
            "height": HEIGHT,
            "html": player_iframe(video.player_url),
        }


@dataclass
class Video:
    """What a page needs to show a hosted video: where it lives, its player (None
    when no finder knows the host: the page then links to it) and facts for search
    engines."""

    url: str
    provider: str
    player_html: str = ""
    player_url: str = ""
    thumbnail_url: str = ""
    kind: str = "video"  # or "recording", for a host's audio player (SoundCloud…)

    @property
    def host_name(self):
        return self.provider or (urlsplit(self.url).hostname or "").removeprefix("www.")


def video_for(url):
    """The Video at `url`, or None for no address. YouTube and Vimeo cost nothing;
    other hosts one query (Wagtail's cache), or a request to the host the first time."""
    if not url:
        return None
    known = hosted_video(url)
    if known is not None:
        embed = PrivacyFriendlyVideoFinder().find_embed(url)
        return Video(url, known.provider, embed["html"], known.player_url, known.thumbnail_url)
    try:
        embed = get_embed(url)
    except EmbedException:
        return Video(url, "")
    # Only the player's address is taken from the host's answer: the site writes the
    # iframe itself, so nothing else the host sent (a script, an attribute) reaches
    # the page.
    found = re.search(r'<iframe[^>]*\ssrc="(https://[^"]+)"', embed.html or "", re.IGNORECASE)
    provider = embed.provider_name or ""
    if found is None:
        return Video(url, provider, thumbnail_url=embed.thumbnail_url or "")
    src = unescape(found.group(1))
    return Video(
        url,
        provider,
        player_iframe(src),
        src,
        embed.thumbnail_url or "",
        kind="video" if embed.type == "video" else "recording",
    )


def player_iframe(src):
    return (
        f'<iframe src="{escape(src)}" width="{WIDTH}" height="{HEIGHT}" '
        'allow="autoplay; encrypted-media; fullscreen; picture-in-picture" '
        'allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>'
    )


def video_structured_data(
    video, *, name, description, upload_date, thumbnail_url="", transcript=""
):
    """A hosted video as a schema.org VideoObject (empty values left out)."""
    data = {
        "@type": "VideoObject",
        "name": name,
        "description": description,
        "uploadDate": upload_date,
        "url": video.url,
        "embedUrl": video.player_url,
        "thumbnailUrl": thumbnail_url or video.thumbnail_url,
        "transcript": transcript,
    }
    return {key: value for key, value in data.items() if value}
