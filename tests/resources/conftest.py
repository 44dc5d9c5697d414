"""What several of the library's test modules share."""

import pytest

from resources.models import ResourcePage, Topic


@pytest.fixture
def topics(site_tree):
    """Two topics: the first resource is about both, the other about the second."""
    loneliness = Topic.objects.create(name="Loneliness", slug="loneliness")
    councils = Topic.objects.create(name="Local government", slug="local-government")
    # Fresh copies: the pages site_tree holds are shared by the whole module.
    for page, about in [
        (site_tree.resource, [loneliness, councils]),
        (site_tree.other_resource, [councils]),
    ]:
        page = ResourcePage.objects.get(pk=page.pk)
        page.topics.set(about)
        page.save()
    return loneliness, councils
