"""Publishing events → index updates. Scheduled go-live publishes through the same signal."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from search import indexing
from search.sync import mark as _mirror


def _published(sender, instance, **kwargs):
    indexing.index_page(instance)
    _mirror([instance.pk])


def _unpublished(sender, instance, **kwargs):
    indexing.remove_pages([instance.pk])
    _mirror([instance.pk])


def _deleted(sender, instance, **kwargs):
    indexing.remove_pages([instance.pk])
    _mirror([instance.pk])


def _moved(sender, instance, **kwargs):
    _mirror(indexing.index_subtree(instance))


def _restriction_changed(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        _mirror(indexing.index_subtree(page))


def connect():
    page_published.connect(_published, dispatch_uid="search-index-published")
    page_unpublished.connect(_unpublished, dispatch_uid="search-index-unpublished")
    post_delete.connect(_deleted, sender=Page, dispatch_uid="search-index-deleted")
    post_page_move.connect(_moved, dispatch_uid="search-index-moved")
    post_save.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-index-restricted")
    post_delete.connect(_restriction_changed, sender=PageViewRestriction, dispatch_uid="search-index-unrestricted")
