"""Reading rendered pages the way a visitor would: parsed HTML, visible text."""

import datetime as dt
import re
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup
from django.conf import settings

# The site's own zone (Europe/London), where its events happen.
LONDON = ZoneInfo(settings.TIME_ZONE)
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"

# Filled by the query-count tests, written to test-artifacts/query_counts.txt at the end.
QUERY_COUNTS: dict[str, str] = {}


def squash(text):
    """Whitespace as a reader sees it: runs collapsed, ends trimmed, and none before a
    comma or full stop (where a link ends and the text after it begins)."""
    return re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s+", " ", text or "")).strip()


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def visible_text(soup_or_tag):
    """The text a visitor can read: no scripts, styles or templates."""
    tag = BeautifulSoup(str(soup_or_tag), "html.parser")
    for hidden in tag(["script", "style", "template", "noscript"]):
        hidden.decompose()
    return squash(tag.get_text(" "))


def main_of(soup):
    mains = soup.find_all("main")
    assert len(mains) == 1, f"expected one <main> landmark, found {len(mains)}"
    return mains[0]


def links_to(soup_or_tag, url):
    """Every <a> whose href points at `url` (absolute or site-relative)."""
    wanted = urlsplit(url)
    found = []
    for a in soup_or_tag.find_all("a", href=True):
        href = urlsplit(a["href"])
        if href.path == wanted.path and (not wanted.netloc or href.netloc == wanted.netloc):
            found.append(a)
    return found


def has_link(soup_or_tag, url, text):
    """A link to `url` whose visible text (or accessible name) contains `text`."""
    for a in links_to(soup_or_tag, url):
        if text in visible_text(a) or text in squash(a.get("aria-label", "")):
            return True
    return False


def uk_date(value):
    """'17 May 2021': how a British reader expects a date, computed without Django."""
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON)
    return f"{value.day} {value:%B %Y}"


def uk_time(value):
    """'11:00': the wall-clock time in London, computed without Django."""
    return f"{value.astimezone(LONDON):%H:%M}"


def assert_page_basics(response, *, title, description=None, path=None, document_title=None):
    """What every public page owes a visitor, a screen reader and a search engine.
    `title` is the <h1>; the <title> and og:title contain it, or are `document_title`
    where a view names itself more fully (a filtered library view).

    Returns the parsed page."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/html")
    soup = soup_of(response)

    html = soup.find("html")
    assert html is not None and html.get("lang", "").lower() == "en-gb", (
        f"<html lang> is {html.get('lang') if html else None!r}, expected en-GB"
    )

    h1s = soup.find_all("h1")
    assert len(h1s) == 1, f"expected exactly one <h1>, found {[visible_text(h) for h in h1s]}"
    assert visible_text(h1s[0]) == title

    page_title = soup.find("title")
    assert page_title is not None
    if document_title is not None:
        assert squash(page_title.get_text()) == document_title
    else:
        assert title in squash(page_title.get_text())

    canonicals = soup.find_all("link", rel="canonical")
    assert len(canonicals) == 1, "expected one canonical link"
    href = urlsplit(canonicals[0].get("href", ""))
    assert href.scheme in ("http", "https") and href.netloc, "the canonical URL must be absolute"
    if path is not None:
        assert href.path == path

    descriptions = soup.find_all("meta", attrs={"name": "description"})
    assert len(descriptions) == 1, "expected one meta description"
    content = squash(descriptions[0].get("content"))
    assert content, "the meta description is empty"
    if description is not None:
        expected = squash(description)
        if content.endswith("…") and len(expected) > len(content):
            # Long summaries are shortened for search engines; the start must match.
            assert expected.startswith(content[:-1].rstrip())
        else:
            assert content == expected

    og_title = soup.find("meta", attrs={"property": "og:title"})
    assert og_title is not None, "no og:title"
    assert (document_title or title) in squash(og_title.get("content"))
    return soup


def facet_counts(soup_or_tag, name):
    """{value: count} of the boxes the library offers for one facet, as shown."""
    counts = {}
    for box in soup_or_tag.select(f"form input[type=checkbox][name={name}]"):
        label = box.find_parent("label")
        counts[box["value"]] = int(visible_text(label.select_one(".facet__count")).split()[0])
    return counts


def facet_labels(soup_or_tag, name):
    """{value: label} of the boxes the library offers for one facet, as shown."""
    return {
        box["value"]: visible_text(box.find_parent("label").select_one(".facet__label"))
        for box in soup_or_tag.select(f"form input[type=checkbox][name={name}]")
    }
