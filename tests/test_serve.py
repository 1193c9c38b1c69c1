"""`gongkai serve`: gunicorn and the huey consumer as children, stopped together."""

import io
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.ops.management.commands import serve
from gongkai.ops.processes import supervise
from gongkai.search.engine import IndexedDocument, index_document, search, stale_count
from gongkai.search.models import SearchDocument

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


@pytest.mark.django_db
def test_serve_starts_gunicorn_and_the_huey_consumer(monkeypatch, settings):
    started = []
    monkeypatch.setattr(serve, "supervise", lambda commands: started.append(commands) or 0)
    with pytest.raises(SystemExit):
        call_command("serve", "--bind", "127.0.0.1:8123", "--workers", "3")
    assert list(started[0]) == ["gunicorn", "run_huey"]
    gunicorn, worker = started[0]["gunicorn"], started[0]["run_huey"]
    assert os.path.basename(gunicorn[0]) == "gunicorn" and gunicorn[1] == "gongkai.wsgi:application"
    assert gunicorn[gunicorn.index("--bind") + 1] == "127.0.0.1:8123" and "3" in gunicorn
    assert worker == [sys.executable, "-m", "gongkai.cli", "run_huey"]


@pytest.mark.django_db
def test_serve_runs_no_worker_when_switched_off(monkeypatch, settings):
    settings.GONGKAI_RUN_WORKER = False
    started = []
    monkeypatch.setattr(serve, "supervise", lambda commands: started.append(commands) or 0)
    with pytest.raises(SystemExit):
        call_command("serve")
    assert list(started[0]) == ["gunicorn"]


@pytest.mark.django_db
def test_serve_first_rebuilds_a_search_index_left_by_another_tokenizer(monkeypatch):
    index_document(
        IndexedDocument(kind="t", object_id="1", title="党费公示", published_at=timezone.now(), audiences=["public"])
    )
    SearchDocument.objects.update(tokenizer="bigram-1/unicode-0")
    monkeypatch.setattr(serve, "supervise", lambda commands: 0)
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("serve", "--no-worker", stdout=out)
    assert "search index rebuilt" in out.getvalue() and stale_count() == 0
    assert search("党费", audiences=["public"], kinds=["t"]).total == 1


def test_a_child_that_exits_stops_the_others_and_sets_the_status():
    began = time.monotonic()
    assert (
        supervise({"sleeper": SLEEPER, "failing": [sys.executable, "-c", "raise SystemExit(3)"]}, poll_seconds=0.05)
        == 3
    )
    assert time.monotonic() - began < 10  # the sleeper was stopped, not waited for


def test_a_child_that_stops_unasked_is_a_failure_even_with_status_zero():
    assert supervise({"sleeper": SLEEPER, "done": [sys.executable, "-c", "pass"]}, poll_seconds=0.05) == 1


def test_sigterm_to_the_supervisor_stops_every_child(tmp_path):
    pids = tmp_path / "pids"
    script = textwrap.dedent(
        f"""
        import sys
        from gongkai.ops import processes
        original = processes.subprocess.Popen
        def recording(*args, **kwargs):
            child = original(*args, **kwargs)
            with open({str(pids)!r}, "a") as out:
                out.write(f"{{child.pid}}\\n")
            return child
        processes.subprocess.Popen = recording
        sys.exit(processes.supervise({{"a": {SLEEPER!r}, "b": {SLEEPER!r}}}, poll_seconds=0.05))
        """
    )
    supervisor = subprocess.Popen([sys.executable, "-c", script])
    deadline = time.monotonic() + 20
    while (not pids.exists() or len(pids.read_text().split()) < 2) and time.monotonic() < deadline:
        time.sleep(0.05)
    children = [int(pid) for pid in pids.read_text().split()]
    supervisor.send_signal(signal.SIGTERM)
    assert supervisor.wait(timeout=20) == 0
    for pid in children:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _answers(port: int, deadline: float) -> bool:
    import urllib.error
    import urllib.request

    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/favicon-missing", timeout=2):
                return True
        except urllib.error.HTTPError:
            return True  # an HTTP answer (404 included) is what is asked here
        except OSError:
            time.sleep(0.2)
    return False


def test_two_instances_on_one_host_both_serve(tmp_path):
    """gunicorn's control socket defaults to one path per host; gongkai switches it off, so instances coexist."""
    ports = [_free_port(), _free_port()]
    env = {**os.environ, "HOME": str(tmp_path)}  # the default socket would sit under HOME: share it on purpose
    children = [
        subprocess.Popen(
            serve.gunicorn_command(f"127.0.0.1:{port}", 1),
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        deadline = time.monotonic() + 30
        assert all(_answers(port, deadline) for port in ports)
        assert all(child.poll() is None for child in children)
        assert not (tmp_path / ".gunicorn").exists()
    finally:
        for child in children:
            os.killpg(child.pid, signal.SIGTERM)
            child.wait(timeout=30)
