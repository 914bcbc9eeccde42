"""The response_url poster: many confirmations in flight at once, Slack's refusals retried,
and nothing queued lost at shutdown."""

from __future__ import annotations

import time

from bot.response_url import ResponseUrlClient


def test_a_hundred_confirmations_to_a_slow_slack_go_out_together(fake_slack) -> None:
    fake_slack.latency = 0.5  # one after the other: 50 s; eight at a time: 6 s
    client = ResponseUrlClient()
    try:
        started = time.monotonic()
        futures = [
            client.post(fake_slack.response_url(f"k{i}"), {"text": f"{i}"}) for i in range(100)
        ]
        assert [f.result(timeout=30) for f in futures] == [200] * 100
        took = time.monotonic() - started
    finally:
        client.close()
    assert took < 4.0, took
    assert len(fake_slack.calls_to("response_url")) == 100


def test_rate_limits_and_server_errors_are_retried(fake_slack) -> None:
    fake_slack.fail("response_url", 429, times=1, headers={"Retry-After": "1"})
    fake_slack.fail("response_url", 503, times=1)
    client = ResponseUrlClient()
    try:
        assert client.post(fake_slack.response_url(), {"text": "hi"}).result(timeout=30) == 200
    finally:
        client.close()
    (call,) = fake_slack.calls_to("response_url")
    assert call.params["text"] == "hi"


def test_close_sends_what_was_queued_and_failures_are_not_raised(fake_slack) -> None:
    fake_slack.latency = 0.3
    client = ResponseUrlClient()
    queued = [client.post(fake_slack.response_url(f"q{i}"), {"text": "bye"}) for i in range(5)]
    lost = client.post("http://127.0.0.1:9/nowhere", {"text": "x"})
    client.close()
    assert all(f.done() for f in queued)
    assert len(fake_slack.calls_to("response_url")) == 5
    assert lost.result(timeout=30) is None  # logged, not raised


def test_a_post_after_close_is_dropped_without_a_new_thread(fake_slack) -> None:
    import threading

    client = ResponseUrlClient()
    client.post(fake_slack.response_url(), {"text": "first"}).result(timeout=10)
    client.close()
    late = client.post(fake_slack.response_url(), {"text": "late"})
    assert late.result(timeout=1) is None
    assert not [t for t in threading.enumerate() if t.name == "pmm-response-urls"]


def test_posts_made_while_the_server_loop_detaches_still_go_out(fake_slack) -> None:
    # Socket Mode keeps delivering clicks while the HTTP server's loop shuts down.
    import asyncio
    import threading

    fake_slack.latency = 0.3
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    client = ResponseUrlClient()
    try:
        client.attach(loop)
        before = [client.post(fake_slack.response_url(f"b{i}"), {"text": "b"}) for i in range(20)]
        started = threading.Event()

        async def detach() -> None:
            detaching = asyncio.ensure_future(client.detach())
            await asyncio.sleep(0)  # the detach has begun
            started.set()
            await detaching

        detaching = asyncio.run_coroutine_threadsafe(detach(), loop)
        assert started.wait(10)
        during = [client.post(fake_slack.response_url(f"d{i}"), {"text": "d"}) for i in range(10)]
        detaching.result(timeout=30)
        assert all(f.done() for f in before)  # the detach waited for what was in flight
        client.close()  # drains the loop of its own that took over
        assert [f.result(timeout=1) for f in before + during] == [200] * 30
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(5)
    assert len(fake_slack.calls_to("response_url")) == 30


def test_a_server_loop_that_stopped_without_detaching_does_not_lose_posts(fake_slack) -> None:
    import asyncio

    loop = asyncio.new_event_loop()
    client = ResponseUrlClient()
    client.attach(loop)
    loop.close()  # e.g. a second Ctrl-C: uvicorn skips the lifespan shutdown
    try:
        assert client.post(fake_slack.response_url(), {"text": "x"}).result(timeout=10) == 200
    finally:
        client.close()
