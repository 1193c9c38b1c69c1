"""The OpenAPI 3.1 description of /api/v1/, served at /api/v1/openapi.json.

Written by hand as data, next to the views it describes; tests check that it is a valid OpenAPI 3.1 document
and that it names every route. The descriptions are fixed Chinese, like the rest of the platform's documents
for other systems.
"""

from __future__ import annotations

from typing import Any

from gongkai.api.caching import PUBLIC_MAX_AGE
from gongkai.api.links import absolute
from gongkai.api.params import DEFAULT_PAGE_SIZE, MAX_PAGE, MAX_PAGE_SIZE
from gongkai.disclosures.models import CadreNotice

VERSION = "1.0.0"


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _nullable(type_: str, **more: Any) -> dict[str, Any]:
    return {"type": [type_, "null"], **more}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _code_parameter(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": f"{what}代码；不是已有的代码时返回 400（unknown_filter）。空值等于不筛选。",
        "schema": {"type": "string", "maxLength": 32},
    }


PARAMETERS: dict[str, Any] = {
    "category": _code_parameter("category", "内容类别"),
    "department": _code_parameter("department", "责任科室"),
    "form": _code_parameter("form", "公开形式"),
    "year": {
        "name": "year",
        "in": "query",
        "required": False,
        "description": "发布年度（本地时间），四位数字。",
        "schema": {"type": "integer", "minimum": 1000, "maximum": 9999},
    },
    "page": {
        "name": "page",
        "in": "query",
        "required": False,
        "description": "页码，从 1 开始；超过最后一页时返回空列表。",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    },
    "page_size": {
        "name": "page_size",
        "in": "query",
        "required": False,
        "description": "每页条数。",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE, "default": DEFAULT_PAGE_SIZE},
    },
    "q": {
        "name": "q",
        "in": "query",
        "required": False,
        "description": "检索词，任意长度和内容；只按前 100 个字符检索（notices 会说明）。没有可检索的文字时 total 为 0，"
        "query_error 说明原因。没有运算符：引号、*、OR、NEAR 等都按普通文字处理。",
        "schema": {"type": "string"},
    },
    "order": {
        "name": "order",
        "in": "query",
        "required": False,
        "description": "relevance：按相关度；date：按发布时间从新到旧。",
        "schema": {"type": "string", "enum": ["relevance", "date"], "default": "relevance"},
    },
    "item_id": {
        "name": "id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1},
    },
    "file_token": {
        "name": "token",
        "in": "path",
        "required": True,
        "schema": {"type": "string"},
    },
    "catalog_year": {
        "name": "year",
        "in": "query",
        "required": False,
        "description": "目录年度，四位数字；不填时为最近一年已批准的目录。",
        "schema": {"type": "integer", "minimum": 1000, "maximum": 9999},
    },
}

CODED = {
    "type": "object",
    "required": ["code", "name"],
    "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
}

ITEM_SUMMARY: dict[str, Any] = {
    "type": "object",
    "required": ["id", "index_number", "title", "category", "department", "scope", "published_at", "url"],
    "properties": {
        "id": {"type": "integer"},
        "index_number": {"type": "string", "description": "索引号：<机构代码>/<年度>-<五位序号>"},
        "title": {"type": "string"},
        "summary": {"type": "string", "description": "正文开头的纯文本摘要"},
        "category": _ref("schemas", "Coded"),
        "department": _ref("schemas", "Coded"),
        "scope": {
            "type": "object",
            "description": "公开范围。只会是调用者所在的范围。",
            "required": ["kind", "name"],
            "properties": {
                "kind": {"type": "string", "enum": ["public", "bureau", "party", "limited"]},
                "name": {"type": "string"},
            },
        },
        "forms": {"type": "array", "items": _ref("schemas", "Coded")},
        "document_number": {"type": "string", "description": "文号，可为空"},
        "written_on": _nullable("string", format="date"),
        "published_at": {"type": "string", "format": "date-time", "description": "本地时间，如 +08:00"},
        "corrected_at": _nullable("string", format="date-time"),
        "window": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "description": "公示期（工作日计）",
                    "required": ["starts_on", "ends_on"],
                    "properties": {
                        "starts_on": {"type": "string", "format": "date"},
                        "ends_on": {"type": "string", "format": "date"},
                        "workdays": _nullable("integer"),
                    },
                },
            ]
        },
        "url": {"type": "string", "format": "uri", "description": "门户上的页面地址"},
    },
}

ITEM_DETAIL: dict[str, Any] = {
    "allOf": [
        _ref("schemas", "ItemSummary"),
        {
            "type": "object",
            "required": ["body_html", "body_text", "attachments", "cadres"],
            "properties": {
                "body_html": {"type": "string", "description": "经过净化的 HTML 正文"},
                "body_text": {"type": "string"},
                "correction_note": {"type": "string"},
                "objection_ways": {"type": "string", "description": "公示期间反映问题的方式"},
                "organisation": _ref("schemas", "Coded"),
                "attachments": {"type": "array", "items": _ref("schemas", "Attachment")},
                "cadres": {"type": "array", "items": _ref("schemas", "Cadre"), "description": "任前公示的人员"},
            },
        },
    ]
}

ATTACHMENT = {
    "type": "object",
    "required": ["name", "size", "kind", "url", "api_url"],
    "properties": {
        "name": {"type": "string"},
        "size": {"type": "integer", "minimum": 0},
        "kind": {"type": "string", "description": "pdf、docx、xlsx、txt、png、jpeg 等"},
        "url": {"type": "string", "format": "uri", "description": "门户下载地址（浏览器登录状态）"},
        "api_url": {"type": "string", "format": "uri", "description": "凭令牌下载的地址"},
    },
}

CADRE = {"type": "object", "properties": {name: {"type": "string"} for name in CadreNotice.FIELDS}}


def _page_of(key: str, count_key: str, items: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [count_key, "page", "page_size", "pages", "next", "previous", key],
        "properties": {
            count_key: {"type": "integer", "minimum": 0},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
            "pages": {"type": "integer", "minimum": 0},
            "next": _nullable("string", format="uri"),
            "previous": _nullable("string", format="uri"),
            key: {"type": "array", "items": items},
        },
    }


SEARCH_HIT = {
    "type": "object",
    "required": ["id", "title", "title_html", "snippet_html", "published_at", "url"],
    "properties": {
        "id": {"type": "integer"},
        "title": {"type": "string"},
        "title_html": {"type": "string", "description": "标题，命中处以 <mark> 标出（已转义）"},
        "snippet_html": {"type": "string", "description": "正文摘录，命中处以 <mark> 标出（已转义）"},
        "published_at": {"type": "string", "format": "date-time"},
        "url": {"type": "string", "format": "uri"},
    },
}

SEARCH_RESULTS = {
    "allOf": [
        _page_of("hits", "total", _ref("schemas", "SearchHit")),
        {
            "type": "object",
            "required": ["query", "order", "query_error", "notices"],
            "properties": {
                "query": {"type": "string", "description": "实际检索的文字（清理、截短之后）"},
                "order": {"type": "string", "enum": ["relevance", "date"]},
                "query_error": {"type": "string", "description": "没有检索的原因；为空表示已检索"},
                "notices": {"type": "array", "items": {"type": "string"}},
            },
        },
    ]
}

CATALOG_ENTRY = {
    "type": "object",
    "required": ["code", "title", "category", "department", "scope", "forms", "time_type"],
    "properties": {
        "code": {"type": "string"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "category": _ref("schemas", "Coded"),
        "department": _ref("schemas", "Coded"),
        "scope": {"type": "object", "properties": {"kind": {"type": "string"}, "name": {"type": "string"}}},
        "forms": {"type": "array", "items": _ref("schemas", "Coded")},
        "time_type": _ref("schemas", "Coded"),
        "period": {"oneOf": [{"type": "null"}, _ref("schemas", "Coded")]},
        "publicity_workdays": _nullable("integer"),
        "out_of_catalog": {"type": "boolean"},
    },
}

CATALOG = {
    "type": "object",
    "required": ["year", "title", "years", "entries"],
    "properties": {
        "year": {"type": "integer"},
        "title": {"type": "string"},
        "approved_at": _nullable("string", format="date-time"),
        "years": {"type": "array", "items": {"type": "integer"}, "description": "有已批准目录的年度"},
        "entries": {"type": "array", "items": _ref("schemas", "CatalogEntry")},
    },
}

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {
                    "type": "string",
                    "enum": [
                        "bad_parameter",
                        "unknown_parameter",
                        "unknown_filter",
                        "bad_request",
                        "unauthorized",
                        "not_found",
                        "no_such_endpoint",
                        "method_not_allowed",
                        "server_error",
                    ],
                },
                "message": {"type": "string", "description": "中文说明"},
                "parameter": {"type": "string", "description": "出错的参数名"},
            },
        }
    },
}

RESPONSES = {
    "BadRequest": _json(_ref("schemas", "Error"), "参数有误：格式不对、超出范围、重复、不支持的参数或不存在的代码"),
    "Unauthorized": _json(_ref("schemas", "Error"), "带了 Authorization 请求头，但令牌无效、已吊销或格式不正确"),
    "NotFound": _json(_ref("schemas", "Error"), "不存在，或调用者无权查看（两者的回答完全相同）"),
    "MethodNotAllowed": _json(_ref("schemas", "Error"), "只接受 GET（和 HEAD）"),
}

_ERRORS = {
    "400": _ref("responses", "BadRequest"),
    "401": _ref("responses", "Unauthorized"),
    "405": _ref("responses", "MethodNotAllowed"),
}


def _operation(op_id: str, summary: str, parameters: list[str], ok: dict[str, Any], *, not_found: bool) -> dict:
    responses = {"200": ok, **_ERRORS}
    if not_found:
        responses["404"] = _ref("responses", "NotFound")
    return {
        "get": {
            "operationId": op_id,
            "summary": summary,
            "parameters": [_ref("parameters", name) for name in parameters],
            "responses": dict(sorted(responses.items())),
        }
    }


def _paths() -> dict[str, Any]:
    listing = ["category", "department", "form", "year", "page", "page_size"]
    return {
        "/items": _operation(
            "listItems",
            "调用者可查看的公开事项，按发布时间从新到旧",
            listing,
            _json(_ref("schemas", "ItemPage"), "一页公开事项"),
            not_found=False,
        ),
        "/items/{id}": _operation(
            "getItem",
            "一个公开事项的全文、附件和公示人员",
            ["item_id"],
            _json(_ref("schemas", "ItemDetail"), "公开事项"),
            not_found=True,
        ),
        "/files/{token}": _operation(
            "getFile",
            "下载公开事项的附件（凭令牌时可下载范围内事项的附件）",
            ["file_token"],
            {"description": "文件内容", "content": {"application/octet-stream": {"schema": {}}}},
            not_found=True,
        ),
        "/catalog": _operation(
            "getCatalog",
            "已批准的公开目录中调用者所在范围的事项",
            ["catalog_year"],
            _json(_ref("schemas", "Catalog"), "公开目录"),
            not_found=True,
        ),
        "/search": _operation(
            "search",
            "全文检索调用者可查看的公开事项",
            ["q", "order", *listing],
            _json(_ref("schemas", "SearchResults"), "检索结果"),
            not_found=False,
        ),
        "/openapi.json": _operation(
            "getOpenApi",
            "本接口说明（OpenAPI 3.1）",
            [],
            _json({"type": "object"}, "OpenAPI 文档"),
            not_found=False,
        ),
    }


def document() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "党务公开数据接口",
            "version": VERSION,
            "description": (
                "只读接口。不带令牌时只能读取向社会公开的内容，回答可被缓存 "
                f"（Cache-Control: public, max-age={PUBLIC_MAX_AGE}，带 ETag）；带个人令牌（请求头 "
                "Authorization: Bearer 令牌，在工作台“接口令牌”页生成）时，按令牌所属用户的范围读取，回答不缓存 "
                "（Cache-Control: private, no-store）。令牌无效或已吊销时返回 401，不会按匿名处理。"
                '所有错误都以 JSON 返回：{"error": {"code", "message"}}。'
            ),
        },
        "servers": [{"url": absolute("/api/v1")}],
        "security": [{}, {"bearerAuth": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": {
                "bearerAuth": {"type": "http", "scheme": "bearer", "description": "个人接口令牌（43 个字符）"}
            },
            "parameters": PARAMETERS,
            "responses": RESPONSES,
            "schemas": {
                "Error": ERROR,
                "Coded": CODED,
                "ItemSummary": ITEM_SUMMARY,
                "ItemDetail": ITEM_DETAIL,
                "ItemPage": _page_of("results", "count", _ref("schemas", "ItemSummary")),
                "Attachment": ATTACHMENT,
                "Cadre": CADRE,
                "SearchHit": SEARCH_HIT,
                "SearchResults": SEARCH_RESULTS,
                "CatalogEntry": CATALOG_ENTRY,
                "Catalog": CATALOG,
            },
        },
    }
