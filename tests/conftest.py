"""Shared fixtures: the demo bureau with every role, clients signed in as each, and the browser.

With GONGKAI_REQUIRE_ALL_TESTS set (CI), a skipped test fails the run, so no part can pass by skipping.
PostgreSQL-only tests are deselected (not skipped) on SQLite, SQLite-only ones on PostgreSQL; the Makefile runs the
suite on both.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from hypothesis import HealthCheck, settings

from gongkai.ops.demo import load_demo
from gongkai.org.models import Organisation, User

REQUIRE_ALL = bool(os.environ.get("GONGKAI_REQUIRE_ALL_TESTS"))

# Property-based tests: one profile for every run, its size from the environment. The default is what
# `make test` runs on both databases; GONGKAI_HYPOTHESIS_EXAMPLES=1000 is the long variant.
settings.register_profile(
    "gongkai",
    max_examples=int(os.environ.get("GONGKAI_HYPOTHESIS_EXAMPLES", "100")),
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    print_blob=True,
)
settings.load_profile("gongkai")
CHROMIUM = os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    on_postgres = os.environ.get("DATABASE_URL", "").startswith(("postgres", "postgresql"))
    kept, dropped = [], []
    for item in items:
        elsewhere = item.get_closest_marker("postgres") and not on_postgres
        elsewhere = elsewhere or (item.get_closest_marker("sqlite") and on_postgres)
        (dropped if elsewhere else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if REQUIRE_ALL and skipped:
        if reporter:
            reporter.write_line(
                f"GONGKAI_REQUIRE_ALL_TESTS: {skipped} test(s) were skipped; that fails the run.", red=True
            )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True, scope="session")
def _database_is_what_was_asked(django_db_setup: Any, django_db_blocker: Any) -> None:
    """A PostgreSQL run that silently fell back to SQLite would prove nothing."""
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        with django_db_blocker.unblock():
            assert connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Cached pages are keyed by the last audit record, which a rolled-back test can reuse: start clean."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_checkpoint_of_this_test(settings: Any, tmp_path: Any) -> None:
    """A checkpoint written by one test (the scheduler runs every due periodic task) must not judge the next
    test's trail, which the rollback has made shorter again."""
    settings.GONGKAI_AUDIT_CHECKPOINT = str(tmp_path / "audit-checkpoint.json")


@pytest.fixture(autouse=True)
def _audit_triggers_let_the_flush_through(request: pytest.FixtureRequest) -> Iterator[None]:
    """The append-only triggers refuse the DELETE with which a transactional test's teardown empties the
    tables on SQLite; lift them just before that flush (post_migrate puts them back after it)."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after this fixture
    yield
    from gongkai.audit.append_only import drop_sqlite_triggers

    drop_sqlite_triggers()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    """Build the demo bureau once; every test then starts from it inside its own rolled-back transaction."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def org(db: Any) -> Organisation:
    # Idempotent: cheap when the session's demo is there, rebuilds it after a transactional test's flush.
    return load_demo()


@pytest.fixture
def users(org: Organisation) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def client_as(users: dict[str, User]) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        return client

    return make


@pytest.fixture
def verified_as(users: dict[str, User]) -> Callable[[str], Client]:
    """A client signed in as the user, whose session has passed the second factor (a confirmed TOTP device)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    def make(username: str) -> Client:
        client = Client()
        client.force_login(users[username])
        device, _ = TOTPDevice.objects.get_or_create(user=users[username], defaults={"name": "test", "confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
        return client

    return make


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM) and not shutil.which("chromium"):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if REQUIRE_ALL:
            pytest.fail(message)
        pytest.skip(message)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
