"""'Cite this' on papers, reports and case studies: the APA and Harvard references a
reader copies, the BibTeX and RIS files a reference manager imports (read back with
pybtex and rispy, as those programs would), the Google Scholar meta tags and the
schema.org JSON-LD; and nothing of it on a toolkit, nor an error on odd data."""

import datetime as dt
import io
import json
import re

import pytest
import rispy
from django.core.files.base import ContentFile
from django.utils import timezone
from pybtex.database import parse_string
from pypdf import PdfWriter

from core.models import SiteDocument
from resources import citations
from resources.models import ResourceDocument
from tests import factories as f
from tests.helpers import (
    LONDON,
    assert_page_basics,
    main_of,
    soup_of,
    uk_date,
    visible_text,
)

pytestmark = pytest.mark.django_db

HOST = "http://testserver"


def today_in_london():
    return uk_date(timezone.now().astimezone(LONDON).date())


def cite_section(soup):
    return main_of(soup).find("section", class_="cite")


def reference(soup, style):
    """A reference exactly as the copy button copies it (site.js: its trimmed text content)."""
    return main_of(soup).find(id=f"cite-{style}").get_text().strip()


def meta(soup, name):
    return [tag["content"] for tag in soup.find_all("meta", attrs={"name": name})]


def json_ld(soup):
    return json.loads(soup.find("script", type="application/ld+json").string)


def download(client, page, route):
    return client.get(f"{page.url}cite/{route}/")


def parse_bibtex(text):
    entries = parse_string(text, "bibtex").entries
    assert len(entries) == 1
    return next(iter(entries.values()))


def parse_ris(text):
    records = rispy.loads(text)
    assert len(records) == 1
    return records[0]


def add_authors(page, *authors):
    for order, author in enumerate(authors):
        if isinstance(author, str):
            f.ResourceAuthorFactory(
                page=page,
                person=None,
                organisation=f.OrganisationFactory(name=author),
                sort_order=order,
            )
        else:
            f.ResourceAuthorFactory(page=page, person=author, sort_order=order)
    return page


@pytest.fixture
def report(site_tree):
    """A report by three people, one with a two-word family name."""
    t = site_tree
    page = f.ResourcePageFactory(
        parent=t.resources,
        title="Kindness, Emotions, and Human Relationships: The blind spot in public policy",
        introduction="Why kindness matters to public policy.",
        resource_type=t.report,
        publication_date=dt.date(2020, 10, 27),
    )
    return add_authors(
        page,
        f.PersonFactory(name="Rhiannon Lloyd Evans", family_name="Lloyd Evans"),
        f.PersonFactory(name="Tom Byrne"),
        f.PersonFactory(name="Grace Obi"),
    )


# -- what a reader sees ---------------------------------------------------------------


def test_a_paper_offers_apa_and_harvard_references_to_copy(client, site_tree):
    t = site_tree
    soup = assert_page_basics(client.get(t.resource.url), title=t.resource.title)
    section = cite_section(soup)
    assert section is not None
    # Closed until asked for, and titled as a section of its own under the page's h1.
    summary = section.find("details").find("summary")
    assert visible_text(summary) == "Cite this"
    assert summary.find("h2") is not None
    assert [visible_text(h) for h in section.find_all("h3")] == [
        "APA (7th edition)",
        "Harvard (Cite Them Right)",
        "For your reference manager",
    ]
    url = f"{HOST}/r/{t.resource.pk}/"  # the permanent link, which survives renames
    assert reference(soup, "apa") == (
        "Khan, A., & Kindness Research Trust. (2021). Cultivating Radical Kindness. "
        f"The Belong Network. {url}"
    )
    assert reference(soup, "harvard") == (
        "Khan, A. and Kindness Research Trust (2021) Cultivating Radical Kindness. "
        f"The Belong Network. Available at: {url} (Accessed: {today_in_london()})."
    )
    # Titles in italics, as both styles set them.
    for style in ("apa", "harvard"):
        assert visible_text(main_of(soup).find(id=f"cite-{style}").find("i")) == t.resource.title


def test_copy_buttons_follow_the_site_convention(client, site_tree):
    soup = soup_of(client.get(site_tree.resource.url))
    section = cite_section(soup)
    buttons = {b["data-copy"]: b for b in section.find_all("button", class_="copy-button")}
    assert set(buttons) == {"#cite-apa", "#cite-harvard"}
    assert visible_text(buttons["#cite-apa"]) == "Copy APA citation"
    assert visible_text(buttons["#cite-harvard"]) == "Copy Harvard citation"
    for target, button in buttons.items():
        assert button["type"] == "button"
        assert button.has_attr("hidden")  # site.js shows it where copying works
        assert section.select_one(target) is not None


def test_cite_this_comes_after_the_body(client, site_tree):
    article = main_of(soup_of(client.get(site_tree.resource.url))).find("article")
    last = article.find_all(recursive=False)[-1]
    assert "cite" in last["class"]


def test_the_access_date_is_todays_date_in_london(client, site_tree, monkeypatch):
    # 23:30 UTC on 30 June is already 1 July in London (BST).
    moment = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    soup = soup_of(client.get(site_tree.resource.url))
    assert reference(soup, "harvard").endswith("(Accessed: 1 July 2026).")
    bib = parse_bibtex(download(client, site_tree.resource, "bibtex").content.decode())
    assert bib.fields["urldate"] == "2026-07-01"
    assert (
        parse_ris(download(client, site_tree.resource, "ris").content.decode())["access_date"]
        == "2026/07/01"
    )


def test_a_multi_author_report_field_by_field(client, report):
    url = f"{HOST}/r/{report.pk}/"
    title = report.title
    soup = soup_of(client.get(report.url))

    assert reference(soup, "apa") == (
        f"Lloyd Evans, R., Byrne, T., & Obi, G. (2020). {title}. The Belong Network. {url}"
    )
    assert reference(soup, "harvard") == (
        f"Lloyd Evans, R., Byrne, T. and Obi, G. (2020) {title}. The Belong Network. "
        f"Available at: {url} (Accessed: {today_in_london()})."
    )

    response = download(client, report, "bibtex")
    entry = parse_bibtex(response.content.decode())
    assert entry.type == "techreport"
    authors = entry.persons["author"]
    assert [" ".join(p.last_names) for p in authors] == ["Lloyd Evans", "Byrne", "Obi"]
    assert [" ".join(p.first_names) for p in authors] == ["Rhiannon", "Tom", "Grace"]
    # An extra pair of braces keeps the title's capitals in any BibTeX style.
    assert entry.fields["title"] == "{" + title + "}"
    assert entry.fields["institution"] == "The Belong Network"
    assert entry.fields["type"] == "Report"
    assert entry.fields["year"] == "2020"
    assert entry.fields["month"] == "October"  # the `oct` macro
    assert entry.fields["url"] == url
    assert entry.fields["abstract"] == "Why kindness matters to public policy."

    response = download(client, report, "ris")
    record = parse_ris(response.content.decode())
    assert record["type_of_reference"] == "RPRT"
    assert record["authors"] == ["Lloyd Evans, Rhiannon", "Byrne, Tom", "Obi, Grace"]
    assert record["title"] == title
    assert record["year"] == "2020"
    assert record["date"] == "2020/10/27"
    assert record["publisher"] == "The Belong Network"
    assert record["type_of_work"] == "Report"
    assert record["urls"] == [url]
    assert record["abstract"] == "Why kindness matters to public policy."


def test_the_ris_file_is_one_tag_a_line(client, report):
    text = download(client, report, "ris").content.decode()
    lines = text.split("\r\n")
    assert lines[0] == "TY  - RPRT"
    assert lines[-2:] == ["ER  - ", ""]
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in lines[:-1]), lines
    assert "\n" not in text.replace("\r\n", "")


def test_the_downloads_are_files_named_after_the_page(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.resource.url))
    links = {visible_text(a): a for a in cite_section(soup).find_all("a")}
    bib_link = links["Download BibTeX citation of Cultivating Radical Kindness"]
    ris_link = links["Download RIS citation of Cultivating Radical Kindness"]
    assert bib_link.has_attr("download") and ris_link.has_attr("download")

    response = client.get(bib_link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="cultivating-radical-kindness.bib"'
    )
    assert response.content.decode().startswith("@techreport{khan2021cultivating,")

    response = client.get(ris_link["href"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert (
        response["Content-Disposition"] == 'attachment; filename="cultivating-radical-kindness.ris"'
    )
    assert response["X-Robots-Tag"] == "noindex"


# -- what search engines and reference managers read ----------------------------------


def test_google_scholar_meta_tags(client, site_tree):
    t = site_tree
    soup = soup_of(client.get(t.resource.url))
    assert meta(soup, "citation_title") == ["Cultivating Radical Kindness"]
    assert meta(soup, "citation_author") == ["Khan, Amira", "Kindness Research Trust"]
    assert meta(soup, "citation_publication_date") == ["2021/05/17"]
    assert meta(soup, "citation_publisher") == ["The Belong Network"]
    assert meta(soup, "citation_technical_report_institution") == ["The Belong Network"]
    assert meta(soup, "citation_abstract_html_url") == [f"{HOST}{t.resource.url}"]
    # Its main button goes to the publisher's site, so there is no PDF to point at.
    assert meta(soup, "citation_pdf_url") == []
    # The tags sit in the head, where Scholar reads them.
    assert soup.head.find("meta", attrs={"name": "citation_title"}) is not None


def test_a_pdf_main_button_is_named_to_scholar_and_in_the_ris_file(client, report):
    buffer = io.BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    document = SiteDocument.objects.create(
        title="The report (PDF)", file=ContentFile(buffer.getvalue(), name="kindness-report.pdf")
    )
    ResourceDocument.objects.create(page=report, document=document, sort_order=0)
    report.read_action = "document"
    report.save()

    soup = soup_of(client.get(report.url))
    pdf_url = f"{HOST}{document.url}"
    assert meta(soup, "citation_pdf_url") == [pdf_url]
    assert (
        parse_ris(download(client, report, "ris").content.decode())["file_attachments1"] == pdf_url
    )


def test_json_ld_names_every_author_the_date_the_publisher_and_the_funder(client, site_tree):
    data = json_ld(soup_of(client.get(site_tree.resource.url)))
    assert data["@type"] == "ScholarlyArticle"
    assert data["author"] == [
        {"@type": "Person", "name": "Amira Khan", "familyName": "Khan", "givenName": "Amira"},
        {"@type": "Organization", "name": "Kindness Research Trust"},
    ]
    assert data["datePublished"] == "2021-05-17"
    assert data["publisher"] == {"@type": "Organization", "name": "The Belong Network"}
    assert data["funder"] == [{"@type": "Organization", "name": "Test Funders' Trust"}]


def test_json_ld_of_a_report_keeps_honours_apart(client, site_tree):
    data = json_ld(soup_of(client.get(site_tree.other_resource.url)))
    assert data["@type"] == "Report"
    assert data["author"][0] == {
        "@type": "Person",
        "name": "Morag Stewart",
        "familyName": "Stewart",
        "givenName": "Morag",
        "honorificSuffix": "CBE",
    }
    assert "funder" not in data  # it belongs to no project


def test_honours_stay_out_of_references(client, site_tree):
    soup = soup_of(client.get(site_tree.other_resource.url))
    assert reference(soup, "apa").startswith("Stewart, M., & Test Funders' Trust. (2020).")
    assert "CBE" not in visible_text(cite_section(soup))


def test_an_editor_can_name_another_publisher(client, report):
    report.publisher = "Carnegie UK Trust"
    report.save()
    soup = soup_of(client.get(report.url))
    assert ". Carnegie UK Trust. http" in reference(soup, "apa")
    assert ". Carnegie UK Trust. Available at:" in reference(soup, "harvard")
    assert meta(soup, "citation_publisher") == ["Carnegie UK Trust"]
    assert json_ld(soup)["publisher"] == {"@type": "Organization", "name": "Carnegie UK Trust"}
    assert (
        parse_bibtex(download(client, report, "bibtex").content.decode()).fields["institution"]
        == "Carnegie UK Trust"
    )


def test_an_organisation_that_publishes_its_own_work_is_not_named_twice_in_apa(client, site_tree):
    page = add_authors(
        f.ResourcePageFactory(
            parent=site_tree.resources,
            title="A Case Study on Kindness",
            resource_type=site_tree.report,
        ),
        "The Belong Network",
    )
    soup = soup_of(client.get(page.url))
    assert (
        reference(soup, "apa")
        == f"The Belong Network. (2021). A Case Study on Kindness. {HOST}/r/{page.pk}/"
    )


# -- only what people cite --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["toolkit", "none"])
def test_a_toolkit_or_an_untyped_resource_offers_no_citation(client, site_tree, kind):
    resource_type = (
        f.ResourceTypeFactory(name="Toolkit", plural_name="Toolkits", slug="toolkit")
        if kind == "toolkit"
        else None
    )
    page = add_authors(
        f.ResourcePageFactory(
            parent=site_tree.resources, title="Kindness Week Toolkit", resource_type=resource_type
        ),
        f.PersonFactory(name="Sam Toolmaker"),
    )
    if resource_type:
        assert resource_type.schema_type == "CreativeWork"
    response = client.get(page.url)
    soup = assert_page_basics(response, title="Kindness Week Toolkit")
    assert cite_section(soup) is None
    assert "Cite this" not in visible_text(main_of(soup))
    assert soup.find("meta", attrs={"name": re.compile("^citation_")}) is None
    assert download(client, page, "bibtex").status_code == 404
    assert download(client, page, "ris").status_code == 404


# -- odd data ------------------------------------------------------------------------------


def test_a_resource_without_authors_is_cited_to_its_publisher(client, site_tree):
    page = f.ResourcePageFactory(
        parent=site_tree.resources, title="Anonymous Findings", resource_type=site_tree.report
    )
    soup = assert_page_basics(client.get(page.url), title="Anonymous Findings")
    url = f"{HOST}/r/{page.pk}/"
    assert reference(soup, "apa") == f"The Belong Network. (2021). Anonymous Findings. {url}"
    assert reference(soup, "harvard").startswith(
        "The Belong Network (2021) Anonymous Findings. The Belong Network."
    )
    assert meta(soup, "citation_author") == ["The Belong Network"]
    assert json_ld(soup)["publisher"]["name"] == "The Belong Network"
    assert "author" not in json_ld(soup)  # nobody is claimed as its author
    entry = parse_bibtex(download(client, page, "bibtex").content.decode())
    assert [str(p) for p in entry.persons["author"]] == ["{The Belong Network}"]
    assert parse_ris(download(client, page, "ris").content.decode())["authors"] == [
        "The Belong Network"
    ]


def test_unicode_names_and_special_characters_survive_every_format(client, site_tree):
    title = "{Care} & 100% of $5 #together_now ~ ^ \\ <b>: what is kindness?"
    page = add_authors(
        f.ResourcePageFactory(
            parent=site_tree.resources, title=title, resource_type=site_tree.report
        ),
        f.PersonFactory(name="Zoë Ünal"),
        f.PersonFactory(name="Seán O'Brien-Çelik"),
        f.PersonFactory(name="Wang Xiaoming", family_name="Wang"),
        "Arts and Kindness, Ltd",
    )
    response = client.get(page.url)
    soup = assert_page_basics(response, title=title)
    apa_text = reference(soup, "apa")
    # A title ending in its own question mark takes no full stop after it.
    assert apa_text.startswith(
        f"Ünal, Z., O'Brien-Çelik, S., Wang, X., & Arts and Kindness, Ltd. (2021). {title} "
        "The Belong Network. http"
    )
    assert "?." not in apa_text and "?." not in reference(soup, "harvard")
    # The copy text is what the reader sees; markup in a title is text, not markup.
    assert main_of(soup).find(id="cite-apa").find("b") is None
    assert "<b>" in reference(soup, "apa")
    assert reference(soup, "harvard").startswith(f"Ünal, Z. et al. (2021) {title} The Belong")

    bib = download(client, page, "bibtex")
    assert bib.status_code == 200
    text = bib.content.decode()
    entry = parse_bibtex(text)  # balanced braces, or pybtex would refuse it
    assert entry.fields["title"] == (
        r"{\textbraceleft{}Care\textbraceright{} \& 100\% of \$5 \#together\_now "
        r"\textasciitilde{} \textasciicircum{} \textbackslash{} \textless{}b\textgreater{}: "
        r"what is kindness?}"
    )
    authors = entry.persons["author"]
    assert [str(p) for p in authors] == [
        r"{\"U}nal, Zo{\"e}",
        r"O'Brien-{\c{C}}elik, Se{\'a}n",
        "Wang, Xiaoming",
        "{Arts and Kindness, Ltd}",
    ]
    assert len(authors) == 4  # the organisation's "and" and comma did not split it

    record = parse_ris(download(client, page, "ris").content.decode())
    assert record["title"] == title
    assert record["authors"] == [
        "Ünal, Zoë",
        "O'Brien-Çelik, Seán",
        "Wang, Xiaoming",
        "Arts and Kindness, Ltd",
    ]
    assert meta(soup, "citation_author")[0] == "Ünal, Zoë"


def test_line_breaks_in_a_summary_cannot_add_ris_tags(client, site_tree):
    page = add_authors(
        f.ResourcePageFactory(
            parent=site_tree.resources,
            title="Line breaks",
            resource_type=site_tree.report,
            introduction="First line\r\nER  - \nTY  - JOUR",
        ),
        f.PersonFactory(name="Ada Lines"),
    )
    text = download(client, page, "ris").content.decode()
    assert text.count("TY  - ") == 1 and text.count("ER  - ") == 1
    assert parse_ris(text)["abstract"] == "First line ER - TY - JOUR"


def test_a_one_word_name_and_a_unicode_address(client, site_tree):
    page = add_authors(
        f.ResourcePageFactory(
            parent=site_tree.resources,
            title="Caredig",
            slug="caredig-ŵyl",
            resource_type=site_tree.report,
        ),
        f.PersonFactory(name="Madonna"),
    )
    response = client.get(page.url)
    assert response.status_code == 200
    assert reference(soup_of(response), "apa").startswith("Madonna. (2021). Caredig.")
    response = download(client, page, "bibtex")
    assert response.status_code == 200
    # A non-ASCII file name is given the RFC 6266 way.
    assert "filename*=utf-8''caredig-%C5%B5yl.bib" in response["Content-Disposition"]
    # The address cited is the permanent link, ASCII whatever the page's slug.
    assert parse_bibtex(response.content.decode()).fields["url"] == f"{HOST}/r/{page.pk}/"


# -- the rules of each style (resources/citations.py) ----------------------------------


def work(*authors, title="Cultivating Radical Kindness"):
    return citations.Work(
        title=title,
        authors=tuple(authors),
        publisher="The Belong Network",
        date=dt.date(2021, 5, 17),
        url="https://example.org/r/",
    )


person, organisation = citations.Contributor.person, citations.Contributor.organisation
ACCESSED = dt.date(2026, 11, 30)


@pytest.mark.parametrize(
    ("authors", "apa", "harvard"),
    [
        ([person("Jo Broadwood")], "Broadwood, J.", "Broadwood, J."),
        (
            [person("Jo Broadwood"), person("Christine Cox")],
            "Broadwood, J., & Cox, C.",
            "Broadwood, J. and Cox, C.",
        ),
        (
            [
                person("Jean-Paul Mary Sartre"),
                organisation("Carnegie UK Trust"),
                person("Jo Broadwood"),
            ],
            "Sartre, J.-P. M., Carnegie UK Trust, & Broadwood, J.",
            "Sartre, J.-P.M., Carnegie UK Trust and Broadwood, J.",
        ),
        (
            [person(f"Given Family{n}") for n in range(1, 5)],
            "Family1, G., Family2, G., Family3, G., & Family4, G.",
            "Family1, G. et al.",
        ),
        ([organisation("Carnegie UK Trust")], "Carnegie UK Trust.", "Carnegie UK Trust"),
    ],
    ids=["one", "two", "three", "four", "organisation"],
)
def test_author_lists(authors, apa, harvard):
    assert citations.apa(work(*authors)).text.startswith(
        f"{apa} (2021). Cultivating Radical Kindness. "
    )
    assert citations.harvard(work(*authors), ACCESSED).text.startswith(
        f"{harvard} (2021) Cultivating Radical Kindness. "
    )


def test_apa_names_nineteen_authors_then_the_last():
    authors = [person(f"Given Family{n}") for n in range(1, 23)]
    text = citations.apa(work(*authors)).text
    assert text.startswith(
        ", ".join(f"Family{n}, G." for n in range(1, 20)) + ", . . . Family22, G. (2021)."
    )
    assert "&" not in text


def test_harvard_sets_et_al_in_italics():
    html = citations.harvard(work(*[person(f"Given Family{n}") for n in range(4)]), ACCESSED).html
    assert html.startswith("Family0, G. <i>et al.</i> (2021) <i>Cultivating Radical Kindness</i>.")


def test_blank_names_are_left_out_and_the_publisher_credited():
    blank = work(person(" \n "), organisation(""))
    assert citations.apa(blank).text == (
        "The Belong Network. (2021). Cultivating Radical Kindness. https://example.org/r/"
    )
    assert citations.harvard(blank, ACCESSED).text.startswith("The Belong Network (2021) Cultiv")


@pytest.mark.parametrize(
    ("name", "family_name", "family", "given"),
    [
        ("Jo Broadwood", "", "Broadwood", "Jo"),
        ("Kaya Davies Hayon", "Davies Hayon", "Davies Hayon", "Kaya"),
        ("Wang Xiaoming", "Wang", "Wang", "Xiaoming"),  # family name first
        ("Madonna", "", "Madonna", ""),
        ("Jo B.", "Broadwood", "Broadwood", "Jo"),  # a family name the name abbreviates
    ],
)
def test_a_persons_family_name_defaults_to_the_last_word(name, family_name, family, given):
    contributor = person(name, family_name)
    assert (contributor.family, contributor.given) == (family, given)
