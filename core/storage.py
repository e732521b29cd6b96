"""Private file storage: files that must not be public (readers' nomination photos) live in
settings.PRIVATE_MEDIA_ROOT, outside MEDIA_ROOT, which web servers serve as /media/. They have
no URL; a view that checks permission streams them."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, location=None, **kwargs):
        super().__init__(location=location or settings.PRIVATE_MEDIA_ROOT, **kwargs)

    def url(self, name):
        raise ValueError(f"{name} is private: serve it through a view that checks permission, not a URL")


def private_storage():
    """For FileField(storage=…): the STORAGES["private"] instance (a callable keeps the
    location out of migrations)."""
    from django.core.files.storage import storages

    return storages["private"]
