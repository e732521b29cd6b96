"""Views of the core app that stand in front of Wagtail's own."""

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.contrib.auth.signals import user_login_failed
from wagtail import views as wagtail_views


def authenticate_with_password(request, page_view_restriction_id, page_id):
    """Wagtail's password form for a protected page, throttled like the logins (django-axes):
    each restriction counts as an account, so guessing one page's password locks that page's
    form for the address, and any page's form for an address that keeps guessing."""
    credentials = {"username": f"page-password-{page_view_restriction_id}"}
    if request.method != "POST":
        return wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if not AxesProxyHandler.is_allowed(request, credentials):
        return get_lockout_response(request, credentials)
    response = wagtail_views.authenticate_with_password(request, page_view_restriction_id, page_id)
    if response.status_code != 302:  # Wagtail redirects only when the password was right
        user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return response
