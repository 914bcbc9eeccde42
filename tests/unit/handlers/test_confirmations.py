"""Private confirmations: many in flight at once over one session, Slack's refusals
retried, failures logged and never raised, nothing lost at shutdown."""

from __future__ import annotations

import asyncio

from handlers.support.background import Background
from handlers.support.confirmations import ResponsePoster


async def post_all(fake_slack, count: int) -> tuple[list, float]:
    background = Background()
    poster = ResponsePoster(background)
    loop = asyncio.get_running_loop()
    started = loop.time()
    tasks = [poster.post(fake_slack.response_url(f"k{i}"), {"text": f"{i}"}) for i in range(count)]
    results = await asyncio.gather(*tasks)
    took = loop.time() - started
    await background.drain()
    await poster.close()
    return results, took


def test_a_hundred_confirmations_to_a_slow_slack_go_out_together(fake_slack) -> None:
    fake_slack.latency = 0.5  # one after the other: 50 s
    results, took = asyncio.run(post_all(fake_slack, 100))
    assert results == [200] * 100
    assert took < 4.0, took
    assert len(fake_slack.calls_to("response_url")) == 100


def test_rate_limits_and_server_errors_are_retried(fake_slack) -> None:
    fake_slack.fail("response_url", 429, times=1, headers={"Retry-After": "1"})
    fake_slack.fail("response_url", 503, times=1)
    results, _ = asyncio.run(post_all(fake_slack, 1))
    assert results == [200]
    (call,) = fake_slack.calls_to("response_url")
    assert call.params["text"] == "0"


def test_drain_waits_for_what_was_queued_and_failures_are_not_raised(fake_slack) -> None:
    fake_slack.latency = 0.3

    async def scenario() -> list:
        background = Background()
        poster = ResponsePoster(background)
        queued = [poster.post(fake_slack.response_url(f"q{i}"), {"text": "bye"}) for i in range(5)]
        lost = poster.post("http://127.0.0.1:9/nowhere", {"text": "x"})
        await background.drain()  # what shutdown does
        await poster.close()
        return [t.result() for t in [*queued, lost]]

    assert asyncio.run(scenario()) == [200] * 5 + [None]  # the lost one logged, not raised
    assert len(fake_slack.calls_to("response_url")) == 5
