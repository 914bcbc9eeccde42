"""A local stand-in for Slack's Web API, response_url and file upload hosts.

It listens on 127.0.0.1 port 0, records every request it receives, answers like Slack does,
and can be told to fail (429 with Retry-After, 5xx, dropped connections) for fault tests.
Tests wait on what it received through a condition variable, never with fixed sleeps.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

from tests.support.fake_slack_calls import Call, Fault, method_of, parse_body

BOT_USER_ID = "UBOTPMM01"
__all__ = ["BOT_USER_ID", "Call", "FakeSlack", "Fault"]


class _Server(ThreadingHTTPServer):
    # Slack takes hundreds of connections at once; socketserver's default backlog of 5
    # made bursts of confirmations wait for SYN retries (seconds) instead.
    request_queue_size = 256


class FakeSlack:
    """The fake server; use as a context manager or call start()/stop()."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.usergroups: dict[str, list[str]] = {}
        self.channels: dict[str, str] = {}  # name -> ID, for conversations.list
        self.observers: list[Callable[[str, dict[str, Any]], None]] = []  # (method, params)
        # Handed to the senders of apps using this fake: each JSON answer a request got.
        self.answer_observers: list[Callable[[Any], None]] = []
        self.handlers: dict[str, Callable[[Call], dict[str, Any]]] = {}
        # Seconds each answer takes, as a distant Slack's would (benchmarks set it).
        self.latency = 0.0
        self._faults: dict[str, list[Fault]] = {}
        self._cond = threading.Condition()
        self._ts = itertools.count(1)
        self._server = _Server(("127.0.0.1", 0), self._handler_class())
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    # -- lifecycle -------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        """Root URL of the server, e.g. http://127.0.0.1:54321."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def api_url(self) -> str:
        """What the bot gets as SLACK_API_URL."""
        return self.base_url + "/api/"

    def response_url(self, key: str = "r1") -> str:
        """A response_url that lands here as method `response_url`."""
        return f"{self.base_url}/response/{key}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> FakeSlack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- inspection ------------------------------------------------------------------------
    def calls_to(self, method: str) -> list[Call]:
        """Every recorded call of one method, in arrival order."""
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(
        self, method: str, count: int = 1, timeout: float = 5.0, where: Callable | None = None
    ) -> list[Call]:
        """Block until at least `count` matching calls arrived; fail the test otherwise."""

        def matching() -> list[Call]:
            return [c for c in self.calls if c.method == method and (where is None or where(c))]

        with self._cond:
            if not self._cond.wait_for(lambda: len(matching()) >= count, timeout=timeout):
                seen = sorted({c.method for c in self.calls})
                raise AssertionError(
                    f"expected {count} call(s) to {method}, got {len(matching())}; seen: {seen}"
                )
            return matching()

    def wait_any(self, methods: set[str], timeout: float = 5.0) -> list[Call]:
        """The calls to any of `methods`, after waiting up to `timeout` for the first one
        ([] when none came: the caller decides whether that is a failure)."""
        with self._cond:
            self._cond.wait_for(lambda: any(c.method in methods for c in self.calls), timeout)
            return [c for c in self.calls if c.method in methods]

    def reset(self) -> None:
        """Forget recorded calls and pending faults (between tests sharing one fake)."""
        with self._cond:
            self.calls.clear()
            self._faults.clear()

    def fail(self, method: str, status: int, times: int = 1, **kwargs: Any) -> None:
        """Make the next `times` calls of `method` fail with `status` (or drop: True)."""
        self._faults.setdefault(method, []).append(Fault(status, times, **kwargs))

    # -- answering -------------------------------------------------------------------------
    def _next_ts(self) -> str:
        return f"1700000000.{next(self._ts):06d}"

    def _answer(self, call: Call) -> dict[str, Any]:
        if call.method in self.handlers:
            return self.handlers[call.method](call)
        p = call.params
        match call.method:
            case "auth.test":
                return {"ok": True, "user_id": BOT_USER_ID, "bot_id": "BPMM", "team_id": "T1"}
            case "chat.postMessage":
                return {"ok": True, "channel": p.get("channel"), "ts": self._next_ts()}
            case "chat.update":
                return {"ok": True, "channel": p.get("channel"), "ts": p.get("ts")}
            case "chat.postEphemeral":
                return {"ok": True, "message_ts": self._next_ts()}
            case "chat.getPermalink":
                return {"ok": True, "permalink": f"https://slack.test/{p.get('message_ts')}"}
            case "conversations.open":
                return {"ok": True, "channel": {"id": "D" + str(p.get("users", "X"))[1:]}}
            case "files.getUploadURLExternal":
                file_id = f"F{next(self._ts):06d}"
                return {
                    "ok": True,
                    "upload_url": f"{self.base_url}/upload/{file_id}",
                    "file_id": file_id,
                }
            case "files.completeUploadExternal":
                files = call.json_param("files") or []
                return {"ok": True, "files": [{"id": f["id"]} for f in files]}
            case "users.info":
                user = self.users.get(str(p.get("user")), {})
                return {"ok": True, "user": {"id": p.get("user"), **user}}
            case "usergroups.list":
                groups = [{"id": f"S{i}", "handle": h} for i, h in enumerate(self.usergroups)]
                return {"ok": True, "usergroups": groups}
            case "conversations.list":
                # Two a page, however many were asked for (Slack may return fewer too).
                names = sorted(self.channels)
                start = int(p.get("cursor") or 0)
                page = [{"id": self.channels[n], "name": n} for n in names[start : start + 2]]
                more = str(start + 2) if start + 2 < len(names) else ""
                return {"ok": True, "channels": page, "response_metadata": {"next_cursor": more}}
            case "usergroups.users.list":
                handles = list(self.usergroups)
                index = int(str(p.get("usergroup", "S0"))[1:] or 0)
                return {"ok": True, "users": self.usergroups[handles[index]] if handles else []}
        return {"ok": True}

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                call = Call(method_of(self.path), self.path, dict(self.headers), {}, raw)
                call.params = parse_body(raw, self.headers.get("Content-Type", ""))
                call.params.update(
                    {k: v[0] for k, v in parse_qs(self.path.partition("?")[2]).items()}
                )
                fault = fake._take_fault(call.method)
                if fault and fault.drop:
                    self.close_connection = True
                    self.connection.close()
                    return
                if fault and fault.error:
                    body = {"ok": False, "error": fault.error}
                    status, headers = fault.status, fault.headers
                elif fault:
                    body = {"ok": False, "error": "ratelimited" if fault.status == 429 else "fatal"}
                    status, headers = fault.status, fault.headers
                else:
                    for observe in fake.observers:
                        observe(call.method, call.params)
                    with fake._cond:
                        fake.calls.append(call)
                        fake._cond.notify_all()
                    body, status, headers = fake._answer(call), 200, {}
                data = json.dumps(body).encode()
                if fake.latency:
                    time.sleep(fake.latency)
                self.send_response(status)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST

        return Handler

    def _take_fault(self, method: str) -> Fault | None:
        with self._cond:
            queue = self._faults.get(method) or []
            if not queue:
                return None
            fault = queue[0]
            fault.times -= 1
            if fault.times <= 0:
                queue.pop(0)
            return fault
