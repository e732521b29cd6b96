"""Topics: the tags editors put on articles, each with its page (/chu-de/<slug>/) and feed.

A tag's slug is its address, so it follows the site's slug rule (đ → d, no accents) rather than
taggit's default, which keeps Vietnamese letters ("xóa-mù-chữ") or, told to strip them without
the unidecode package, drops them ("xa-m-ch")."""

from django.core.paginator import Paginator
from django.utils import timezone
from taggit.models import Tag

from core.kinds import all_kinds
from core.models import ArticleTag
from core.text import vi_slugify

TOPIC_PAGE_SIZE = 12


def unique_topic_slug(name: str, pk=None) -> str:
    base = vi_slugify(name) or "chu-de"
    taken = set(Tag.objects.filter(slug__startswith=base).exclude(pk=pk).values_list("slug", flat=True))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def set_topic_slug(sender, instance, **kwargs) -> None:
    """pre_save of taggit's Tag: a new tag, or one renamed in the admin, gets the site's slug."""
    if not instance.slug or instance.slug != vi_slugify(instance.slug):
        instance.slug = unique_topic_slug(instance.name, instance.pk)


def tagged_articles(tag, now=None) -> list[tuple]:
    """(published_at, pk, model) of every article readers may see under `tag`, newest first,
    across kinds: the keys only, so that a page of them is loaded whole afterwards."""
    now = now or timezone.now()
    tagged = ArticleTag.objects.filter(tag=tag).values("content_object_id")
    keys = []
    for kind in all_kinds():
        rows = kind.model.objects.visible_to_readers(now).filter(pk__in=tagged).values_list("published_at", "pk")
        keys.extend((when, pk, kind.model) for when, pk in rows)
    keys.sort(key=lambda row: (row[0], row[1]), reverse=True)
    return keys


def load_articles(keys) -> list:
    """The pages of `keys`, in their order, with what a card needs."""
    by_model = {}
    for _, pk, model in keys:
        by_model.setdefault(model, []).append(pk)
    loaded = {}
    for model, pks in by_model.items():
        loaded.update((page.pk, page) for page in model.listing_queryset().filter(pk__in=pks))
    return [loaded[pk] for _, pk, _ in keys if pk in loaded]


def topic_page(tag, number):
    """The Paginator page `number` (clamped, as Wagtail's listings do) of the topic's articles."""
    page_obj = Paginator(tagged_articles(tag), TOPIC_PAGE_SIZE).get_page(number)
    page_obj.object_list = load_articles(page_obj.object_list)
    return page_obj


def topics_in_use(now=None) -> set[int]:
    """The ids of the tags on at least one article readers may see."""
    now = now or timezone.now()
    found = set()
    for kind in all_kinds():
        visible = kind.model.objects.visible_to_readers(now).values("pk")
        found.update(ArticleTag.objects.filter(content_object_id__in=visible).values_list("tag_id", flat=True))
    return found
