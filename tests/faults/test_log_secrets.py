"""The bot token and the signing secret never reach a log line or an HTTP answer: a real
`pmm-bot serve` at DEBUG level goes through commands, votes, a close, forged and malformed
requests and Slack failures, and its whole log is searched for them."""

from __future__ import annotations

import json
import time

import pytest

from tests.support.serve_process import BOT_TOKEN, SIGNING_SECRET, ServeProcess
from tests.support.slack_requests import FORM

pytestmark = pytest.mark.slow
SECRETS = (BOT_TOKEN, SIGNING_SECRET, BOT_TOKEN.split("-", 1)[1])


def test_secrets_never_reach_the_logs_or_answers(tmp_path, fake_slack) -> None:
    server = ServeProcess(
        tmp_path,
        fake_slack,
        DATABASE_URL=f"sqlite:///{tmp_path / 'pmm.db'}",
        LOG_LEVEL="DEBUG",
        LOG_FORMAT="json",
        PMM_ORGANIZERS="U0ORGANIZ1",
    )
    slack, answers = server.slack, []
    try:
        answers.append(slack.command("level scalable"))
        answers.append(slack.command("level <!channel> " + SIGNING_SECRET[:10]))
        answers.append(slack.command("poll Secrets?", user_id="U0ORGANIZ1"))
        (post,) = fake_slack.wait_for("chat.postMessage", timeout=10)
        row = next(
            b["elements"]
            for b in post.json_param("blocks")
            if b.get("block_id", "").startswith("vote_")
        )
        fake_slack.fail("chat.update", 500, times=2)
        fake_slack.fail("response_url", 429, times=1, headers={"Retry-After": "0"})
        for i, button in enumerate(row):
            answers.append(slack.action(button["action_id"], button["value"], user_id=f"U0S{i}"))
        poll_id = row[0]["value"].split(":")[0]
        fake_slack.fail("files.getUploadURLExternal", 503, times=5)
        answers.append(slack.command(f"export {poll_id}", user_id="U0ORGANIZ1"))
        answers.append(slack.action("pmm_poll_close", poll_id, user_id="U0ORGANIZ1"))
        answers.append(slack.command("level x", signature="v0=forged"))
        answers.append(slack.command("level x", timestamp=int(time.time()) - 600))
        answers.append(slack.post("payload=%7Bnot-json", FORM))
        answers.append(slack.post(json.dumps({"type": "event_callback"}), "application/json"))
        answers.append(slack.get("/healthz"))
        answers.append(slack.get("/no-such-page"))
        fake_slack.wait_for("files.completeUploadExternal", timeout=15)
    finally:
        assert server.stop() == 0
    statuses = sorted({a.status for a in answers})
    assert statuses == [200, 400, 401, 404], statuses  # every path above was really taken
    log = "".join(server.log)
    assert '"level": "DEBUG"' in log  # DEBUG lines were really written
    assert "xoxb-" not in log  # in an Authorization header or anywhere else
    for secret in SECRETS:
        assert secret not in log
        for answer in answers:
            assert secret.encode() not in answer.body
