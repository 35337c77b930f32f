"""A search request's photo is a file beside its row: it goes when the request goes."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from izdeu.searches.models import SearchRequest


@receiver(post_delete, sender=SearchRequest, dispatch_uid="izdeu.searches.photo_deleted")
def _photo_goes_with_its_request(sender, instance: SearchRequest, **kwargs) -> None:
    if instance.photo:
        storage, name = instance.photo.storage, instance.photo.name
        # Only once the deletion is committed: a rolled-back erasure keeps the request whole.
        transaction.on_commit(lambda: storage.delete(name))
