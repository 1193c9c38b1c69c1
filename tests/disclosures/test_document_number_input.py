"""The disclosure form's 发文字号: stored in the canonical form, refused whole when it cannot be normalised."""

import pytest
from django.core.exceptions import ValidationError

from gongkai.disclosures import services
from gongkai.disclosures.models import Disclosure
from tests.disclosures.conftest import make_input

pytestmark = pytest.mark.django_db


def test_the_disclosure_form_stores_the_canonical_number(users, quarterly, clock):
    disclosure = services.disclosure_create(
        actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, document_number="某招商[2026]第007号")
    )
    disclosure.refresh_from_db()
    assert disclosure.document_number == "某招商〔2026〕7号"


def test_a_number_that_cannot_be_normalised_saves_nothing(users, quarterly, clock):
    before = Disclosure.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.disclosure_create(
            actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, document_number="某招商〔26〕7号")
        )
    assert "四位公元年份" in refused.value.message_dict["document_number"][0]
    assert Disclosure.objects.count() == before
