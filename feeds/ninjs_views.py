"""/api/ninjs/<id>/ (one published, public article) and /api/ninjs/ (what changed: articles and
withdrawals). Both speak ninjs 2.2, or ninjs 1.x with `?version=1`.

The list, with `since` or `cursor`: the changes since then, oldest first, in pages linked by a
`next` cursor (feeds.ninjs.Position: the last item's change time and page id), so any number of
changes is walked without gaps or duplicates, even while new ones arrive; `poll` is where to
continue at the next poll. `page` still works there as an offset into that order (at most
MAX_ITEMS deep), as before. Without either: the most recent changes first, in pages.

Answers are cached and conditional like the feeds (feeds.conditional), under a name holding
every parameter and the version; partners' pulls are counted (feeds.partners)."""

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
from feeds.models import SyndicationSettings
from feeds.ninjs import Position, as_ninjs1, canceled_item, changes, listed_page, load, ninjs_item
from feeds.partners import partner_key, record_pull

CONTENT_TYPE = "application/json; charset=utf-8"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_ITEMS = 1000  # page × page_size; with `since`, `next` (a cursor) reaches any depth
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# ?version=: ninjs 2.2 by default, 1.x for the agency systems that read it.
VERSIONS = {"": "2.2", "2": "2.2", "2.2": "2.2", "1": "1.6", "1.6": "1.6"}
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


def parse_version(params) -> str:
    raw = params.get("version", "").strip()
    if raw not in VERSIONS:
        raise BadParameter(
            f"Tham số version “{raw[:20]}” không hợp lệ: dùng 1 (ninjs 1.x, theo lược đồ 1.6) "
            "hoặc 2 (ninjs 2.2, mặc định)."
        )
    return VERSIONS[raw]


def parse_cursor(params) -> Position | None:
    raw = params.get("cursor", "").strip()
    if not raw:
        return None
    try:
        return Position.parse(raw)
    except (ValueError, OverflowError):
        raise BadParameter(
            f"Tham số cursor “{raw[:60]}” không hợp lệ: hãy dùng nguyên liên kết next hoặc poll của lần hỏi trước."
        ) from None


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
        version = parse_version(request.GET)
        since = parse_since(request.GET["since"]) if request.GET.get("since", "").strip() else None
        cursor = parse_cursor(request.GET)
        page = _positive(request.GET, "page", 1, MAX_ITEMS)
        size = _positive(request.GET, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)
        walking = since is not None or cursor is not None  # oldest change first, `next` is a cursor
        if cursor is not None and page > 1:
            raise BadParameter("Không dùng page cùng với cursor: hãy theo liên kết next.")
        if page * size > MAX_ITEMS:
            raise BadParameter(
                f"Chỉ xem được {MAX_ITEMS:,} mục đầu tiên".replace(",", ".")
                + " bằng page (page × page_size); "
                + ("hãy theo liên kết next (cursor), nó đi tiếp không giới hạn." if walking else "hãy hỏi với since.")
            )
    except BadParameter as error:
        return _error(str(error), 400)
    record_pull(request, "api/ninjs")
    key = partner_key(request)

    def link(position: Position) -> str:
        query = {"since": since.isoformat()} if since else {}
        query.update(cursor=position.token(), page_size=size)
        query.update({"version": request.GET["version"].strip()} if version != "2.2" else {})
        query.update({"key": key} if key else {})
        return f"{_base_url(request)}{request.path}?{urlencode(query)}"

    def build():
        base_url = _base_url(request)
        rights = SyndicationSettings.for_request(request)
        start = cursor or (Position(since) if since else None)
        found = changes(start, page * size + 1, newest_first=not walking)
        shown = load(found[(page - 1) * size : page * size], base_url)
        more = len(found) > page * size
        items = [
            canceled_item(change.withdrawal)
            if change.withdrawal is not None
            else ninjs_item(change.page, request, base_url, rights)
            for change in shown
        ]
        if version != "2.2":
            items = [as_ninjs1(item, base_url) for item in items]
        if walking:
            # After the last item shown (positions come from the keys, so an item left out
            # because it vanished meanwhile is stepped over too); on an empty page, the same place.
            last = found[min(page * size, len(found)) - 1].position if found[(page - 1) * size :] else start
            poll = link(last)
            next_url = poll if more else None
        else:
            poll = link(found[0].position) if found else None  # the newest change: poll from there
            next_url = None
            if more and (page + 1) * size <= MAX_ITEMS:
                query = {"page": page + 1, "page_size": size}
                query.update({"version": request.GET["version"].strip()} if version != "2.2" else {})
                query.update({"key": key} if key else {})
                next_url = f"{base_url}{request.path}?{urlencode(query)}"
        data = {
            "since": since.isoformat() if since else None,
            "cursor": cursor.token() if cursor else None,
            "page": page,
            "page_size": size,
            "next": next_url,
            "poll": poll,
            "items": items,
        }
        newest = max((change.updated for change in shown), default=EPOCH)
        return _dumps(data), newest, {}

    name = "|".join(
        ["ninjs", version, since.isoformat() if since else "", cursor.token() if cursor else "", str(page), str(size)]
        + [key or ""]
    )
    return serve(request, FeedResponse(name=name, content_type=CONTENT_TYPE, build=build))


@public_cors
@require_safe
def ninjs_detail(request, page_id: int):
    try:
        version = parse_version(request.GET)
    except BadParameter as error:
        return _error(str(error), 400)
    page = listed_page(page_id)
    if page is None:
        return _error("Không có bài đã xuất bản nào với mã này.", 404)
    record_pull(request, "api/ninjs/item")

    def build():
        base_url = _base_url(request)
        rights = SyndicationSettings.for_request(request)
        item = ninjs_item(page, request, base_url, rights)
        if version != "2.2":
            item = as_ninjs1(item, base_url)
        return _dumps(item), page.updated_at, {}

    name = f"ninjs|{version}|{page.pk}"
    return serve(request, FeedResponse(name=name, content_type=CONTENT_TYPE, build=build))
