"""`__in` on integer columns that ignores values the database cannot hold.

Django (5.0+) drops an out-of-range integer from `exact`, `gt`, `lt`… lookups, but not from `in`: a form's
multiple choice given `99999999999999999999` reached SQLite as a parameter and raised OverflowError (a 500).
A value no row can have matches nothing, so leaving it out of the list is the same answer the database would
give if it could hold the number. Registered on every integer field by `OrgConfig.ready()`.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models.lookups import In


class IntegerIn(In):
    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        if self.rhs_is_direct_value():
            low, high = connection.ops.integer_field_range(self.lhs.output_field.get_internal_type())
            self.rhs = [value for value in self.rhs if not _outside(value, low, high)]
        return super().process_rhs(compiler, connection)


def _outside(value: Any, low: int | None, high: int | None) -> bool:
    if not isinstance(value, int):
        return False
    return (low is not None and value < low) or (high is not None and value > high)


def register() -> None:
    for field in (models.IntegerField, models.AutoField, models.BigAutoField, models.SmallAutoField):
        field.register_lookup(IntegerIn)
