"""Self-assessment schedules: add, list the active ones, stop one."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from storage.tables import AssessmentSchedule


def add_schedule(*, session: Session, schedule: AssessmentSchedule) -> None:
    """Store a new schedule."""
    session.add(schedule)


def active_schedules(
    *, session: Session, channel_id: str | None = None
) -> Sequence[AssessmentSchedule]:
    """Active schedules (of one channel, if given), oldest first."""
    query = select(AssessmentSchedule).where(col(AssessmentSchedule.active).is_(True))
    if channel_id is not None:
        query = query.where(AssessmentSchedule.channel_id == channel_id)
    return session.exec(query.order_by(col(AssessmentSchedule.created_at))).all()


def get_schedule(*, session: Session, schedule_id: str) -> AssessmentSchedule | None:
    """One schedule by id."""
    return session.get(AssessmentSchedule, schedule_id)


def stop_schedule(*, session: Session, schedule_id: str) -> bool:
    """Deactivate a schedule; False when there is no active one of that id."""
    schedule = session.get(AssessmentSchedule, schedule_id)
    if schedule is None or not schedule.active:
        return False
    schedule.active = False
    session.add(schedule)
    return True
