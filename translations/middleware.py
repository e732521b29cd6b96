"""Wagtail 8.0.1's admin templates print a few English words without marking them for
translation, so no catalogue can reach them: the screen-reader "Search" button of the dashboard,
header and chooser search forms (wagtailadmin/home.html, shared/header.html, the choosers'
search form) and the "Actions" landmark (shared/headers/_actions.html). This puts in their place
the translation, in the language the page was rendered in: its <html lang>, or for a chooser
(JSON carrying the modal's HTML) the editor's own admin language. Drop an entry once Wagtail
marks the string."""

import json
import re

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language, gettext, override

UNMARKED = {b'value="Search"': "Search", b'aria-label="Actions"': "Actions"}
HTML_LANG = re.compile(rb"<html[^>]*\blang=\"([\w-]+)\"")


def _editor_language(request):
    profile = getattr(getattr(request, "user", None), "wagtail_userprofile", None)
    return profile.get_preferred_language() if profile is not None else get_language()


def _replace(content, quote=b'"'):
    """content with each unmarked attribute translated; quote is b'\\"' inside a JSON string."""
    for unmarked, msgid in UNMARKED.items():
        attribute = unmarked.split(b"=")[0]
        text = escape(gettext(msgid))
        if quote != b'"':
            text = json.dumps(text)[1:-1]  # as a JSON string holds it
        content = content.replace(unmarked.replace(b'"', quote), attribute + b"=" + quote + text.encode() + quote)
    return content


class AdminUnmarkedStringsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.streaming or not request.path.startswith(reverse("wagtailadmin_home")):
            return response
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html") and any(unmarked in response.content for unmarked in UNMARKED):
            lang = HTML_LANG.search(response.content)
            with override(lang[1].decode() if lang else get_language()):
                response.content = _replace(response.content)
        elif content_type.startswith("application/json") and b'=\\"' in response.content:
            with override(_editor_language(request)):
                response.content = _replace(response.content, quote=b'\\"')
        return response
