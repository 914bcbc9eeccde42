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


def test_healthz_reports_an_unreachable_database(running_bot) -> None:
    from sqlalchemy import create_engine

    deps = running_bot.bot.deps
    broken = create_engine(
        "postgresql+psycopg://nobody@127.0.0.1:9/none", connect_args={"connect_timeout": 1}
    )
    from bot.app import _database_health

    deps.health_checks["database"] = lambda: _database_health(broken)
    reply = running_bot.slack.get("/healthz")
    assert reply.status == 503
    body = reply.json()
    assert body["checks"]["database"].startswith("unreachable")
    assert "nobody" not in reply.body.decode()
