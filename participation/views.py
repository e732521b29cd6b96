"""The comment form lives on its own page, outside the public page cache: a form carries the
reader's CSRF token and a fresh proof-of-work challenge, neither of which may be shared
through a cached article page."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from wagtail.models import Page

from core.antispam import create_challenge, rate_limited, too_many_requests
from core.forms import DIACRITICS_HINT
from core.http import parse_int
from core.kinds import kind_of
from participation.forms import CommentForm
from participation.models import Comment


def _article(page_id):
    page = Page.objects.filter(pk=page_id).first()
    kind = kind_of(page.specific_class) if page is not None and page.specific_class else None
    page = kind and kind.model.objects.visible_to_readers().filter(pk=page_id).first()
    if page is None:
        raise Http404("Không có bài viết này.")
    return page


@never_cache
@csrf_protect
def comment_form(request, page_id):
    page = _article(page_id)
    if request.method == "POST":
        if rate_limited(request, "comment"):
            return too_many_requests(request)
        form = CommentForm(request.POST, page=page)
        if form.is_spam:
            return redirect("participation:comment_sent", page_id=page.pk)  # store nothing
        if form.is_valid():
            form.save()
            return redirect("participation:comment_sent", page_id=page.pk)
    else:
        parent = Comment.objects.approved().filter(page=page, pk=_id(request.GET.get("tra-loi"))).first()
        form = CommentForm(page=page, initial={"parent": parent})
    parent = form["parent"].value()
    replying_to = Comment.objects.approved().filter(page=page, pk=_id(parent)).first() if parent else None
    context = {
        "article": page,
        "form": form,
        "replying_to": replying_to,
        "challenge": create_challenge("comment"),
        "diacritics_hint": DIACRITICS_HINT,
    }
    return render(request, "participation/comment_form.html", context)


@never_cache
def comment_sent(request, page_id):
    return render(request, "participation/comment_sent.html", {"article": _article(page_id)})


def _id(value):
    return parse_int(value, 1, 10**12)
