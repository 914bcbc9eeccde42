"""The team self-assessment end to end: the invitation, the questionnaire opened with the
click's trigger, signed submissions from 30 people (some changing their answers, some not
sure), partial ones refused on their fields, the team's picture at the close, and the trend
against the channel's previous assessment."""

from __future__ import annotations

import json
import random
import statistics

from slack_sdk.models.views import View

from bot.assessment.scoring import two_decimals
from tests.support.blockkit import all_text, assert_within_block_kit_limits

CREATOR = "U0ASSESS01"


def start(bot, text: str = "assess Q1 check for 7d") -> tuple[str, dict]:
    bot.fake.reset()
    assert bot.slack.command(text, user_id=CREATOR).status == 200
    (post,) = bot.fake.wait_for("chat.postMessage")
    blocks = post.json_param("blocks")
    assert_within_block_kit_limits(blocks)
    take = next(e for b in blocks if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == "pmm_assess_take")  # fmt: skip
    poll_id = take["value"]
    from tests.support.waiting import wait_until

    wait_until(lambda: bot.services.polls.snapshot(poll_id).message_ts, what="the ts")
    bot.fake.reset()
    return poll_id, take


def open_form(bot, take: dict, user: str) -> dict:
    bot.fake.reset()
    assert bot.slack.action(take["action_id"], take["value"], user_id=user).status == 200
    (call,) = bot.fake.wait_for("views.open")
    view = call.json_param("view")
    View(**view).validate_json()
    assert len(view["blocks"]) <= 100
    return view


def answer_values(view: dict, levels: dict[str, int]) -> dict:
    """state.values for the given answers (question id -> level, 0 = not sure)."""
    values = {}
    for block in view["blocks"]:
        if block["type"] == "input" and block["block_id"] in levels:
            options = block["element"]["options"]
            picked = next(o for o in options if o["value"] == str(levels[block["block_id"]]))
            values[block["block_id"]] = {"answer": {"type": "radio_buttons",
                                                    "selected_option": picked}}  # fmt: skip
    return values


def start_take(bot, poll_id: str) -> tuple[str, dict]:
    """The Take button of an assessment already posted."""
    return poll_id, {"action_id": "pmm_assess_take", "value": poll_id}


def round_jobs(bot, schedule_id: str) -> list:
    """When the schedule's planned rounds run."""
    prefix = f"assessment-round-{schedule_id}-"
    jobs = [j for j in bot.services.scheduler.get_jobs() if j.id.startswith(prefix)]
    return sorted(j.next_run_time for j in jobs)


def team_picture(call) -> bool:
    return "The team's picture" in call.params.get("initial_comment", "")


def question_ids(view: dict) -> list[str]:
    return [b["block_id"] for b in view["blocks"] if b["type"] == "input"]


def test_thirty_people_answer_privately_and_the_team_sees_its_picture(running_bot) -> None:
    bot = running_bot
    poll_id, take = start(bot)
    view = open_form(bot, take, "U0PERSON00")
    ids = question_ids(view)
    assert len(ids) == 20
    assert "Not sure" in all_text(view["blocks"])

    # A partial submission is refused on the missing questions.
    partial = answer_values(view, {ids[0]: 2})
    answer = bot.slack.view_submission(view, partial, user_id="U0PERSON00").json()
    assert answer["response_action"] == "errors"
    assert set(answer["errors"]) == set(ids[1:])

    rng = random.Random(7)
    final: dict[str, dict[str, int]] = {}
    for person in range(30):
        user = f"U0PERSON{person:02d}"
        levels = {q: rng.choice([1, 2, 2, 3, 3, 4, 0]) for q in ids}
        if person % 10 == 3:  # answers once, then changes their mind
            first = {q: 1 for q in ids}
            reply = bot.slack.view_submission(view, answer_values(view, first), user_id=user)
            assert reply.json()["response_action"] == "update"
        reply = bot.slack.view_submission(view, answer_values(view, levels), user_id=user)
        result = reply.json()
        assert result["response_action"] == "update"
        View(**result["view"]).validate_json()
        final[user] = levels
    own = all_text(result["view"]["blocks"])
    assert "Investment" in own
    assert "Only you see this" in own
    bot.fake.wait_for("files.completeUploadExternal", count=30 + 3)  # each chart by DM
    bot.finish_background_work()

    # Reopening shows the person's own answers.
    again = open_form(bot, take, "U0PERSON29")
    chosen = {b["block_id"]: b["element"].get("initial_option", {}).get("value")
              for b in again["blocks"] if b["type"] == "input"}  # fmt: skip
    assert chosen == {q: str(level) for q, level in final["U0PERSON29"].items()}

    bot.fake.reset()
    assert bot.slack.action("pmm_poll_close", poll_id, user_id=CREATOR).status == 200
    (upload,) = bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    summary = upload.params["initial_comment"]
    assert "30 people have answered" in summary
    assert "Where we disagree most" in summary
    assert len(upload.json_param("files")) == 2
    # The team's numbers equal those recomputed from the answers (official rule per person).
    aspect_of = {q.id: q.aspect for q in bot.services.assessments.questionnaire.form("full")}
    scores = []
    for levels in final.values():
        mine = [lv for q, lv in levels.items() if aspect_of[q] == "investment" and lv]
        if mine:
            scores.append(two_decimals(statistics.fmean(mine)))
    assert f"mean *{two_decimals(statistics.fmean(scores)):.2f}*" in summary
    (closed,) = [c for c in bot.fake.calls_to("chat.update")][-1:]
    assert "pmm_assess_take" not in str(closed.params)

    # The export's answers recompute the same team picture, and name no one.
    bot.fake.reset()
    bot.slack.command(f"export {poll_id} json", user_id="U0ORGANIZ1")
    bot.fake.wait_for("files.completeUploadExternal")
    uploads = bot.fake.wait_for("upload", count=2)
    document = json.loads(next(u.raw for u in uploads if u.raw.startswith(b"{")))
    assert len(document["votes"]) == 30 * 20
    assert {v["aspect"] for v in document["votes"]} == set(bot.services.assessments.aspects)
    assert not any(v["voter"].startswith("U0PERSON") for v in document["votes"])
    for aspect in document["aspects"]:
        assert f"mean *{aspect['mean']:.2f}*" in summary


def test_a_second_assessment_shows_the_trend_and_history_lists_both(running_bot) -> None:
    bot = running_bot
    for round_, level in enumerate((2, 3)):
        poll_id, take = start(bot, f"assess Round {round_ + 1} short")
        view = open_form(bot, take, "U0TREND001")
        ids = question_ids(view)
        assert len(ids) == 5
        for user in ("U0TREND001", "U0TREND002"):
            values = answer_values(view, dict.fromkeys(ids, level))
            assert bot.slack.view_submission(view, values, user_id=user).status == 200
        bot.finish_background_work()
        bot.fake.reset()
        bot.slack.action("pmm_poll_close", poll_id, user_id=CREATOR)
        (upload,) = bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    summary = upload.params["initial_comment"]
    assert "▲ +1.00 since last time" in summary

    bot.fake.reset()
    bot.slack.command("assess history")
    (listing,) = bot.fake.wait_for("response_url")
    text = all_text(listing.json_param("blocks"))
    assert "Round 1" in text
    assert "Round 2" in text
    assert "Investment 3.00" in text


def test_a_window_closed_midway_keeps_its_draft_which_never_counts(running_bot) -> None:
    bot = running_bot
    poll_id, take = start(bot, "assess Draft check short")
    view = open_form(bot, take, "U0DRAFTER1")
    ids = question_ids(view)
    payload_view = {**view, "state": {"values": answer_values(view, {ids[0]: 3, ids[1]: 0})}}
    bot.slack.view_closed(payload_view, user_id="U0DRAFTER1")
    bot.finish_background_work()
    assert bot.services.polls.snapshot(poll_id).voters == 0  # a draft is no answer

    again = open_form(bot, take, "U0DRAFTER1")
    chosen = {b["block_id"]: b["element"].get("initial_option", {}).get("value")
              for b in again["blocks"] if b["type"] == "input"}  # fmt: skip
    assert chosen[ids[0]] == "3"
    assert chosen[ids[1]] == "0"
    assert chosen[ids[2]] is None


def test_app_home_offers_open_assessments_and_the_latest_team_picture(running_bot) -> None:
    bot = running_bot
    poll_id, take = start(bot, "assess Home round short")
    view = open_form(bot, take, "U0HOMEASS1")
    values = answer_values(view, dict.fromkeys(question_ids(view), 2))
    bot.slack.view_submission(view, values, user_id="U0HOMEASS1")
    bot.finish_background_work()

    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": "U0HOMEASS1", "tab": "home"})
    (home,) = bot.fake.wait_for("views.publish")
    blocks = home.json_param("view")["blocks"]
    take_here = next(b["accessory"] for b in blocks
                     if b.get("accessory", {}).get("action_id") == "pmm_assess_take")  # fmt: skip
    assert take_here["value"] == poll_id
    bot.fake.reset()
    bot.slack.action("pmm_assess_take", poll_id, user_id="U0HOMEASS1", in_home=True)
    assert bot.fake.wait_for("views.open")  # taken from Home too, with the same answers

    bot.slack.action("pmm_poll_close", poll_id, user_id=CREATOR)
    bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": "U0HOMEASS1", "tab": "home"})
    (home,) = bot.fake.wait_for("views.publish")
    text = all_text(home.json_param("view")["blocks"])
    assert "Latest team picture" in text
    assert "Investment *2.00*" in text


def test_a_quarterly_schedule_opens_each_round_once_at_ten_berlin_time(
    fake_slack, database_url, transport
) -> None:
    from datetime import UTC, datetime, timedelta

    from tests.conftest import start_bot, stop_bot
    from tests.support.clock import SetClock

    clock = SetClock(datetime(2027, 3, 1, 12, tzinfo=UTC))
    bot = start_bot(fake_slack, database_url, clock=clock, transport=transport,
                    PMM_ORGANIZERS="U0ORGANIZ1")  # fmt: skip
    try:
        refused = bot.slack.command("assess every quarter", user_id="U0NOBODY01").json()
        assert "organisers" in all_text(refused["blocks"])
        text = "assess every quarter Platform pulse from 2027-04-06 10:00 for 7d short"
        answer = bot.slack.command(text, user_id="U0ORGANIZ1").json()
        shown = all_text(answer["blocks"])
        assert "Platform pulse" in shown
        # 10:00 Berlin is 08:00 UTC in summer, 09:00 UTC in winter: the first four openings.
        for opening in ("2027-04-06 08:00", "2027-07-06 08:00", "2027-10-06 08:00",
                        "2028-01-06 09:00"):  # fmt: skip
            epoch = int(datetime.fromisoformat(opening).replace(tzinfo=UTC).timestamp())
            assert f"<!date^{epoch}^" in shown
        (schedule,) = bot.services.rounds.schedules.active()
        bot.call(bot.services.rounds.refresh)
        assert round_jobs(bot, schedule.schedule_id) == [datetime(2027, 4, 6, 8, 0, tzinfo=UTC)]

        # The round comes due: it opens once, even when two runs race for it.
        clock.advance(timedelta(days=36, hours=20))
        fake_slack.reset()
        at = datetime(2027, 4, 6, 8, 0, tzinfo=UTC)
        bot.call(bot.services.rounds.open, schedule.schedule_id, at)
        bot.call(bot.services.rounds.open, schedule.schedule_id, at)
        (post,) = fake_slack.wait_for("chat.postMessage")
        assert "Platform pulse (April 2027)" in all_text(post.json_param("blocks"))
        bot.finish_background_work()
        assert len(fake_slack.calls_to("chat.postMessage")) == 1
        assert datetime(2027, 7, 6, 8, 0, tzinfo=UTC) in round_jobs(bot, schedule.schedule_id)

        stop = bot.slack.command(f"assess unschedule {schedule.schedule_id}", user_id="U0ORGANIZ1")
        assert "Stopped" in all_text(stop.json()["blocks"])
        assert bot.services.rounds.schedules.active() == []
    finally:
        stop_bot(bot)


def test_a_new_round_reminds_last_rounds_people_once_and_they_can_opt_out(running_bot) -> None:
    bot = running_bot

    def round_with(title: str, people: list[str]) -> str:
        poll_id, take = start(bot, f"assess {title} short")
        view = open_form(bot, take, people[0] if people else "U0VIEWER01")
        for user in people:
            values = answer_values(view, dict.fromkeys(question_ids(view), 3))
            assert bot.slack.view_submission(view, values, user_id=user).status == 200
        bot.finish_background_work()
        return poll_id

    first = round_with("Round A", ["U0ALICE001", "U0BOB00001"])
    bot.slack.action("pmm_poll_close", first, user_id=CREATOR)
    bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    second = round_with("Round B", ["U0ALICE001"])

    bot.fake.reset()
    assert bot.call(bot.services.rounds.remind, second) == 1
    (dm,) = bot.fake.calls_to("chat.postMessage")
    assert dm.params["channel"] == "U0BOB00001"  # Alice already answered this round
    blocks = dm.json_param("blocks")
    assert "Round B" in all_text(blocks)
    assert bot.call(bot.services.rounds.remind, second) == 0  # once per round

    bot.fake.reset()
    bot.slack.action("pmm_assess_opt_out", "opt-out", user_id="U0BOB00001")
    (done,) = bot.fake.wait_for("response_url")
    assert "no more reminders" in all_text(done.json_param("blocks"))
    _, take = start_take(bot, second)
    view = open_form(bot, take, "U0BOB00001")  # Bob answers round B after all
    values = answer_values(view, dict.fromkeys(question_ids(view), 2))
    assert bot.slack.view_submission(view, values, user_id="U0BOB00001").status == 200
    bot.slack.action("pmm_poll_close", second, user_id=CREATOR)
    bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    third = round_with("Round C", [])
    assert bot.call(bot.services.rounds.remind, third) == 1  # Alice; Bob opted out


def test_a_public_assessment_names_who_answered_at_the_close(running_bot) -> None:
    bot = running_bot
    poll_id, take = start(bot, "assess Open book public short")
    view = open_form(bot, take, "U0PUBLIC01")
    for user in ("U0PUBLIC01", "U0PUBLIC02"):
        values = answer_values(view, dict.fromkeys(question_ids(view), 4))
        bot.slack.view_submission(view, values, user_id=user)
    bot.finish_background_work()
    bot.fake.reset()
    bot.slack.action("pmm_poll_close", poll_id, user_id=CREATOR)
    (upload,) = bot.fake.wait_for("files.completeUploadExternal", where=team_picture)
    assert "Answered: <@U0PUBLIC01> <@U0PUBLIC02>" in upload.params["initial_comment"]


def test_titles_keep_their_words_and_nobody_elses_channel_shows_in_home(running_bot) -> None:
    bot = running_bot
    poll_id, _ = start(bot, "assess Assessment of Q3")
    assert bot.services.polls.snapshot(poll_id).title == "Assessment of Q3"
    answer = bot.slack.command(
        "assess every quarter Quick wins review from 2031-01-07 10:00", user_id="U0ORGANIZ1"
    ).json()
    assert "Quick wins review" in all_text(answer["blocks"])
    (schedule,) = bot.services.rounds.schedules.active()
    assert (schedule.title, schedule.form) == ("Quick wins review", "full")

    bot.fake.reset()
    bot.slack.event({"type": "app_home_opened", "user": "U0STRANGER", "tab": "home"})
    (home,) = bot.fake.wait_for("views.publish")
    assert "Team self-assessments" not in all_text(home.json_param("view")["blocks"])

    # An assessment nobody answered still exports (every aspect, zero answers).
    bot.fake.reset()
    bot.slack.command(f"export {poll_id}", user_id="U0ORGANIZ1")
    (complete,) = bot.fake.wait_for("files.completeUploadExternal")
    assert len(complete.json_param("files")) == 4  # votes, summary, aspects, heatmap
