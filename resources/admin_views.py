"""Library › Import resources: the CSV importer (resources/importer.py) in the admin.

Upload a file and the page says what importing it would do, or which rows are wrong
and why; nothing is written until the editor confirms. The file's text travels with
the confirmation, so what is imported is exactly what was checked."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from core.sections import Section, section_page
from resources import importer

MAX_FILE_SIZE = 5 * 1024 * 1024
# A resource takes about 0.1 s to create, revise and publish, and the import runs
# inside the request: 200 rows is about 20 s, well inside a server's timeout. Larger
# files go through the command, which has no such limit.
MAX_ROWS = 200


class ImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        required=False,
        help_text="UTF-8, with a header row: title, type, authors, date, summary, topics, "
        "link. Authors and topics are separated by ‘;’. Dates are YYYY-MM-DD.",
    )
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)
    publish = forms.BooleanField(
        label="Publish them", required=False, help_text="Otherwise they are saved as drafts."
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError("The file is larger than 5 MB: split it into several.")
        return upload


def may_import(user):
    library = section_page(Section.LIBRARY)
    return library is not None and library.permissions_for_user(user).can_add_subpage()


def import_resources(request):
    library = section_page(Section.LIBRARY)
    if library is None or not may_import(request.user):
        raise PermissionDenied
    may_publish = library.permissions_for_user(request.user).can_publish_subpage()
    plan = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read() if upload else form.cleaned_data["csv_text"]
        if not data:
            form.add_error("file", "Choose a CSV file to import.")
        else:
            plan = importer.check(data, library)
            if len(plan.rows) > MAX_ROWS:
                plan.errors.append(
                    f"the file has {len(plan.rows):,} rows; the admin imports up to {MAX_ROWS} "
                    "at a time: split the file, or ask a developer to run "
                    "manage.py import_resources with it"
                )
            text = data.decode("utf-8-sig", errors="replace") if isinstance(data, bytes) else data
            if "confirm" in request.POST and not plan.errors:
                publish = may_publish and form.cleaned_data["publish"]
                done = importer.run(plan, library, user=request.user, publish=publish)
                state = "published" if publish else "saved as drafts"
                messages.success(
                    request, f"Imported {len(done)} resources ({plan.outcome}), {state}."
                )
                return redirect(reverse("import_resources"))
            form = ImportForm(initial={"csv_text": text, "publish": form.cleaned_data["publish"]})
    if not may_publish:
        form.fields.pop("publish")
    return TemplateResponse(
        request,
        "resources/admin/import_resources.html",
        {"form": form, "plan": plan, "library": library, "may_publish": may_publish},
    )
