"""Audio and video editors upload (core.SiteMedia, through wagtailmedia's admin): a
file must be what its name says and within the limits, and an editor who gets it
wrong is told what would be accepted. Captions must be WebVTT."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection

from core import media_files
from core.models import SiteMedia
from tests.factories import AudioFactory, silent_mp3

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(2000)


def media(kind, name, content, **extra):
    return SiteMedia(
        title="Upload",
        type=kind,
        collection=Collection.get_first_root_node(),
        file=ContentFile(content, name=name),
        **extra,
    )


def errors_of(item):
    with pytest.raises(ValidationError) as raised:
        item.full_clean()
    return raised.value.message_dict


def test_an_mp3_is_read_for_its_duration_and_size():
    audio = AudioFactory(seconds=125)
    assert audio.duration == 125.0
    assert audio.file_size == len(silent_mp3(125))
    assert audio.facts_label == "MP3, 1.9 MB, 2 minutes 5 seconds"


def test_a_picture_renamed_as_an_mp3_is_refused_with_a_clear_message():
    errors = errors_of(media("audio", "episode.mp3", PNG))
    assert errors["file"] == [
        "This file could not be read as an MP3 or M4A audio file. Upload an MP3 or M4A audio file."
    ]


def test_a_format_browsers_cannot_all_play_is_refused():
    errors = errors_of(media("audio", "episode.wav", silent_mp3(2)))
    assert errors["file"] == [
        "File extension “wav” is not allowed. Allowed extensions are: mp3, m4a."
    ]


def test_a_file_over_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setitem(media_files.MAX_SIZE, "audio", 1000)
    errors = errors_of(media("audio", "episode.mp3", silent_mp3(2)))
    message = errors["file"][0].replace("\xa0", " ")
    assert message.startswith("This file is 31.4 KB; audio files can be at most 1000 bytes.")


def test_a_webm_video_is_checked_by_its_first_bytes():
    errors = errors_of(media("video", "clip.webm", PNG))
    assert errors["file"] == ["This file is not a WebM video. Upload an MP4 or WebM file."]
    good = media("video", "clip.webm", b"\x1a\x45\xdf\xa3" + bytes(100))
    good.full_clean()


@pytest.mark.parametrize(
    "captions, message",
    [
        (b"1\n00:00:01.000 --> 00:00:02.000\nHello\n", "This is not a WebVTT captions file"),
        (PNG, "This is not a WebVTT captions file"),
    ],
)
def test_captions_must_be_webvtt(captions, message):
    video = media(
        "video",
        "clip.webm",
        b"\x1a\x45\xdf\xa3" + bytes(100),
        captions=ContentFile(captions, name="clip.vtt"),
    )
    assert errors_of(video)["captions"][0].startswith(message)


def test_good_captions_are_kept():
    video = media(
        "video",
        "clip.webm",
        b"\x1a\x45\xdf\xa3" + bytes(100),
        captions=ContentFile(
            b"\xef\xbb\xbfWEBVTT\n\n00:01.000 --> 00:02.000\nHello\n", name="clip.vtt"
        ),
    )
    video.full_clean()
    video.save()
    assert video.captions.name.endswith(".vtt")


def test_an_editor_uploading_a_bad_file_is_told_why_and_nothing_is_saved(client):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    response = client.post(
        "/admin/media/audio/add/",
        {
            "title": "Episode 1",
            "file": SimpleUploadedFile("episode.mp3", PNG, content_type="audio/mpeg"),
            "collection": Collection.get_first_root_node().pk,
            "duration": "0",
        },
    )
    assert response.status_code == 200
    assert "could not be read as an MP3 or M4A audio file" in response.content.decode()
    assert not SiteMedia.objects.exists()

    response = client.post(
        "/admin/media/audio/add/",
        {
            "title": "Episode 1",
            "file": SimpleUploadedFile("episode.mp3", silent_mp3(30), content_type="audio/mpeg"),
            "collection": Collection.get_first_root_node().pk,
            "duration": "0",
        },
    )
    assert response.status_code == 302
    saved = SiteMedia.objects.get()
    assert saved.duration == 30.0 and saved.type == "audio"


def test_bytes_are_read_from_the_start_whatever_the_caller_did():
    file = io.BytesIO(silent_mp3(3))
    file.size = len(file.getvalue())
    file.read(100)
    assert media_files.read_media(file, "audio", "mp3").duration == 3.0


def test_the_upload_form_says_what_a_file_may_be_before_it_is_chosen(client):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    audio = client.get("/admin/media/audio/add/").content.decode()
    assert "MP3 or M4A, up to 200.0\xa0MB" in audio
    assert 'name="captions"' not in audio
    video = client.get("/admin/media/video/add/").content.decode()
    assert "MP4 or WebM, up to 1.0\xa0GB" in video
    assert 'name="captions"' in video
