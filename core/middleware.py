"""Request and response rules that hold for every URL of the site."""

from urllib.parse import unquote

from django.http import JsonResponse
from django.shortcuts import render

from core.text import find_control_chars

CONTROL_CHARACTERS_MESSAGE = "Địa chỉ chứa ký tự điều khiển không hợp lệ ({}). Hãy bỏ chúng rồi thử lại."


def bad_request(request, message: str):
    """400 with the message: JSON ({"error": …}, the APIs' contract) or the Vietnamese page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"error": message}, status=400, json_dumps_params={"ensure_ascii": False})
    return render(request, "400.html", {"message": message}, status=400)


class RefuseControlCharactersMiddleware:
    """A NUL or another control character in the path or the query string gets a 400 before any
    view runs: PostgreSQL cannot compare a string holding NUL, and no reader types one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = find_control_chars(request.path) + find_control_chars(unquote(request.META.get("QUERY_STRING", "")))
        if found:
            return bad_request(request, CONTROL_CHARACTERS_MESSAGE.format(", ".join(sorted(set(found)))))
        return self.get_response(request)
