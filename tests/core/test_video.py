"""Videos from hosts other than YouTube and Vimeo come through Wagtail's oEmbed finder;
only the player's address is taken from the host's answer, so nothing else it sends
reaches the page."""

from types import SimpleNamespace

import pytest

from core import video as video_module
from core.video import video_for


def embed(html, kind="video", provider="Example Video"):
    return SimpleNamespace(html=html, type=kind, provider_name=provider, thumbnail_url="")


@pytest.fixture
def host_answers(monkeypatch):
    def answer(html, kind="video", provider="Example Video"):
        monkeypatch.setattr(video_module, "get_embed", lambda url: embed(html, kind, provider))

    return answer


def test_only_the_players_address_is_kept(host_answers):
    host_answers(
        '<IFRAME SRC="https://player.example.org/v/1?a=1&amp;b=2" onload="steal()"></IFRAME>'
        "<script>steal()</script>"
    )
    found = video_for("https://example.org/v/1")
    assert found.player_url == "https://player.example.org/v/1?a=1&b=2"
    assert "onload" not in found.player_html and "script" not in found.player_html
    assert found.player_html.startswith('<iframe src="https://player.example.org/v/1?a=1&amp;b=2"')


def test_a_player_that_is_not_an_https_iframe_is_only_linked(host_answers):
    host_answers('<script src="https://example.org/embed.js"></script>')
    assert video_for("https://example.org/v/2").player_html == ""
    host_answers('<iframe src="http://player.example.org/v/3"></iframe>')
    assert video_for("https://example.org/v/3").player_html == ""


def test_a_sound_host_is_a_recording_not_a_video(host_answers):
    host_answers('<iframe src="https://w.soundcloud.example/player"></iframe>', kind="rich")
    assert video_for("https://soundcloud.example/belong/episode").kind == "recording"
