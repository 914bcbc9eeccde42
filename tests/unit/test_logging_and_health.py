"""Secrets never reach a log line; /healthz turns 503 when the database is unreachable."""

from __future__ import annotations

import logging

from bot.logging_setup import RedactingFilter


def test_tokens_and_the_signing_secret_are_masked() -> None:
    record = logging.makeLogRecord(
        {
            "msg": "calling with %s and %s",
            "args": ("xoxb-1234-abcd", "s3cr3t-signing-value"),
        }
    )
    RedactingFilter(["s3cr3t-signing-value"]).filter(record)
    message = record.getMessage()
    assert "xoxb-1234-abcd" not in message
    assert "s3cr3t-signing-value" not in message
    assert message.count("[redacted]") == 2


def test_response_urls_are_masked() -> None:
    url = "https://hooks.slack.com/actions/T1/123/AbCdEf"
    record = logging.makeLogRecord({"msg": "Sending a request - url: %s, body: {}", "args": (url,)})
    RedactingFilter().filter(record)
    assert "AbCdEf" not in record.getMessage()


def test_healthz_reports_an_unreachable_database(running_bot) -> None:
    from storage.database import Database
    from storage.engine import create_db_engine

    broken = Database(create_db_engine("postgresql+psycopg://nobody@127.0.0.1:9/none"))
    running_bot.services.db = broken
    reply = running_bot.slack.get("/healthz")
    assert reply.status == 503
    body = reply.json()
    assert body["checks"]["database"].startswith("unreachable")
    assert "nobody" not in reply.body.decode()


def test_every_request_is_logged_once_with_a_request_id_and_no_user_text(running_bot, caplog):
    import logging

    from bot.logging_setup import RequestIdFilter

    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    assert running_bot.slack.command("level my-secret-words", user_id="U0LOGGED01").status == 200
    lines = [r for r in caplog.records if r.name == "pmm_bot.requests"]
    assert len(lines) == 1
    (line,) = lines
    assert line.kind == "command"
    assert line.action == "/pmm level"
    assert line.user == "U0LOGGED01"
    assert "my-secret-words" not in line.getMessage()
    assert len(line.request_id) == 12


def test_lines_a_click_causes_carry_its_request_id(running_bot, caplog):
    import logging

    from bot.logging_setup import RequestIdFilter
    from tests.scenario.test_polls import start_poll, vote_buttons

    row = vote_buttons(start_poll(running_bot))[0]
    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    running_bot.slack.action(row[0]["action_id"], row[0]["value"], user_id="U0TRACED01")
    (request,) = [r for r in caplog.records if r.name == "pmm_bot.requests"]
    (vote,) = [r for r in caplog.records if r.getMessage().startswith("vote added")]
    assert vote.request_id == request.request_id != "-"


def test_each_scheduled_job_run_logs_under_its_own_id(caplog):
    import asyncio
    import logging
    from datetime import UTC, datetime

    from bot.logging_setup import RequestIdFilter
    from handlers.jobs.runner import JobRunner, create_scheduler
    from handlers.support.background import Background

    caplog.set_level(logging.INFO)
    caplog.handler.addFilter(RequestIdFilter())
    job_log = logging.getLogger("pmm_bot.test_job")

    async def scenario() -> None:
        background = Background()
        jobs = JobRunner(create_scheduler(), background)
        jobs.scheduler.start()
        ran = asyncio.Event()

        async def job(n: int) -> None:
            job_log.info("job %d ran", n)
            if n == 2:
                ran.set()

        jobs.once("one", datetime.now(UTC), job, 1)
        jobs.once("two", datetime.now(UTC), job, 2)
        await ran.wait()
        jobs.shutdown()
        await background.drain()

    asyncio.run(scenario())
    ids = [r.request_id for r in caplog.records if r.name == "pmm_bot.test_job"]
    assert len(ids) == 2
    assert all(i.startswith("job-") for i in ids)
    assert ids[0] != ids[1]
