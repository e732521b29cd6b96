from urllib.parse import quote

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()


@register.filter
def vi_datetime(value):
    """20/02/2024 10:05 in Vietnam time, whatever the server's time zone."""
    if not value:
        return ""
    return date_format(timezone.localtime(value), "d/m/Y H:i")


WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật"]


@register.filter
def vi_weekday_datetime(value):
    """Thứ Tư, 21/02/2024 10:05: an article's date as Vietnamese newspapers print it."""
    if not value:
        return ""
    local = timezone.localtime(value)
    return f"{WEEKDAYS[local.weekday()]}, {date_format(local, 'd/m/Y H:i')}"


@register.filter
def vi_date(value):
    if not value:
        return ""
    if hasattr(value, "hour"):
        value = timezone.localtime(value)
    return date_format(value, "d/m/Y")


@register.filter
def vi_number(value):
    """1900 → 1.900 (Vietnamese thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return value


@register.simple_tag
def photo_credit(image, override=""):
    """The credit printed under a photo: the block's own, else the image's."""
    return override or (image.credit if image else "")


@register.filter
def startswith(value, prefix):
    """Tree paths: a page lies in a section when its path starts with the section's."""
    return isinstance(value, str) and bool(prefix) and value.startswith(prefix)


@register.filter
def urlencode_all(value):
    return quote(str(value), safe="")


@register.filter
def vi_duration(value):
    """A timedelta in Vietnamese words: "1 giờ 30 phút", "45 phút"."""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    return " ".join(part for part in (hours and f"{hours} giờ", minutes and f"{minutes} phút") if part)


@register.inclusion_tag("components/most_read.html")
def most_read(section=None, limit=5, exclude=None, heading="Đọc nhiều"):
    """ "Đọc nhiều": the articles readers read most over the last 7 days (core.readership), only
    those readers may see. `section`: a section front (its articles), an article (its section's
    articles) or nothing (every kind); `exclude`: an article not to list (the one being read).
    Renders nothing while nothing has been read."""
    from core.readership import most_read as ranked

    exclude_id = getattr(exclude, "pk", exclude)
    articles = [a for a in ranked(section, limit + 1 if exclude_id else limit) if a["id"] != exclude_id][:limit]
    return {"articles": articles, "heading": heading}


@register.filter
def page_type_label(page):
    """What a page is, as readers call it ("Gương sáng", "Tin phong trào", "Văn bản")."""
    from django.utils.text import capfirst

    return capfirst(page._meta.verbose_name) if page is not None else ""
