from django import template

from participation.models import published_comments

register = template.Library()


@register.simple_tag
def article_comments(page):
    """Approved comments of an article and how many there are (replies included)."""
    # Comments are open on live, public articles (the form refuses others): not in previews of
    # new or draft pages, nor on pages behind a view restriction.
    if not page.pk or not page.live or page.get_view_restrictions().exists():
        return {"comments": [], "count": 0, "open": False}
    comments = published_comments(page)
    return {"comments": comments, "count": len(comments) + sum(len(c.approved_replies) for c in comments), "open": True}
