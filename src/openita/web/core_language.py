"""Messages of the core packages in the language of the page (Thai by default).

Import problems and consistency findings are made by :mod:`openita.ingest`,
:mod:`openita.scoring` and the other core packages, which know nothing of Django: they keep
their messages as data and render them with :mod:`openita.i18n` in the language of the
context they are read in. This middleware
sets that context to the language :class:`django.middleware.locale.LocaleMiddleware` chose for
the request (settings ``LANGUAGE_CODE = "th"``, the session or Accept-Language), so a Thai page
shows Thai problems and an English page English ones. It must come right after
``LocaleMiddleware``; everything that runs inside the request (views, services, templates
rendered from a TemplateResponse) renders messages in that language.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from openita.i18n import use_language


class CoreLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # "th" and "th-th" choose the Thai catalogue; any other language keeps English.
        with use_language(translation.get_language()):
            return self.get_response(request)
