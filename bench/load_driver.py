"""The load generator, a process of its own (`python -m bench.load_driver`), so that neither
the fake Slack's threads nor the orchestrator share its interpreter lock.

It takes one JSON command per line on stdin and answers one JSON line on stdout. Over HTTP it
sends signed vote clicks on keep-alive connections opened before each shape starts; for
Socket Mode it *is* the Socket Mode server: an aiohttp websocket server that greets each
connection with `hello`, pushes `interactive` envelopes shaped as Slack's and times the acks
(`{"envelope_id": ...}`) coming back. Connections are told apart by their ticket (the fake
Slack's `apps.connections.open` hands each app token its own).

Open loop: click i is due at start + i / rate whatever the server does, and its latency runs
from that due time, so a server that falls behind is charged for the queue it causes (no
coordinated omission). Closed loop: N requests (HTTP connections, or envelopes outstanding)
each followed by the next as soon as it is answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import hmac
import itertools
import json
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web

KEY = "QQKEYQQ"  # stands for each click's key in the templates; survives url-encoding
ACK_TIMEOUT = 30.0


class Clicks:
    """block_actions payloads as Slack sends them, one distinct user, trigger_id and
    response_url per click, made from a template (cheap enough to make at send time)."""

    def __init__(self, spec: dict[str, Any]) -> None:
        self.prefix: str = spec["prefix"]
        self._secret = spec["secret"].encode()
        payloads = [json.dumps(_payload(spec, button)) for button in spec["buttons"]]
        self._json = payloads
        self._form = [urlencode({"payload": p}) for p in payloads]

    def key(self, i: int) -> str:
        return f"{self.prefix}{i:07d}"

    def http_request(self, i: int) -> bytes:
        """One signed POST /slack/events, ready to write."""
        body = self._form[i % len(self._form)].replace(KEY, self.key(i)).encode()
        ts = str(int(time.time()))
        base = b"v0:" + ts.encode() + b":" + body
        signature = "v0=" + hmac.new(self._secret, base, hashlib.sha256).hexdigest()
        head = (
            "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Slack-Request-Timestamp: {ts}\r\nX-Slack-Signature: {signature}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode() + body

    def envelope(self, i: int) -> str:
        """One Socket Mode `interactive` envelope (its envelope_id is the click's key)."""
        key = self.key(i)
        payload = self._json[i % len(self._json)].replace(KEY, key)
        return (
            f'{{"envelope_id": "{key}", "payload": {payload}, "type": "interactive", '
            '"accepts_response_payload": false, "retry_attempt": 0, "retry_reason": ""}'
        )


def _payload(spec: dict[str, Any], button: dict[str, Any]) -> dict[str, Any]:
    channel, ts = spec["channel"], spec["message_ts"]
    return {
        "type": "block_actions",
        "team": {"id": "T1", "domain": "community"},
        "user": {"id": "U" + KEY, "username": "user-" + KEY, "team_id": "T1"},
        "api_app_id": "A0PMM",
        "token": "legacy-verification-token",
        "trigger_id": "trigger-" + KEY,
        "channel": {"id": channel, "name": "platform-engineering"},
        "container": {"type": "message", "message_ts": ts, "channel_id": channel},
        "message": {"ts": ts, "type": "message", "user": spec.get("bot_user", "UBOT")},
        "response_url": spec["response_base"] + KEY,
        "actions": [
            {
                "type": "button",
                "action_id": button["action_id"],
                "block_id": spec["block_id"],
                "value": button["value"],
                "action_ts": spec["action_ts"],
            }
        ],
    }


class Result:
    """One shape: when each click was due (or sent) and its ack latency (None: no ack)."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.latencies: list[float | None] = []
        self.started = self.ended = 0.0

    def add(self, due: float) -> int:
        self.times.append(due)
        self.latencies.append(None)
        return len(self.times) - 1

    def as_json(self) -> dict[str, Any]:
        ok = sum(1 for lat in self.latencies if lat is not None)
        return {
            "times": self.times,
            "latencies_ms": self.latencies,
            "ok": ok,
            "errors": len(self.latencies) - ok,
            "duration": self.ended - self.started,
        }


# -- HTTP --------------------------------------------------------------------------------
class HttpConnection(asyncio.Protocol):
    """One keep-alive connection; one request at a time; responses need Content-Length."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.closed = False
        self._buffer = bytearray()
        self._waiter: asyncio.Future[int] | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]

    def data_received(self, data: bytes) -> None:
        self._buffer += data
        waiter = self._waiter
        if waiter is None or waiter.done():
            return
        end = self._buffer.find(b"\r\n\r\n")
        if end < 0:
            return
        head = bytes(self._buffer[:end]).lower()
        at = head.find(b"content-length:")
        if at < 0:
            length = 0
        else:
            stop = head.find(b"\r\n", at)
            length = int(head[at + 15 : stop if stop >= 0 else len(head)])
        if len(self._buffer) < end + 4 + length:
            return
        del self._buffer[: end + 4 + length]
        if b"\r\nconnection: close" in head:
            self.closed = True
        waiter.set_result(int(head[9:12]))

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed = True
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(0)

    async def request(self, data: bytes) -> int:
        """Send one request; its HTTP status (0 when the connection broke)."""
        if self.closed or self.transport is None:
            return 0
        self._waiter = asyncio.get_running_loop().create_future()
        self.transport.write(data)
        return await self._waiter

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def _connect(port: int) -> HttpConnection:
    loop = asyncio.get_running_loop()
    _, protocol = await loop.create_connection(HttpConnection, "127.0.0.1", port)
    return protocol


async def http_open(ports: list[int], clicks: Clicks, rate: float, seconds: float) -> Result:
    """`rate` clicks/s for `seconds`, round-robin over `ports`."""
    pools = {port: [await _connect(port) for _ in range(16)] for port in ports}
    result, tasks = Result(), []

    async def one(i: int, port: int, due: float) -> None:
        pool = pools[port]
        for _attempt in range(2):  # a keep-alive connection the server just closed: again
            while pool and pool[-1].closed:  # closed while idle (uvicorn's keep-alive timeout)
                pool.pop()
            try:
                conn = pool.pop() if pool else await _connect(port)
            except OSError:
                return
            status = await conn.request(clicks.http_request(i))
            if not conn.closed:
                pool.append(conn)
            if status != 0:
                break
        if status == 200:
            result.latencies[i] = (time.monotonic() - due) * 1000

    loop = asyncio.get_running_loop()
    result.started = start = time.monotonic() + 0.1
    for n in range(int(rate * seconds)):
        due = start + n / rate
        if (delay := due - time.monotonic()) > 0:
            await asyncio.sleep(delay)
        i = result.add(due)
        tasks.append(loop.create_task(one(i, ports[i % len(ports)], due)))
    await asyncio.gather(*tasks)
    result.ended = time.monotonic()
    for conn in itertools.chain(*pools.values()):
        conn.close()
    return result


async def http_closed(ports: list[int], clicks: Clicks, clients: int, seconds: float) -> Result:
    """`clients` connections (split round-robin over `ports`), each sending its next click
    as soon as the last is answered."""
    conns = [await _connect(ports[j % len(ports)]) for j in range(clients)]
    result = Result()
    result.started = time.monotonic()
    deadline = result.started + seconds

    async def client(j: int) -> None:
        conn = conns[j]
        while time.monotonic() < deadline:
            sent = time.monotonic()
            i = result.add(sent)
            status = await conn.request(clicks.http_request(i))
            if status == 200:
                result.latencies[i] = (time.monotonic() - sent) * 1000
            if conn.closed:
                try:
                    conn = conns[j] = await _connect(ports[j % len(ports)])
                except OSError:
                    await asyncio.sleep(0.1)

    await asyncio.gather(*(client(j) for j in range(clients)))
    result.ended = time.monotonic()
    for conn in conns:
        conn.close()
    return result


# -- Socket Mode -------------------------------------------------------------------------
class SocketModeServer:
    """The Socket Mode side of Slack: connections grouped by ticket, acks timed."""

    def __init__(self) -> None:
        self.groups: dict[str, list[web.WebSocketResponse]] = defaultdict(list)
        self.waiting: dict[str, Callable[[float, dict[str, Any]], None]] = {}
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(autoping=True, max_msg_size=0)
        await ws.prepare(request)
        group = request.query.get("ticket", "")
        hello = {
            "type": "hello",
            "num_connections": len(self.groups[group]) + 1,
            "debug_info": {"host": "applink-bench", "approximate_connection_time": 18060},
            "connection_info": {"app_id": "A0PMM"},
        }
        await ws.send_str(json.dumps(hello))
        self.groups[group].append(ws)
        try:
            async for msg in ws:
                if msg.type is WSMsgType.TEXT:
                    self._on_text(msg.data)
        finally:
            self.groups[group].remove(ws)
        return ws

    def _on_text(self, data: str) -> None:
        now = time.monotonic()
        try:
            message = json.loads(data)
        except ValueError:
            return
        if isinstance(message, dict):
            callback = self.waiting.pop(str(message.get("envelope_id")), None)
            if callback is not None:
                callback(now, message)

    def connections(self, group: str) -> list[web.WebSocketResponse]:
        found = [ws for ws in self.groups.get(group, []) if not ws.closed]
        if not found:
            raise RuntimeError(f"no Socket Mode connection for {group!r}")
        return found

    async def envelope(self, group: str, envelope: dict[str, Any]) -> dict[str, Any]:
        """Send one envelope, return its ack."""
        done: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.waiting[envelope["envelope_id"]] = lambda _now, message: done.set_result(message)
        await self.connections(group)[0].send_str(json.dumps(envelope))
        return await asyncio.wait_for(done, ACK_TIMEOUT)

    async def open_loop(self, group: str, clicks: Clicks, rate: float, seconds: float) -> Result:
        conns, result = self.connections(group), Result()
        total = int(rate * seconds)
        outstanding = {"n": 0}
        all_acked = asyncio.Event()

        def acked(i: int, due: float) -> Callable[[float, dict[str, Any]], None]:
            def record(now: float, _message: dict[str, Any]) -> None:
                result.latencies[i] = (now - due) * 1000
                outstanding["n"] -= 1
                if outstanding["n"] == 0 and len(result.times) == total:
                    all_acked.set()

            return record

        result.started = start = time.monotonic() + 0.1
        for n in range(total):
            due = start + n / rate
            if (delay := due - time.monotonic()) > 0:
                await asyncio.sleep(delay)
            i = result.add(due)
            self.waiting[clicks.key(i)] = acked(i, due)
            outstanding["n"] += 1
            await conns[i % len(conns)].send_str(clicks.envelope(i))
        if outstanding["n"]:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(all_acked.wait(), ACK_TIMEOUT)
        result.ended = time.monotonic()
        self._forget(clicks, result)
        return result

    async def closed_loop(
        self, group: str, clicks: Clicks, outstanding: int, seconds: float
    ) -> Result:
        conns, result = self.connections(group), Result()
        loop = asyncio.get_running_loop()
        result.started = time.monotonic()
        deadline = result.started + seconds

        async def worker() -> None:
            while time.monotonic() < deadline:
                sent = time.monotonic()
                i = result.add(sent)
                done: asyncio.Future[float] = loop.create_future()
                self.waiting[clicks.key(i)] = lambda now, _m, d=done: d.set_result(now)
                await conns[i % len(conns)].send_str(clicks.envelope(i))
                try:
                    acked_at = await asyncio.wait_for(done, ACK_TIMEOUT)
                except TimeoutError:
                    continue
                result.latencies[i] = (acked_at - sent) * 1000

        await asyncio.gather(*(worker() for _ in range(outstanding)))
        result.ended = time.monotonic()
        self._forget(clicks, result)
        return result

    def _forget(self, clicks: Clicks, result: Result) -> None:
        for i in range(len(result.times)):
            self.waiting.pop(clicks.key(i), None)


# -- commands ----------------------------------------------------------------------------
async def handle(server: SocketModeServer, cmd: dict[str, Any]) -> dict[str, Any]:
    op = cmd["op"]
    if op == "connections":
        return {g: sum(1 for ws in c if not ws.closed) for g, c in server.groups.items()}
    if op == "envelope":
        return await server.envelope(cmd["group"], cmd["envelope"])
    if op != "load":
        raise ValueError(f"unknown op {op!r}")
    clicks = Clicks(cmd["clicks"])
    gc.collect()
    gc.disable()  # no collector pauses inside a shape (nothing made here is cyclic)
    try:
        if cmd["transport"] == "http" and cmd["shape"] == "open":
            result = await http_open(cmd["ports"], clicks, cmd["rate"], cmd["seconds"])
        elif cmd["transport"] == "http":
            result = await http_closed(cmd["ports"], clicks, cmd["concurrency"], cmd["seconds"])
        elif cmd["shape"] == "open":
            result = await server.open_loop(cmd["group"], clicks, cmd["rate"], cmd["seconds"])
        else:
            result = await server.closed_loop(
                cmd["group"], clicks, cmd["concurrency"], cmd["seconds"]
            )
    finally:
        gc.enable()
    return result.as_json()


async def main() -> None:
    server = SocketModeServer()
    await server.start()
    print(json.dumps({"ws_url": f"ws://127.0.0.1:{server.port}/link/"}), flush=True)
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        try:
            answer = {"ok": True, "result": await handle(server, json.loads(line))}
        except Exception as error:
            answer = {"ok": False, "error": f"{type(error).__name__}: {error}"}
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()
    await server.stop()


if __name__ == "__main__":
    asyncio.run(main())
