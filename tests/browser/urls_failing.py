"""The site's URLs plus one that fails, so the 500 page is reached as a person reaches it."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from openita.web import urls as site_urls


def failing(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a broken view, for the 500 page")


urlpatterns = [path("failing/", failing), *site_urls.urlpatterns]
handler500 = site_urls.handler500
