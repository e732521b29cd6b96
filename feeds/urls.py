"""Mounted at /feeds/ (config/urls.py); /sitemap-news.xml is mounted at the root there."""

from django.urls import path, re_path

from feeds import views

app_name = "feeds"

urlpatterns = [
    path("", views.partners_page, name="index"),
    re_path(r"^(?P<group>kinds|movements|localities|topics)/$", views.vocabulary, name="vocabulary"),
    re_path(
        r"^(?P<path>[-\w]+|movements/[-\w]+|localities/[-\w]+|topics/[-\w]+|exemplars/[-\w]+)\.(?P<fmt>rss|atom|json)$",
        views.feed,
        name="feed",
    ),
]
