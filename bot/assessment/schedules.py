"""Self-assessments that open by themselves: a schedule per channel (every quarter by
default), each round claimed in the database before it opens, so it opens once across
restarts and replicas."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.assessment.rounds import next_round
from bot.assessment.service import AssessmentService
from bot.polls.results import PollSnapshot
from storage import claims_repo
from storage import schedules_repo as s
from storage.database import Database
from storage.tables import AssessmentSchedule


@dataclass(frozen=True)
class Schedule:
    """One schedule, as plain values."""

    schedule_id: str
    channel_id: str
    title: str
    form: str
    public: bool
    duration: timedelta | None
    rule: str
    timezone: str
    first_local: datetime
    created_by: str

    def next_opening(self, after: datetime) -> datetime | None:
        """The next round's opening after `after` (UTC), or None when the rule has ended."""
        return next_round(self.rule, self.first_local, self.timezone, after)


def _plain(row: AssessmentSchedule) -> Schedule:
    duration = timedelta(seconds=row.duration_seconds) if row.duration_seconds else None
    first = datetime.fromisoformat(row.first_local)
    return Schedule(row.id, row.channel_id, row.title, row.form, row.public, duration, row.rule,
                    row.timezone, first, row.created_by)  # fmt: skip


class AssessmentSchedules:
    """Add, list and stop schedules; open a due round once."""

    def __init__(self, db: Database, assessments: AssessmentService) -> None:
        self._db, self.assessments = db, assessments

    def add(self, *, schedule: Schedule, now: datetime) -> Schedule:
        """Store a new schedule (its `schedule_id` is replaced by a fresh one)."""
        row = AssessmentSchedule(
            id=secrets.token_hex(4),
            channel_id=schedule.channel_id,
            title=schedule.title,
            form=schedule.form,
            public=schedule.public,
            duration_seconds=int(schedule.duration.total_seconds()) if schedule.duration else None,
            rule=schedule.rule,
            timezone=schedule.timezone,
            first_local=schedule.first_local.isoformat(timespec="minutes"),
            created_by=schedule.created_by,
            created_at=now,
        )
        with self._db.write() as session:
            s.add_schedule(session=session, schedule=row)
            return _plain(row)

    def active(self, channel_id: str | None = None) -> list[Schedule]:
        """The active schedules (of one channel)."""
        with self._db.read() as session:
            return [_plain(r) for r in s.active_schedules(session=session, channel_id=channel_id)]

    def stop(self, schedule_id: str) -> bool:
        """No more rounds from this schedule; False when there is no such active one."""
        with self._db.write() as session:
            return s.stop_schedule(session=session, schedule_id=schedule_id)

    def open_round(self, schedule_id: str, at: datetime, *, now: datetime) -> PollSnapshot | None:
        """Open the round due `at`: the new assessment for the one caller (on any replica)
        that claimed it; None for everyone else, or when the schedule has stopped."""
        key = f"assess-{schedule_id}-{at:%Y%m%dT%H%MZ}"
        with self._db.write() as session:
            row = s.get_schedule(session=session, schedule_id=schedule_id)
            if row is None or not row.active:
                return None
            if not claims_repo.claim_reminder(session=session, key=key, now=now):
                return None
            schedule = _plain(row)
        return self.assessments.create(
            title=f"{schedule.title} ({at:%B %Y})",
            form=schedule.form,
            duration=schedule.duration,
            public=schedule.public,
            channel_id=schedule.channel_id,
            creator_id=schedule.created_by,
            now=now,
        )
