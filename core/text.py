"""Rich text as plain text, for search engines' descriptions and search indexes."""

from html import unescape

from django.utils.html import strip_tags


def plain_text(html):
    """The words of `html`, one space between them: tags become spaces first, so
    paragraphs do not run into each other."""
    return " ".join(unescape(strip_tags(str(html or "").replace("><", "> <"))).split())
