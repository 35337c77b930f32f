from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation


class HardeningMiddleware:
    """Headers and limits every response needs, whatever view produced it.

    - Pages are never stored by browsers or proxies (``Cache-Control: no-store``) unless a view
      chose its own caching: a page once seen on a seized laptop must not be in its cache.
    - The browser features izdeu never uses are switched off.
    - A request body over the upload limit is refused before anything reads it.
    """

    PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self._refuse_if_too_large(request) or self.get_response(request)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers.setdefault("Permissions-Policy", self.PERMISSIONS_POLICY)
        return response

    def _refuse_if_too_large(self, request: HttpRequest) -> HttpResponse | None:
        try:
            length = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            length = 0
        if length <= settings.MAX_UPLOAD_MB * 1024 * 1024:
            return None
        # This runs before LocaleMiddleware: take the language from the address.
        language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        with translation.override(language):
            return render(request, "web/too_large.html", {"limit_mb": settings.MAX_UPLOAD_MB}, status=413)
