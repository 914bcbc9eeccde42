"""SQLModel tables. Datetimes are timezone-aware; SQLModel's UTCDateTime stores them as UTC."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel


class Poll(SQLModel, table=True):
    """A poll posted in a channel: one question (levels) or the five-aspect assessment."""

    id: str = Field(primary_key=True, max_length=16)
    channel_id: str = Field(index=True, max_length=32)
    message_ts: str | None = Field(default=None, max_length=32)
    creator_id: str = Field(max_length=32)
    kind: str = Field(max_length=16)  # "single" or "aspects"
    title: str = Field(max_length=300)
    anonymous: bool = True
    hidden: bool = False
    status: str = Field(default="open", index=True, max_length=16)  # open | closed
    created_at: datetime
    closes_at: datetime | None = Field(default=None, index=True)
    closed_at: datetime | None = None
    # Per-poll salt for anonymous voter keys; wiped when the poll closes, so nothing that
    # is left (database, exports, server secret) can link a vote to a person afterwards.
    salt: str | None = Field(default=None, max_length=64)
    # Live-tally coordination between replicas: one push at a time per poll (the lease),
    # and at most one per interval (the last push's end).
    tally_lease_until: datetime | None = None
    tally_pushed_at: datetime | None = None


class Question(SQLModel, table=True):
    """One row of buttons: the single question, or one aspect of the assessment."""

    id: int | None = Field(default=None, primary_key=True)
    poll_id: str = Field(foreign_key="poll.id", index=True, max_length=16)
    position: int
    key: str = Field(max_length=32)  # "level" or the aspect key
    title: str = Field(max_length=300)


class Choice(SQLModel, table=True):
    """One button: a level, labelled by its name or by the aspect's cell at that level."""

    id: int | None = Field(default=None, primary_key=True)
    question_id: int = Field(foreign_key="question.id", index=True)
    position: int
    level: int
    label: str = Field(max_length=75)


class Vote(SQLModel, table=True):
    """A person's current answer to one question; at most one per (question, voter)."""

    __table_args__ = (
        UniqueConstraint("question_id", "voter", name="uq_vote_question_voter"),
        # Each click reads back what the voter holds in the poll: without this index that
        # read scanned all of the poll's votes and clicks slowed down as a poll grew.
        Index("ix_vote_poll_voter", "poll_id", "voter"),
    )

    id: int | None = Field(default=None, primary_key=True)
    poll_id: str = Field(foreign_key="poll.id", index=True, max_length=16)
    question_id: int = Field(foreign_key="question.id")
    choice_id: int = Field(foreign_key="choice.id")
    voter: str = Field(max_length=64)  # Slack user ID (public polls) or keyed hash
    voted_at: datetime


class ProcessedRequest(SQLModel, table=True):
    """Keys of requests already handled, so that Slack's retries change nothing."""

    key: str = Field(primary_key=True, max_length=200)
    created_at: datetime = Field(index=True)


class MeetingSeries(SQLModel, table=True):
    """A meeting series as organisers set it up (seeded from the config file, then edited in
    App Home): its definition is a MeetingConfig as JSON, so the file and the database say a
    series the same way and one validator checks both."""

    key: str = Field(primary_key=True, max_length=64)
    definition: str
    position: int  # the order series are listed in
    paused: bool = False
    deleted: bool = False  # kept, so that the config file does not seed it again
    updated_at: datetime
    updated_by: str = Field(max_length=32)


class MeetingEra(SQLModel, table=True):
    """An earlier definition of a series (a MeetingConfig as JSON), in force for the meetings
    that started before `ends_at`: an edit of when a series meets keeps the past as it was."""

    series_key: str = Field(primary_key=True, max_length=64)
    position: int = Field(primary_key=True)  # 0 for the first definition
    definition: str
    ends_at: datetime


class MeetingChange(SQLModel, table=True):
    """Who changed a series, when, and what it was before and after (definitions as JSON)."""

    id: int | None = Field(default=None, primary_key=True)
    series_key: str = Field(index=True, max_length=64)
    action: str = Field(max_length=16)  # seed, add, edit, pause, resume, delete
    changed_by: str = Field(max_length=32)
    changed_at: datetime
    before: str | None = None
    after: str | None = None


class MeetingOverride(SQLModel, table=True):
    """An organiser's change to one occurrence: cancelled, or moved to `new_start`."""

    series_key: str = Field(default="default", primary_key=True, max_length=64)
    original_start: datetime = Field(primary_key=True)
    cancelled: bool = False
    new_start: datetime | None = None
    changed_by: str = Field(max_length=32)
    changed_at: datetime
    # The series' revision when this change was made: the moved VEVENT's SEQUENCE.
    sequence: int = 0


class MeetingSeriesState(SQLModel, table=True):
    """What calendar clients need to see a change as one: the series' revision (bumped when
    the configured series or any override changes) and a token that makes its UID unique to
    this deployment."""

    series_key: str = Field(primary_key=True, max_length=64)
    fingerprint: str = Field(max_length=64)
    sequence: int = 0
    changed_at: datetime
    uid_token: str = Field(max_length=32)


class ReminderPost(SQLModel, table=True):
    """A reminder claimed for posting: the unique key makes it happen once across replicas."""

    key: str = Field(primary_key=True, max_length=64)
    claimed_at: datetime
    message_ts: str | None = Field(default=None, max_length=32)


class Welcome(SQLModel, table=True):
    """A newcomer welcomed in a channel: at most once per (user, channel)."""

    user_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    welcomed_at: datetime


class AssessmentDraft(SQLModel, table=True):
    """Answers a person chose in the assessment's window and closed without submitting:
    shown again when they reopen it, never counted. Gone once submitted or closed."""

    poll_id: str = Field(primary_key=True, foreign_key="poll.id", max_length=16)
    voter: str = Field(primary_key=True, max_length=64)  # as in `vote`: ID or keyed hash
    answers: str = Field(max_length=4000)  # JSON: question id -> level (0: not sure)
    updated_at: datetime


class AssessmentSchedule(SQLModel, table=True):
    """A series of self-assessments that open by themselves in a channel."""

    id: str = Field(primary_key=True, max_length=16)
    channel_id: str = Field(index=True, max_length=32)
    title: str = Field(max_length=300)
    form: str = Field(max_length=16)  # "full" or "short"
    public: bool = False
    duration_seconds: int | None = None  # each round's length; None: open until closed
    rule: str = Field(max_length=200)  # an RRULE, e.g. FREQ=MONTHLY;INTERVAL=3
    timezone: str = Field(max_length=64)
    first_local: str = Field(max_length=19)  # the first opening, wall clock in `timezone`, ISO
    created_by: str = Field(max_length=32)
    created_at: datetime
    active: bool = True


class AssessmentParticipant(SQLModel, table=True):
    """Who answered an assessment (never what): so that the next round of its schedule can
    remind them once. Kept apart from the answers, which stay unlinkable."""

    poll_id: str = Field(primary_key=True, foreign_key="poll.id", max_length=16)
    user_id: str = Field(primary_key=True, max_length=32)


class ReminderOptOut(SQLModel, table=True):
    """People who asked not to be reminded of assessment rounds."""

    user_id: str = Field(primary_key=True, max_length=32)
    opted_out_at: datetime


class AgendaItem(SQLModel, table=True):
    """A topic someone proposed for one occurrence of a meeting series."""

    id: int | None = Field(default=None, primary_key=True)  # also the order items came in
    series_key: str = Field(max_length=64)
    occurrence: datetime = Field(index=True)  # the occurrence's usual start, UTC
    topic: str = Field(max_length=300)
    link: str | None = Field(default=None, max_length=500)
    proposed_by: str = Field(max_length=32)
    created_at: datetime
    removed: bool = False
    # Where an organiser put it; None: in the order items came (by id).
    rank: float | None = None


class AgendaClosure(SQLModel, table=True):
    """An occurrence's agenda an organiser closed: nothing more is added to it."""

    series_key: str = Field(primary_key=True, max_length=64)
    occurrence: datetime = Field(primary_key=True)  # the occurrence's usual start, UTC
    closed_by: str = Field(max_length=32)
    closed_at: datetime
