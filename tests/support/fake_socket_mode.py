"""A local stand-in for Slack's Socket Mode websocket server.

It serves `ws://127.0.0.1:PORT/link/?ticket=...` from an aiohttp server that runs its own
event loop in a daemon thread, so synchronous tests can drive it. `install(fake_slack)` makes
the fake Web API's `apps.connections.open` hand out a fresh URL per call, as Slack does.

What it does like Slack:
- greets every new connection with a `hello` (num_connections, debug_info, connection_info);
- delivers each envelope to exactly one open connection (round-robin over the open ones);
- answers the client's pings with pongs, records every ack (`{"envelope_id", "payload"}`);
- refuses an 11th concurrent connection with `disconnect` / `too_many_websockets`.

Faults, each on the newest open connection unless a connection id is given:
- `rotate()`: Slack's refresh: a `disconnect` (`refresh_requested`), then a close frame;
- `close()`: a bare close frame, no `disconnect` message first;
- `drop()`: the TCP connection ends without any close frame (transport aborted);
- `freeze()`: a black hole: the server stops reading (no pongs, acks lost) and envelopes sent
  to the connection vanish; Slack cannot tell, so the connection still counts as connected
  until `drop()` or `stop()`;
- `reject_open()`: `apps.connections.open` answers `{"ok": false, "error": "invalid_auth"}`.

Tests wait on a condition variable (`wait_connected`, `wait_ack`...), never with fixed sleeps.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import socket
import struct
import threading
import time
import uuid
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

if TYPE_CHECKING:
    from tests.support.fake_slack import Call, FakeSlack

APP_ID = "A0PMM"
MAX_CONNECTIONS = 10  # Slack's limit of concurrent Socket Mode connections per app
ENVELOPE_TYPES = ("events_api", "interactive", "slash_commands")
# Interactive payloads whose ack may carry a response (errors, options); the rest may not.
_INTERACTIVE_WITH_RESPONSE = {"view_submission", "block_suggestion"}

__all__ = ["APP_ID", "Ack", "Connection", "FakeSocketMode"]


@dataclass
class Connection:
    """One websocket connection as the fake saw it (read-only for tests)."""

    id: int
    ticket: str
    opened_at: float = field(default_factory=time.monotonic)
    state: str = "opening"  # opening -> open -> closed
    closed_by: str = ""  # "client", "server" (rotate/close), "drop", "refused"
    closed_at: float | None = None
    frozen: bool = False
    pings: int = 0
    envelopes: list[str] = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.state == "open"


@dataclass
class Ack:
    """An envelope acknowledgement the client sent back."""

    envelope_id: str
    message: dict[str, Any]
    connection: int
    received_at: float = field(default_factory=time.monotonic)


@dataclass
class _Link:
    """The server-side objects of one connection (loop-thread only)."""

    ws: web.WebSocketResponse
    request: web.Request


class FakeSocketMode:
    """The fake server; use as a context manager or call start()/stop()."""

    def __init__(self, *, close_timeout: float = 2.0) -> None:
        self.connections: list[Connection] = []
        self.acks: list[Ack] = []
        self.received: list[tuple[int, str]] = []  # every other text frame (conn id, data)
        self.sent: dict[str, dict[str, Any]] = {}  # envelope_id -> envelope as sent
        self.open_calls = 0  # apps.connections.open calls answered
        self._open_error: str | None = None
        self._open_error_times: int | None = None
        self._tickets: set[str] = set()
        self._links: dict[int, _Link] = {}
        self._ids = itertools.count(1)
        self._rr = itertools.count()
        self._cond = threading.Condition()
        self._close_timeout = close_timeout
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._run_loop, name="fake-socket-mode", daemon=True)
        self._runner: web.AppRunner | None = None
        self._port = 0

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """Root URL of the websocket server, e.g. ws://127.0.0.1:54321."""
        return f"ws://127.0.0.1:{self._port}"

    def new_url(self) -> str:
        """A fresh connection URL with its own ticket (what apps.connections.open returns)."""
        ticket = uuid.uuid4().hex
        with self._cond:
            self._tickets.add(ticket)
        return f"{self.base_url}/link/?ticket={ticket}&app_id={APP_ID}"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        self._run(self._start_server())
        return self

    def stop(self) -> None:
        if not self._thread.is_alive():
            return
        self._run(self._stop_server(), timeout=self._close_timeout + 10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)

    def __enter__(self) -> FakeSocketMode:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def install(self, fake_slack: FakeSlack) -> FakeSocketMode:
        """Answer `apps.connections.open` on `fake_slack` with a fresh URL per call."""
        fake_slack.handlers["apps.connections.open"] = self._connections_open
        return self

    def reject_open(self, error: str = "invalid_auth", times: int | None = None) -> None:
        """Make the next `times` (None: all) apps.connections.open calls fail with `error`."""
        with self._cond:
            self._open_error, self._open_error_times = error, times

    def allow_open(self) -> None:
        """Undo reject_open()."""
        with self._cond:
            self._open_error = self._open_error_times = None

    # -- inspection ------------------------------------------------------------------------
    def connected_count(self) -> int:
        """Open connections (a frozen one still counts: Slack cannot tell)."""
        with self._cond:
            return len(self._open())

    def connection(self, conn_id: int) -> Connection:
        with self._cond:
            return self.connections[conn_id - 1]

    def current(self) -> int:
        """Id of the newest open connection; AssertionError if none is open."""
        with self._cond:
            return self._pick(None).id

    def wait_for(
        self, condition: Callable[[], object], timeout: float = 5.0, what: str = ""
    ) -> None:
        """Block until `condition()` (checked under the fake's lock) holds."""
        with self._cond:
            if not self._cond.wait_for(condition, timeout=timeout):
                raise AssertionError(f"timed out waiting for {what or condition}")

    def wait_connected(self, n: int = 1, timeout: float = 5.0) -> list[int]:
        """Block until at least `n` connections are open; return the open connection ids."""
        with self._cond:
            if not self._cond.wait_for(lambda: len(self._open()) >= n, timeout=timeout):
                raise AssertionError(
                    f"expected {n} open Socket Mode connection(s), got {len(self._open())}; "
                    f"{self.open_calls} apps.connections.open call(s), "
                    f"{len(self.connections)} connection(s) ever"
                )
            return [c.id for c in self._open()]

    def wait_new_connection(self, after: int, timeout: float = 5.0) -> int:
        """Block until a connection newer than id `after` is open; return the newest one's id."""

        def newer() -> list[Connection]:
            return [c for c in self._open() if c.id > after]

        with self._cond:
            if not self._cond.wait_for(lambda: bool(newer()), timeout=timeout):
                raise AssertionError(f"no new Socket Mode connection after #{after}")
            return newer()[-1].id

    def wait_closed(self, conn_id: int, timeout: float = 5.0) -> Connection:
        """Block until connection `conn_id` is closed (by either side)."""
        with self._cond:
            conn = self.connections[conn_id - 1]
            if not self._cond.wait_for(lambda: conn.state == "closed", timeout=timeout):
                raise AssertionError(f"Socket Mode connection #{conn_id} is still {conn.state}")
            return conn

    def wait_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        """Block until the client acks `envelope_id`; return the ack it sent."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._ack(envelope_id), timeout=timeout):
                where = self.sent.get(envelope_id, {}).get("_connection")
                raise AssertionError(f"no ack for envelope {envelope_id} (sent on #{where})")
            ack = self._ack(envelope_id)
            assert ack is not None
            return ack.message

    def acked(self, envelope_id: str) -> bool:
        with self._cond:
            return self._ack(envelope_id) is not None

    def unacked(self) -> list[str]:
        """Ids of every envelope sent so far that no ack has answered yet."""
        with self._cond:
            done = {a.envelope_id for a in self.acks}
            return [e for e in self.sent if e not in done]

    # -- delivering ------------------------------------------------------------------------
    def send(
        self,
        envelope_type: str,
        payload: dict[str, Any],
        *,
        retry_attempt: int = 0,
        retry_reason: str = "",
        accepts_response_payload: bool | None = None,
        envelope_id: str | None = None,
        conn: int | None = None,
    ) -> str:
        """Deliver one envelope, shaped as Slack does, to one open connection (round-robin,
        or `conn`); return its envelope_id. `accepts_response_payload` defaults to Slack's
        choice: true for slash commands, view_submission and block_suggestion."""
        if envelope_type not in ENVELOPE_TYPES:
            raise ValueError(f"unknown envelope type {envelope_type!r}")
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type == "slash_commands" or (
                envelope_type == "interactive" and payload.get("type") in _INTERACTIVE_WITH_RESPONSE
            )
        envelope: dict[str, Any] = {
            "envelope_id": envelope_id or str(uuid.uuid4()),
            "payload": payload,
            "type": envelope_type,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":  # Slack adds retry fields to Events API envelopes
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
        with self._cond:
            if conn is None:
                open_now = self._open()
                if not open_now:
                    raise AssertionError("no Socket Mode connection is open")
                target = open_now[next(self._rr) % len(open_now)]
            else:
                target = self.connections[conn - 1]
            target.envelopes.append(envelope["envelope_id"])
            self.sent[envelope["envelope_id"]] = {**envelope, "_connection": target.id}
        if not target.frozen:
            self._run(self._send_json(target.id, envelope))
        return envelope["envelope_id"]

    # -- faults ----------------------------------------------------------------------------
    def rotate(
        self, conn: int | None = None, *, reason: str = "refresh_requested", close: bool = True
    ) -> int:
        """Slack's refresh: a `disconnect` message (`reason`) and, unless close=False, a close
        frame right behind it (both written in one go); returns the connection id."""
        target = self._take(conn, closing=close)
        message = {
            "type": "disconnect",
            "reason": reason,
            "debug_info": {"host": f"applink-fake-{target}"},
        }
        self._run(self._disconnect(target, message, close), timeout=self._close_timeout + 5)
        return target

    def close(self, conn: int | None = None, *, code: int = 1000) -> int:
        """A bare close frame (no disconnect message first); returns the connection id."""
        target = self._take(conn, closing=True)
        self._run(self._close_link(target, code), timeout=self._close_timeout + 5)
        return target

    def drop(self, conn: int | None = None, *, reset: bool = False) -> int:
        """End the TCP connection without a close frame (abort; RST when reset=True)."""
        target = self._take(conn, closing=True, closed_by="drop")
        self._run(self._abort_link(target, reset))
        return target

    def freeze(self, conn: int | None = None) -> int:
        """Turn the connection into a black hole (see the module docstring)."""
        with self._cond:
            target = self._pick(conn)
            target.frozen = True
        self._run(self._pause(target.id))
        return target.id

    # -- Web API side (runs on FakeSlack's HTTP threads) -----------------------------------
    def _connections_open(self, call: Call) -> dict[str, Any]:
        auth = next((v for k, v in call.headers.items() if k.lower() == "authorization"), "")
        with self._cond:
            self.open_calls += 1
            if self._open_error is not None:
                error = self._open_error
                if self._open_error_times is not None:
                    self._open_error_times -= 1
                    if self._open_error_times <= 0:
                        self._open_error = self._open_error_times = None
                return {"ok": False, "error": error}
        if not auth.removeprefix("Bearer ").startswith("xapp-"):
            return {"ok": False, "error": "not_allowed_token_type"}
        return {"ok": True, "url": self.new_url()}

    # -- helpers (any thread) --------------------------------------------------------------
    def _open(self) -> list[Connection]:
        return [c for c in self.connections if c.is_open]

    def _ack(self, envelope_id: str) -> Ack | None:
        return next((a for a in self.acks if a.envelope_id == envelope_id), None)

    def _pick(self, conn: int | None) -> Connection:
        if conn is not None:
            return self.connections[conn - 1]
        open_now = self._open()
        if not open_now:
            raise AssertionError("no Socket Mode connection is open")
        return open_now[-1]

    def _take(self, conn: int | None, *, closing: bool, closed_by: str = "server") -> int:
        """Pick a connection for a fault; when closing, stop delivering to it at once."""
        with self._cond:
            target = self._pick(conn)
            if closing and target.state != "closed":
                target.state, target.closed_by = "closed", closed_by
                target.closed_at = time.monotonic()
                self._cond.notify_all()
            return target.id

    def _run(self, coro: Coroutine[Any, Any, Any], timeout: float = 5.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def _run_loop(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_forever()
        self._loop.close()

    def _update(self, conn: Connection, change: Callable[[Connection], None]) -> None:
        with self._cond:
            change(conn)
            self._cond.notify_all()

    # -- server (loop thread) --------------------------------------------------------------
    async def _start_server(self) -> None:
        app = web.Application()
        app.router.add_get("/link/", self._handle)
        app.router.add_get("/link", self._handle)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self._port = self._runner.addresses[0][1]

    async def _stop_server(self) -> None:
        for conn_id in list(self._links):
            conn = self.connection(conn_id)
            if conn.frozen:
                await self._abort_link(conn_id, reset=False)
            else:
                await self._close_link(conn_id, 1001)
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        with self._cond:
            known = ticket in self._tickets
        if not known:
            raise web.HTTPUnauthorized(text="invalid ticket")
        ws = web.WebSocketResponse(autoping=False, timeout=self._close_timeout)
        await ws.prepare(request)
        with self._cond:
            conn = Connection(id=next(self._ids), ticket=ticket)
            self.connections.append(conn)
            self._links[conn.id] = _Link(ws, request)
            too_many = len(self._open()) >= MAX_CONNECTIONS
            num_connections = len(self._open()) + 1
        try:
            if too_many:
                await self._refuse(conn, ws)
                return ws
            await ws.send_str(json.dumps(self._hello(conn, num_connections)))
            self._update(conn, lambda c: setattr(c, "state", "open"))
            await self._read(conn, ws)
        finally:
            self._links.pop(conn.id, None)

            def closed(c: Connection) -> None:
                if c.state != "closed":
                    c.state, c.closed_by, c.closed_at = "closed", "client", time.monotonic()

            self._update(conn, closed)
        return ws

    def _hello(self, conn: Connection, num_connections: int) -> dict[str, Any]:
        return {
            "type": "hello",
            "num_connections": num_connections,
            "debug_info": {
                "host": f"applink-fake-{conn.id}",
                "build_number": 1,
                "approximate_connection_time": 18060,
            },
            "connection_info": {"app_id": APP_ID},
        }

    async def _refuse(self, conn: Connection, ws: web.WebSocketResponse) -> None:
        def refused(c: Connection) -> None:
            c.state, c.closed_by, c.closed_at = "closed", "refused", time.monotonic()

        self._update(conn, refused)
        message = {
            "type": "disconnect",
            "reason": "too_many_websockets",
            "debug_info": {"host": f"applink-fake-{conn.id}"},
        }
        await ws.send_str(json.dumps(message))
        await ws.close()

    async def _read(self, conn: Connection, ws: web.WebSocketResponse) -> None:
        while True:
            msg = await ws.receive()
            if msg.type is WSMsgType.TEXT:
                self._on_text(conn, msg.data)
            elif msg.type is WSMsgType.PING:
                self._update(conn, lambda c: setattr(c, "pings", c.pings + 1))
                await ws.pong(msg.data)
            elif msg.type in (WSMsgType.PONG, WSMsgType.BINARY):
                continue
            else:  # CLOSE (answered by autoclose), CLOSING, CLOSED, ERROR
                return

    def _on_text(self, conn: Connection, data: str) -> None:
        try:
            message = json.loads(data)
        except ValueError:
            message = None
        with self._cond:
            if isinstance(message, dict) and "envelope_id" in message:
                ack = Ack(str(message["envelope_id"]), message, conn.id)
                self.acks.append(ack)
            else:
                self.received.append((conn.id, data))
            self._cond.notify_all()

    async def _send_json(self, conn_id: int, message: dict[str, Any]) -> None:
        link = self._links.get(conn_id)
        if link is None or link.ws.closed:
            return  # gone meanwhile: the message is lost, as it would be on Slack's side
        try:
            await link.ws.send_str(json.dumps(message))
        except (ConnectionError, RuntimeError):
            return

    async def _disconnect(self, conn_id: int, message: dict[str, Any], close: bool) -> None:
        await self._send_json(conn_id, message)
        if close:
            await self._close_link(conn_id)

    async def _close_link(self, conn_id: int, code: int = 1000) -> None:
        link = self._links.get(conn_id)
        if link is not None and not link.ws.closed:
            await link.ws.close(code=code)

    async def _abort_link(self, conn_id: int, reset: bool) -> None:
        link = self._links.get(conn_id)
        transport = link.request.transport if link is not None else None
        if transport is None:
            return
        if reset:  # SO_LINGER 0: the kernel answers with RST instead of FIN
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()

    async def _pause(self, conn_id: int) -> None:
        link = self._links.get(conn_id)
        transport = link.request.transport if link is not None else None
        if transport is not None:
            transport.pause_reading()
