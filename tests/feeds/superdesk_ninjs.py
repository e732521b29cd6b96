"""A ninjs reader that behaves like Superdesk's ninjs ingest, to test what such an agency system
gets from us (tests/feeds/test_ninjs.py). Written here from the documented behaviour of
superdesk-core's `superdesk/io/feed_parsers/ninjs.py` (NINJSFeedParser, read in 2025), not
copied from it; Superdesk itself (Flask, MongoDB, Elasticsearch) is too heavy to run in a test.

What that parser does, and this one too:

- accepts an object with `uri` (or Superdesk's own `guid`);
- copies ninjs 1.x properties as they are: `headline`, `body_html`, `byline`,
  `description_text`, `slugline`, `language`, `pubstatus`, `usageterms`, `copyrightnotice`,
  `profile`, … (the ninjs 2.x names `headlines`, `bodies`, `by`, `subjects`, `places` are
  not read: they are simply absent from what it ingests);
- `subject`, `place` and `genre`: lists of `{name, code, scheme}` → `{name, qcode, scheme}`;
- `versioncreated`, `firstcreated` (and an association's `versioncreated`): UTC only, in exactly
  one of three forms, `YYYY-MM-DDTHH:MM:SS` followed by `+0000`, `Z` or `+00:00`. Any other
  offset ("+07:00") or a fraction of a second raises ValueError and the item is not ingested;
- `associations`: an object, read with `.items()`: each value is ingested as an item of its own
  and kept, as sent, under its key (a ninjs 2.x array raises AttributeError);
- `renditions`: an object keyed by rendition name (`.items()` again); from each it keeps `href`,
  `width` and `height` when both are integers, `mimetype`, `poi` and `media`;
- `located` → `dateline.located.city`; a text's `description_text` → `abstract`; a picture's
  `body_text` → `alt_text`; `body_xhtml` when there is no `body_html`.
"""

from copy import deepcopy
from datetime import UTC, datetime

COPIED = (
    "usageterms",
    "language",
    "headline",
    "copyrightnotice",
    "urgency",
    "pubstatus",
    "mimetype",
    "copyrightholder",
    "ednote",
    "body_text",
    "body_html",
    "slugline",
    "keywords",
    "extra",
    "byline",
    "description_text",
    "profile",
)
UTC_FORMATS = ("%Y-%m-%dT%H:%M:%S+0000", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S+00:00")


def can_parse(ninjs) -> bool:
    return isinstance(ninjs, dict) and bool(ninjs.get("uri") or ninjs.get("guid"))


def parse(ninjs: dict) -> list[dict]:
    """The items ingested from one ninjs document: the item first, then its associations."""
    items = []
    items.insert(0, _item(ninjs, items))
    return items


def utc_time(text: str) -> datetime:
    for form in UTC_FORMATS:
        try:
            return datetime.strptime(text, form).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(f"time data {text!r} is not UTC in a form the ingest knows")


def _item(ninjs: dict, items: list) -> dict:
    item = {"guid": ninjs.get("guid") or ninjs.get("uri"), "type": ninjs.get("type"), "uri": ninjs.get("uri")}
    item.update({key: ninjs[key] for key in COPIED if ninjs.get(key) is not None})
    for name in ("genre", "subject", "place"):
        if ninjs.get(name):
            item[name] = [_qcode(concept) for concept in ninjs[name]]
    for name in ("versioncreated", "firstcreated", "embargoed"):
        if ninjs.get(name):
            item[name] = utc_time(ninjs[name])
    associations = ninjs.get("associations", {})
    if associations:
        item["associations"] = {}
    for key, associated in associations.items():  # an array has no .items(): AttributeError
        if not associated:
            continue
        items.append(_item(associated, items))
        kept = deepcopy(associated)
        if kept.get("type") == "picture" and kept.get("body_text"):
            kept["alt_text"] = kept["body_text"]
        if kept.get("versioncreated"):
            kept["versioncreated"] = utc_time(kept["versioncreated"])
        item["associations"][key] = kept
    if ninjs.get("renditions"):
        item["renditions"] = _renditions(ninjs["renditions"])
    if ninjs.get("located"):
        item["dateline"] = {"located": {"city": ninjs["located"]}}
    if ninjs.get("type") == "picture" and ninjs.get("body_text"):
        item["alt_text"] = ninjs["body_text"]
    if ninjs.get("type") == "text" and ninjs.get("description_text"):
        item["abstract"] = ninjs["description_text"]
    if not item.get("body_html") and ninjs.get("body_xhtml"):
        item["body_html"] = ninjs["body_xhtml"]
    return item


def _qcode(concept: dict) -> dict:
    out = {"name": concept.get("name"), "qcode": concept.get("code")}
    if concept.get("scheme"):
        out["scheme"] = concept["scheme"]
    return out


def _renditions(renditions: dict) -> dict:
    kept = {}
    for name, rendition in renditions.items():  # an array has no .items(): AttributeError
        out = {}
        if isinstance(rendition.get("href"), str) and rendition["href"]:
            out["href"] = rendition["href"]
        if isinstance(rendition.get("width"), int) and isinstance(rendition.get("height"), int):
            out["width"], out["height"] = rendition["width"], rendition["height"]
        if isinstance(rendition.get("mimetype"), str) and rendition["mimetype"]:
            out["mimetype"] = rendition["mimetype"]
        poi = rendition.get("poi")
        if isinstance(poi, dict) and "x" in poi and "y" in poi:
            out["poi"] = {"x": poi["x"], "y": poi["y"]}
        if isinstance(rendition.get("media"), str) and rendition["media"]:
            out["media"] = rendition["media"]
        if out:
            kept[name] = out
    return kept
