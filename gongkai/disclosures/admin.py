"""The office's list of sensitive terms, flagged in every disclosure before review."""

from __future__ import annotations

from django.contrib import admin

from gongkai.audit.admin_mixins import GatedAdmin
from gongkai.disclosures.models import SensitiveTerm
from gongkai.org import permissions


@admin.register(SensitiveTerm)
class SensitiveTermAdmin(GatedAdmin):
    allowed = staticmethod(permissions.may_manage_organisation)
    deletable = True
    list_display = ["term", "note", "organisation"]
    search_fields = ["term"]
