import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.images import get_image_model
from wagtail.permissions import policy_registry
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.sections import Section, section_page
from resources import admin_views, submissions
from resources.models import ResourceType, StorySubmission, Topic


class InUseFilterSet(WagtailFilterSet):
    """Whether anything in the library uses it: what an editor checks before tidying."""

    in_use = django_filters.BooleanFilter(label="Used in the library", method="used")
    used_by = ""  # the reverse relation to the library's items

    def used(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.filter(**{f"{self.used_by}__isnull": not value}).distinct()


class ResourceTypeFilterSet(InUseFilterSet):
    used_by = "resources"

    class Meta:
        model = ResourceType
        fields = ["schema_type"]


class TopicFilterSet(InUseFilterSet):
    used_by = "library_items"

    class Meta:
        model = Topic
        fields = []


class ResourceTypeViewSet(SnippetViewSet):
    model = ResourceType
    icon = "tag"
    menu_label = "Resource types"
    list_display = ["name", "plural_name", "slug", "schema_type", "colour"]
    filterset_class = ResourceTypeFilterSet
    list_export = ["name", "plural_name", "slug", "schema_type", "colour"]
    search_fields = ["name", "plural_name"]
    search_backend_name = None  # not in the search index: the database searches it


class TopicViewSet(SnippetViewSet):
    model = Topic
    icon = "folder-open-inverse"
    menu_label = "Topics"
    list_display = ["name", "slug"]
    filterset_class = TopicFilterSet
    list_export = ["name", "slug", "description"]
    search_fields = ["name"]


class LibraryGroup(SnippetViewSetGroup):
    """What the library's resources are classified by, under one menu item."""

    items = (ResourceTypeViewSet, TopicViewSet)
    menu_icon = "tag"
    menu_label = "Library"
    menu_name = "library"
    menu_order = 210
    submenu_hook = "register_library_menu_item"


register_snippet(LibraryGroup)


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return admin_views.may_import(request.user)


@hooks.register("register_library_menu_item")
def import_resources_menu_item():
    return ImportMenuItem(
        "Import resources", reverse("import_resources"), icon_name="upload", order=10
    )


@hooks.register("register_admin_urls")
def import_resources_url():
    return [path("import-resources/", admin_views.import_resources, name="import_resources")]


class StorySubmissionViewSet(ModelViewSet):
    """Stories visitors shared (/stories/share/): read, searched by name or email (to
    delete someone's data when they ask), and made into a draft story page in one step
    from a story's page here."""

    model = StorySubmission
    icon = "openquote"
    menu_label = "Shared stories"
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["received_at", "teller", "place", "opening", "status", "may_publish"]
    list_filter = ["status", "consent_to_publish", "consent_to_contact"]
    list_export = [
        "received_at",
        "name",
        "anonymous",
        "email",
        "place",
        "story",
        "consent_to_publish",
        "consent_to_contact",
        "status",
    ]
    search_fields = ["name", "email", "place", "story"]
    search_backend_name = None  # the database's own search: every field, no index to keep
    inspect_view_enabled = True
    inspect_template_name = "resources/admin/shared_story.html"
    edit_template_name = "resources/admin/shared_story_edit.html"
    # The consents are the teller's word: shown, never changed by staff.
    form_fields = ["status", "name", "anonymous", "email", "place", "story"]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/make-story/", self.make_story_view, name="make_story"),
            path("<int:pk>/photo/", self.photo_view, name="photo"),
        ]

    def make_story_view(self, request, pk):
        submission = get_object_or_404(StorySubmission, pk=pk)
        back = reverse(self.get_url_name("inspect"), args=[pk])
        if request.method != "POST":
            return redirect(back)
        stories_page = section_page(Section.STORIES)
        may = (
            # Shared stories are read by those allowed to handle them, not by every
            # editor who can add a page.
            self.permission_policy.user_has_permission(request.user, "change")
            and stories_page is not None
            and stories_page.permissions_for_user(request.user).can_add_subpage()
            and policy_registry.get_by_type(get_image_model()).user_has_permission(
                request.user, "add"
            )
        )
        if not may:
            raise PermissionDenied
        try:
            page = submissions.make_story(submission, stories_page, request.user)
        except submissions.CannotPublish as reason:
            messages.error(request, str(reason))
            return redirect(back)
        messages.success(
            request,
            "A draft story page was made from this story. Check it, give its photo alt "
            "text, then publish it.",
        )
        return redirect("wagtailadmin_pages:edit", page.pk)

    def photo_view(self, request, pk):
        """The photo sent with a story, to staff who may see shared stories: it is
        kept where no public address reaches it."""
        if not self.permission_policy.user_has_permission(request.user, "view"):
            raise PermissionDenied
        submission = get_object_or_404(StorySubmission, pk=pk)
        if not submission.photo:
            raise Http404("No photo was sent with this story.")
        try:
            return FileResponse(submission.photo.open("rb"))
        except FileNotFoundError:
            raise Http404("The photo sent with this story is missing from storage.") from None


@hooks.register("register_admin_viewset")
def register_shared_stories():
    return StorySubmissionViewSet("shared_stories")
