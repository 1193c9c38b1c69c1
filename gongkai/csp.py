"""The Content-Security-Policy: the second wall behind the body rule (`disclosures/richtext.py`).

One policy for every response — pages, the API and its errors, feeds, files, the admin, error pages: only this
site's own scripts, styles, images and fonts; no inline script or style, no plugin, no frame around our pages, no
form posted elsewhere, no `<base>` pointing elsewhere. gongkai's templates carry no inline `<script>`, no `on…=`
attribute and no `style=` attribute, and Django 5.2's admin none either (verified in a browser, tests/browser/
test_body_and_csp.py), so the policy needs neither nonces nor an exception for `/manage/`.

`img-src` admits `data:` for images the browser makes itself (Django admin's widgets, the TOTP QR code is inline
SVG markup and needs nothing). A small middleware rather than django-csp: there is one fixed policy and no page
needs a nonce, so a header string is all it takes (django-csp stays available should a page ever need nonces).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}
POLICY = "; ".join(f"{name} {value}" for name, value in DIRECTIVES.items())


class ContentSecurityPolicyMiddleware:
    """Outermost, so that every response — static files from WhiteNoise, 404s and 500s made by Django's handlers
    inside the stack — carries the header. A response that set its own policy keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
