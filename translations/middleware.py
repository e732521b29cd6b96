"""Wagtail 8.0.1's admin templates print a few English words without marking them for
translation, so no catalogue can reach them: the screen-reader "Search" button of the dashboard
and header search forms (wagtailadmin/home.html, shared/header.html) and the "Actions" landmark
(shared/headers/_actions.html). This puts in their place the translation, in the language the
page was rendered in (its <html lang>, which follows the editor's own admin language). Drop an
entry once Wagtail marks the string."""

import re

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext, override

UNMARKED = {b'value="Search"': "Search", b'aria-label="Actions"': "Actions"}
HTML_LANG = re.compile(rb"<html[^>]*\blang=\"([\w-]+)\"")


class AdminUnmarkedStringsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and request.path.startswith(reverse("wagtailadmin_home"))
            and any(unmarked in response.content for unmarked in UNMARKED)
        ):
            content = response.content
            lang = HTML_LANG.search(content)
            with override(lang[1].decode() if lang else get_language()):
                for unmarked, msgid in UNMARKED.items():
                    attribute = unmarked.split(b"=")[0]
                    content = content.replace(unmarked, attribute + b'="' + escape(gettext(msgid)).encode() + b'"')
            response.content = content
        return response
