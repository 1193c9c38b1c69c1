"""Retention periods are DA/T 22-2015's (永久, 定期30年, 定期10年) or the organisation's approved schedule's."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from gongkai.catalog.models import RetentionPeriod

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gongkai.catalog.migrations.0004_retention_per_da_t_22")


def test_the_demos_periods_are_the_standards(org):
    periods = RetentionPeriod.objects.filter(organisation=org)
    assert sorted((p.years or 0, p.name) for p in periods) == [(0, "永久"), (10, "定期10年"), (30, "定期30年")]
    for period in periods:
        period.full_clean()


@pytest.mark.parametrize("years", [1, 5, 15, 50, 100])
def test_another_period_is_refused_without_an_approved_schedule(org, years):
    period = RetentionPeriod(organisation=org, code=f"y{years}", name=f"定期{years}年", years=years)
    with pytest.raises(ValidationError) as refused:
        period.full_clean()
    assert "DA/T 22-2015" in str(refused.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        period.save()
    period.schedule_reference = "某档发〔2025〕3号批准的保管期限表"
    period.full_clean()
    period.save()


def test_a_standard_period_must_carry_the_standards_name(org):
    period = RetentionPeriod(organisation=org, code="thirty", name="30年", years=30)
    with pytest.raises(ValidationError) as refused:
        period.full_clean()
    assert "定期30年" in str(refused.value)


def test_the_data_migration_gives_standard_periods_their_standard_names(org):
    RetentionPeriod.objects.create(organisation=org, code="thirty", name="30年", years=30)
    RetentionPeriod.objects.create(organisation=org, code="forever", name="长期", years=None)
    migration.to_da_t_22(apps, None)
    assert RetentionPeriod.objects.get(organisation=org, code="thirty").name == "定期30年"
    assert RetentionPeriod.objects.get(organisation=org, code="forever").name == "永久"
