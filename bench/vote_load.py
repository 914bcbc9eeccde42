"""Signed vote clicks against a server: an open-loop (fixed rate) and a closed-loop load.

Every click is a distinct user, signed exactly as Slack signs it, sent over keep-alive
connections. Open-loop latency is measured from each click's *scheduled* time, so a server
that falls behind is charged for the queueing it causes (no coordinated omission).
"""

from __future__ import annotations

import http.client
import json
import queue
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier


@dataclass
class LoadResult:
    """What one load shape measured."""

    sent: int = 0
    ok: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    duration_s: float = 0.0

    def percentile(self, p: float) -> float:
        """The p-th percentile of ack latency in milliseconds."""
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))]

    def record(self, status: int, latency_ms: float) -> None:
        """Count one answered (or failed) click; called under the caller's lock."""
        self.sent += 1
        if status == 200:
            self.ok += 1
            self.latencies_ms.append(latency_ms)
        else:
            self.errors += 1

    @property
    def rate(self) -> float:
        """Acknowledged clicks per second."""
        return self.ok / self.duration_s if self.duration_s else 0.0


class ClickFactory:
    """Builds signed block_actions bodies, one distinct user and response_url per click; it
    remembers when each click was built (`sent`, by response_url key) so that the arrival of
    its private confirmation can be timed."""

    def __init__(
        self, secret: str, buttons: list[dict], response_url_base: str, prefix: str
    ) -> None:
        self._verifier = SignatureVerifier(secret)
        self._buttons, self._base, self._prefix = buttons, response_url_base, prefix
        self._n = 0
        self._lock = threading.Lock()
        self.sent: dict[str, float] = {}
        self.name = {"W": "warm-up", "O": "(a) open loop", "C": "(b) closed loop"}.get(
            prefix[:1], prefix
        )

    def next(self) -> tuple[bytes, dict[str, str]]:
        with self._lock:
            self._n += 1
            n = self._n
        key = f"{self._prefix}{n:07d}"
        self.sent[key] = time.monotonic()
        button = self._buttons[n % len(self._buttons)]
        payload = {
            "type": "block_actions",
            "user": {"id": f"U{self._prefix}{n:07d}"},
            "team": {"id": "T1"},
            "channel": {"id": "C0BENCH01"},
            "container": {"type": "message", "message_ts": "1700000000.000001"},
            "response_url": self._base + key,
            "actions": [
                {
                    "type": "button",
                    "action_id": button["action_id"],
                    "block_id": "vote",
                    "value": button["value"],
                    "action_ts": f"{time.time():.6f}{n}",
                }
            ],
        }
        body = urlencode({"payload": json.dumps(payload)})
        ts = str(int(time.time()))
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Request-Timestamp": ts,
            "X-Slack-Signature": self._verifier.generate_signature(timestamp=ts, body=body),
        }
        return body.encode(), headers


def _send(conn: http.client.HTTPConnection, body: bytes, headers: dict[str, str]) -> int:
    conn.request("POST", "/slack/events", body=body, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def _click(
    conn: http.client.HTTPConnection, port: int, factory: ClickFactory
) -> tuple[http.client.HTTPConnection, int]:
    """Send one click; on a broken connection reconnect and report status 0."""
    body, headers = factory.next()
    try:
        return conn, _send(conn, body, headers)
    except (OSError, http.client.HTTPException):
        conn.close()
        return _connect(port), 0


def open_loop(
    port: int, factory: ClickFactory, *, rate: float, seconds: float, workers: int = 48
) -> LoadResult:
    """Offer `rate` clicks per second for `seconds`, whatever the server does."""
    result = LoadResult()
    jobs: queue.Queue[float | None] = queue.Queue()
    lock = threading.Lock()

    def worker() -> None:
        conn = _connect(port)
        while (scheduled := jobs.get()) is not None:
            delay = scheduled - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            conn, status = _click(conn, port, factory)
            with lock:
                result.record(status, (time.perf_counter() - scheduled) * 1000)
        conn.close()

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(workers)]
    for thread in threads:
        thread.start()
    start = time.perf_counter() + 0.2
    total = int(rate * seconds)
    for i in range(total):
        jobs.put(start + i / rate)
    for _ in threads:
        jobs.put(None)
    for thread in threads:
        thread.join()
    result.duration_s = time.perf_counter() - start
    return result


def closed_loop(
    port: int, factory: ClickFactory, *, connections: int, seconds: float
) -> LoadResult:
    """`connections` clients, each sending its next click as soon as the last is answered."""
    result = LoadResult()
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client() -> None:
        conn = _connect(port)
        while time.perf_counter() < deadline:
            sent = time.perf_counter()
            conn, status = _click(conn, port, factory)
            with lock:
                result.record(status, (time.perf_counter() - sent) * 1000)
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=client, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.duration_s = time.perf_counter() - started
    return result
