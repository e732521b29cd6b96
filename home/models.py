from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable, Page

from core.cache import PublicPageCacheMixin
from core.kinds import get_kind
from core.models import VietnameseSlugMixin
from home.on_this_day import on_this_day
from movements.models import MovementIndexPage, MovementPage


class HomePage(VietnameseSlugMixin, PublicPageCacheMixin, Page):
    intro = models.TextField("Lời giới thiệu", blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("featured_stories", heading="Gương sáng tiêu điểm", label="Bài tiêu điểm", max_num=4),
    ]
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = "trang chủ"

    def featured(self, limit=4):
        """Hand-picked stories that are live and public, topped up with the newest ones."""
        story_kind = get_kind("story")
        picked_ids = list(self.featured_stories.values_list("story_id", flat=True))
        picked = {p.pk: p for p in story_kind.model.listing_queryset().filter(pk__in=picked_ids)}
        stories = [picked[pk] for pk in picked_ids if pk in picked][:limit]
        if len(stories) < limit:
            stories += list(story_kind.model.listing_queryset().exclude(pk__in=picked)[: limit - len(stories)])
        return stories

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        featured = self.featured()
        context.update(
            featured=featured,
            latest_stories=get_kind("story").model.listing_queryset().exclude(pk__in=[s.pk for s in featured])[:6],
            latest_news=get_kind("news").model.listing_queryset()[:6],
            news_index=get_kind("news").index_model.objects.live().public().first(),
            story_index=get_kind("story").index_model.objects.live().public().first(),
            movement_index=MovementIndexPage.objects.live().public().first(),
            active_movements=MovementPage.objects.live()
            .public()
            .filter(status__in=["active", "revitalising"])
            .select_related("hero_image")
            .prefetch_related("hero_image__renditions")
            .order_by("-launch_date")[:6],
            on_this_day=on_this_day(),
        )
        return context


class HomeFeaturedStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey("exemplars.StoryPage", verbose_name="Bài", on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("story")]

    class Meta(Orderable.Meta):
        verbose_name = "bài nổi bật trên trang chủ"
        verbose_name_plural = "bài nổi bật trên trang chủ"
