"""Benchmark-only views, mounted by `gongkai.urls` only when GONGKAI_BENCHMARK_VIEWS is true."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

_ROW = '<li><a href="/items/{n}/">关于进一步加强党务公开工作的通知（第{n}号）</a> <span>2026-03-15</span></li>\n'
# A fixed page of about 5 KB: no database, no template, no session — only the framework and its middleware.
FLOOR_PAGE = (
    '<!doctype html>\n<html lang="zh-hans"><head><meta charset="utf-8"><title>基准页</title></head><body>\n'
    "<h1>党务公开</h1>\n<ul>\n" + "".join(_ROW.format(n=n) for n in range(1, 41)) + "</ul>\n</body></html>\n"
).encode()


def floor(request: HttpRequest) -> HttpResponse:
    """The framework's floor: what the same server and middleware cost for a page that does no work."""
    return HttpResponse(FLOOR_PAGE, content_type="text/html; charset=utf-8")
