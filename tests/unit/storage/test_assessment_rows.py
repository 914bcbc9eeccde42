"""Assessment rows on SQLite and PostgreSQL: drafts, participants and opt-outs are upserts
(a repeat never raises), and the close rewrites who took part in user order."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, select

from storage import answers_repo as a
from storage.tables import AssessmentParticipant, Poll

T0 = datetime(2027, 1, 12, 9, tzinfo=UTC)


def poll(engine) -> str:
    with Session(engine) as session, session.begin():
        session.add(Poll(id="p1", channel_id="C1", creator_id="U1", kind="assessment",
                         title="Q1", created_at=T0))  # fmt: skip
    return "p1"


def test_drafts_participants_and_opt_outs_can_be_written_twice(engine) -> None:
    poll_id = poll(engine)
    for answers in ({"investment-1": 2}, {"investment-1": 3, "adoption-1": 0}):
        with Session(engine) as session, session.begin():
            a.save_draft(session=session, poll_id=poll_id, voter="v1", answers=answers, now=T0)
            a.add_participant(session=session, poll_id=poll_id, user_id="U0BOB")
            a.opt_out(session=session, user_id="U0BOB", now=T0)
    with Session(engine) as session:
        assert a.draft_of(session=session, poll_id=poll_id, voter="v1") == {
            "investment-1": 3,
            "adoption-1": 0,
        }
        assert a.participants(session=session, poll_id=poll_id) == {"U0BOB"}
        assert a.opted_out(session=session, user_ids={"U0BOB", "U0ALICE"}) == {"U0BOB"}


def test_the_close_rewrites_participants_in_user_order(engine) -> None:
    poll_id = poll(engine)
    for user in ("U0ZED", "U0AMY", "U0MAX"):  # the order they answered in
        with Session(engine) as session, session.begin():
            a.add_participant(session=session, poll_id=poll_id, user_id=user)
    with Session(engine) as session, session.begin():
        a.reorder_participants(session=session, poll_id=poll_id)
    with Session(engine) as session:
        rows = session.exec(select(AssessmentParticipant.user_id)).all()  # storage order
    assert list(rows) == ["U0AMY", "U0MAX", "U0ZED"]
