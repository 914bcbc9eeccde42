"""Two meeting series, two replicas on one database, a daylight-saving change between:
each reminder of each series is posted once, in its series' channel, at its meeting's wall
time. The clock is set, not waited for; both replicas fire each reminder at the same moment,
as two replicas' jobs would."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from tests.conftest import start_bot, stop_bot
from tests.support.blockkit import all_text
from tests.support.clock import SetClock
from tests.support.series_config import two_series

CONFIG = two_series()
# Europe's clocks go forward on Sunday 28 March 2027; India's never change.
START = datetime(2027, 3, 21, 12, 0, tzinfo=UTC)
END = datetime(2027, 4, 8, 12, 0, tzinfo=UTC)
EXPECTED = {
    # key: (channel, when it is posted, the meeting's start), all UTC
    "emea/2027-03-23/1d": ("C0EMEA0001", "2027-03-22 16:00", "2027-03-23 16:00"),
    "emea/2027-03-23/15m": ("C0EMEA0001", "2027-03-23 15:45", "2027-03-23 16:00"),
    "emea/2027-04-06/1d": ("C0EMEA0001", "2027-04-05 15:00", "2027-04-06 15:00"),
    "emea/2027-04-06/15m": ("C0EMEA0001", "2027-04-06 14:45", "2027-04-06 15:00"),
    **{
        f"apac/2027-{day}/{offset}": ("C0APAC0001", posted, f"2027-{day} 02:30")
        for day, before in (("03-24", "03-23"), ("03-31", "03-30"), ("04-07", "04-06"))
        for offset, posted in (("1d", f"2027-{before} 02:30"), ("15m", f"2027-{day} 02:15"))
    },
}
DATE_TOKEN = re.compile(r"<!date\^(\d+)\^")


def _utc(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)


def _fire_together(replicas, key: str) -> list[bool]:
    """Both replicas' jobs for `key` run at once; what each of them did."""
    futures = [
        asyncio.run_coroutine_threadsafe(r.services.reminders.fire(key), r.app.lifecycle.loop)
        for r in replicas
    ]
    return [future.result(30) for future in futures]


def test_two_series_on_two_replicas_remind_once_each_across_a_clock_change(
    fake_slack, db_url, tmp_path
) -> None:
    path = tmp_path / "pmm.toml"
    path.write_text(CONFIG)
    clock = SetClock(START)
    replicas = [start_bot(fake_slack, db_url, PMM_CONFIG=str(path), clock=clock) for _ in range(2)]
    fake_slack.reset()
    posted: dict[str, tuple[str, datetime, datetime]] = {}
    try:
        # Both replicas plan the same reminders from the one database.
        planned = [r.call(r.services.reminders.refresh) for r in replicas]
        assert planned[0] == planned[1] > 0
        catalog = replicas[0].services.meetings
        dues = sorted(
            (due for series in catalog.active() for due in series.planned(START, END)),
            key=lambda due: due.fire_at,
        )
        assert [due.key for due in dues] == sorted(EXPECTED, key=lambda k: _utc(EXPECTED[k][1]))
        for due in dues:
            clock.advance(due.fire_at - clock.now())
            assert sorted(_fire_together(replicas, due.key)) == [False, True], due.key
            assert not replicas[0].call(replicas[0].services.reminders.fire, due.key)
            (post,) = [c for c in fake_slack.calls_to("chat.postMessage") if c.params["text"]][
                len(posted) :
            ]
            starts = {int(e) for e in DATE_TOKEN.findall(all_text(post.params["blocks"]))}
            posted[due.key] = (post.params["channel"], clock.now(), starts)
    finally:
        for replica in replicas:
            stop_bot(replica)
    assert len(fake_slack.calls_to("chat.postMessage")) == len(EXPECTED)
    for key, (channel, when, start) in EXPECTED.items():
        assert posted[key][0] == channel, key
        assert posted[key][1] == _utc(when), key
        assert int(_utc(start).timestamp()) in posted[key][2], key


def test_an_edit_on_one_replica_is_what_the_other_reminds_with(fake_slack, db_url, tmp_path):
    path = tmp_path / "pmm.toml"
    path.write_text(CONFIG)
    clock = SetClock(datetime(2027, 3, 22, 15, 0, tzinfo=UTC))  # EMEA meets tomorrow 16:00
    replicas = [start_bot(fake_slack, db_url, PMM_CONFIG=str(path), clock=clock) for _ in range(2)]
    editor, other = replicas
    fake_slack.reset()
    try:
        for replica in replicas:
            replica.call(replica.services.reminders.refresh)
        clock.advance(timedelta(hours=1))
        assert sorted(_fire_together(replicas, "emea/2027-03-23/1d")) == [False, True]
        # The organiser moves the series an hour later, on the first replica.
        catalog = editor.services.meetings
        emea = catalog.get("emea")
        later = emea.config.model_copy(update={"first": datetime(2026, 1, 13, 18, 0)})
        catalog.edit("emea", later, by="U0ORGANIZ1")
        # The other replica's watch sees it and plans from the new time.
        assert other.call(other.services.reminders.refresh_if_changed) > 0
        assert other.call(other.services.reminders.refresh_if_changed) == 0  # nothing new
        clock.advance(datetime(2027, 3, 23, 15, 45, tzinfo=UTC) - clock.now())
        assert not other.call(other.services.reminders.fire, "emea/2027-03-23/15m")  # too early
        clock.advance(timedelta(hours=1))  # 16:45 UTC: 15 minutes before 18:00 Berlin
        assert sorted(_fire_together(replicas, "emea/2027-03-23/15m")) == [False, True]
        # The day-before reminder is not due again for the moved meeting.
        assert not any(r.call(r.services.reminders.fire, "emea/2027-03-23/1d") for r in replicas)
    finally:
        for replica in replicas:
            stop_bot(replica)
    first, second = fake_slack.calls_to("chat.postMessage")
    new_start = int(datetime(2027, 3, 23, 17, 0, tzinfo=UTC).timestamp())
    assert f"<!date^{new_start}^" in all_text(second.params["blocks"])
    assert f"<!date^{new_start}^" not in all_text(first.params["blocks"])
