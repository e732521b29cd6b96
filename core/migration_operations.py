"""Data steps that content apps' migrations share."""


def move_tags_and_related_links(app_label: str, page_model: str, tag_model: str, link_model: str):
    """A RunPython function: copy a kind's own tag and related-link rows into core.ArticleTag and
    core.RelatedPageLink (the base article's), and drop the old rows' ids from its stored
    revisions (those ids mean nothing in the new tables; a revision published later recreates its
    rows)."""

    def forwards(apps, schema_editor):
        ArticleTag = apps.get_model("core", "ArticleTag")
        RelatedPageLink = apps.get_model("core", "RelatedPageLink")
        old_tags = apps.get_model(app_label, tag_model).objects.order_by("pk")
        old_links = apps.get_model(app_label, link_model).objects.order_by("pk")
        ArticleTag.objects.bulk_create(
            ArticleTag(content_object_id=t.content_object_id, tag_id=t.tag_id) for t in old_tags
        )
        RelatedPageLink.objects.bulk_create(
            RelatedPageLink(source_page_id=link.source_page_id, page_id=link.page_id, sort_order=link.sort_order)
            for link in old_links
        )
        ContentType = apps.get_model("contenttypes", "ContentType")
        Revision = apps.get_model("wagtailcore", "Revision")
        content_type = ContentType.objects.filter(app_label=app_label, model=page_model).first()
        if content_type is None:
            return
        for revision in Revision.objects.filter(content_type=content_type).iterator():
            items = [item for key in ("tagged_items", "related_links") for item in revision.content.get(key) or []]
            if any(item.get("pk") is not None for item in items):
                for item in items:
                    item["pk"] = None
                revision.save(update_fields=["content"])

    return forwards
