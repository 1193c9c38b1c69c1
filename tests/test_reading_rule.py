"""The reading rule, proven: every faster form of "who may read what" equals the reference definition.

The reference is Python: `catalog.visibility.scope_admits` (who is inside a scope) and
`disclosures.visibility.may_read` / `may_view` built on it. Hypothesis generates whole installations — two
organisations, each with departments, a party organisation, the disclosure bodies with seats, people with and
without department, party membership or seat (and the three administrators, inactive accounts, the public),
scopes of every kind naming any mix of departments, bodies and people (of either organisation), and
disclosures in every state, with online and offline-only forms and closed windows — and checks, for every
(person, item) pair, that the SQL forms (`admitted_scopes`, `visible_disclosures`, `visible_among`), the search
engine's audience tags (`audiences_of` against `audience_of`, and a real search through `browse.search_items`)
give exactly what the reference gives. Examples: the `gongkai` profile (GONGKAI_HYPOTHESIS_EXAMPLES, default
100) on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog.audience import narrowing_error
from gongkai.catalog.models import Catalog, Form, Scope
from gongkai.catalog.visibility import admitted_scopes, scope_admits
from gongkai.disclosures import browse, indexing
from gongkai.disclosures.models import Disclosure
from gongkai.disclosures.visibility import (
    audience_of,
    audiences_of,
    may_read,
    may_view,
    visible_among,
    visible_disclosures,
)
from gongkai.org.models import Body, Department, Membership, Organisation, PartyOrganisation, User

pytestmark = pytest.mark.django_db
MARKER = "琥珀蜻蜓"  # in every generated item's title, nowhere else
BODY_KINDS = [Body.Kind.LEADING_GROUP, Body.Kind.OFFICE, Body.Kind.PARTY_GROUP]
St = Disclosure.State


@dataclass(frozen=True)
class PersonSpec:
    org: int
    department: int | None
    party: bool
    system_role: str
    active: bool
    editor: bool
    seats: tuple[tuple[int, str], ...]  # (body index, position)


@dataclass(frozen=True)
class ScopeSpec:
    org: int
    kind: str
    departments: tuple[tuple[int, int], ...]  # (org, department index)
    bodies: tuple[tuple[int, int], ...]  # (org, body index)
    people: tuple[int, ...]


@dataclass(frozen=True)
class ItemSpec:
    scope: int
    department: int
    state: str
    online: bool
    offline: bool
    window: str  # none, open, closed


DEPARTMENTS = 3
positions = st.sampled_from([Membership.Position.MEMBER, Membership.Position.DEPUTY, Membership.Position.LEADER])
people = st.builds(
    PersonSpec,
    org=st.integers(0, 1),
    department=st.none() | st.integers(0, DEPARTMENTS - 1),
    party=st.booleans(),
    system_role=st.sampled_from(["", "", "", "", "auditor", "system_admin", "security_admin"]),
    active=st.sampled_from([True, True, True, False]),
    editor=st.booleans(),
    seats=st.lists(st.tuples(st.integers(0, 2), positions), max_size=2, unique_by=lambda s: s[0]).map(tuple),
)


@st.composite
def installations(draw: Any) -> tuple[list[PersonSpec], list[ScopeSpec], list[ItemSpec]]:
    persons = draw(st.lists(people, min_size=1, max_size=7))
    refs = st.tuples(st.integers(0, 1), st.integers(0, DEPARTMENTS - 1))
    bodies = st.tuples(st.integers(0, 1), st.integers(0, 2))
    scopes = draw(
        st.lists(
            st.builds(
                ScopeSpec,
                org=st.sampled_from([0, 0, 1]),
                kind=st.sampled_from(Scope.Kind.values),
                departments=st.lists(refs, max_size=3, unique=True).map(tuple),
                bodies=st.lists(bodies, max_size=2, unique=True).map(tuple),
                people=st.lists(st.integers(0, len(persons) - 1), max_size=3, unique=True).map(tuple),
            ),
            min_size=1,
            max_size=5,
        )
    )
    items = draw(
        st.lists(
            st.builds(
                ItemSpec,
                scope=st.integers(0, len(scopes) - 1),
                department=st.integers(0, DEPARTMENTS - 1),
                state=st.sampled_from(
                    [
                        St.PUBLISHED,
                        St.PUBLISHED,
                        St.PUBLISHED,
                        St.DRAFT,
                        St.IN_REVIEW,
                        St.REVIEWED,
                        St.APPROVED,
                        St.WITHDRAWN,
                        St.RETURNED,
                    ]
                ),
                online=st.booleans(),
                offline=st.booleans(),
                window=st.sampled_from(["none", "none", "open", "closed"]),
            ),
            min_size=1,
            max_size=8,
        )
    )
    return persons, scopes, items


class World:
    """The generated installation as rows (inside a transaction the example rolls back)."""

    def __init__(self, specs: tuple[list[PersonSpec], list[ScopeSpec], list[ItemSpec]]) -> None:
        persons, scopes, items = specs
        self.orgs = [Organisation.objects.create(code=f"gen{i}", name=f"生成机构{i}") for i in range(2)]
        self.departments = [
            [Department.objects.create(organisation=o, code=f"d{j}", name=f"科室{j}") for j in range(DEPARTMENTS)]
            for o in self.orgs
        ]
        self.parties = [
            PartyOrganisation.objects.create(organisation=o, name=f"机关党支部{o.code}", kind="branch")
            for o in self.orgs
        ]
        self.bodies = [
            [Body.objects.create(organisation=o, kind=k, name=f"{k}{o.code}", party_organisation=p) for k in BODY_KINDS]
            for o, p in zip(self.orgs, self.parties, strict=True)
        ]
        self.forms = [
            (
                Form.objects.create(organisation=o, code="web", name="网站", is_online=True),
                Form.objects.create(organisation=o, code="meet", name="会议", is_online=False),
            )
            for o in self.orgs
        ]
        self.people = [self._person(i, spec) for i, spec in enumerate(persons)]
        self.scopes = [self._scope(i, spec) for i, spec in enumerate(scopes)]
        self.entry = Catalog.objects.filter(status=Catalog.Status.APPROVED).first().entries.first()  # type: ignore[union-attr]
        made = [self._item(i, spec).pk for i, spec in enumerate(items)]
        # Read back as a face would, forms and scope at hand (the checks below ask about every pair).
        self.items = list(Disclosure.objects.filter(pk__in=made).select_related("scope").prefetch_related("forms"))

    def _person(self, i: int, spec: PersonSpec) -> User:
        department = self.departments[spec.org][spec.department] if spec.department is not None else None
        admin = bool(spec.system_role)
        user = User.objects.create(
            username=f"gen{i}",
            organisation=self.orgs[spec.org],
            department=department,
            is_department_editor=spec.editor and department is not None and not admin,
            party_organisation=self.parties[spec.org] if spec.party else None,
            system_role=spec.system_role,
            is_active=spec.active,
        )
        for body, position in spec.seats if not admin else ():
            target = self.bodies[spec.org][body]
            if position == Membership.Position.LEADER and target.memberships.filter(position=position).exists():
                position = Membership.Position.MEMBER
            Membership.objects.create(user=user, body=target, position=position)
        return user

    def _scope(self, i: int, spec: ScopeSpec) -> Scope:
        scope = Scope.objects.create(organisation=self.orgs[spec.org], code=f"s{i}", name=f"范围{i}", kind=spec.kind)
        scope.departments.set([self.departments[o][d] for o, d in spec.departments])
        scope.bodies.set([self.bodies[o][b] for o, b in spec.bodies])
        scope.people.set([self.people[p] for p in spec.people])
        return scope

    def _item(self, i: int, spec: ItemSpec) -> Disclosure:
        scope = self.scopes[spec.scope]
        org_index = self.orgs.index(scope.organisation)
        today = timezone.localdate()
        window = {
            "none": (None, None),
            "open": (today, today + dt.timedelta(days=3)),
            "closed": (today - dt.timedelta(days=9), today - dt.timedelta(days=2)),
        }[spec.window]
        published = spec.state in (St.PUBLISHED, St.WITHDRAWN)
        item = Disclosure.objects.create(
            organisation=scope.organisation,
            entry=self.entry,
            title=f"{MARKER}第{i}项",
            department=self.departments[org_index][spec.department],
            scope=scope,
            state=spec.state,
            published_at=timezone.now() - dt.timedelta(minutes=i) if published else None,
            window_starts_on=window[0],
            window_ends_on=window[1],
            window_workdays=3 if window[0] else None,
            created_by=self.people[0],
        )
        online, offline = self.forms[org_index]
        item.forms.set(
            [f for f, chosen in ((online, spec.online), (offline, spec.offline or not spec.online)) if chosen]
        )
        if published:
            indexing.refresh(item)
        return item

    def readers(self) -> list[Any]:
        return [AnonymousUser(), *(User.objects.get(pk=p.pk) for p in self.people)]


def _ids(rows: Any) -> set[int]:
    return set(rows.values_list("pk", flat=True))


def _check_organisation(world: World, org: Organisation, reader: Any) -> None:
    items = [d for d in world.items if d.organisation_id == org.pk]
    ids = [d.pk for d in items]
    scopes = [s for s in world.scopes if s.organisation_id == org.pk]
    who = getattr(reader, "username", "anonymous")

    assert _ids(admitted_scopes(reader, org)) == {s.pk for s in scopes if scope_admits(reader, s)}, who

    read = {d.pk for d in items if may_read(reader, d)}
    assert _ids(visible_disclosures(reader, org, as_reader=True)) == read, who
    assert _ids(visible_among(reader, org, ids, as_reader=True)) == read, who
    seen = {d.pk for d in items if may_view(reader, d)}
    assert _ids(visible_disclosures(reader, org)) == seen, who
    assert _ids(visible_among(reader, org, ids)) == seen, who

    # The engine's audience tags: an indexed (readable) item's key is among the reader's keys iff the scope admits.
    keys = audiences_of(reader, org)
    readable = [d for d in items if indexing.is_readable(d)]
    assert {d.pk for d in readable if audience_of(d.scope) in keys} == read, who
    # …and through the real engine and the re-read, as the search pages do it.
    page = browse.search_items(reader, org, MARKER, browse.Filters(), order="date", page=1, size=100)
    assert {found.pk for found in page.found} == read, who


@given(installations())
def test_every_form_of_the_reading_rule_equals_the_reference(specs):
    with transaction.atomic():
        world = World(specs)
        for reader in world.readers():
            for org in world.orgs:
                _check_organisation(world, org, reader)
        transaction.set_rollback(True)


def test_a_person_without_department_is_not_in_a_limited_scope_that_names_none(org):
    """The class the SQL form got wrong: `departments=None` matched every limited scope naming no department."""
    with transaction.atomic():
        world = World(
            (
                [PersonSpec(0, None, True, "", True, False, ()), PersonSpec(0, 0, False, "", True, False, ())],
                [ScopeSpec(0, Scope.Kind.LIMITED, (), (), (1,)), ScopeSpec(0, Scope.Kind.LIMITED, (), ((0, 1),), ())],
                [ItemSpec(0, 0, St.PUBLISHED, True, False, "none"), ItemSpec(1, 0, St.PUBLISHED, True, False, "none")],
            )
        )
        newcomer = User.objects.get(pk=world.people[0].pk)
        assert not admitted_scopes(newcomer, world.orgs[0]).exists()
        assert not visible_disclosures(newcomer, world.orgs[0], as_reader=True).exists()
        assert audiences_of(newcomer, world.orgs[0]) == {"public"}
        transaction.set_rollback(True)


# --- narrowing: an accepted narrowed scope admits nobody the original does not ----------------------------------


@given(installations())
def test_an_accepted_narrowing_admits_nobody_the_original_does_not(specs):
    """`narrowing_error` against the reference: whenever it accepts N under O, every generated person admitted by
    N is admitted by O; and it accepts each scope under itself and any same-organisation scope under bureau."""
    with transaction.atomic():
        world = World(specs)
        readers = world.readers()
        admits = {s.pk: {i for i, r in enumerate(readers) if scope_admits(r, s)} for s in world.scopes}
        inside = (Scope.Kind.PARTY, Scope.Kind.LIMITED)
        for original in world.scopes:
            for narrowed in world.scopes:
                error = narrowing_error(narrowed, original)
                same = narrowed.organisation_id == original.organisation_id
                if narrowed.pk == original.pk or (
                    same and original.kind == Scope.Kind.BUREAU and narrowed.kind in inside
                ):
                    assert error is None, error
                if error is None:
                    assert same
                    widened = admits[narrowed.pk] - admits[original.pk]
                    assert not widened, (original.kind, narrowed.kind, [readers[i] for i in widened])
        transaction.set_rollback(True)
