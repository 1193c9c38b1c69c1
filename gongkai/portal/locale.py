"""Chinese first: the interface speaks zh-Hans unless the visitor chose another language.

Django's LocaleMiddleware follows the browser's Accept-Language, which on an intranet PC with an English
system would turn a Chinese government site English. Here only the language cookie (set by the
language switch in the footer) changes the language.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChineseFirstLocaleMiddleware(LocaleMiddleware):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
