"""What a disclosure's bulletin-board notice says: who issues it, its scope marking, its attachments, and a
proof (样稿) before publication with no blank index number and no made-up publication date."""

import pytest

from gongkai.catalog.models import Scope
from gongkai.disclosures import services
from gongkai.disclosures.notice import notice_content
from gongkai.org.models import PartyOrganisation
from gongkai.printing.notices import render_notice_html
from tests.disclosures.conftest import docx_with, make_input, walk_to

pytestmark = pytest.mark.django_db


def test_the_notice_is_issued_by_the_catalogs_party_organisation_not_the_bureau(draft, users):
    content = notice_content(walk_to(draft, "published", users))
    assert content.organisation_name == draft.entry.catalog.party_organisation.name == "中共某市招商局党组"
    assert content.organisation_name != "某市招商局"


def test_an_entry_can_name_another_party_organisation_as_issuer(draft, users, quarterly):
    committee = PartyOrganisation.objects.get(name="中共某市招商局机关委员会")
    quarterly.issuer = committee
    quarterly.save()
    published = walk_to(draft, "published", users)
    html = render_notice_html(notice_content(published))
    assert "中共某市招商局机关委员会" in html
    assert "中共某市招商局党组" not in html


def test_an_approved_item_prints_as_a_proof_without_index_number_or_publication_date(draft, users):
    approved = walk_to(draft, "approved", users)
    content = notice_content(approved)
    assert content.published_on is None
    assert content.index_number == ""
    html = render_notice_html(content)
    assert 'class="proof-marking">样稿' in html
    assert "索引号" not in html
    assert "发布日期" not in html
    assert "2026年7月1日" in html  # signed on the day it was written, not today (2026-07-02)


def test_a_published_item_prints_its_index_number_and_publication_date_and_no_proof_mark(draft, users):
    published = walk_to(draft, "published", users)
    html = render_notice_html(notice_content(published))
    assert "样稿" not in html  # neither the marking nor the watermark
    assert f'索引号：<span class="index-number">{published.index_number}</span>' in html
    assert '发布日期：<span class="published-on">2026年7月2日</span>' in html


def test_a_party_scope_notice_carries_its_scope_marking_and_a_public_one_none(users, quarterly, clock, catalog):
    party = Scope.objects.get(organisation=catalog.organisation, code="party")
    narrowed = services.disclosure_create(
        actor=users["editor_xm"],
        entry=quarterly,
        # the website is for public items only: a party-only notice goes on the board and in the briefing
        data=make_input(quarterly, scope=party, forms=list(quarterly.forms.filter(public_only=False))),
    )
    assert notice_content(narrowed).scope_marking == party.name == "党内公开"
    public = services.disclosure_create(
        actor=users["editor_xm"], entry=quarterly, data=make_input(quarterly, obligation_key="16:2026Q1")
    )
    assert public.scope.kind == Scope.Kind.PUBLIC
    assert notice_content(public).scope_marking == ""


def test_published_attachments_are_listed_on_the_attachment_line(draft, users):
    services.attachment_add(actor=users["editor_xm"], disclosure=draft, name="项目联系人名单.docx", data=docx_with("x"))
    services.attachment_add(actor=users["editor_xm"], disclosure=draft, name="签约项目表.docx", data=docx_with("y"))
    content = notice_content(draft)
    assert content.attachments == ["项目联系人名单", "签约项目表"]
    html = render_notice_html(content)
    assert "附件：" in html
    assert "1．项目联系人名单" in html and "2．签约项目表" in html
