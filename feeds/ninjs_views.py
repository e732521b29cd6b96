"""/api/ninjs/<id>/ (one published, public article) and /api/ninjs/?since= (articles changed
since a time, most recent change first, in pages). Answers are cached and conditional like the
feeds (feeds.conditional); partners' pulls are counted (feeds.partners)."""

import json
import re
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_safe

from core.http import parse_int
from feeds.conditional import FeedResponse, serve
from feeds.cors import public_cors
from feeds.items import feed_items
from feeds.models import SyndicationSettings, Withdrawal
from feeds.ninjs import canceled_item, listed_page, ninjs_item, withdrawals_since
from feeds.partners import partner_key, record_pull

CONTENT_TYPE = "application/json; charset=utf-8"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ITEMS = 1000  # page × page_size; a client that needs more asks with a later `since`
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# An unencoded "+07:00" in a query string arrives as " 07:00".
_SPACED_OFFSET = re.compile(r"(\d\d:\d\d(?::\d\d(?:\.\d+)?)?) (\d\d(?::?\d\d)?)$")


class BadParameter(ValueError):
    pass


def parse_since(value: str) -> datetime:
    """ISO 8601 date or date-time; a naive time is Asia/Ho_Chi_Minh (TIME_ZONE)."""
    text = _SPACED_OFFSET.sub(r"\1+\2", value.strip())
    try:
        moment = datetime.fromisoformat(text)  # also a date alone: midnight
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        moment.astimezone(UTC)  # the database compares in UTC: year 1 or 9999 may not fit
    except (ValueError, OverflowError):
        raise BadParameter(
            f"Tham số since “{value[:50]}” không hợp lệ: cần thời điểm theo ISO 8601, "
            "ví dụ 2026-11-20T08:00:00+07:00 hoặc 2026-11-20."
        ) from None
    return moment


def _positive(params, name: str, default: int, maximum: int) -> int:
    raw = params.get(name, "").strip()
    if not raw:
        return default
    value = parse_int(raw, 1, maximum)
    if value is None:
        raise BadParameter(f"Tham số {name} phải là số nguyên từ 1 đến {maximum}.")
    return value


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _dumps(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _base_url(request) -> str:
    return f"{request.scheme}://{request.get_host()}"


@public_cors
@require_safe
def ninjs_list(request):
    try:
        since = parse_since(request.GET["since"]) if request.GET.get("since", "").strip() else None
        page = _positive(request.GET, "page", 1, MAX_ITEMS)
        size = _positive(request.GET, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        if page * size > MAX_ITEMS:
            raise BadParameter(
                f"Chỉ xem được {MAX_ITEMS:,} mục đầu tiên".replace(",", ".")
                + " (page × page_size); hãy hỏi với since muộn hơn."
            )
    except BadParameter as error:
        return _error(str(error), 400)
    record_pull(request, "api/ninjs")
    key = partner_key(request)

    def build():
        base_url = _base_url(request)
        rights = SyndicationSettings.for_request(request)
        wanted = page * size + 1
        # Changes and withdrawals merged, most recent first.
        changes = [(p.last_published_at, p) for p in feed_items(since=since or EPOCH, limit=wanted)]
        changes += [(w.withdrawn_at, w) for w in withdrawals_since(since or EPOCH, wanted)]
        changes.sort(key=lambda change: change[0], reverse=True)
        shown = changes[(page - 1) * size : page * size]
        items = [
            canceled_item(change) if isinstance(change, Withdrawal) else ninjs_item(change, request, base_url, rights)
            for _, change in shown
        ]
        next_url = None
        if len(changes) > page * size and (page + 1) * size <= MAX_ITEMS:
            query = {"since": since.isoformat()} if since else {}
            query.update(page=page + 1, page_size=size, **({"key": key} if key else {}))
            next_url = f"{base_url}{request.path}?{urlencode(query)}"
        data = {
            "since": since.isoformat() if since else None,
            "page": page,
            "page_size": size,
            "next": next_url,
            "items": items,
        }
        newest = max((getattr(change, "updated_at", when) for when, change in shown), default=EPOCH)
        return _dumps(data), newest, {}

    name = f"ninjs|{since.isoformat() if since else ''}|{page}|{size}|{key or ''}"
    return serve(request, FeedResponse(name=name, content_type=CONTENT_TYPE, build=build))


@public_cors
@require_safe
def ninjs_detail(request, page_id: int):
    page = listed_page(page_id)
    if page is None:
        return _error("Không có bài đã xuất bản nào với mã này.", 404)
    record_pull(request, "api/ninjs/item")

    def build():
        rights = SyndicationSettings.for_request(request)
        item = ninjs_item(page, request, _base_url(request), rights)
        return _dumps(item), page.updated_at, {}

    return serve(request, FeedResponse(name=f"ninjs|{page.pk}", content_type=CONTENT_TYPE, build=build))
