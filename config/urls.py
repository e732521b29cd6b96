from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core import health, readership
from core import views as core_views
from core.renditions import image_view
from exemplars.sitemaps import ProfileSitemap
from feeds import ninjs_views
from feeds import views as feeds_views
from search import views as search_views
from search.api import api

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # A rendition not made yet (core.renditions): made when the browser asks for it.
    re_path(r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$", image_view(), name="wagtailimages_serve"),
    path("search/", search_views.search, name="search"),
    path("api/ninjs/", ninjs_views.ninjs_list, name="ninjs-list"),
    path("api/ninjs/<int:page_id>/", ninjs_views.ninjs_detail, name="ninjs-detail"),
    # "Đọc nhiều": the article page's beacon (core.readership), never cached.
    path("api/views/<int:page_id>/", readership.beacon, name="readership-beacon"),
    path("api/speech/", include("core.speech_urls")),  # "Nghe bài viết": the text to read aloud
    path("api/", api.urls),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap, "profiles": ProfileSitemap}}, name="sitemap"),
    path("feeds/", include("feeds.urls")),
    path("sitemap-news.xml", feeds_views.news_sitemap, name="news-sitemap"),
    path("health/", health.health, name="health"),
    path("health/live/", health.live, name="health-live"),
    path("robots.txt", TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA", False):  # development only
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns
    from django.views.static import serve

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT})]

urlpatterns += [
    path("", include("participation.urls")),  # comment forms (never cached)
    path("", include("exemplars.urls")),  # readers' nominations
    path("", include("newsletter.urls")),  # "Nhận bản tin" (never cached)
    path("", include("home.urls")),  # topics, the HTML site map, accessibility, icons
]

urlpatterns += [
    # Wagtail's password form for protected pages, throttled (core.views).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        core_views.authenticate_with_password,
    ),
    path("", include(wagtail_urls)),
]
