"""What every API view shares: GET only, the caller from the bearer token (never the session), errors as JSON,
cache headers by who asked.

A view decorated with `@endpoint` receives `(request, caller, ...)`, where `caller` is the token's user or an
anonymous user, and returns a dict (answered as 200 JSON) or a response of its own; it raises `ApiError` for
anything else. A request with an Authorization header that is not a valid, unrevoked token of an active account
is answered 401, never quietly served as anonymous.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from gongkai.api import caching
from gongkai.api.params import ApiError, not_found
from gongkai.api.tokens import user_for_secret
from gongkai.org.models import Organisation
from gongkai.org.selectors import current_organisation

logger = logging.getLogger(__name__)

CONTENT_TYPE = "application/json; charset=utf-8"
_BEARER = re.compile(r"Bearer[ \t]+([A-Za-z0-9_\-.~+/]+=*)[ \t]*", re.IGNORECASE | re.ASCII)

Caller = Any  # an org.User or an AnonymousUser: what the visibility functions take
View = Callable[..., dict[str, Any] | HttpResponseBase]


def json(data: dict[str, Any], status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, content_type=CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})


def error(problem: ApiError) -> JsonResponse:
    body: dict[str, Any] = {"code": problem.code, "message": problem.message}
    if problem.parameter:
        body["parameter"] = problem.parameter
    response = json({"error": body}, status=problem.status)
    if problem.status == 401:
        response["WWW-Authenticate"] = 'Bearer realm="gongkai"'
    if problem.status == 405:
        response["Allow"] = "GET, HEAD"
    return response


def unauthorized() -> ApiError:
    return ApiError(401, "unauthorized", _("令牌无效、已吊销或格式不正确。请检查请求头 Authorization: Bearer 令牌。"))


def caller_of(request: HttpRequest) -> Caller:
    header = request.headers.get("Authorization")
    if header is None:
        return AnonymousUser()
    match = _BEARER.fullmatch(header)
    user = user_for_secret(match.group(1)) if match else None
    if user is None:
        raise unauthorized()
    return user


def organisation() -> Organisation:
    found = current_organisation()
    if found is None:
        raise not_found()
    return found


def endpoint(view: View) -> Callable[..., HttpResponseBase]:
    @csrf_exempt  # read-only: nothing here changes anything, and no session is used
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        caller: Caller = AnonymousUser()
        try:
            if request.method not in ("GET", "HEAD"):
                raise ApiError(405, "method_not_allowed", _("数据接口只读，只接受 GET 请求。"))
            caller = caller_of(request)
            answer = view(request, caller, *args, **kwargs)
            response = json(answer) if isinstance(answer, dict) else answer
        except ApiError as problem:
            response = error(problem)
        except SuspiciousOperation:  # e.g. too many parameters: Django's 400, in JSON
            response = error(ApiError(400, "bad_request", _("请求的格式不正确。")))
        except Exception:
            logger.exception("API request %s failed", request.path)
            response = error(ApiError(500, "server_error", _("服务器暂时无法处理请求，请稍后再试。")))
        if caller.is_authenticated or response.status_code != 200 or not isinstance(response, HttpResponse):
            return caching.private(response)
        return caching.shared(request, response)

    return wrapper


@csrf_exempt
def unknown_route(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
    """Every other address under /api/: a JSON 404, whatever the method."""
    problem = ApiError(404, "no_such_endpoint", _("没有这个接口地址。接口说明见 /api/v1/openapi.json。"))
    return caching.private(error(problem))
