"""Exemplars' profiles in /sitemap.xml beside the pages (config/urls.py): every profile with a
story readers may see, not the merged ones (their address redirects), dated by that story."""

from django.db.models import Max
from wagtail.contrib.sitemaps import Sitemap

from exemplars import profiles


class ProfileSitemap(Sitemap):
    def items(self):
        from exemplars.models import Exemplar

        return Exemplar.objects.filter(merged_into=None, pk__in=self._visible().values("exemplar")).order_by("slug")

    @staticmethod
    def _visible():
        from exemplars.models import StoryPage

        return StoryPage.objects.visible_to_readers().filter(exemplar__isnull=False)

    def _urls(self, page, protocol, domain):
        updated = dict(self._visible().values_list("exemplar").annotate(latest=Max("last_published_at")))
        urls = [
            {
                "item": exemplar,
                "location": profiles.absolute_url(exemplar, self.request),
                "lastmod": updated.get(exemplar.pk),
            }
            for exemplar in self.paginator.page(page).object_list
        ]
        self.latest_lastmod = max(filter(None, updated.values()), default=None)
        return urls
