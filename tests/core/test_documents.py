"""Documents: what the site reads from an uploaded PDF, what it tells the editor when
it cannot, what visitors see on a download link, and the limits on uploads."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfWriter

from core.models import SiteDocument
from tests.helpers import soup_of, visible_text

pytestmark = pytest.mark.django_db


def blank_pdf(pages=1, password=None):
    """A valid PDF with empty pages: what a scan without a text layer reads as."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def document(content, name="report.pdf", title="A report"):
    return SiteDocument.objects.create(title=title, file=ContentFile(content, name=name))


@pytest.fixture
def editor(client):
    user = get_user_model().objects.create_superuser("editor", "", "pass-for-tests-only")
    client.force_login(user)
    return client


def test_a_pdf_without_text_is_kept_with_a_note_for_the_editor(db):
    scan = document(blank_pdf(pages=3))
    assert scan.page_count == 3
    assert scan.text == ""
    assert "no text that search can read" in scan.text_note
    assert scan.facts_label.startswith("PDF, ") and scan.facts_label.endswith(", 3 pages")


def test_a_password_protected_pdf_is_kept_with_a_note(db):
    locked = document(blank_pdf(password="secret"))
    assert locked.text == "" and locked.page_count is None
    assert "password-protected" in locked.text_note


@pytest.mark.parametrize(
    "content",
    [b"", b"%PDF-1.4\nthis is not really a PDF", b"<html><script>alert(1)</script></html>"],
    ids=["empty", "truncated", "html"],
)
def test_a_damaged_pdf_is_kept_with_a_note(db, content):
    broken = document(content)
    assert broken.pk and broken.text == ""
    assert "could not be read as a PDF" in broken.text_note


def test_other_files_are_not_read_and_say_what_they_are(db):
    sheet = document(b"a,b\n1,2\n", name="figures.csv")
    assert (sheet.page_count, sheet.text, sheet.text_note) == (None, "", "")
    assert sheet.facts_label == "CSV spreadsheet, 8 bytes"


def test_the_facts_are_read_again_only_when_the_file_changes(db):
    doc = document(blank_pdf(pages=1))
    assert doc.text_source_hash == doc.file_hash
    doc.title = "A renamed report"
    doc.save()
    doc.refresh_from_db()
    assert doc.page_count == 1
    doc.file = ContentFile(blank_pdf(pages=2), name="report-v2.pdf")
    doc.file_hash = ""
    doc.save()
    doc.refresh_from_db()
    assert doc.page_count == 2 and doc.text_source_hash == doc.file_hash


def test_pdfs_open_in_the_browser_and_other_files_download(client, db):
    pdf = document(blank_pdf())
    response = client.get(pdf.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    sheet = document(b"a,b\n", name="figures.csv")
    assert client.get(sheet.url)["Content-Disposition"].startswith("attachment")


def upload(editor, name, content):
    return editor.post(
        reverse("wagtaildocs:add"),
        {"title": name, "file": ContentFile(content, name=name), "collection": 1},
    )


def test_an_editor_uploading_an_unreadable_pdf_is_told_why_search_cannot_see_inside(editor):
    response = upload(editor, "scan.pdf", blank_pdf(pages=2))
    assert response.status_code == 302
    warning = [m for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert [str(m) for m in warning] == [
        "“scan.pdf”: This PDF has no text that search can read (it may be scanned images). "
        "Upload a version with a text layer so people can find what is inside it."
    ]
    scan = SiteDocument.objects.get(title="scan.pdf")
    form = soup_of(editor.get(reverse("wagtaildocs:edit", args=[scan.pk])))
    field = form.find("textarea", attrs={"name": "search_status"})
    assert field is not None and field.has_attr("disabled")
    assert "no text that search can read" in field.get_text()


def test_uploads_of_the_wrong_type_are_refused_with_a_message(editor):
    response = upload(editor, "setup.exe", b"MZ\x90\x00")
    assert response.status_code == 200
    errors = [visible_text(e) for e in soup_of(response).select(".error-message")]
    assert errors == [
        "File extension “exe” is not allowed. Allowed extensions are: "
        "csv, docx, odt, pdf, pptx, rtf, txt, xlsx."
    ]
    assert not SiteDocument.objects.exists()


@override_settings(WAGTAILDOCS_MAX_UPLOAD_SIZE=1024)
def test_uploads_over_the_size_limit_are_refused_with_a_message(editor):
    response = upload(editor, "huge.pdf", b"%PDF-1.4\n" + b"0" * 2048)
    assert response.status_code == 200
    errors = [visible_text(e) for e in soup_of(response).select(".error-message")]
    assert errors == ["This file is too big (2.0 KB). Maximum filesize 1.0 KB."]
    assert not SiteDocument.objects.exists()


def test_a_resource_page_offers_its_documents_with_their_facts(client, site_tree):
    from resources.models import ResourceDocument

    t = site_tree
    report = document(blank_pdf(pages=24), title="The full report")
    figures = document(b"a,b\n1,2\n", name="figures.csv", title="The figures")
    page = t.other_resource
    page.read_action = "document"
    page.save()
    ResourceDocument.objects.create(page=page, document=report, sort_order=0)
    ResourceDocument.objects.create(page=page, document=figures, sort_order=1)

    main = soup_of(client.get(page.url)).find("main")
    button = main.select_one(".resource__actions a.button")
    assert button["href"] == report.url
    assert visible_text(button).startswith("Read the PDF")
    facts = visible_text(main.select_one(".resource__actions .resource__file"))
    assert re.fullmatch(r"PDF, [0-9.]+ (bytes|KB), 24 pages", facts), facts
    # The main document is the button; the others are listed under it.
    listed = {visible_text(a): a["href"] for a in main.select(".resource__files a")}
    assert listed == {"The figures": figures.url}
    assert "CSV spreadsheet, 8 bytes" in visible_text(main.select_one(".resource__files"))


def test_the_upload_page_is_for_editors_only(client, db):
    response = client.get(reverse("wagtaildocs:add"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_pdf_with_text_is_read_for_search(db):
    from tests.factories import DocumentFactory

    pdf = DocumentFactory(title="Kindness in numbers", lines=["Radical kindness", "in Ayrshire"])
    assert pdf.page_count == 1
    assert "Radical kindness" in pdf.text and "in Ayrshire" in pdf.text
    assert pdf.text_note == ""
    assert pdf.facts_label.endswith(", 1 page")
