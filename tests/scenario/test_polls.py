"""Polls end to end: post, vote as many users, live tallies, close, results with a chart."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, func, select

from bot.blocks.counts import voted_line
from bot.polls.options import PollRequest
from storage.tables import Vote
from tests.conftest import RunningBot
from tests.support.blockkit import all_text, assert_within_block_kit_limits
from tests.support.fake_slack import Call
from tests.support.waiting import wait_until


def start_poll(bot: RunningBot, text: str = "poll Where are we?", user: str = "U0CREATOR") -> dict:
    """Run `/pmm <text>` and return the posted poll message's parameters."""
    reply = bot.slack.command(text, user_id=user)
    assert reply.status == 200
    (post,) = bot.fake.wait_for("chat.postMessage")
    assert_within_block_kit_limits(post.params["blocks"])
    # The bot stores the message ts right after Slack answers; wait for that row.
    poll_id = vote_buttons(post.params)[0][0]["value"].split(":")[0]
    store = bot.services.polls
    wait_until(lambda: store.snapshot(poll_id).message_ts, what="the poll's message ts")
    return post.params


def vote_buttons(message: dict) -> list[list[dict]]:
    """The rows of vote buttons, top to bottom."""
    return [
        b["elements"]
        for b in message["blocks"]
        if b["type"] == "actions" and b.get("block_id", "").startswith("vote_")
    ]


def click(bot: RunningBot, button: dict, user: str, **kw) -> int:
    return bot.slack.action(button["action_id"], button["value"], user_id=user, **kw).status


def last_update(bot: RunningBot, where=None) -> Call:
    return bot.fake.calls_to("chat.update")[-1] if where is None else where


def stored_votes(bot: RunningBot) -> int:
    with Session(bot.services.db.engine) as session:
        return session.exec(select(func.count()).select_from(Vote)).one()


def wait_for_voters(bot: RunningBot, n: int, timeout: float = 10) -> Call:
    """Wait until a chat.update shows `n` voters; the tally is read back from the fake."""
    label = voted_line(n)
    return bot.fake.wait_for(
        "chat.update", where=lambda c: label in all_text(c.params["blocks"]), timeout=timeout
    )[-1]


def test_poll_has_one_button_per_level_and_a_close_button(running_bot) -> None:
    message = start_poll(running_bot, "poll Where are we today?")
    (row,) = vote_buttons(message)
    labels = [b["text"]["text"] for b in row]
    assert labels == ["1 · Provisional", "2 · Operational", "3 · Scalable", "4 · Optimizing"]
    assert "Where are we today?" in all_text(message["blocks"])
    assert "pmm_poll_close" in all_text(message["blocks"])
    assert message["channel"] == "C0CHAN001"


def test_votes_from_many_users_update_the_tally_and_confirm_privately(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    for i in range(5):
        assert click(running_bot, row[2], f"U0VOTER{i:02d}") == 200
    update = wait_for_voters(running_bot, 5)
    text = all_text(update.params["blocks"])
    assert "3 · Scalable: *5* (100%)" in text
    confirmations = running_bot.fake.wait_for("response_url", count=5)
    assert all("Your vote is in" in all_text(c.params["blocks"]) for c in confirmations)
    assert all(c.params["response_type"] == "ephemeral" for c in confirmations)


def test_clicking_another_choice_moves_the_vote_and_the_same_one_retracts_it(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    click(running_bot, row[0], "U0MOVER01")
    running_bot.fake.wait_for("response_url", 1)
    click(running_bot, row[1], "U0MOVER01")
    moved = running_bot.fake.wait_for("response_url", 2)[-1]
    assert "Your vote has moved" in all_text(moved.params["blocks"])
    assert "2 · Operational" in all_text(moved.params["blocks"])
    assert stored_votes(running_bot) == 1
    click(running_bot, row[1], "U0MOVER01")
    retracted = running_bot.fake.wait_for("response_url", 3)[-1]
    assert "taken back" in all_text(retracted.params["blocks"])
    assert stored_votes(running_bot) == 0
    wait_for_voters(running_bot, 0)


def test_assessment_poll_has_a_row_per_aspect_named_by_its_cells(running_bot) -> None:
    message = start_poll(running_bot, "poll aspects Q3 check-in")
    rows = vote_buttons(message)
    assert len(rows) == 5
    assert [b["text"]["text"] for b in rows[0]] == [
        "1 · Voluntary or temporary",
        "2 · Dedicated team",
        "3 · As product",
        "4 · Enabled ecosystem",
    ]
    click(running_bot, rows[0][1], "U0ASSESS1")
    click(running_bot, rows[3][2], "U0ASSESS1")
    update = wait_for_voters(running_bot, 1)
    assert "Median level: *2*" in all_text(update.params["blocks"])


def test_hidden_poll_shows_only_the_number_of_voters_while_open(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll hidden"))[0]
    click(running_bot, row[3], "U0HIDDEN1")
    text = all_text(wait_for_voters(running_bot, 1).params["blocks"])
    assert "1 · Provisional (" not in text
    assert "results hidden until the poll closes" in text


def test_public_poll_shows_who_voted_for_what(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot, "poll Public one? public"))[0]
    click(running_bot, row[1], "U0PUBLIC1")
    assert "<@U0PUBLIC1>" in all_text(wait_for_voters(running_bot, 1).params["blocks"])


def test_anonymous_poll_stores_no_user_id(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    click(running_bot, row[1], "U0SECRET1")
    wait_for_voters(running_bot, 1)
    with Session(running_bot.services.db.engine) as session:
        voters = session.exec(select(Vote.voter)).all()
    assert len(voters) == 1
    assert "U0SECRET1" not in voters[0]


def test_close_by_someone_else_is_refused_privately(running_bot) -> None:
    message = start_poll(running_bot, user="U0CREATOR")
    poll_id = vote_buttons(message)[0][0]["value"].split(":")[0]
    running_bot.slack.action("pmm_poll_close", poll_id, user_id="U0STRANGER")
    (refusal,) = running_bot.fake.wait_for("response_url")
    assert "can close someone else's poll" in all_text(refusal.params["blocks"])
    assert running_bot.fake.calls_to("chat.update") == []


def test_close_posts_final_results_and_a_chart_in_the_thread(running_bot) -> None:
    message = start_poll(running_bot, user="U0CREATOR")
    row = vote_buttons(message)[0]
    for i, button in enumerate([row[0], row[2], row[2]]):
        click(running_bot, button, f"U0CLOSE{i:02d}")
    wait_for_voters(running_bot, 3)
    poll_id = row[0]["value"].split(":")[0]
    running_bot.slack.action("pmm_poll_close", poll_id, user_id="U0ORGANIZ1")
    (complete,) = running_bot.fake.wait_for("files.completeUploadExternal")
    final = wait_for_voters(running_bot, 3)
    assert "pmm_vote" not in all_text(final.params["blocks"])
    assert "closed" in all_text(final.params["blocks"])
    (upload,) = running_bot.fake.calls_to("upload")
    assert upload.raw.startswith(b"\x89PNG")
    assert complete.params["channel_id"] == "C0CHAN001"
    posted_ts = running_bot.services.polls.snapshot(poll_id).message_ts
    assert posted_ts
    assert complete.params["thread_ts"] == posted_ts
    assert "Final results" in complete.params["initial_comment"]


def test_votes_on_a_closed_or_unknown_poll_get_a_note_and_are_not_stored(running_bot) -> None:
    row = vote_buttons(start_poll(running_bot))[0]
    poll_id = row[0]["value"].split(":")[0]
    running_bot.slack.action("pmm_poll_close", poll_id, user_id="U0CREATOR")
    running_bot.fake.wait_for("files.completeUploadExternal")
    click(running_bot, row[0], "U0LATE0001")
    running_bot.slack.action("pmm_vote_0", "ffffffff:1:1", user_id="U0LATE0001")
    running_bot.slack.action("pmm_vote_0", "garbage", user_id="U0LATE0001")
    notes = running_bot.fake.wait_for("response_url", count=3)
    texts = [all_text(c.params["blocks"]) for c in notes]
    assert any("closed; your click was not counted" in t for t in texts)
    assert sum("no longer exists" in t for t in texts) == 2
    assert stored_votes(running_bot) == 0


def test_polls_lists_the_channels_open_polls_with_links(running_bot) -> None:
    start_poll(running_bot, "poll First question")
    running_bot.fake.reset()
    running_bot.slack.command("polls")
    (answer,) = running_bot.fake.wait_for("response_url")
    text = all_text(answer.params["blocks"])
    assert "First question" in text
    assert "https://slack.test/" in text


def test_bad_poll_options_get_usage(running_bot) -> None:
    body = running_bot.slack.command("poll Where? for 0m").json()
    assert "Usage" in all_text(body["blocks"])
    body = running_bot.slack.command("poll Where? for 90 days").json()
    assert "up to 30 days" in all_text(body["blocks"])
    assert running_bot.fake.calls_to("chat.postMessage") == []


def test_polls_pages_a_long_list_instead_of_cutting_it(running_bot) -> None:
    services = running_bot.services
    for i in range(23):
        poll = services.polls.create(
            model=services.model,
            request=PollRequest("single", f"Question {i:02d} " + "x" * 140, None, False, False),
            channel_id="C0CHAN001",
            creator_id="U0OTHER001",
            now=datetime.now(UTC),
        )
        services.polls.attach_message(poll.poll_id, f"1700000001.{i:06d}")
    running_bot.fake.reset()
    running_bot.slack.command("polls")
    (first,) = running_bot.fake.wait_for("response_url")
    blocks = first.json_param("blocks")
    assert_within_block_kit_limits(blocks)
    text = all_text(blocks)
    assert "1–10 of 23" in text
    assert "Question 22" in text
    assert "Question 12" not in text
    (more,) = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert more["text"]["text"] == "Show 10 more"

    running_bot.fake.reset()
    running_bot.slack.action(more["action_id"], more["value"])
    (second,) = running_bot.fake.wait_for("response_url")
    assert second.json_param("replace_original") is True
    text = all_text(second.json_param("blocks"))
    assert "11–20 of 23" in text
    assert "Question 12" in text
    assert "Show 3 more" in text
