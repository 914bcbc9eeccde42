"""Benchmark: vote clicks against the real `pmm-bot serve` and a bare Bolt baseline, over HTTP
and Socket Mode, on SQLite and on PostgreSQL with two replicas.

    python -m bench.run_votes                      # every scenario (about 8 minutes)
    python -m bench.run_votes --write              # ... and update BENCHMARKS.md
    python -m bench.run_votes --quick --only http-sqlite   # a 5 s check of one scenario

Scenarios (each against its own baseline on the same transport, run back to back):
  http-sqlite    HTTP, one pmm-bot on SQLite vs one baseline
  socket-sqlite  Socket Mode, one pmm-bot on SQLite vs one baseline over Socket Mode
  http-postgres  HTTP, two pmm-bot replicas on one PostgreSQL database vs two baselines,
                 the load split round-robin between them

The fake Slack (tests/support/fake_slack.py) runs in this process, the load in its own
(bench/load_driver.py, also the Socket Mode server), every server in its own.
"""

from __future__ import annotations

import argparse
import itertools
import shlex
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from sqlalchemy import text

from bench.processes import (
    PG_PORT,
    SECRET,
    CpuMeter,
    Driver,
    Postgres,
    Process,
    baseline,
    pmm_bot,
    wait_http,
)
from bench.report_votes import (
    Confirmations,
    ScenarioResult,
    Shape,
    Side,
    Updates,
    report,
    write_section,
)
from storage.engine import create_db_engine
from tests.support.databases import reset_postgres
from tests.support.fake_slack import BOT_USER_ID, Call, FakeSlack
from tests.support.slack_requests import SlackSender

CHANNEL = "C0BENCH01"
UPDATE_INTERVAL = 2.0  # PMM_POLL_UPDATE_SECONDS, left at its default


@dataclass(frozen=True)
class Scenario:
    key: str
    title: str
    transport: str  # "http" or "socket"
    database: str  # "sqlite" or "postgres"
    replicas: int
    target: float  # closed-loop throughput, times the baseline's
    # Also measure a bare ack without any confirmation (closed loop): what "before the
    # change" was compared with, measured again on today's machine.
    reference: bool = False


SCENARIOS = [
    Scenario("http-sqlite", "HTTP, SQLite, one process", "http", "sqlite", 1, 1.0, True),
    Scenario("socket-sqlite", "Socket Mode, SQLite, one process", "socket", "sqlite", 1, 0.9),
    Scenario(
        "http-postgres",
        "HTTP, PostgreSQL, two replicas (two baseline replicas)",
        "http",
        "postgres",
        2,
        0.9,
    ),
]


class SlackLog:
    """Reads what the fake Slack received, incrementally (it keeps every call)."""

    def __init__(self, fake: FakeSlack) -> None:
        self._fake, self._seen = fake, 0
        self.confirmed: dict[str, float] = {}  # response_url key -> arrival
        self.updates: list[tuple[str, float]] = []  # (ts, arrival) of chat.update calls

    def refresh(self) -> None:
        new = self._fake.calls[self._seen :]
        self._seen += len(new)
        for call in new:
            if call.method == "response_url":
                self.confirmed[call.path.rsplit("/", 1)[-1]] = call.received_at
            elif call.method == "chat.update":
                self.updates.append((str(call.params.get("ts")), call.received_at))

    def wait_confirmed(self, keys: dict[str, float], timeout: float) -> Confirmations:
        """Delays of the confirmations of `keys` (key -> click time), waiting for all."""
        deadline = time.monotonic() + timeout
        self.refresh()
        while time.monotonic() < deadline and not keys.keys() <= self.confirmed.keys():
            time.sleep(0.25)
            self.refresh()
        delays = [(self.confirmed[k] - t) * 1000 for k, t in keys.items() if k in self.confirmed]
        return Confirmations(delays, len(keys) - len(delays))


class Target:
    """One side of a scenario: its processes and where the load goes."""

    def __init__(self, name: str, transport: str, started: list[tuple[Process, int]]):
        self.name, self.transport = name, transport
        self.procs, self.ports = [p for p, _ in started], [port for _, port in started]
        self.group = {"baseline": "base", "pmm-bot": "pmm"}.get(name, name)

    def load(self, driver: Driver, clicks: dict[str, Any], shape: str, **params: Any) -> Shape:
        for proc in self.procs:
            proc.check_alive()
        where = {"ports": self.ports} if self.transport == "http" else {"group": self.group}
        answer = driver.call(
            op="load", transport=self.transport, shape=shape, clicks=clicks, **where, **params
        )
        return Shape.from_driver(clicks["prefix"], answer)


class Run:
    """One scenario from start to stop."""

    def __init__(self, sc: Scenario, args: argparse.Namespace, driver: Driver, tmp: Path):
        self.sc, self.args, self.driver, self.tmp = sc, args, driver, tmp
        self.posted: list[tuple[Call, str]] = []
        self.procs: list[Process] = []
        self.resets = 0  # connections to the fake Slack that broke mid-request

    def _connection_error(self, _request: object, _address: object) -> None:
        self.resets += 1

    def _post_message(self, call: Call) -> dict[str, Any]:
        ts = f"1700000000.{len(self.posted) + 1:06d}"
        self.posted.append((call, ts))
        return {"ok": True, "channel": call.params.get("channel"), "ts": ts}

    def _connections_open(self, call: Call) -> dict[str, Any]:
        auth = next((v for k, v in call.headers.items() if k.lower() == "authorization"), "")
        token = auth.removeprefix("Bearer ")
        if not token.startswith("xapp-"):
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": f"{self.driver.ws_url}?ticket={token.split('-')[2]}"}

    def database(self) -> str:
        if self.sc.database == "sqlite":
            return f"sqlite:///{self.tmp / 'bench.db'}"
        reset_postgres(self.args.pg_url)
        return self.args.pg_url

    def start_bots(self, fake: FakeSlack, url: str) -> list[tuple[Process, int]]:
        socket_mode = self.sc.transport == "socket"
        bots = []
        for r in range(self.sc.replicas):
            token = f"xapp-1-pmm-{r}" if socket_mode else ""
            bots.append(
                pmm_bot(
                    f"pmm-bot-{r}",
                    self.tmp,
                    api_url=fake.api_url,
                    database_url=url,
                    app_token=token,
                )
            )
        self.procs += [p for p, _ in bots]
        for proc, port in bots:
            wait_http(proc, port, "/healthz")
        return bots

    def start(self, fake: FakeSlack) -> dict[str, Target]:
        sc, socket_mode = self.sc, self.sc.transport == "socket"
        url = self.database()
        bots = self.start_bots(fake, url)
        base = []
        for r in range(sc.replicas):
            token = f"xapp-1-base-{r}" if socket_mode else ""
            base.append(
                baseline(
                    f"baseline-{r}",
                    self.tmp,
                    api_url=fake.api_url,
                    app_token=token,
                    respond=self.args.baseline_respond,
                )
            )
        refs = []
        if sc.reference:
            refs.append(baseline("bare-ack", self.tmp, api_url=fake.api_url, respond="none"))
        self.procs += [p for p, _ in base + refs]
        for proc, port in base + refs:
            if socket_mode and (proc, port) in base:
                continue
            wait_http(proc, port, "/")
        if socket_mode:
            self.driver.wait_connections("pmm", 2 * sc.replicas, bots[0][0])
            self.driver.wait_connections("base", sc.replicas, base[0][0])
        targets = {
            "baseline": Target("baseline", sc.transport, base),
            "pmm-bot": Target("pmm-bot", sc.transport, bots),
        }
        if refs:
            targets["bare ack"] = Target("bare ack", "http", refs)
        return targets

    def create_poll(self, fake: FakeSlack, port: int) -> tuple[Call, str]:
        """`/pmm poll Benchmark`, signed over HTTP or as a Socket Mode envelope."""
        sender = SlackSender(f"http://127.0.0.1:{port}", SECRET, fake.response_url("cmd"))
        if self.sc.transport == "http":
            reply = sender.command("poll Benchmark", channel_id=CHANNEL, user_id="U0BENCH00")
            assert reply.status == 200, reply
        else:
            body = sender.command_body("poll Benchmark", channel_id=CHANNEL, user_id="U0BENCH00")
            envelope = {
                "envelope_id": "bench-command-1",
                "payload": dict(parse_qsl(body)),
                "type": "slash_commands",
                "accepts_response_payload": True,
            }
            self.driver.call(op="envelope", group="pmm", envelope=envelope)
        fake.wait_for("chat.postMessage", timeout=30)
        deadline = time.monotonic() + 5
        while not self.posted and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.posted[0]

    def clicks(self, fake: FakeSlack, post: Call, ts: str, prefix: str) -> dict[str, Any]:
        block = next(
            b for b in post.json_param("blocks") if b.get("block_id", "").startswith("vote_")
        )
        return {
            "prefix": prefix,
            "secret": SECRET,
            "buttons": [
                {"action_id": e["action_id"], "value": e["value"]} for e in block["elements"]
            ],
            "block_id": block["block_id"],
            "channel": CHANNEL,
            "message_ts": ts,
            "action_ts": f"{time.time():.6f}",
            "response_base": fake.response_url(""),
            "bot_user": BOT_USER_ID,
        }

    def run(self) -> ScenarioResult:
        sc, args = self.sc, self.args
        result = ScenarioResult(sc.key, sc.title, sc.target, Side(), Side())
        with FakeSlack() as fake:
            fake.latency = args.slack_latency
            # A client that gives up on a confirmation (its timeout) resets the connection;
            # the fake's server would print a traceback for each. Count them instead.
            fake._server.handle_error = self._connection_error  # type: ignore[method-assign]
            fake.handlers["chat.postMessage"] = self._post_message
            fake.handlers["apps.connections.open"] = self._connections_open
            log = SlackLog(fake)
            try:
                targets = self.start(fake)
                post, ts = self.create_poll(fake, targets["pmm-bot"].ports[0])
                pmm_shapes: list[Shape] = []
                sides = {
                    "baseline": (targets["baseline"], result.baseline),
                    "pmm-bot": (targets["pmm-bot"], result.pmm),
                }
                if "bare ack" in targets:
                    result.reference = Side()
                    sides["bare ack"] = (targets["bare ack"], result.reference)
                n = iter(range(1, 1000))

                def shape(
                    name: str, kind: str, wait: float, **params: Any
                ) -> tuple[Shape, Confirmations]:
                    target, _ = sides[name]
                    tag = name[0].upper() + kind[0].upper()
                    clicks = self.clicks(fake, post, ts, f"{tag}{next(n):02d}")
                    meter = CpuMeter(self.args.pg_pids)
                    measured = target.load(self.driver, clicks, kind, **params)
                    measured.outside_cores, measured.steal_cores = meter.outside()
                    # The next shape starts once this one's confirmations have arrived, so
                    # none queues behind another's (the wait itself is not measured). The
                    # reference posts none.
                    keys = measured.acked_keys() if name != "bare ack" else {}
                    confirmed = log.wait_confirmed(keys, wait)
                    if name == "pmm-bot":
                        pmm_shapes.append(measured)
                    self._progress(name, kind, measured, confirmed)
                    return measured, confirmed

                pair = ["baseline", "pmm-bot"]
                for name in sides:  # warm-up, not reported
                    shape(name, "closed", 60, concurrency=8, seconds=args.warmup)
                for name in pair:
                    side = sides[name][1]
                    side.open, side.confirmations = shape(
                        name, "open", 60, rate=args.rate, seconds=args.seconds
                    )
                for r in range(args.repeats):
                    order = pair if r % 2 == 0 else pair[::-1]
                    for name in order + (["bare ack"] if "bare ack" in sides else []):
                        measured, _ = shape(
                            name,
                            "closed",
                            180,
                            concurrency=args.connections,
                            seconds=args.closed_seconds,
                        )
                        sides[name][1].closed.append(measured)
                # Let the last, coalesced tally go out, then count.
                time.sleep(2 * UPDATE_INTERVAL + 1)
                log.refresh()
                result.acked = sum(s.ok for s in pmm_shapes)
                result.stored = self._stored(post)
                result.updates = _updates([t for k, t in log.updates if k == ts])
            finally:
                for proc in self.procs:
                    proc.stop()
        if self.resets:
            result.notes.append(
                f"{self.resets:,} connections to the fake Slack were reset by their client "
                "before a response was sent (a client giving up on a slow answer)."
            )
        return result

    def _stored(self, post: Call) -> int:
        url = (
            f"sqlite:///{self.tmp / 'bench.db'}"
            if self.sc.database == "sqlite"
            else self.args.pg_url
        )
        engine = create_db_engine(url)
        try:
            with engine.connect() as connection:
                return int(connection.execute(text("SELECT count(*) FROM vote")).scalar_one())
        finally:
            engine.dispose()

    def _progress(self, name: str, kind: str, s: Shape, c: Confirmations) -> None:
        print(
            f"  {self.sc.key:14} {name:8} {kind:6} {s.ok:7,} acked {s.errors:4} errors "
            f"{s.rate:8,.0f}/s  ack p50 {s.percentile(50):7.1f} p99 {s.percentile(99):7.1f} ms"
            f"  confirm p99 {c.p(99):9,.0f} ms, {c.missing} missing; "
            f"outside load {s.outside_cores:.2f} cores, steal {s.steal_cores:.2f}",
            file=sys.stderr,
            flush=True,
        )


def _updates(times: list[float]) -> Updates:
    times = sorted(times)
    most = max((sum(1 for t in times if s <= t < s + 2.0) for s in times), default=0)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    return Updates(len(times), most, min(gaps) if gaps else float("nan"))


FULL = {"seconds": 30.0, "closed_seconds": 10.0, "repeats": 3, "warmup": 2.0}
QUICK = {"seconds": 5.0, "closed_seconds": 5.0, "repeats": 1, "warmup": 1.0}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    keys = [s.key for s in SCENARIOS]
    parser.add_argument("--only", default=",".join(keys), help=f"comma-separated: {keys}")
    parser.add_argument(
        "--quick", action="store_true", help="a check: 5 s shapes, one pair, 1 s warm-up"
    )
    parser.add_argument("--rate", type=float, default=200, help="open loop clicks/s")
    parser.add_argument("--seconds", type=float, help="open loop duration (30)")
    parser.add_argument("--connections", type=int, default=64, help="closed loop in flight")
    parser.add_argument("--closed-seconds", type=float, help="each closed-loop run (10)")
    parser.add_argument("--repeats", type=int, help="closed-loop pairs (3)")
    parser.add_argument("--warmup", type=float, help="warm-up seconds per side (2)")
    parser.add_argument("--slack-latency", type=float, default=0.05)
    parser.add_argument("--pg-port", type=int, default=PG_PORT, help="throwaway PostgreSQL")
    parser.add_argument(
        "--baseline-respond",
        choices=["after-ack", "await"],
        default="after-ack",
        help="await: the baseline awaits respond() before returning (holds the ack)",
    )
    parser.add_argument("--write", action="store_true", help="update BENCHMARKS.md")
    args = parser.parse_args(argv)
    defaults = QUICK if args.quick else FULL
    for name, value in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, value)
    unknown = set(args.only.split(",")) - set(keys)
    if unknown:
        parser.error(f"unknown scenario(s): {sorted(unknown)}")
    return args


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    args.pg_pids = []
    chosen = [s for s in SCENARIOS if s.key in args.only.split(",")]
    command = "python -m bench.run_votes " + shlex.join(sys.argv[1:] if argv is None else argv)
    results: list[ScenarioResult] = []
    postgres: Postgres | None = None
    driver = Driver()
    try:
        if any(s.database == "postgres" for s in chosen):
            postgres = Postgres(args.pg_port)
            args.pg_url = postgres.url
            args.pg_pids = [pid] if (pid := postgres.postmaster_pid()) else []
        for sc in chosen:
            print(f"{sc.key}: {sc.title}", file=sys.stderr, flush=True)
            with tempfile.TemporaryDirectory(prefix=f"pmm-bench-{sc.key}-") as tmp:
                results.append(Run(sc, args, driver, Path(tmp)).run())
    finally:
        driver.close()
        if postgres is not None:
            postgres.stop()
    text_out = report(results, args, command.strip())
    print(text_out)
    if args.write:
        write_section(text_out, [s.title for s in SCENARIOS])


if __name__ == "__main__":
    main()
