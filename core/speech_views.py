"""GET /api/speech/<page id>/: what "Nghe bài viết" reads aloud, fetched when the reader
presses the button (the page itself stays as light as before).

{"title", "lang": "vi-VN", "paragraphs": [...], "audio": {"url", "type", "length"} | null}
for an article readers may see (ArticleQuerySet.visible_to_readers); anything else is a 404.
Cached like the feeds: under the content and assets versions (core.cache), shareable by the
front cache, which a publish purges."""

import json

from django.http import HttpResponse, JsonResponse
from django.views.decorators.http import require_safe

from core import frontcache
from core.cache import all_versions, get_versioned, set_versioned
from core.speech import article_paragraphs
from core.speech_audio import audio_for, visible_article

LANG = "vi-VN"
# Bounds how late an article whose `published_at` is still ahead starts answering (as feeds).
CACHE_SECONDS = 300


def _body(page, request) -> bytes:
    audio = audio_for(page)
    data = {
        "id": page.pk,
        "title": page.title,
        "lang": LANG,
        "paragraphs": article_paragraphs(page),
        "audio": {"url": request.build_absolute_uri(audio.url), "type": audio.mime_type, "length": audio.length}
        if audio
        else None,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


@require_safe
def speech(request, page_id: int):
    key = f"speech:{all_versions()}:{request.get_host()}:{page_id}"
    body = get_versioned(key)
    if body is None:
        page = visible_article(page_id) if page_id < 2**31 else None
        if page is None:
            return JsonResponse(
                {"error": "Không có bài đã xuất bản nào với mã này."},
                status=404,
                json_dumps_params={"ensure_ascii": False},
            )
        body = _body(page, request)
        set_versioned(key, body, CACHE_SECONDS)
    return frontcache.shareable(HttpResponse(body, content_type="application/json; charset=utf-8"))
