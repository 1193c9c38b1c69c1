"""Run the platform's processes side by side and stop them together (`gongkai serve`).

Each child runs in its own process group, so a Ctrl-C in the terminal reaches only the supervisor, which passes
exactly one stop signal on to every child. SIGTERM is each child's graceful stop (gunicorn finishes its
requests; the huey consumer, configured with graceful_signal=TERM, finishes its tasks); a second SIGINT or
SIGTERM to the supervisor sends SIGINT, the quick stop. When any child exits on its own, the others are stopped
and the supervisor exits with that child's status (1 if it said 0), so a service manager restarts the lot.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from types import FrameType

log = logging.getLogger(__name__)

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Supervisor:
    def __init__(self, commands: Mapping[str, Sequence[str]], *, poll_seconds: float = 0.2, stop_seconds: float = 75):
        self.commands = {name: list(command) for name, command in commands.items()}
        self.poll_seconds = poll_seconds
        self.stop_seconds = stop_seconds
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.stops_asked = 0

    def run(self) -> int:
        previous = {signum: signal.signal(signum, self._on_signal) for signum in STOP_SIGNALS}
        try:
            for name, command in self.commands.items():
                self.children[name] = subprocess.Popen(command, process_group=0)
            first = self._wait_for_first_exit()
            if not self.stops_asked:  # after a signal the children were told once already; twice means "now"
                self._stop_all(signal.SIGTERM)
            self._reap()
        finally:
            for signum, handler in previous.items():
                signal.signal(signum, handler)
        if self.stops_asked:
            return 0
        return _exit_status(first.returncode)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.stops_asked += 1
        self._stop_all(signal.SIGTERM if self.stops_asked == 1 else signal.SIGINT)

    def _wait_for_first_exit(self) -> subprocess.Popen[bytes]:
        while True:
            for name, child in self.children.items():
                if child.poll() is not None:
                    if not self.stops_asked:
                        log.warning("%s exited with status %s; stopping the others.", name, child.returncode)
                    return child
            time.sleep(self.poll_seconds)

    def _stop_all(self, signum: int) -> None:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signum)

    def _reap(self) -> None:
        deadline = time.monotonic() + self.stop_seconds
        for name, child in self.children.items():
            try:
                child.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                log.warning("%s did not stop in time; killing it.", name)
                child.kill()
                child.wait()


def _exit_status(returncode: int) -> int:
    """A child that stopped unasked is a failure even if it said 0; killed by signal N reads as 128 + N."""
    if returncode < 0:
        return 128 - returncode
    return returncode or 1


def supervise(commands: Mapping[str, Sequence[str]], **options: float) -> int:
    """Start every command, wait until one exits or a stop signal arrives, stop the rest; the exit status."""
    return Supervisor(commands, **options).run()
