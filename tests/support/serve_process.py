"""`pmm-bot serve` as a real child process for tests: a clean environment, the port it chose,
and its log drained in the background (so a chatty server never blocks on a full pipe)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
from pathlib import Path

from tests.support.fake_slack import FakeSlack
from tests.support.slack_requests import SlackSender

BOT_TOKEN = "xoxb-test-token-0000"
SIGNING_SECRET = "test-signing-secret-0123456789"
_LISTENING = re.compile(r"serving Slack requests at http://[^:]+:(\d+)")


def clean_env(**values: str) -> dict[str, str]:
    """The environment of a fresh shell: no Slack, PMM, database or port variables."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "PMM_", "DATABASE_URL", "PORT"))
    }
    env.update(values)
    return env


class ServeProcess:
    """A running `python -m bot serve`, with a signed sender pointed at it."""

    def __init__(self, cwd: Path, fake: FakeSlack, **env: str) -> None:
        full_env = clean_env(
            SLACK_BOT_TOKEN=BOT_TOKEN,
            SLACK_SIGNING_SECRET=SIGNING_SECRET,
            SLACK_API_URL=fake.api_url,
            PORT="0",
            HOST="127.0.0.1",
            **env,
        )
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bot", "serve"],
            cwd=cwd,
            env=full_env,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.log: list[str] = []
        port = None
        for line in self.proc.stderr:  # the "serving ... at http://host:port" line
            self.log.append(line)
            if match := _LISTENING.search(line):
                port = int(match.group(1))
                break
        if port is None:
            raise AssertionError("the server never said where it listens:\n" + "".join(self.log))
        self._drain = threading.Thread(target=self._read_rest, daemon=True)
        self._drain.start()
        self.slack = SlackSender(f"http://127.0.0.1:{port}", SIGNING_SECRET, fake.response_url())

    def _read_rest(self) -> None:
        for line in self.proc.stderr:
            self.log.append(line)

    def stop(self, timeout: float = 20) -> int:
        """SIGTERM, wait for a clean exit, and return the exit code."""
        self.proc.terminate()
        code = self.proc.wait(timeout=timeout)
        self._drain.join(timeout=5)
        return code

    def kill(self) -> None:
        """SIGKILL (no clean-up at all) and reap the process."""
        self.proc.kill()
        self.proc.wait(timeout=10)
        self._drain.join(timeout=5)


def serve_until_exit(cwd: Path, fake: FakeSlack, **env: str) -> subprocess.CompletedProcess:
    """Run `pmm-bot serve` that is expected to stop by itself (a refused token, a bad
    setting); its exit code and everything it printed."""
    full_env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.api_url,
        PORT="0",
        HOST="127.0.0.1",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
