"""A year the holiday calendar does not know yet (the State Council publishes each year's holidays late in the
year before): every page still answers (the catalog tests check that the deadlines it cannot compute say why)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client

from gongkai.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db
CST = dt.timezone(dt.timedelta(hours=8))
UNKNOWN = dt.datetime(2031, 3, 3, 10, tzinfo=CST)  # a Monday, in a year neither the package nor the office knows

PUBLIC = ["/", "/list/", "/search/?q=党费", "/catalog/", "/feeds/rss/", "/sitemap.xml", "/api/v1/items"]
WORKSPACE = [
    "/workspace/",
    "/workspace/obligations/",
    "/workspace/disclosures/",
    "/workspace/read/",
    "/workspace/catalog/",
]


@pytest.mark.parametrize("role", ["anonymous", "office", "editor_xm", "leader", "partygroup", "auditor"])
def test_every_page_answers_in_a_year_the_calendar_does_not_know(client_as, role):
    assert not CalendarYear.objects.filter(year=UNKNOWN.year).exists()
    urls = PUBLIC if role == "anonymous" else PUBLIC + WORKSPACE
    with time_machine.travel(UNKNOWN, tick=False):
        client = Client() if role == "anonymous" else client_as(role)  # signed in then: sessions expire
        for url in urls:
            response = client.get(url)
            assert response.status_code in (200, 403), (role, url, response.status_code)
