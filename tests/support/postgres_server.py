"""A private PostgreSQL cluster for one test, which it may stop and restart at will without
disturbing the shared server (PMM_TEST_POSTGRES_URL) that other tests use.

The cluster lives in a fresh directory under the system temp dir rather than in pytest's
tmp_path: as root, initdb and the server run as the `postgres` user, which cannot enter
pytest's root-only (0700) base directory.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

NO_BINARIES = "no PostgreSQL server binaries (initdb, pg_ctl) found; install postgresql"


def find_bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/*/bin, else wherever pg_ctl is on PATH, else None."""
    versions = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: [int(x) if x.isdigit() else x for x in p.parent.name.split(".")],
    )
    candidates = [*reversed(versions)]
    if on_path := shutil.which("pg_ctl"):
        candidates.append(Path(on_path).parent)
    complete = (d for d in candidates if (d / "pg_ctl").exists() and (d / "initdb").exists())
    return next(complete, None)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """initdb, then pg_ctl start/stop/restart of one throwaway cluster on a free port."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin_dir = bin_dir
        self.data_dir = Path(tempfile.mkdtemp(prefix="pmm-pg-"))
        self.port = _free_port()
        # initdb refuses to run as root: hand the cluster to the postgres user then.
        self._run_as: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root needs a `postgres` user to run as") from None
            os.chown(self.data_dir, user.pw_uid, user.pw_gid)
            self._run_as = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", str(self.data_dir), "-U", "postgres", "-A", "trust", "--no-sync")

    @property
    def url(self) -> str:
        """The SQLAlchemy URL of the cluster's `postgres` database."""
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Start and wait until it accepts connections."""
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.data_dir} -c fsync=off"
        log = self.data_dir / "server.log"
        self._pg_ctl("start", "-w", "-t", "30", "-l", str(log), "-o", options)

    def stop(self) -> None:
        """Fast shutdown: open sessions are cut, their transactions rolled back."""
        self._pg_ctl("stop", "-w", "-t", "30", "-m", "fast")

    def restart(self) -> None:
        """Fast shutdown and start again, as an operator's restart does."""
        self.stop()
        self.start()

    def destroy(self) -> None:
        """Stop if running and delete the cluster's files."""
        if self._run("pg_ctl", "-D", str(self.data_dir), "status", check=False) == 0:
            self.stop()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def _pg_ctl(self, *args: str) -> None:
        self._run("pg_ctl", "-D", str(self.data_dir), *args)

    def _run(self, program: str, *args: str, check: bool = True) -> int:
        done = subprocess.run(
            [*self._run_as, str(self.bin_dir / program), *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if check and done.returncode != 0:
            log = self.data_dir / "server.log"
            tail = log.read_text()[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} {' '.join(args)} failed:\n{done.stderr}\n{tail}")
        return done.returncode
