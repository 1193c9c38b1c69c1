from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

urlpatterns = [
    path("", include("gongkai.portal.urls")),
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
