"""The reader's pages: subscribe, confirm, unsubscribe. Plain Django views, so the anonymous
page cache (core.cache, which only stores Wagtail pages that opt in) never serves them: each
form carries the reader's own CSRF token and a fresh anti-spam challenge."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods

from core.antispam import create_challenge, rate_limited, too_many_requests
from movements.models import MovementPage
from newsletter import tokens
from newsletter.forms import SubscribeForm
from newsletter.subscriptions import request_subscription


def _invalid_link(request, reason):
    return render(request, "newsletter/invalid_link.html", {"reason": reason}, status=400)


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def subscribe(request):
    if request.method == "POST":
        if rate_limited(request, "newsletter"):
            return too_many_requests(request)
        form = SubscribeForm(request.POST)
        if form.is_spam:
            return redirect("newsletter:subscribe_sent")  # store nothing, tell the bot nothing
        if form.is_valid():
            request_subscription(form.cleaned_data["email"], form.cleaned_data["movement"])
            return redirect("newsletter:subscribe_sent")
    else:
        # "Theo dõi" on a movement's hub links here with ?movement=<id>: that movement preselected.
        form = SubscribeForm(initial={"movement": request.GET.get("movement", "")[:12]})
    return render(
        request,
        "newsletter/subscribe.html",
        {
            "form": form,
            "challenge": create_challenge("newsletter"),
            "confirm_days": settings.NEWSLETTER_CONFIRM_DAYS,
            "retention_days": settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS,
        },
    )


@never_cache
def subscribe_sent(request):
    return render(request, "newsletter/subscribe_sent.html", {"confirm_days": settings.NEWSLETTER_CONFIRM_DAYS})


@never_cache
@csrf_protect
@require_http_methods(["GET", "HEAD", "POST"])
def confirm(request, token):
    """GET shows a button and POST confirms: mail scanners that open every link must not
    subscribe anybody."""
    try:
        subscriber, movement_id = tokens.read_confirm_token(token)
    except tokens.InvalidToken as error:
        return _invalid_link(request, str(error))
    movement = MovementPage.objects.live().public().filter(pk=movement_id).first() if movement_id else None
    if request.method == "POST":
        subscriber.activate(movement)
        return render(request, "newsletter/confirmed.html", {"subscriber": subscriber, "movement": movement})
    return render(request, "newsletter/confirm.html", {"subscriber": subscriber, "movement": movement})


@never_cache
@csrf_exempt  # RFC 8058: mail providers POST here without a CSRF token; the signed token is the authority
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """GET shows a button (link scanners must not unsubscribe anybody); POST unsubscribes, the
    one-click POST of a mail provider (body "List-Unsubscribe=One-Click") without a page."""
    try:
        subscriber = tokens.read_unsubscribe_token(token)
    except tokens.InvalidToken as error:
        return _invalid_link(request, str(error))
    if request.method == "POST":
        if subscriber is not None:
            subscriber.unsubscribe()
        if request.POST.get("List-Unsubscribe") == "One-Click":
            return HttpResponse("Đã hủy đăng ký nhận bản tin.", content_type="text/plain; charset=utf-8")
        return render(
            request,
            "newsletter/unsubscribed.html",
            {
                "retention_days": settings.NEWSLETTER_UNSUBSCRIBED_RETENTION_DAYS,
            },
        )
    return render(request, "newsletter/unsubscribe.html", {"subscriber": subscriber, "token": token})
