"""Reads the seed folder: the original content (radical-kindness-page.txt, a
plain-text copy of the project's web page) into plain Python values, and the facts the
site adds to it (editorial.toml). No facts live here: only how the text is laid out.
The loader decides where each piece goes."""

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

DATE_LINE = re.compile(r"^\d{2}/\d{2}/\d{2}$")
AUTHOR_PREFIX = "Author: "


@dataclass
class SeedResource:
    title: str
    published: date
    authors: list[str]
    summary: str


@dataclass
class SeedSection:
    heading: str  # "" for the paragraphs before the first heading
    paragraphs: list[str]


@dataclass
class Seed:
    name: str
    tagline: str
    sections: list[SeedSection]
    resources: list[SeedResource]
    partners_paragraphs: list[str]

    def section(self, heading):
        return next(s for s in self.sections if s.heading == heading)


def parse_date(text):
    """The seed writes dates as DD/MM/YY, all in this century."""
    return datetime.strptime(text, "%d/%m/%y").date()


def split_authors(text):
    """'Kaya Davies Hayon, Jo Broadwood and Christine Cox' -> three names."""
    parts = re.split(r",\s*|\s+and\s+", text.strip())
    return [p.strip() for p in parts if p.strip()]


def looks_like_heading(line):
    return len(line) <= 70 and not line.endswith((".", "!", "?", ":", "’", "'"))


SEED_FILE = "radical-kindness-page.txt"
EDITORIAL_FILE = "editorial.toml"


def read_editorial(seed_dir: Path) -> dict:
    """The decisions and added words in editorial.toml, as plain values (TOML dates and
    times become `date` and `time`)."""
    with (seed_dir / EDITORIAL_FILE).open("rb") as file:
        return tomllib.load(file)


def parse_seed(path: Path) -> Seed:
    text = path.read_text(encoding="utf-8").replace("\xa0", " ")
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    name, tagline = lines[0], lines[1]

    start = lines.index("Project Details")
    resources_at = lines.index("Project Resources")
    partners_at = lines.index("Research Partners")

    sections = [SeedSection("", [])]
    for line in lines[start + 1 : resources_at]:
        if looks_like_heading(line):
            sections.append(SeedSection(line, []))
        else:
            sections[-1].paragraphs.append(line)

    resource_lines = lines[resources_at + 2 : partners_at]
    resources = []
    i = 0
    while i < len(resource_lines):
        title, when, author, summary = resource_lines[i : i + 4]
        if not DATE_LINE.match(when) or not author.startswith(AUTHOR_PREFIX):
            raise ValueError(f"Unexpected resource layout at {title!r}")
        resource = SeedResource(
            title=title,
            published=parse_date(when),
            authors=split_authors(author.removeprefix(AUTHOR_PREFIX)),
            summary=summary,
        )
        i += 4
        # Lines before the next "title, date" pair (the alt text of a picture on the
        # original page) say nothing the site uses.
        while i < len(resource_lines) and not (
            i + 1 < len(resource_lines) and DATE_LINE.match(resource_lines[i + 1])
        ):
            i += 1
        resources.append(resource)

    return Seed(
        name=name,
        tagline=tagline,
        sections=[s for s in sections if s.heading or s.paragraphs],
        resources=resources,
        partners_paragraphs=lines[partners_at + 1 :],
    )
