"""/api/: the read-only JSON API, version 1. Every other address under /api/ is a JSON 404."""

from django.urls import re_path

from gongkai.api import views
from gongkai.api.endpoint import unknown_route

app_name = "api"

# A trailing slash is accepted too, so /api/v1/items/ is not a 404 for someone used to Django's addresses.
urlpatterns = [
    re_path(r"^v1/items/?$", views.items, name="items"),
    re_path(r"^v1/items/(?P<pk>[0-9]+)/?$", views.item, name="item"),
    re_path(r"^v1/files/(?P<token>[A-Za-z0-9_\-]{1,64})/?$", views.file, name="file"),
    re_path(r"^v1/catalog/?$", views.catalog, name="catalog"),
    re_path(r"^v1/search/?$", views.search, name="search"),
    re_path(r"^v1/openapi\.json$", views.schema, name="openapi"),
    re_path(r"^.*$", unknown_route, name="unknown"),
]
