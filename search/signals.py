"""Keeping the search index in step with what a resource is found by.

Wagtail indexes a page when the page is saved, and reads its authors, topics and
attached documents from the database as it does so. Two gaps follow:

- Publishing saves the page first and its inline rows (authors, documents) and topics
  just after, so with tasks run at once (django-tasks' immediate backend, the
  default) the index kept the previous authors and PDFs until the next publish.
  Once publishing is done, the page is indexed again.
- A resource (and an event, a story, a partner page) is also found by the names of
  the people and organisations it credits,
  its topics and the text of its PDFs, which are saved on their own: replacing a
  PDF's file or correcting an author's name left every page that uses them with the
  old words. The pages are indexed again when one of these is saved."""

from django.db.models import Q
from django.db.models.signals import post_save
from wagtail.models import Page
from wagtail.search.tasks import insert_or_update_object_task
from wagtail.signals import page_published

from core.models import SiteDocument
from events.models import EventPage
from people.models import Organisation, Person
from projects.models import PartnerPage
from resources.models import LibraryItem, ResourcePage, StoryPage, Topic


def reindex(page):
    # The same task Wagtail's own save handler enqueues.
    insert_or_update_object_task.enqueue(page._meta.app_label, page._meta.model_name, str(page.pk))


def reindex_published_page(instance, **kwargs):
    reindex(instance)


def reindex_pages_using(instance, raw=False, created=False, **kwargs):
    if raw or created:
        return  # nothing can refer to it yet
    if isinstance(instance, SiteDocument):
        pages = ResourcePage.objects.filter(attachments__document=instance)
    elif isinstance(instance, Topic):
        pages = LibraryItem.objects.filter(topics=instance)
    elif isinstance(instance, Person):
        pages = Page.objects.filter(
            Q(id__in=LibraryItem.objects.filter(authors__person=instance).values("id"))
            | Q(id__in=EventPage.objects.filter(speakers__person=instance).values("id"))
            | Q(id__in=StoryPage.objects.filter(people__person=instance).values("id"))
        )
    else:
        pages = Page.objects.filter(
            Q(id__in=LibraryItem.objects.filter(authors__organisation=instance).values("id"))
            | Q(id__in=PartnerPage.objects.filter(organisation=instance).values("id"))
        )
    for page in pages.distinct().specific():
        reindex(page)


def connect():
    page_published.connect(reindex_published_page, dispatch_uid="search-reindex-published")
    for model in (SiteDocument, Topic, Person, Organisation):
        post_save.connect(
            reindex_pages_using, sender=model, dispatch_uid=f"search-reindex-{model.__name__}"
        )
