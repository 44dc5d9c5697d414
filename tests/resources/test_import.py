"""Bulk import of resources from CSV, by command and in the admin: good rows create
or update resources a visitor then finds in the library; any bad row is named by its
line and reason and nothing at all is imported; a dry run changes nothing."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from core.sections import Section, section_page
from people.models import Person
from resources import admin_views, importer
from resources.models import ResourcePage
from tests.helpers import main_of, soup_of, visible_text

pytestmark = pytest.mark.django_db

HEADER = "title,type,authors,date,summary,topics,link\n"
GOOD = (
    HEADER + "A Neighbourly Audit,Report,Jo Broadwood; Carnegie UK Trust,2022-03-01,"
    '"What neighbours did, street by street.",Neighbourhoods; Local government,'
    "https://example.org/audit\n"
    '"Kindness, Measured",paper,Wilhelmina Quarry,2023-07-15,,,\n'
)
BAD = (
    HEADER
    + "A Good Row,Report,Jo Broadwood,2022-03-01,,,\n"
    + "A Bad Date,Report,Jo Broadwood,not-a-date,,,\n"
    + "A Bad Type,Podcast,Jo Broadwood,2022-03-01,,,\n"
    + ',Report,,2022-02-30,"a summary\nover two lines",,ftp://example.org\n'
    + "A Good Row,Report,Jo Broadwood,2022-03-01,,,\n"
)


def write(tmp_path, text, name="resources.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_resources", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(path):
    """The problems the command reports for a file it refuses, one per line."""
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_resources", str(path), stdout=io.StringIO(), stderr=err)
    return err.getvalue().splitlines()


def titles():
    return set(ResourcePage.objects.values_list("title", flat=True))


def test_a_good_file_creates_resources_visitors_find(tmp_path, client):
    out, _ = run(write(tmp_path, GOOD))
    assert "Imported 2 resources" in out
    audit = ResourcePage.objects.get(title="A Neighbourly Audit")
    assert audit.live and audit.resource_type.name == "Report"
    assert [a.name for a in audit.authors.all()] == ["Jo Broadwood", "Carnegie UK Trust"]
    # Carnegie UK Trust is the organisation already on the site, not a new person.
    assert audit.authors.all()[1].organisation is not None
    assert sorted(t.name for t in audit.topics.all()) == ["Local government", "Neighbourhoods"]
    assert audit.external_url == "https://example.org/audit"
    page = visible_text(main_of(soup_of(client.get(audit.url))))
    assert "What neighbours did, street by street." in page
    assert Person.objects.filter(name="Wilhelmina Quarry").exists()
    library = section_page(Section.LIBRARY)
    listed = visible_text(main_of(soup_of(client.get(library.url + "?type=paper"))))
    assert "Kindness, Measured" in listed


def test_importing_again_updates_in_place_and_reports_what_changed(tmp_path):
    run(write(tmp_path, GOOD))
    count = ResourcePage.objects.count()
    changed = GOOD.replace("2023-07-15", "2023-07-16")
    out, _ = run(write(tmp_path, changed), "--dry-run")
    assert "line 2: unchanged ‘A Neighbourly Audit’" in out
    assert "line 3: update ‘Kindness, Measured’ (date)" in out
    out, _ = run(write(tmp_path, changed))
    assert ResourcePage.objects.count() == count
    measured = ResourcePage.objects.get(title="Kindness, Measured")
    assert str(measured.publication_date) == "2023-07-16"


def test_a_dry_run_says_what_it_would_do_and_changes_nothing(tmp_path):
    before = titles()
    out, _ = run(write(tmp_path, GOOD), "--dry-run")
    assert "would line 2: create ‘A Neighbourly Audit’" in out
    assert "Dry run: 2 to create, 0 to update, 0 unchanged" in out
    assert titles() == before


def test_every_bad_row_is_named_and_nothing_is_imported(tmp_path):
    before, people = titles(), Person.objects.count()
    assert refused(write(tmp_path, BAD)) == [
        "line 3: date 'not-a-date' is not YYYY-MM-DD",
        "line 4: type 'Podcast' is not one of: Case study, Collection, Paper, Report, Toolkit",
        "line 5: title is empty",
        "line 5: authors is empty: name at least one, separated by ‘;’",
        "line 5: date '2022-02-30' is not a real day",
        "line 5: link 'ftp://example.org' is not a web address (http:// or https://)",
        "line 7: ‘A Good Row’ is also on line 2",
    ]
    assert titles() == before and Person.objects.count() == people


@pytest.mark.parametrize(
    "text, error",
    [
        ("", "the file is empty"),
        ("title,type,authors\n", "line 1: no column 'date'"),
        ("title,type,authors,date,colour\n", "line 1: unknown column 'colour'"),
        (HEADER, "the file has a header but no rows"),
        (HEADER + "Only,Report\n", "line 2: 2 cells where the header has 7"),
    ],
)
def test_a_malformed_file_is_refused_with_a_reason(tmp_path, text, error):
    assert any(error in line for line in refused(write(tmp_path, text)))


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (HEADER + "Café Kindness,Report,Jo Broadwood,2022-03-01,,,\n").encode("latin-1")
    )
    assert "not UTF-8" in refused(path)[0]


def test_a_failure_half_way_leaves_nothing_half_imported(tmp_path, monkeypatch):
    real_save, saved = importer.save, []

    def fail_on_the_second(row, *args):
        if saved:
            raise RuntimeError("the database went away")
        saved.append(real_save(row, *args))
        return saved[-1]

    monkeypatch.setattr(importer, "save", fail_on_the_second)
    before = titles()
    with pytest.raises(RuntimeError):
        run(write(tmp_path, GOOD))
    assert saved, "the first row was saved before the failure"
    assert titles() == before


def test_a_long_import_shows_its_progress(tmp_path):
    rows = "".join(f"Report number {n},Report,Jo Broadwood,2022-03-01,,,\n" for n in range(25))
    _, err = run(write(tmp_path, HEADER + rows), "--draft")
    assert "imported 25/25" in err
    assert not ResourcePage.objects.get(title="Report number 3").live


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_editor_checks_then_imports_a_file_in_the_admin(staff):
    client = signed_in(staff.moderator)
    url = reverse("import_resources")
    form = client.get(url)
    assert form.status_code == 200
    upload = io.BytesIO(GOOD.encode())
    upload.name = "resources.csv"
    checked = client.post(url, {"file": upload, "publish": "on"})
    text = visible_text(soup_of(checked))
    assert "Ready to import: 2 to create, 0 to update, 0 unchanged" in text
    assert "A Neighbourly Audit" not in titles()
    csv_text = soup_of(checked).find("input", attrs={"name": "csv_text"})["value"]
    done = client.post(url, {"csv_text": csv_text, "publish": "on", "confirm": "1"}, follow=True)
    assert "Imported 2 resources" in visible_text(soup_of(done))
    assert ResourcePage.objects.get(title="A Neighbourly Audit").live


def test_the_admin_names_bad_rows_and_imports_nothing(staff):
    client = signed_in(staff.moderator)
    upload = io.BytesIO(BAD.encode())
    upload.name = "bad.csv"
    before = titles()
    response = client.post(reverse("import_resources"), {"file": upload})
    text = visible_text(soup_of(response))
    assert "Nothing was imported: 7 problems to fix" in text
    assert "line 3: date 'not-a-date' is not YYYY-MM-DD" in text
    assert titles() == before


def test_an_editor_who_may_not_publish_imports_drafts(staff):
    client = signed_in(staff.editor)
    form = soup_of(client.get(reverse("import_resources")))
    assert form.find("input", attrs={"name": "publish"}) is None
    client.post(
        reverse("import_resources"),
        {"csv_text": GOOD, "publish": "on", "confirm": "1"},
    )
    assert not ResourcePage.objects.get(title="A Neighbourly Audit").live


def test_visitors_cannot_import(client):
    response = client.get(reverse("import_resources"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_admin_sends_a_file_too_long_for_one_request_to_the_command(staff):
    rows = "".join(
        f"Report number {n},Report,Jo Broadwood,2022-03-01,,,\n"
        for n in range(admin_views.MAX_ROWS + 1)
    )
    response = signed_in(staff.moderator).post(
        reverse("import_resources"), {"csv_text": HEADER + rows}
    )
    text = visible_text(soup_of(response))
    assert f"the admin imports up to {admin_views.MAX_ROWS} at a time" in text
    assert "manage.py import_resources" in text
    assert "Report number 1" not in titles()
