"""What izdeu notes about the browser behind a sign-in: its address and a two-word description.

The full User-Agent is never stored (it fingerprints a device); only a browser and a system
name from the short lists below, enough for someone to recognise "Chrome on Android" as their
own phone, or not.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest

# Checked in order: Edge, Opera, Yandex and Samsung browsers also call themselves Chrome, and
# Chrome calls itself Safari.
BROWSERS = (
    ("Edg", "Edge"),
    ("OPR/", "Opera"),
    ("YaBrowser", "Yandex Browser"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)
UNKNOWN = ""  # shown as "unknown browser" or "unknown system"


def client_ip(request: HttpRequest) -> str | None:
    """The address the request came from.

    Behind the TLS reverse proxy (``IZDEU_HTTPS=True``, README "Deployment") every request
    comes from the proxy, which appends the client's address to ``X-Forwarded-For``: the last
    entry is the one the proxy saw, the earlier ones are whatever the client claimed.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if settings.HTTPS:
        forwarded = request.headers.get("X-Forwarded-For", "").split(",")[-1].strip()
        address = forwarded or address
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket is still that IPv4 address.
    return str(getattr(parsed, "ipv4_mapped", None) or parsed)


def describe_device(user_agent: str) -> tuple[str, str]:
    """(browser, system) from a User-Agent, each a name from the lists above or empty."""
    return _first_match(BROWSERS, user_agent), _first_match(SYSTEMS, user_agent)


def _first_match(names: tuple[tuple[str, str], ...], user_agent: str) -> str:
    return next((name for marker, name in names if marker in user_agent), UNKNOWN)
