"""The ledger that keeps `load_site_content` from repeating itself."""

from django.db import models


class LoadedSeedItem(models.Model):
    """What `load_site_content` has already created, by a stable key. The loader
    never touches an item again once it is here, so an editor's later changes (or
    deletions) survive every re-run."""

    key = models.CharField(max_length=200, unique=True)
    object_id = models.PositiveBigIntegerField(
        null=True, help_text="The primary key of what was created, so later items can refer to it."
    )
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key
