from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from core.antispam import create_challenge, rate_limited, too_many_requests
from core.cache import public_page
from exemplars import profiles
from exemplars.forms import NominationForm
from exemplars.models import Exemplar


@public_page
def profile(request, slug):
    """ "Hồ sơ": an exemplar's stories, awards and timeline at a stable address. A merged
    profile answers 301 to the one it was merged into; one with no story readers may see is
    a 404 (a profile made from a draft does not reveal the draft)."""
    exemplar = Exemplar.objects.select_related("province").filter(slug=slug).first()
    if exemplar is None:
        raise Http404("Không có hồ sơ này.")
    survivor = exemplar.survivor()
    if survivor.pk != exemplar.pk:
        return redirect(survivor.get_url(), permanent=True)
    found = profiles.build(exemplar)
    if found is None:
        raise Http404("Không có hồ sơ này.")
    context = {
        "profile": found,
        "exemplar": exemplar,
        "json_ld": profiles.json_ld(found, request),
        "canonical_url": profiles.absolute_url(exemplar, request),
        "feed_urls": {
            fmt: reverse("feeds:feed", kwargs={"path": exemplar.feed_path(), "fmt": fmt})
            for fmt in ("rss", "atom", "json")
        },
    }
    return render(request, "pages/exemplar_profile.html", context)


@never_cache  # the form carries the reader's CSRF token and a fresh challenge
@csrf_protect
def nominate(request):
    if request.method == "POST":
        if rate_limited(request, "nomination"):
            return too_many_requests(request)
        form = NominationForm(request.POST, request.FILES)
        if form.is_spam:
            return redirect("exemplars:nomination_sent")  # store nothing, tell the bot nothing
        if form.is_valid():
            form.save()
            return redirect("exemplars:nomination_sent")
    else:
        form = NominationForm()
    return render(
        request,
        "participation/nomination_form.html",
        {
            "form": form,
            "challenge": create_challenge("nomination"),
            "retention_days": settings.NOMINATION_CONTACT_RETENTION_DAYS,
        },
    )


@never_cache
def nomination_sent(request):
    return render(request, "participation/nomination_sent.html")
