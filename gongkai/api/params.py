"""The API's query parameters, read strictly: every fault is an `ApiError` with a Chinese message that names
the parameter and never echoes its value back.

Rules (documented in the OpenAPI schema): only the parameters an endpoint lists are accepted and each at most
once; an empty value counts as absent; numbers are plain ASCII digits; a code filter must name an existing
category, department or form of the organisation (these are public reference data, so saying that a code does
not exist reveals nothing).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.http import QueryDict
from django.utils.translation import gettext as _

T = TypeVar("T")

MAX_PAGE = 10_000  # with MAX_PAGE_SIZE: an offset of at most one million, the search engine's bound too
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
_DIGITS = re.compile(r"[0-9]{1,9}", re.ASCII)
_YEAR = re.compile(r"[0-9]{4}", re.ASCII)


class ApiError(Exception):
    """An answer other than 200, as `{"error": {"code", "message"[, "parameter"]}}` with `status`."""

    def __init__(self, status: int, code: str, message: str, parameter: str = "") -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.parameter = status, code, message, parameter


def not_found() -> ApiError:
    """The one answer for anything missing or out of the caller's scope: the two are indistinguishable."""
    return ApiError(404, "not_found", _("请求的内容不存在或已撤回。"))


def bad(parameter: str, message: str) -> ApiError:
    return ApiError(400, "bad_parameter", message, parameter)


@dataclass(frozen=True)
class Paging:
    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pages(self, count: int) -> int:
        return math.ceil(count / self.size)


class Query:
    """An endpoint's query string, checked against the parameters it accepts."""

    def __init__(self, query: QueryDict, accepted: Collection[str]) -> None:
        unknown = sorted(name for name in query if name not in accepted)
        if unknown:
            raise ApiError(
                400,
                "unknown_parameter",
                _("不支持参数“%(name)s”。本接口可用的参数：%(accepted)s。")
                % {"name": unknown[0][:40], "accepted": "、".join(accepted) or _("无")},
                unknown[0][:40],
            )
        for name in query:
            if len(query.getlist(name)) > 1:
                raise bad(name, _("参数 %(name)s 只能出现一次。") % {"name": name})
        self._query = query

    def text(self, name: str) -> str:
        return self._query.get(name, "")

    def number(self, name: str, *, default: int, maximum: int) -> int:
        """A whole number from 1 to `maximum`."""
        raw = self.text(name)
        if raw == "":
            return default
        if not _DIGITS.fullmatch(raw) or not 1 <= int(raw) <= maximum:
            raise bad(name, _("参数 %(name)s 应为 1 到 %(max)d 之间的整数。") % {"name": name, "max": maximum})
        return int(raw)

    def paging(self) -> Paging:
        return Paging(
            page=self.number("page", default=1, maximum=MAX_PAGE),
            size=self.number("page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE),
        )

    def year(self, name: str = "year") -> int | None:
        raw = self.text(name)
        if raw == "":
            return None
        if not _YEAR.fullmatch(raw) or raw.startswith("0"):
            raise bad(name, _("参数 %(name)s 应为四位数字的年份，例如 2026。") % {"name": name})
        return int(raw)

    def choice(self, name: str, choices: Collection[str], default: str) -> str:
        raw = self.text(name)
        if raw == "":
            return default
        if raw not in choices:
            raise bad(name, _("参数 %(name)s 只能取：%(choices)s。") % {"name": name, "choices": "、".join(choices)})
        return raw

    def code(self, name: str, known: Callable[[], Mapping[str, T]], what: str) -> T | None:
        """The object a code names, looked up in `known()` (code → object) only when the parameter is given;
        `what` names the kind of code for the message."""
        raw = self.text(name)
        if raw == "":
            return None
        found = known().get(raw)
        if found is None:
            raise ApiError(
                400,
                "unknown_filter",
                _("参数 %(name)s 不是已有的%(what)s代码。") % {"name": name, "what": what},
                name,
            )
        return found
