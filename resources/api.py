"""The open data API: published resources as JSON, so partners can list them on their
own sites (Wagtail's API v2, at /api/v2/; docs/api.md is the partners' guide).

Three read-only endpoints, and nothing else of Wagtail's (no generic pages, images or
documents endpoints, so nothing is published by accident):

- /api/v2/resources/: live, public resource pages, newest first, with their type,
  authors, date, summary, topics, permanent link and documents; filtered by
  `?type=<slug>`, `?topic=<slug>` and `?year=YYYY`;
- /api/v2/resource-types/ and /api/v2/topics/: the slugs those filters take.

A restricted page never appears, not even to someone signed in who may see it: what
partners copy must be public. Answers are the same for everyone, so no one signs in
(no session or password is read) and any site may fetch them from a browser (CORS).
A request the API cannot answer gets a 400 with a message, never a 500."""

import re

from django.db.models import Prefetch
from django.http import Http404
from django.urls import reverse
from rest_framework.fields import Field, SkipField
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from wagtail.api import APIField
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.serializers import BaseSerializer, PageSerializer
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import BaseAPIViewSet, PagesAPIViewSet
from wagtail.models import Site

from core.permalinks import LARGEST_PAGE_ID
from resources.models import ResourceDocument, ResourcePage, ResourceType, Topic

ID = re.compile(r"[0-9]{1,10}")
SLUG = re.compile(r"[-a-zA-Z0-9_]{1,80}")
# Four digits, and not year 0, which dates cannot hold.
YEAR = re.compile(r"[1-9][0-9]{3}")
ORDERINGS = ("publication_date", "title", "first_published_at", "last_published_at")


# -- fields ----------------------------------------------------------------------------


def absolute(request, path):
    # Addresses use the host the partner asked for, as the site's canonical links do.
    return request.build_absolute_uri(path) if path else None


class PageValueField(Field):
    """A read-only value worked out from the whole page (`value(page, request)`)."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, page):
        return self.value(page, self.context["request"])

    def value(self, page, request):
        raise NotImplementedError


class HtmlUrlField(PageValueField):
    def value(self, page, request):
        return absolute(request, page.get_url(request))


class DetailUrlField(Field):
    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        path = self.context["router"].get_object_detail_urlpath(type(instance), instance.pk)
        if path is None:
            raise SkipField
        return absolute(self.context["request"], path)

    def to_representation(self, url):
        return url


class ResourceTypeField(PageValueField):
    def value(self, page, request):
        kind = page.resource_type
        return kind and {"name": kind.name, "plural_name": kind.plural_name, "slug": kind.slug}


class AuthorsField(PageValueField):
    def value(self, page, request):
        return [
            {
                "name": author.name,
                "kind": "person" if author.person_id else "organisation",
                "slug": (author.person or author.organisation).slug,
            }
            for author in page.authors.all()
        ]


class SummaryField(PageValueField):
    def value(self, page, request):
        return page.summary_text


class TopicsField(PageValueField):
    def value(self, page, request):
        return [{"name": topic.name, "slug": topic.slug} for topic in page.topics.all()]


class PermalinkField(PageValueField):
    def value(self, page, request):
        return absolute(request, reverse("permalink", args=[page.pk]))


class DocumentsField(PageValueField):
    def value(self, page, request):
        return [
            {
                "title": document.title,
                "url": absolute(request, document.url),
                "kind": document.kind_label,
                "file_size": document.file_size,
                "page_count": document.page_count,
            }
            for document in (attachment.document for attachment in page.attachments.all())
        ]


class ResourceSerializer(PageSerializer):
    html_url = HtmlUrlField()
    detail_url = DetailUrlField()


class SnippetSerializer(BaseSerializer):
    detail_url = DetailUrlField()


# -- filters and pages of results --------------------------------------------------------


def slug_parameter(request, name, model, what):
    """The object whose slug `?name=` gives, None when the parameter is absent."""
    value = request.GET.get(name)
    if value is None:
        return None
    if not SLUG.fullmatch(value):
        raise BadRequestError(f"{name} must be the slug of a {what}, e.g. {name}=report")
    found = model.objects.filter(slug=value).first()
    if found is None:
        known = ", ".join(model.objects.values_list("slug", flat=True)) or "none yet"
        raise BadRequestError(f"there is no {what} '{value}'; the {what}s are: {known}")
    return found


class ResourceFilter(BaseFilterBackend):
    """?type=<slug>, ?topic=<slug> and ?year=YYYY, which combine."""

    def filter_queryset(self, request, queryset, view):
        resource_type = slug_parameter(request, "type", ResourceType, "resource type")
        if resource_type:
            queryset = queryset.filter(resource_type=resource_type)
        topic = slug_parameter(request, "topic", Topic, "topic")
        if topic:
            queryset = queryset.filter(topics=topic)
        year = request.GET.get("year")
        if year is not None:
            if not YEAR.fullmatch(year):
                raise BadRequestError("year must be a year of four digits, e.g. year=2021")
            queryset = queryset.filter(publication_date__year=int(year))
        return queryset


class ResourceOrdering(BaseFilterBackend):
    """?order=<field> or -<field> (descending); newest first by default."""

    def filter_queryset(self, request, queryset, view):
        order = request.GET.get("order", "-publication_date")
        if order.removeprefix("-") not in ORDERINGS:
            raise BadRequestError(
                "order must be one of " + ", ".join(f"{field}, -{field}" for field in ORDERINGS)
            )
        return queryset.order_by(order, "title", "pk")


class OpenDataPagination(WagtailPagination):
    """Wagtail's ?limit= (at most WAGTAILAPI_LIMIT_MAX) and ?offset=."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        # Past the end there is nothing, and an offset of many digits would overflow
        # the database's integers, so it is not asked.
        if int(request.GET.get("offset", 0)) >= self.total_count:
            return []
        return page


# -- endpoints ---------------------------------------------------------------------------


def is_id(value):
    return bool(ID.fullmatch(str(value))) and int(value) <= LARGEST_PAGE_ID


class OpenDataMixin:
    """What every endpoint of the open data API shares."""

    # Everything here is public: nobody signs in, so no password is ever checked.
    authentication_classes = []
    permission_classes = [AllowAny]
    pagination_class = OpenDataPagination
    # Only these query parameters; anything else is a 400 that says what is allowed.
    known_query_parameters = frozenset(["limit", "offset", "fields", "format", "_"])

    def check_query_parameters(self, queryset):
        unknown = set(self.request.GET) - self.known_query_parameters
        if unknown:
            raise BadRequestError(
                "unknown query parameters: "
                + ", ".join(sorted(unknown))
                + "; this endpoint takes "
                + ", ".join(sorted(self.known_query_parameters - {"_", "format"}))
            )

    def get_object(self):
        # A number too large for any id is not found, rather than overflowing the database.
        if not is_id(self.kwargs["pk"]):
            raise Http404("not found")
        return super().get_object()

    def find_object(self, queryset, request):
        if "id" in request.GET and not is_id(request.GET["id"]):
            return None
        if "\x00" in request.GET.get("html_path", ""):
            return None  # PostgreSQL refuses strings with a null character
        return super().find_object(queryset, request)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # Public data, read without credentials: any site may fetch it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
        return response


class ResourcesAPIViewSet(OpenDataMixin, PagesAPIViewSet):
    name = "resources"
    model = ResourcePage
    base_serializer_class = ResourceSerializer
    filter_backends = [ResourceFilter, ResourceOrdering]
    known_query_parameters = OpenDataMixin.known_query_parameters | {
        "type",
        "topic",
        "year",
        "order",
    }
    body_fields = [
        "id",
        "title",
        APIField("resource_type", serializer=ResourceTypeField()),
        "publication_date",
        APIField("authors", serializer=AuthorsField()),
        APIField("summary", serializer=SummaryField()),
        APIField("topics", serializer=TopicsField()),
        APIField("permalink", serializer=PermalinkField()),
        APIField("documents", serializer=DocumentsField()),
        "external_url",
    ]
    # Wagtail's page facts that say where a resource is and when it changed; not its
    # menu or search settings, its parent or its locale.
    meta_fields = [
        "type",
        "detail_url",
        "html_url",
        "slug",
        "first_published_at",
        "last_published_at",
    ]
    # A listing shows everything about each resource unless ?fields= says otherwise.
    listing_default_fields = [
        "id",
        "type",
        "detail_url",
        "html_url",
        "slug",
        "first_published_at",
        "last_published_at",
        *(field if isinstance(field, str) else field.name for field in body_fields[1:]),
    ]

    @classmethod
    def get_detail_default_fields(cls, model):
        return cls.get_available_fields(model)

    def get_base_queryset(self):
        # Asked for several times per request (Wagtail's view does); the pages under a
        # view restriction are looked up once.
        if not hasattr(self, "_base_queryset"):
            site = Site.find_for_request(self.request)
            self._base_queryset = (
                ResourcePage.objects.live().public().descendant_of(site.root_page)
                if site
                else ResourcePage.objects.none()
            )
        return self._base_queryset

    def get_queryset(self):
        # Everything the fields above read, fetched up front: the number of queries
        # does not grow with the number of resources in the answer.
        return (
            self.get_base_queryset()
            .select_related("resource_type")
            .prefetch_related(
                "authors__person",
                "authors__organisation",
                "topics",
                Prefetch(
                    "attachments", queryset=ResourceDocument.objects.select_related("document")
                ),
            )
            .defer_streamfields()
        )


class ResourceTypesAPIViewSet(OpenDataMixin, BaseAPIViewSet):
    name = "resource-types"
    model = ResourceType
    base_serializer_class = SnippetSerializer
    body_fields = ["id", "name", "plural_name", "slug"]
    listing_default_fields = ["id", "type", "detail_url", "name", "plural_name", "slug"]

    def get_queryset(self):
        return ResourceType.objects.order_by("name", "pk")


class TopicsAPIViewSet(OpenDataMixin, BaseAPIViewSet):
    name = "topics"
    model = Topic
    base_serializer_class = SnippetSerializer
    body_fields = ["id", "name", "slug", "description"]
    listing_default_fields = ["id", "type", "detail_url", "name", "slug", "description"]

    def get_queryset(self):
        return Topic.objects.order_by("name", "pk")


api_router = WagtailAPIRouter("api")
for endpoint in (ResourcesAPIViewSet, ResourceTypesAPIViewSet, TopicsAPIViewSet):
    api_router.register_endpoint(endpoint.name, endpoint)
