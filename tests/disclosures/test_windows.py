import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError

from gongkai.disclosures import services
from gongkai.disclosures.demo import SAMPLE_CADRE
from gongkai.disclosures.models import Disclosure, PublishedChange
from gongkai.disclosures.visibility import may_view, visible_disclosures
from gongkai.errors import InvalidState
from gongkai.search.engine import search
from tests.disclosures.conftest import make_input, walk_to

pytestmark = pytest.mark.django_db
D = dt.date
CST = dt.timezone(dt.timedelta(hours=8))
CADRE = SAMPLE_CADRE  # 王芳, 外资科副科长 → 外资科科长


def _appointment(users, appointment, **overrides):
    data = make_input(
        appointment,
        title="干部任前公示",
        body="<p>经局党组研究，拟任用以下同志。</p>",
        obligation_key="",
        window_starts_on=D(2026, 9, 28),
        objection_ways="电话：0000-12345678",
        cadres=[CADRE],
    )
    for key, value in overrides.items():
        setattr(data, key, value)
    item = services.disclosure_create(actor=users["editor_rs"], entry=appointment, data=data)
    services.disclosure_submit(actor=users["editor_rs"], disclosure=item)
    services.disclosure_review(actor=users["office"], disclosure=item)
    services.disclosure_approve(actor=users["leader"], disclosure=item)
    return services.disclosure_publish(actor=users["editor_rs"], disclosure=item)


def test_a_publicity_window_from_28_september_ends_after_national_day(users, appointment):
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = _appointment(users, appointment)
    assert item.window_ends_on == D(2026, 10, 9)  # 28, 29, 30 September; 8, 9 October
    assert item.cadres.get().proposed_post == "外资科科长"

    objection = services.objection_submit(
        disclosure=item, name="", contact="", content="该同志群众基础需进一步了解。", today=D(2026, 10, 9)
    )
    assert objection.tracking_code.startswith("YY")
    with pytest.raises(InvalidState) as refused:
        services.objection_submit(disclosure=item, name="", contact="", content="晚到的意见", today=D(2026, 10, 10))
    assert "不在公示期内" in refused.value.message
    with pytest.raises(InvalidState):
        services.objection_submit(disclosure=item, name="", contact="", content="太早", today=D(2026, 9, 27))


def test_the_window_closes_by_itself_and_records_its_result(users, appointment):
    with time_machine.travel(dt.datetime(2026, 9, 25, 9, tzinfo=CST), tick=False):
        item = _appointment(users, appointment)
    with time_machine.travel(dt.datetime(2026, 10, 8, 9, tzinfo=CST), tick=False):
        assert may_view(AnonymousUser(), item)
        assert search("任前公示", audiences={"public"}).total == 1
    with time_machine.travel(dt.datetime(2026, 10, 10, 1, tzinfo=CST), tick=False):
        assert services.windows_close() == 1
        item.refresh_from_db()
        assert item.window_result == Disclosure.WindowResult.NO_OBJECTION
        assert not may_view(AnonymousUser(), item)
        assert may_view(users["office"], item) and may_view(users["auditor"], item)
        assert search("任前公示", audiences={"public"}).total == 0
        assert services.windows_close() == 0


def test_a_window_that_ends_before_it_starts_or_too_soon_is_refused(users, appointment):
    for end, message in ((D(2026, 9, 27), "不能早于开始日期"), (D(2026, 10, 8), "最早为2026-10-09")):
        with pytest.raises(ValidationError) as refused:
            services.disclosure_create(
                actor=users["editor_rs"],
                entry=appointment,
                data=make_input(
                    appointment,
                    title="任前公示",
                    obligation_key="",
                    window_starts_on=D(2026, 9, 28),
                    window_ends_on=end,
                    objection_ways="电话",
                ),
            )
        assert message in refused.value.message_dict["window_ends_on"][0]


def test_withdrawal_removes_the_item_at_once_and_correction_is_shown(users, draft, org):
    published = walk_to(draft, "published", users)
    assert search("招商引资", audiences={"public"}).total == 1
    change = services.published_change_request(
        actor=users["editor_xm"],
        disclosure=published,
        kind="correct",
        reason="到位资金数据有误",
        new_title=published.title,
        new_body="<p>第二季度共签约项目12个，到位资金8.2亿元。</p>",
    )
    with pytest.raises(InvalidState):
        services.published_change_request(
            actor=users["editor_xm"], disclosure=published, kind="withdraw", reason="重复"
        )
    services.published_change_decide(actor=users["leader"], change=change, approve=True)
    published.refresh_from_db()
    assert published.corrected_at is not None and published.correction_note == "到位资金数据有误"
    assert "8.2亿元" in published.body_text

    withdraw = services.published_change_request(
        actor=users["editor_xm"], disclosure=published, kind="withdraw", reason="内容已并入半年度报告"
    )
    with pytest.raises(ValidationError):
        services.published_change_request(actor=users["editor_xm"], disclosure=published, kind="withdraw", reason="")
    services.published_change_decide(actor=users["leader"], change=withdraw, approve=True)
    published.refresh_from_db()
    assert published.state == Disclosure.State.WITHDRAWN
    assert search("招商引资", audiences={"public"}).total == 0
    assert not visible_disclosures(users["staff"], org).filter(pk=published.pk).exists()
    assert PublishedChange.objects.filter(status="approved").count() == 2


def test_a_correction_that_brings_personal_data_is_refused(users, draft):
    published = walk_to(draft, "published", users)
    with pytest.raises(ValidationError) as refused:
        services.published_change_request(
            actor=users["editor_xm"],
            disclosure=published,
            kind="correct",
            reason="补充联系人",
            new_title=published.title,
            new_body="<p>联系人手机13912345678</p>",
        )
    assert "手机号" in refused.value.message_dict["new_body"][0]
