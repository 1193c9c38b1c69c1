from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from django.views.i18n import set_language

from gongkai.api.caching import shared_view
from gongkai.api.sitemaps import SITEMAPS, robots

urlpatterns = [
    path("", include("gongkai.portal.urls")),
    path("api/", include("gongkai.api.urls")),
    path("feeds/", include("gongkai.api.feed_urls")),
    path("sitemap.xml", shared_view(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", shared_view(robots), name="robots"),
    path("workspace/api-tokens/", include("gongkai.api.token_urls")),
    path("workspace/", include("gongkai.workspace.urls")),
    path("manage/", admin.site.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]

if settings.GONGKAI_BENCHMARK_VIEWS:  # only in the server `gongkai benchmark` starts
    from gongkai.ops.views import floor

    urlpatterns.append(path("_bench/floor/", floor))

handler400 = "gongkai.portal.errors.bad_request"
handler403 = "gongkai.portal.errors.permission_denied"
handler404 = "gongkai.portal.errors.page_not_found"
handler500 = "gongkai.portal.errors.server_error"
