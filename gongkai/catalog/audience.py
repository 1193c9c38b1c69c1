"""Two rules about what a scope allows, asked wherever a scope or a form is chosen.

`narrowing_error(narrowed, original)` — a disclosure may narrow its catalog entry's scope, never widen it, and
narrowing is judged on the audience, not on the rank of the kind: "limited" is not below "party". A narrowed
scope is accepted only when every person it admits is admitted by the original for any state of the
organisation we can vouch for:

- under a public or bureau-wide original, any bureau, party or limited scope of the same organisation (each
  admits only the organisation's staff, whom the original admits anyway);
- under a party original, the party scope itself, or a limited scope naming only people who are party members
  of the organisation (by the reference definition, `scope_admits`); a limited scope naming a department or a
  body is refused, because nothing keeps a non-member out of a department or a body;
- under a limited original, a limited scope whose departments and bodies are among the original's and whose
  people the original admits.

People are judged as they are when the scope is chosen (a person who later leaves the party stays named).

`form_scope_error(forms, scope)` — a form must fit its scope: a form marked `public_only` (the bureau's public
website, 招商网) is for items disclosed to all of society only.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from gongkai.catalog.models import Form, Scope
from gongkai.catalog.visibility import scope_admits

K = Scope.Kind


def narrowing_error(narrowed: Scope, original: Scope) -> str | None:
    """None when `narrowed` admits nobody `original` does not; otherwise why not, in Chinese."""
    if narrowed.organisation_id != original.organisation_id:
        return _("所选公开范围不属于本机构。")
    if narrowed.pk == original.pk:
        return None
    if not narrowed.is_at_most_as_wide_as(original):
        return _("公开范围只能在目录规定的范围（%(scope)s）内缩小，不能扩大；扩大须申请变更目录。") % {
            "scope": original
        }
    if original.kind in (K.PUBLIC, K.BUREAU) or narrowed.kind != K.LIMITED:
        return None
    return _limited_error(narrowed, original)


def _limited_error(narrowed: Scope, original: Scope) -> str | None:
    if original.kind == K.PARTY and (narrowed.departments.exists() or narrowed.bodies.exists()):
        return _("目录规定为“%(scope)s”：限定范围只能列出党员个人，不能列出科室或机构组织（其中可能有非党员）。") % {
            "scope": original
        }
    if original.kind == K.LIMITED:
        extra_departments = narrowed.departments.exclude(pk__in=original.departments.all())
        extra_bodies = narrowed.bodies.exclude(pk__in=original.bodies.all())
        if extra_departments.exists() or extra_bodies.exists():
            names = "、".join(str(x) for x in [*extra_departments, *extra_bodies])
            return _("限定范围只能缩小目录规定的范围（%(scope)s）：%(names)s不在其中。") % {
                "scope": original,
                "names": names,
            }
    outside = [person for person in narrowed.people.all() if not scope_admits(person, original)]
    if outside:
        return _("限定范围只能缩小目录规定的范围（%(scope)s）：%(names)s不在其中。") % {
            "scope": original,
            "names": "、".join(str(p) for p in outside),
        }
    return None


def form_scope_error(forms: Iterable[Form], scope: Scope | None) -> str | None:
    """None when every form fits `scope`; otherwise the message naming the form."""
    if scope is None or scope.kind == K.PUBLIC:
        return None
    unfit = [form for form in forms if form.public_only]
    if not unfit:
        return None
    return _("“%(forms)s”只用于向社会公开的事项，不能用于“%(scope)s”。请改选公开形式或公开范围。") % {
        "forms": "、".join(str(f) for f in unfit),
        "scope": scope,
    }
