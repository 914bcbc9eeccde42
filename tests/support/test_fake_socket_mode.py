"""The fake Socket Mode server against slack_sdk's own aiohttp Socket Mode client."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine, Iterator
from typing import Any

import aiohttp
import pytest
from aiohttp import WSMsgType
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient

from tests.support.fake_slack import FakeSlack
from tests.support.fake_socket_mode import APP_ID, FakeSocketMode

APP_TOKEN = "xapp-1-test"


class ClientThread:
    """A slack_sdk SocketModeClient on its own event loop in a daemon thread; it acks every
    envelope (slash commands with a `{"text": "ok"}` payload) and keeps what it received."""

    def __init__(self, fake_slack: FakeSlack, **options: Any) -> None:
        self.requests: list[SocketModeRequest] = []
        self.messages: list[dict[str, Any]] = []
        self.greeted = threading.Event()
        self._hellos = threading.Condition()
        self.hellos = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._thread.start()
        self.client: SocketModeClient = self.run(self._make(fake_slack, options))

    async def _make(self, fake_slack: FakeSlack, options: dict[str, Any]) -> SocketModeClient:
        web = AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_url)
        client = SocketModeClient(app_token=APP_TOKEN, web_client=web, **options)
        client.socket_mode_request_listeners.append(self._ack)
        client.message_listeners.append(self._keep)
        return client

    async def _keep(self, client: SocketModeClient, message: dict, raw: str | None) -> None:
        self.messages.append(message)
        if message.get("type") == "hello":
            self.greeted.set()
            with self._hellos:
                self.hellos += 1
                self._hellos.notify_all()

    def wait_hellos(self, count: int, timeout: float = 10.0) -> None:
        """Until the client has read `count` hello messages (Slack sends nothing before it)."""
        with self._hellos:
            assert self._hellos.wait_for(lambda: self.hellos >= count, timeout), self.hellos

    async def _ack(self, client: SocketModeClient, req: SocketModeRequest) -> None:
        self.requests.append(req)
        payload = {"text": "ok"} if req.type == "slash_commands" else None
        await client.send_socket_mode_response(SocketModeResponse(req.envelope_id, payload))

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 10.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout)

    def connect(self) -> None:
        self.run(self.client.connect())

    def close(self) -> None:
        self.run(self.client.close())
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=5)
        self._loop.close()


@pytest.fixture
def socket_mode(fake_slack: FakeSlack) -> Iterator[FakeSocketMode]:
    with FakeSocketMode() as fake:
        fake.install(fake_slack)
        yield fake


@pytest.fixture
def client(fake_slack: FakeSlack, socket_mode: FakeSocketMode) -> Iterator[ClientThread]:
    running = ClientThread(fake_slack, ping_interval=0.5)
    yield running
    running.close()


def test_connects_with_the_app_token_and_is_greeted(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    client.connect()

    [conn_id] = socket_mode.wait_connected(1)
    [call] = fake_slack.wait_for("apps.connections.open")
    assert call.headers.get("Authorization") == f"Bearer {APP_TOKEN}"
    assert socket_mode.open_calls == 1
    socket_mode.wait_for(lambda: socket_mode.connection(conn_id).pings >= 1, what="a ping")
    assert client.greeted.wait(5)
    hello = client.messages[0]
    assert hello["type"] == "hello"
    assert hello["num_connections"] == 1
    assert hello["connection_info"] == {"app_id": APP_ID}


def test_an_envelope_arrives_shaped_as_slack_sends_it_and_is_acked(
    socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    client.connect()
    socket_mode.wait_connected(1)
    event = {"type": "event_callback", "event": {"type": "app_mention", "text": "hi"}}

    envelope_id = socket_mode.send("events_api", event, retry_attempt=1, retry_reason="timeout")

    assert socket_mode.wait_ack(envelope_id) == {"envelope_id": envelope_id}
    [req] = client.requests
    assert (req.type, req.envelope_id, req.payload) == ("events_api", envelope_id, event)
    assert (req.retry_attempt, req.retry_reason, req.accepts_response_payload) == (
        1,
        "timeout",
        False,
    )
    assert socket_mode.unacked() == []


def test_a_slash_command_ack_carries_the_response_payload(
    socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    client.connect()
    socket_mode.wait_connected(1)

    envelope_id = socket_mode.send("slash_commands", {"command": "/pmm", "text": "help"})

    assert socket_mode.wait_ack(envelope_id) == {
        "envelope_id": envelope_id,
        "payload": {"text": "ok"},
    }
    assert client.requests[0].accepts_response_payload is True


@pytest.mark.parametrize("fault", ["rotate", "close", "drop"])
def test_the_client_comes_back_after_each_fault(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, client: ClientThread, fault: str
) -> None:
    client.connect()
    [first] = socket_mode.wait_connected(1)

    assert getattr(socket_mode, fault)() == first

    assert socket_mode.wait_closed(first).closed_by == ("drop" if fault == "drop" else "server")
    second = socket_mode.wait_new_connection(after=first, timeout=10)
    assert fake_slack.wait_for("apps.connections.open", count=2)
    client.wait_hellos(2)  # the client has taken the new connection as its own
    assert ack_on_newest(socket_mode, second)


def ack_on_newest(socket_mode: FakeSocketMode, conn: int, attempts: int = 3) -> bool:
    """An envelope on the client's connection is acked. On a loaded machine the client's
    0.5 s heartbeat may miss a pong and reconnect once more meanwhile (as it should): then
    the envelope, lost with the connection, goes again on the newest one."""
    for _ in range(attempts):
        envelope_id = socket_mode.send("interactive", {"type": "block_actions"}, conn=conn)
        try:
            return socket_mode.wait_ack(envelope_id)["envelope_id"] == envelope_id
        except AssertionError:
            newest = max(c.id for c in socket_mode.connections)
            if newest == conn:
                raise
            conn = newest
    return False


def test_each_envelope_goes_to_one_of_two_connections(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    other = ClientThread(fake_slack, ping_interval=0.5)
    try:
        client.connect()
        other.connect()
        first, second = socket_mode.wait_connected(2)

        ids = [socket_mode.send("events_api", {"n": n}) for n in range(4)]

        for envelope_id in ids:
            socket_mode.wait_ack(envelope_id)
        assert len(client.requests) == len(other.requests) == 2
        by_conn = {a.envelope_id: a.connection for a in socket_mode.acks}
        assert [by_conn[e] for e in ids] == [first, second, first, second]
    finally:
        other.close()


def test_a_frozen_connection_swallows_envelopes_until_the_client_moves_on(
    socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    client.connect()
    [first] = socket_mode.wait_connected(1)

    socket_mode.freeze(first)
    lost = socket_mode.send("events_api", {"n": 1}, conn=first)

    # No pongs come back: the client's heartbeat gives up and it connects again.
    second = socket_mode.wait_new_connection(after=first, timeout=10)
    assert socket_mode.connected_count() == 2  # the fake cannot tell the first one is gone
    envelope_id = socket_mode.send("events_api", {"n": 2}, conn=second)
    socket_mode.wait_ack(envelope_id)
    assert socket_mode.unacked() == [lost]


def test_a_rejected_app_token_keeps_the_client_out_until_allowed_again(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode, client: ClientThread
) -> None:
    socket_mode.reject_open("invalid_auth")
    # connect() does not raise: it logs the SlackApiError and retries every ping_interval.
    task = asyncio.run_coroutine_threadsafe(client.client.connect(), client._loop)

    fake_slack.wait_for("apps.connections.open", count=2)
    assert socket_mode.connected_count() == 0
    assert not task.done()

    socket_mode.allow_open()
    socket_mode.wait_connected(1)
    task.result(timeout=5)


def test_an_eleventh_connection_is_refused(
    fake_slack: FakeSlack, socket_mode: FakeSocketMode
) -> None:
    clients = [ClientThread(fake_slack) for _ in range(10)]
    try:
        for running in clients:
            running.connect()
        socket_mode.wait_connected(10)

        first, second = asyncio.run(_two_messages(socket_mode.new_url()))

        assert first["type"] == "disconnect"
        assert first["reason"] == "too_many_websockets"
        assert second.type is WSMsgType.CLOSE
        assert socket_mode.connection(11).closed_by == "refused"
        assert socket_mode.connected_count() == 10
    finally:
        for running in clients:
            running.close()


async def _two_messages(url: str) -> tuple[dict[str, Any], aiohttp.WSMessage]:
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        first = await ws.receive_json(timeout=5)
        return first, await ws.receive(timeout=5)
