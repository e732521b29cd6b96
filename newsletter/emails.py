"""The mails: plain text and HTML, in Vietnamese, each with the reader's own unsubscribe link
in the body and in the List-Unsubscribe headers (one click, RFC 8058)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse

from core.kinds import all_kinds
from core.templatetags.gs_tags import vi_date
from newsletter import tokens


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def unsubscribe_url(subscriber) -> str:
    return absolute(reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(subscriber)]))


def _message(subject, template, context, subscriber, connection=None):
    url = unsubscribe_url(subscriber)
    context = {**context, "subscriber": subscriber, "unsubscribe_url": url, "site_url": absolute("/")}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"newsletter/email/{template}.txt", context),
        from_email=settings.NEWSLETTER_FROM_EMAIL,
        to=[subscriber.email],
        headers={"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        connection=connection,
    )
    message.attach_alternative(render_to_string(f"newsletter/email/{template}.html", context), "text/html")
    return message


def confirmation_message(subscriber, movement=None):
    confirm_url = absolute(
        reverse("newsletter:confirm", args=[tokens.confirm_token(subscriber, movement and movement.pk)])
    )
    return _message(
        "Xác nhận đăng ký nhận bản tin Gương Sáng",
        "confirm",
        {
            "confirm_url": confirm_url,
            "movement": movement,
            "confirm_days": settings.NEWSLETTER_CONFIRM_DAYS,
            "already_active": subscriber.status == subscriber.Status.ACTIVE,
        },
        subscriber,
    )


def digest_sections(articles, movement=None) -> list[tuple[str, list]]:
    """The followed movement's articles first, then the rest by kind, each article once."""
    sections = []
    shown = set()
    if movement is not None:
        own = [a for a in articles if movement.pk in a.movement_ids]
        if own:
            sections.append((f"Phong trào “{movement.title}”", own))
            shown = {a.pk for a in own}
    for kind in all_kinds():
        pages = [a for a in articles if isinstance(a, kind.model) and a.pk not in shown]
        if pages:
            sections.append((kind.label, pages))
    return sections


def digest_message(issue, articles, subscriber, connection=None):
    movement = subscriber.movement if subscriber.movement and subscriber.movement.live else None
    return _message(
        f"Bản tin Gương Sáng ngày {vi_date(issue.period_end)}",
        "digest",
        {
            "issue": issue,
            "movement": movement,
            "sections": digest_sections(articles, movement),
        },
        subscriber,
        connection=connection,
    )
