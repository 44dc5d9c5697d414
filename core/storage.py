"""Where files that must not be public are kept (settings.PRIVATE_MEDIA_ROOT)."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    """A storage no URL serves. A callable, so migrations do not record the path."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
