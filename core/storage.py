"""Where files that must not be public are kept: photos sent with shared stories.

On a private S3 bucket when AWS_PRIVATE_STORAGE_BUCKET_NAME is set (with several app
servers, each must see what any received), else under settings.PRIVATE_MEDIA_ROOT.
No address of the site serves them; staff see them through the admin."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    """A callable, so migrations do not record the choice or the path."""
    if settings.AWS_PRIVATE_STORAGE_BUCKET_NAME:
        from storages.backends.s3 import S3Storage

        return S3Storage(
            **settings.S3_OPTIONS,
            bucket_name=settings.AWS_PRIVATE_STORAGE_BUCKET_NAME,
            querystring_auth=True,  # any address given out expires
            querystring_expire=300,
        )
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
