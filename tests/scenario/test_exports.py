"""Exports land in the organiser's DM as files; nobody else gets any; CSV reads back exactly."""

from __future__ import annotations

import csv
import io
import json

from tests.scenario.test_polls import start_poll, vote_buttons, wait_for_voters
from tests.support.blockkit import all_text


def voted_poll(bot, text: str = "poll Where are we?", voters: int = 5) -> str:
    row = vote_buttons(start_poll(bot, text))[0]
    for i in range(voters):
        bot.slack.action(row[i % 4]["action_id"], row[i % 4]["value"], user_id=f"U0EXP{i:05d}")
    wait_for_voters(bot, voters)
    return row[0]["value"].split(":")[0]


def uploaded(bot, count: int) -> dict[str, bytes]:
    (complete,) = bot.fake.wait_for("files.completeUploadExternal")
    uploads = bot.fake.wait_for("upload", count=count)
    names = [f.get("title") for f in complete.json_param("files")]
    assert len(names) == count
    assert complete.params["channel_id"].startswith("D")
    return {call.path.rsplit("/", 1)[-1]: call.raw for call in uploads}


def test_organiser_gets_csv_summary_and_chart_in_a_dm(running_bot) -> None:
    poll_id = voted_poll(running_bot)
    body = running_bot.slack.command(f"export {poll_id}", user_id="U0ORGANIZ1").json()
    assert "direct message" in all_text(body["blocks"])
    files = list(uploaded(running_bot, 3).values())
    votes_csv = next(f for f in files if f.startswith(b"poll_id,poll_title"))
    rows = list(csv.DictReader(io.StringIO(votes_csv.decode("utf-8"))))
    assert len(rows) == 5
    assert {r["voter"] for r in rows} == {f"voter-{i}" for i in range(1, 6)}
    assert b"U0EXP" not in b"".join(files)  # anonymous: no Slack user ID anywhere
    summary = next(f for f in files if f.startswith(b"poll_id,question"))
    counts = [int(r["count"]) for r in csv.DictReader(io.StringIO(summary.decode()))]
    assert counts == [2, 1, 1, 1]
    assert any(f.startswith(b"\x89PNG") for f in files)
    (complete,) = running_bot.fake.calls_to("files.completeUploadExternal")
    assert "Results of *Where are we?*" in complete.params["initial_comment"]
    assert "5 people, 5 votes" in complete.params["initial_comment"]
    assert {f["title"] for f in complete.json_param("files")} >= {"Where are we?: votes"}


def test_json_export_follows_the_schema(running_bot) -> None:
    poll_id = voted_poll(running_bot, "poll public", voters=2)
    running_bot.slack.command(f"export {poll_id} json", user_id="U0ORGANIZ1")
    files = list(uploaded(running_bot, 2).values())
    document = json.loads(next(f for f in files if f.startswith(b"{")))
    assert document["poll_id"] == poll_id
    assert {v["voter"] for v in document["votes"]} == {"U0EXP00000", "U0EXP00001"}
    assert document["summary"][0]["total"] == 2


def test_non_organiser_is_refused_and_no_file_moves(running_bot) -> None:
    poll_id = voted_poll(running_bot, voters=1)
    body = running_bot.slack.command(f"export {poll_id}", user_id="U0NOBODY01").json()
    assert "Sorry, only the organisers" in all_text(body["blocks"])
    assert running_bot.fake.calls_to("files.getUploadURLExternal") == []


def test_unknown_poll_gets_a_clear_private_error(running_bot) -> None:
    body = running_bot.slack.command("export deadbeef", user_id="U0ORGANIZ1").json()
    assert "There is no poll `deadbeef`" in all_text(body["blocks"])
    body = running_bot.slack.command("export nonsense", user_id="U0ORGANIZ1").json()
    assert "I don't know `nonsense`" in all_text(body["blocks"])
    assert running_bot.fake.calls_to("files.getUploadURLExternal") == []
