"""What a request says, read one way for every public URL and API: integer parameters parsed
strictly, control characters recognised, the client's address behind a proxy."""

import re

from django.conf import settings

# ASCII digits only: str.isdigit() and int() also accept "²", "①" or "١٢", which either break
# int() or reach the database as a number nobody typed. Twelve digits bound the work.
_ASCII_INTEGER = re.compile(r"[0-9]{1,12}")


def parse_int(raw, low: int, high: int) -> int | None:
    """The integer in `raw` if it is ASCII digits within [low, high], else None."""
    if raw is None:
        return None
    raw = str(raw).strip()
    if not _ASCII_INTEGER.fullmatch(raw):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def client_ip(request) -> str:
    """The client's address. Behind a reverse proxy set CLIENT_IP_HEADER (e.g. "HTTP_X_REAL_IP")
    to the header the proxy sets; X-Forwarded-For is never trusted by default."""
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    return (header and request.META.get(header, "").split(",")[0].strip()) or request.META.get("REMOTE_ADDR", "")
