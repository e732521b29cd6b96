"""Public feeds and ninjs may be read by a script on any site (a partner's news widget): they
answer `Access-Control-Allow-Origin: *`, and a browser's preflight (OPTIONS, sent when the
script adds a header such as If-None-Match) gets 204 instead of 405. Nothing here is private
(a partner's key only counts pulls), so no credentials are allowed and no origin is echoed;
the partners' report and the admin never carry these headers."""

from functools import wraps

from django.http import HttpResponse

ALLOW_METHODS = "GET, HEAD, OPTIONS"
# Conditional requests and cache control: what a polling client sends besides simple headers.
ALLOW_HEADERS = "If-None-Match, If-Modified-Since, Cache-Control"
# What a script may read of an answer beyond the simple headers: validators and the hub link.
EXPOSE_HEADERS = "ETag, Last-Modified, Link"
PREFLIGHT_SECONDS = 86400


def public_cors(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Allow"] = ALLOW_METHODS
            response["Access-Control-Allow-Methods"] = ALLOW_METHODS
            response["Access-Control-Allow-Headers"] = ALLOW_HEADERS
            response["Access-Control-Max-Age"] = str(PREFLIGHT_SECONDS)
        else:
            response = view(request, *args, **kwargs)
            response["Access-Control-Expose-Headers"] = EXPOSE_HEADERS
        response["Access-Control-Allow-Origin"] = "*"
        return response

    return wrapped
