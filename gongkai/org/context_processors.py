from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from gongkai.org.roles import roles_of
from gongkai.org.selectors import current_organisation


def site(request: HttpRequest) -> dict[str, Any]:
    """The organisation the site speaks for, and the visitor's roles, for every template."""
    return {
        "site_organisation": current_organisation(),
        "user_roles": roles_of(getattr(request, "user", None)),
    }
