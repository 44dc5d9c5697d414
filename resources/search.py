"""Searching the library: which items match a query, best first, and the passage that
shows a reader why each one matched.

The search goes through Wagtail's search backend (search/backends/: SQLite's FTS5 or
PostgreSQL's full-text search), which ranks a title match first and looks inside the
summary, the body, the authors' names, the topics and the text of attached PDFs (see
`search_fields` in models.py). In a listing:

    ids = matching_ids(items, query)                    # one query, best first
    counts = items.filter(PkIn(ids)).values("resource_type")…  # for the facets
    shown = fetch_in_order(LibraryItem.objects.for_cards(), ids[start:stop])
    prefetch_snippet_sources(shown)                     # a fixed few queries
    for item in shown:
        item.snippet = highlighted_snippet(item, query)  # no query

A query is whatever a visitor typed: it is cleaned here (control characters, lone
surrogates and NULs become spaces, it is cut to 200 characters) and only its words
are searched, so no input can break the database's full-text parser."""

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import BooleanField, F, Func, prefetch_related_objects
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from wagtail import blocks

from core.text import plain_text
from resources.models import LibraryItem, ResourceDocument

MAX_QUERY_LENGTH = 200
SNIPPET_WORDS = 30
# Words shown before the first match, so it is read in context.
LEAD_WORDS = 8
# Text blocks in a body that are not words a reader sees.
NOT_TEXT = {"anchor"}


def clean_query(raw):
    """The query as the visitor typed it, safe to keep and show: printable characters
    only (a NUL breaks PostgreSQL, a lone surrogate any database driver), single
    spaces, at most MAX_QUERY_LENGTH characters."""
    raw = unicodedata.normalize("NFKC", raw or "")
    printable = "".join(ch if ch.isprintable() else " " for ch in raw)
    return " ".join(printable.split())[:MAX_QUERY_LENGTH]


def search_terms(query):
    """The words searched for: letters and digits only, two characters or more, each
    once. Punctuation means nothing to a visitor's query, and quotes or operators
    would reach the full-text parser as syntax."""
    words = re.sub(r"[^\w\s]|_", " ", clean_query(query)).split()
    return list(dict.fromkeys(word for word in words if len(word) > 1))


def matching_ids(queryset, query):
    """The primary keys of the items in `queryset` (LibraryItems, filtered any way)
    that match every word of `query`, best first: title matches, then by relevance.
    An empty list when nothing matches or there is nothing to search for.

    One query. The backend may only filter on indexed fields, so the rows of
    `queryset` go into the search as a subquery, whatever its filters."""
    terms = search_terms(query)
    if not terms:
        return []
    candidates = LibraryItem.objects.filter(pk__in=queryset.values("pk"))
    return list(candidates.values_list("pk", flat=True).search(" ".join(terms), operator="and"))


class PkIn(Func):
    """`.filter(PkIn(ids))`: the rows whose primary key is in `ids`, sent to the
    database as one parameter (a PostgreSQL array, a JSON array SQLite reads with
    json_each) instead of one per id. For facet counts over thousands of matches: at
    5,000 ids a count took 3.5 ms (SQLite) and 7.5 ms (PostgreSQL) this way, 14 and
    18 ms as `pk__in=ids`, most of that Django writing out 5,000 placeholders."""

    output_field = BooleanField()

    def __init__(self, ids, field="pk"):
        super().__init__(F(field))
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        if not self.ids:
            return "1 = 0", []
        return f"{column} IN ({', '.join(['%s'] * len(self.ids))})", [*params, *self.ids]

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} IN (SELECT value FROM json_each(%s))", [*params, json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        return f"{column} = ANY(%s)", [*params, self.ids]


def fetch_in_order(queryset, ids):
    """The objects of `queryset` with these primary keys, in the order of `ids` (one
    query, plus the queryset's own prefetches)."""
    found = queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


# -- snippets ---------------------------------------------------------------------------


@dataclass
class SnippetSources:
    """What a library item's snippet may quote besides its summary."""

    body: str = ""
    documents: list = field(default_factory=list)  # text read from each attached PDF


def prefetch_snippet_sources(items):
    """Fetch what `highlighted_snippet` quotes for each library item in `items`, in a
    fixed number of queries however many there are: the bodies not loaded yet (one
    query per page type), the text of attached PDFs (one), the authors (three, unless
    prefetched already, as `for_cards()` does) and the topics (one). Other pages in
    `items` are left alone."""
    items = [item for item in items if isinstance(item, LibraryItem)]
    if not items:
        return
    bodies, unloaded = {}, defaultdict(list)
    for item in items:
        if "body" in item.get_deferred_fields() or not hasattr(item, "body"):
            model = item.specific_class
            if model is not None and hasattr(model, "body"):
                unloaded[model].append(item.pk)
        else:
            bodies[item.pk] = item.body
    for model, ids in unloaded.items():
        bodies.update(model.objects.filter(pk__in=ids).values_list("pk", "body"))

    documents = defaultdict(list)
    attached = (
        ResourceDocument.objects.filter(page_id__in=[item.pk for item in items])
        .exclude(document__text="")
        .order_by("page_id", "sort_order")
        .values_list("page_id", "document__text")
    )
    for page_id, text in attached:
        documents[page_id].append(text)

    prefetch_related_objects(items, "authors__person", "authors__organisation", "topics")
    for item in items:
        item.snippet_sources = SnippetSources(
            body=stream_text(bodies.get(item.pk)), documents=documents[item.pk]
        )


def highlighted_snippet(item, query, words=SNIPPET_WORDS):
    """About `words` words of `item` around the first match of `query`, HTML-escaped,
    with the words searched for in <mark>. The summary is quoted first, then the body,
    then the text of an attached PDF, then the authors and topics; a passage from
    anywhere but the summary says where it comes from ("From the PDF: …"). When only
    the title matched, the start of the summary is shown."""
    if not hasattr(item, "snippet_sources"):
        prefetch_snippet_sources([item])
    sources = item.snippet_sources
    candidates = [
        ("", item.introduction),
        ("From the page:", sources.body),
        *(("From the PDF:", text) for text in sources.documents),
        ("By", ", ".join(author.name for author in item.authors.all())),
        ("Topics:", ", ".join(topic.name for topic in item.topics.all())),
    ]
    return first_passage(candidates, query, item.summary_text, words)


def first_passage(candidates, query, fallback="", words=SNIPPET_WORDS):
    """The passage around the first match of `query` in `candidates`, (label, text)
    pairs in the order a reader would want them quoted; the start of `fallback` when
    none matches (only the title did, say)."""
    pattern = terms_pattern(search_terms(query))
    if pattern is not None:
        for label, text in candidates:
            match = pattern.search(text or "")
            if match:
                return passage(text, match.start(), pattern, words, label)
    return excerpt(fallback, query, words)


def excerpt(text, query, words=SNIPPET_WORDS):
    """About `words` words of any `text` around the first match of `query` (or from
    its start), escaped, the words searched for in <mark>."""
    text = text or ""
    pattern = terms_pattern(search_terms(query))
    match = pattern.search(text) if pattern is not None else None
    return passage(text, match.start() if match else 0, pattern, words)


def terms_pattern(terms):
    """Whole words starting with a term (PostgreSQL matches word stems, so "kind"
    finds "kindness"), in any case."""
    if not terms:
        return None
    alternatives = "|".join(re.escape(term) for term in sorted(terms, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def passage(text, position, pattern, words, label=""):
    # From the start of the word the match is in ("alert('kindness')").
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    # Only a window around the match is split into words: a PDF's text can be long.
    start = max(0, position - 40 * LEAD_WORDS)
    earlier = text[start:position].split()
    if start > 0:
        earlier = earlier[1:]  # a word the window cut in two
    before = earlier[-LEAD_WORDS:]
    end = position + 40 * words
    later = text[position:end].split()
    if end < len(text):
        later = later[:-1]
    after = later[: max(1, words - len(before))]
    shown = " ".join(before + after)
    opened = start > 0 or len(earlier) > len(before)
    closed = end < len(text) or len(later) > len(after)

    parts, last = [], 0
    if pattern is not None:
        for match in pattern.finditer(shown):
            parts += [escape(shown[last : match.start()]), "<mark>", escape(match.group())]
            parts.append("</mark>")
            last = match.end()
    parts.append(escape(shown[last:]))
    body = ("… " if opened else "") + "".join(parts) + (" …" if closed else "")
    if label:
        return format_html(
            '<span class="search-snippet__source">{}</span> {}', label, mark_safe(body)
        )
    return SafeString(body)


def stream_text(stream):
    """The words a reader sees in a StreamField value, read from its stored form
    through the block definitions: rich text loses its tags, plain text is kept as
    typed, and links, images and anchors are left out. No block is loaded, so an
    image in the body costs no query."""
    if not stream:
        return ""
    parts = []
    collect_text(stream.stream_block, list(stream.raw_data), parts)
    return " ".join(" ".join(parts).split())


def collect_text(block, raw, parts):
    if isinstance(block, blocks.RichTextBlock):
        parts.append(plain_text(raw))
    elif isinstance(block, blocks.CharBlock | blocks.TextBlock):
        parts.append(str(raw or ""))
    elif isinstance(block, blocks.StructBlock) and isinstance(raw, dict):
        for name, child in block.child_blocks.items():
            if name not in NOT_TEXT:
                collect_text(child, raw.get(name), parts)
    elif isinstance(block, blocks.ListBlock) and isinstance(raw, list):
        for item in raw:
            # Stored as {"type": "item", "value": …} or, in older data, the value alone.
            value = item.get("value") if isinstance(item, dict) and "type" in item else item
            collect_text(block.child_block, value, parts)
    elif isinstance(block, blocks.StreamBlock) and isinstance(raw, list):
        for item in raw:
            child = block.child_blocks.get(item.get("type")) if isinstance(item, dict) else None
            if child is not None:
                collect_text(child, item.get("value"), parts)
