"""Text for people and machines to read: rich text as plain text (for search engines'
descriptions and search indexes), and lists as a sentence says them."""

from html import unescape

from django.utils.html import strip_tags


def plain_text(html):
    """The words of `html`, one space between them: tags become spaces first, so
    paragraphs do not run into each other."""
    return " ".join(unescape(strip_tags(str(html or "").replace("><", "> <"))).split())


def joined_with_and(items):
    """Each item with the words that follow it in "A, B and C", for templates that
    write the items themselves (as links, say): [(A, ", "), (B, " and "), (C, "")]."""
    items = list(items)
    last = len(items) - 1
    return [
        (item, "" if i == last else " and " if i == last - 1 else ", ")
        for i, item in enumerate(items)
    ]


def and_list(names):
    """["Kaya", "Jo", "Christine"] -> "Kaya, Jo and Christine"."""
    return "".join(f"{name}{separator}" for name, separator in joined_with_and(names))
