"""Helpers shared by the faces (portal, workspace, API): running a domain operation from a view, so a refusal
becomes a message or field errors, never a 500."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from gongkai.errors import Refused


def attempt(request: HttpRequest, operation: Callable[[], Any], form: forms.Form | None = None) -> bool:
    """Run a domain operation; a refusal becomes a message (or field errors), never a 500."""
    try:
        operation()
    except Refused as refused:
        messages.error(request, refused.message)
        return False
    except ValidationError as invalid:
        show_errors(request, invalid, form)
        return False
    return True


def show_errors(request: HttpRequest, invalid: ValidationError, form: forms.Form | None) -> None:
    if not hasattr(invalid, "error_dict"):
        messages.error(request, "；".join(invalid.messages))
        return
    for field, errors in invalid.message_dict.items():
        target = field if form is not None and field in form.fields else None
        for error in errors:
            if form is not None:
                form.add_error(target, error)
            else:
                messages.error(request, error)
