"""What the site checks and learns when an editor uploads audio, video or captions
(core.models.SiteMedia): that the file is what its name says, within the size a
visitor can reasonably stream, and, for audio and video, how long it runs, which
players and podcast apps show.

The file is read, not trusted by its name: a renamed PNG called episode.mp3 is refused
with a message that says what would be accepted."""

from dataclasses import dataclass

import mutagen
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# The formats uploads may take (settings.WAGTAILMEDIA lists them by type), which
# every browser and podcast app plays, and what players and podcast apps are told
# each is (an enclosure's type).
MIME_TYPES = {
    "mp3": "audio/mpeg",
    "m4a": "audio/mp4",
    "mp4": "video/mp4",
    "m4v": "video/mp4",
    "webm": "video/webm",
}

# Large enough for an hour's webinar at a good quality, small enough that one upload
# cannot fill the disk. A longer recording belongs on a video host.
MAX_SIZE = {"audio": 200 * 1024 * 1024, "video": 1024 * 1024 * 1024}
MAX_CAPTIONS_SIZE = 2 * 1024 * 1024

# What each extension's first bytes must be, for video, whose duration is not read.
WEBM_MAGIC = b"\x1a\x45\xdf\xa3"


@dataclass(frozen=True)
class MediaFacts:
    duration: float  # seconds; 0 when it cannot be read (a WebM video)


def check_size(file, kind):
    limit = MAX_SIZE[kind]
    if file.size > limit:
        raise ValidationError(
            f"This file is {filesizeformat(file.size)}; {kind} files can be at most "
            f"{filesizeformat(limit)}. Export it at a lower quality, or put it on a "
            "video host and give its address instead."
        )


def read_media(file, kind, extension):
    """Check `file` (open, binary) is playable audio or video and read its duration.
    Raises ValidationError with a message for the editor."""
    check_size(file, kind)
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if kind == "video" and extension == "webm":
        if not head.startswith(WEBM_MAGIC):
            raise ValidationError("This file is not a WebM video. Upload an MP4 or WebM file.")
        return MediaFacts(duration=0)
    try:
        found = mutagen.File(file)
    except Exception:  # noqa: BLE001 - mutagen raises many kinds for a broken file
        found = None
    finally:
        file.seek(0)
    if found is None or not getattr(found.info, "length", 0):
        wanted = "an MP3 or M4A audio file" if kind == "audio" else "an MP4 or WebM video"
        raise ValidationError(f"This file could not be read as {wanted}. Upload {wanted}.")
    return MediaFacts(duration=round(found.info.length, 2))


def check_captions(file):
    """WebVTT captions: UTF-8 text that starts with WEBVTT (the format's own rule)."""
    if file.size > MAX_CAPTIONS_SIZE:
        raise ValidationError(
            f"Captions can be at most {filesizeformat(MAX_CAPTIONS_SIZE)}; this file is "
            f"{filesizeformat(file.size)}."
        )
    file.seek(0)
    start = file.read(64)
    file.seek(0)
    # "ignore": 64 bytes may end inside a character.
    if not start.decode("utf-8", errors="ignore").lstrip("\ufeff").startswith("WEBVTT"):
        raise ValidationError(
            "This is not a WebVTT captions file: such a file is text that begins with "
            "WEBVTT. Most captioning tools can export one (.vtt)."
        )
