from django.conf import settings
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from core.antispam import create_challenge, rate_limited, too_many_requests
from exemplars.forms import NominationForm


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
