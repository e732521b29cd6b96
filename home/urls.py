"""Mounted at the root (config/urls.py), before Wagtail's page tree."""

from django.urls import path

from home import views

app_name = "home"

urlpatterns = [
    path("chu-de/<slug:slug>/", views.topic, name="topic"),
    path("so-do-trang/", views.sitemap_page, name="sitemap"),
    path("ban-do/", views.map_page, name="map"),
    path("tuyen-bo-ho-tro-tiep-can/", views.accessibility, name="accessibility"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("site.webmanifest", views.webmanifest, name="webmanifest"),
]
