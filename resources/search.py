"""Searching the library through Wagtail's search backend (PostgreSQL full-text search
in production)."""

import re


def matching_ids(queryset, query):
    """The ids of the items in `queryset` that match every word of `query`, best first.
    Punctuation is left out: quotes reach SQLite's full-text parser as syntax."""
    terms = " ".join(w for w in re.sub(r"[^\w\s]", " ", query).split() if len(w) > 1)
    if not terms:
        return []
    return [item.pk for item in queryset.search(terms, operator="and")]


def snippets_for(items, query):
    """{item id: highlighted passage} for the items shown; none yet."""
    return {}
