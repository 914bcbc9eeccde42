"""The processes a vote benchmark runs: pmm-bot (`python -m bot serve`), the bare Bolt
baseline, the load driver, and a throwaway PostgreSQL server."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SECRET = "bench-signing-secret-0123456789"
BOT_TOKEN = "xoxb-bench-0000"
# Not the shared test server's port (/tmp/pg.url), and below the ephemeral range (32768 and
# up): the baseline's confirmations leave thousands of client ports in TIME_WAIT, and one of
# them on the server's port makes its bind fail for a minute.
PG_PORT = 25460


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def clean_env(**values: str) -> dict[str, str]:
    """This environment without any Slack, PMM, database or port settings, plus `values`."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SLACK_", "PMM_", "DATABASE_URL", "PORT", "HOST", "LOG_"))
    }
    return {**env, **values}


class Process:
    """A child process with its output in a log file, stopped by SIGTERM."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], cwd: Path) -> None:
        self.name = name
        self.log_path = cwd / f"{name}.log"
        self._log = self.log_path.open("w")
        self.proc = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=self._log, stderr=subprocess.STDOUT
        )

    def check_alive(self) -> None:
        if self.proc.poll() is not None:
            tail = self.log_path.read_text()[-3000:]
            raise RuntimeError(f"{self.name} exited ({self.proc.returncode}):\n{tail}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self._log.close()


def pmm_bot(
    name: str,
    cwd: Path,
    *,
    api_url: str,
    database_url: str,
    app_token: str = "",
) -> tuple[Process, int]:
    """A real `python -m bot serve` and its HTTP port."""
    port = free_port()
    env = clean_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SECRET,
        SLACK_API_URL=api_url,
        PORT=str(port),
        HOST="127.0.0.1",
        DATABASE_URL=database_url,
        LOG_LEVEL="ERROR",
        PYTHONPATH=str(ROOT),
    )
    if app_token:
        env["SLACK_APP_TOKEN"] = app_token
    return Process(name, [sys.executable, "-m", "bot", "serve"], env, cwd), port


def baseline(
    name: str, cwd: Path, *, api_url: str, app_token: str = "", respond: str = "after-ack"
) -> tuple[Process, int]:
    """The bare Bolt app (bench/bare_app.py) and its HTTP port (unused in Socket Mode)."""
    port = free_port()
    args = [sys.executable, "-m", "bench.bare_app", "--secret", SECRET, "--api-url", api_url]
    args += ["--app-token", app_token] if app_token else ["--port", str(port)]
    args += ["--respond", respond]
    env = clean_env(PYTHONPATH=str(ROOT))
    return Process(name, args, env, cwd), port


def wait_http(proc: Process, port: int, path: str, timeout: float = 60) -> None:
    """Until `path` answers (any HTTP status) on `port`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        proc.check_alive()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=2) as reply:
                if reply.status == 200:
                    return
        except urllib.error.HTTPError:
            if path != "/healthz":  # any answer will do, but health must be 200
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError(f"{proc.name} never answered {path} on port {port}")


class Driver:
    """The load driver subprocess (bench/load_driver.py), one JSON line each way."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "bench.load_driver"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.ws_url: str = json.loads(self._readline())["ws_url"]

    def _readline(self) -> str:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the load driver exited")
        return line

    def call(self, **cmd: Any) -> Any:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(cmd) + "\n")
        self.proc.stdin.flush()
        answer = json.loads(self._readline())
        if not answer["ok"]:
            raise RuntimeError(f"load driver: {answer['error']}")
        return answer["result"]

    def wait_connections(self, group: str, count: int, proc: Process, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            proc.check_alive()
            if self.call(op="connections").get(group, 0) >= count:
                return
            time.sleep(0.1)
        raise RuntimeError(f"{proc.name}: fewer than {count} Socket Mode connections")

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Postgres:
    """A throwaway server started with .ci/postgres.sh on PG_PORT, stopped and deleted."""

    def __init__(self, port: int = PG_PORT) -> None:
        # Bind the port as the server will: a start that fails leaves its data directory.
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                raise RuntimeError(f"port {port} is taken (try --pg-port)") from None
        self._state = Path(tempfile.gettempdir()) / f"pmm-bench-pg.{os.getpid()}.state"
        env = {**os.environ, "PMM_PG_PORT": str(port), "PMM_PG_STATE": str(self._state)}
        done = subprocess.run(
            ["bash", str(ROOT / ".ci/postgres.sh")],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        if done.returncode != 0:
            raise RuntimeError(f".ci/postgres.sh failed on port {port}:\n{done.stderr}")
        self.url = done.stdout.strip().splitlines()[-1]

    def postmaster_pid(self) -> int | None:
        data = self._state.read_text().strip() if self._state.exists() else ""
        try:
            return int((Path(data) / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def stop(self) -> None:
        data = self._state.read_text().strip() if self._state.exists() else ""
        if not data:
            return
        bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
        pg_ctl = str(bins[-1] / "pg_ctl") if bins else "pg_ctl"
        run_as = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*run_as, pg_ctl, "-D", data, "-m", "fast", "-w", "stop"],
            capture_output=True,
            check=False,
            timeout=60,
        )
        shutil.rmtree(data, ignore_errors=True)
        self._state.unlink(missing_ok=True)


class CpuMeter:
    """CPU the machine spent outside this benchmark's processes (other engineers' work, the
    host: steal) while a shape ran, in cores. Ours: this process, its children and their
    descendants, and the benchmark's PostgreSQL server."""

    def __init__(self, extra_roots: list[int] | None = None) -> None:
        self._roots = {os.getpid(), *(extra_roots or [])}
        self._tick = os.sysconf("SC_CLK_TCK")
        self._start = self._snapshot()

    def _snapshot(self) -> tuple[float, int, int, int]:
        with open("/proc/stat") as f:
            fields = [int(x) for x in f.readline().split()[1:]]
        user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
        busy = user + nice + system + irq + softirq
        return time.monotonic(), busy, steal, self._ours()

    def _ours(self) -> int:
        parents: dict[int, int] = {}
        ticks: dict[int, int] = {}
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(entry)
            parents[pid] = int(stat[1])
            ticks[pid] = sum(int(x) for x in stat[11:15])  # utime stime cutime cstime
        total = 0
        for pid, own in ticks.items():
            seen, at = 0, pid
            while at > 1 and seen < 64:
                if at in self._roots:
                    total += own
                    break
                at, seen = parents.get(at, 0), seen + 1
        return total

    def outside(self) -> tuple[float, float]:
        """(cores busy outside the benchmark, cores stolen by the host) since construction."""
        t0, busy0, steal0, ours0 = self._start
        t1, busy1, steal1, ours1 = self._snapshot()
        seconds = (t1 - t0) * self._tick
        other = max(0.0, (busy1 - busy0) - (ours1 - ours0)) / seconds if seconds else 0.0
        return other, (steal1 - steal0) / seconds if seconds else 0.0
