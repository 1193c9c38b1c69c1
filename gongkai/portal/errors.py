"""Error pages in Chinese that say nothing about what exists behind them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _


def _page(request: HttpRequest, status: int, title: str, text: str) -> HttpResponse:
    body: str
    try:
        body = loader.render_to_string("error.html", {"status": status, "title": title, "text": text}, request=request)
    except Exception:  # a broken template must not hide the error page itself
        body = f"<!doctype html><title>{status}</title><p>{title}</p>"
    return HttpResponse(body, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 400, _("请求有误"), _("请求的格式不正确，请返回后重试。"))


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 403, _("没有权限"), _("您没有权限执行此操作。"))


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, 404, _("页面不存在"), _("您访问的页面不存在或已撤回。"))


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(request, 500, _("系统繁忙"), _("服务器暂时无法处理您的请求，请稍后再试。"))
