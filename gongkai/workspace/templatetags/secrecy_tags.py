"""The secrecy review panel and its lines in the item's history, shown only to those who work on the item and
to supervision (`visibility.may_see_review_record`): a reader sees what was published, not the review record."""

from __future__ import annotations

from typing import Any

from django import template

from gongkai.disclosures import secrecy
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import may_see_review_record
from gongkai.org import permissions

register = template.Library()


def _user(context: Any) -> Any:
    return getattr(context.get("request"), "user", None)


@register.inclusion_tag("workspace/disclosures/_secrecy_review.html", takes_context=True)
def secrecy_panel(context: Any, disclosure: Disclosure) -> dict[str, Any]:
    from gongkai.workspace.secrecy_views import DeclassificationForm, SecrecyReviewForm

    user = _user(context)
    if user is None or not may_see_review_record(user, disclosure):
        return {"shown": False}
    reviews, decisions = secrecy.record_of(disclosure)
    reviewing = disclosure.state == Disclosure.State.IN_REVIEW and permissions.may_review_disclosure(
        user, drafted_by_id=disclosure.created_by_id
    )
    return {
        "shown": True,
        "d": disclosure,
        "reviews": reviews,
        "decisions": decisions,
        "marks": secrecy.open_marks(disclosure),
        "reviewing": reviewing,
        "review_form": SecrecyReviewForm(prefix="secrecy") if reviewing else None,
        "declassification_form": DeclassificationForm(prefix="declassify") if reviewing else None,
    }


@register.inclusion_tag("workspace/disclosures/_secrecy_history.html", takes_context=True)
def secrecy_history(context: Any, disclosure: Disclosure) -> dict[str, Any]:
    user = _user(context)
    if user is None or not may_see_review_record(user, disclosure):
        return {"reviews": [], "decisions": []}
    reviews, decisions = secrecy.record_of(disclosure)
    return {"reviews": reviews, "decisions": decisions}
