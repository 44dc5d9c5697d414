"""What the site learns from an uploaded file: for a PDF, its page count and its text,
which search reads. A PDF that cannot be read (broken, encrypted, only scanned
images) is still a good upload: the editor gets a note saying why search cannot see
inside it, never an error."""

import logging
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.errors import PdfReadError

logger = logging.getLogger(__name__)

# The text kept for search. A long report's first 200,000 characters (about 60
# pages) hold what people search for; more only makes the index and each save slower.
MAX_TEXT_LENGTH = 200_000
# Pages read at most: bounds the time a hostile or enormous PDF can take on upload.
MAX_PAGES_READ = 400


@dataclass(frozen=True)
class PdfFacts:
    page_count: int | None = None
    text: str = ""
    note: str = ""


def read_pdf(file):
    """The page count and text of the PDF in `file` (an open binary file)."""
    try:
        reader = PdfReader(file)
        if reader.is_encrypted:
            return PdfFacts(
                note="This PDF is password-protected, so search cannot read inside it. "
                "Visitors can still download it."
            )
        page_count = len(reader.pages)
        parts, length = [], 0
        for page in reader.pages[:MAX_PAGES_READ]:
            part = " ".join((page.extract_text() or "").split())
            if part:
                parts.append(part)
                length += len(part) + 1
            if length >= MAX_TEXT_LENGTH:
                break
        text = "\n".join(parts)[:MAX_TEXT_LENGTH]
    except (PdfReadError, ValueError, TypeError, KeyError, IndexError, OSError) as error:
        # pypdf raises many kinds of error on damaged files; none may stop an upload.
        logger.info("Could not read PDF: %s", error)
        return PdfFacts(
            note="This file could not be read as a PDF (it may be damaged), so search "
            "cannot read inside it. Check it opens on your computer."
        )
    except Exception as error:  # noqa: BLE001 - a broken upload must never become a 500
        logger.warning("Unexpected error reading PDF: %r", error)
        return PdfFacts(
            note="This PDF could not be read, so search cannot read inside it. "
            "Visitors can still download it."
        )
    if not text:
        return PdfFacts(
            page_count=page_count,
            note="This PDF has no text that search can read (it may be scanned images). "
            "Upload a version with a text layer so people can find what is inside it.",
        )
    return PdfFacts(page_count=page_count, text=text)
