"""Team self-assessments as polls of their own kind: twenty (or five) questions, each
answered with a level or "not sure", a person's answers replaced as a whole on every
submission, the team's picture read at the close, and each channel's series over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.assessment.kinds import FORMS
from bot.assessment.questionnaire import Question as FormQuestion
from bot.assessment.questionnaire import Questionnaire
from bot.assessment.scoring import NOT_SURE, AspectPicture, person_scores, team_picture
from bot.maturity.model import MaturityModel
from bot.polls.options import PollRequest
from bot.polls.results import PollSnapshot
from bot.polls.service import PollService
from bot.polls.structures import PollStructures, Structure
from bot.polls.voter_keys import voter_key
from storage import answers_repo as a
from storage import claims_repo
from storage import polls_repo as q
from storage.database import Database
from storage.tables import Choice, Question

NOT_SURE_LABEL = "Not sure"


def assessment_layout(model: MaturityModel, questions: tuple[FormQuestion, ...]) -> Structure:
    """One stored question per questionnaire question (key = its id), each with the four
    levels and "not sure" (level 0) as choices."""
    layout = []
    for position, question in enumerate(questions):
        choices = [
            Choice(position=i, level=level.number, label=f"{level.number} · {level.name}")
            for i, level in enumerate(model.levels)
        ]
        choices.append(Choice(position=len(choices), level=NOT_SURE, label=NOT_SURE_LABEL))
        stored = Question(position=position, key=question.id, title=question.text[:300])
        layout.append((stored, choices))
    return layout


@dataclass(frozen=True)
class Heading:
    """An assessment without its answers."""

    poll_id: str
    kind: str
    title: str
    is_open: bool


@dataclass(frozen=True)
class Submitted:
    """What a submission did."""

    outcome: str  # "saved", "changed", "closed" or "unknown"
    scores: dict[str, float | None]  # the person's, per aspect key


class AssessmentService:
    """Assessments: create, read a person's answers, submit them, the team's picture."""

    def __init__(
        self,
        db: Database,
        polls: PollService,
        structures: PollStructures,
        *,
        model: MaturityModel,
        questionnaire: Questionnaire,
        voter_secret: bytes,
    ) -> None:
        self._db, self.polls, self._structures = db, polls, structures
        self.model, self.questionnaire, self._secret = model, questionnaire, voter_secret
        self.aspects = [aspect.key for aspect in model.aspects]

    def create(
        self,
        *,
        title: str,
        form: str,
        duration: timedelta | None,
        public: bool,
        channel_id: str,
        creator_id: str,
        now: datetime,
    ) -> PollSnapshot:
        """A new open assessment (`form`: "full" or "short")."""
        kind = next(k for k, f in FORMS.items() if f == form)
        request = PollRequest(kind, title, duration, public, True)  # hidden until the close
        layout = assessment_layout(self.model, self.questionnaire.form(form))
        return self.polls.create(
            model=self.model,
            request=request,
            channel_id=channel_id,
            creator_id=creator_id,
            now=now,
            layout=layout,
        )

    def questions(self, poll: PollSnapshot | Heading) -> tuple[FormQuestion, ...]:
        """The questionnaire questions an assessment asks."""
        return self.questionnaire.form(FORMS[poll.kind])

    def heading(self, poll_id: str) -> Heading | None:
        """What a submission needs to know of the assessment (one row, no tally)."""
        with self._db.read() as session:
            stored = q.get_poll(session=session, poll_id=poll_id)
        if stored is None or stored.kind not in FORMS:
            return None
        return Heading(stored.id, stored.kind, stored.title, stored.status == "open")

    def answers_of(self, poll: PollSnapshot, user_id: str) -> dict[str, int]:
        """What the person's window starts from, question id -> level (0: not sure): their
        unsubmitted draft if they closed it midway, else their submitted answers; {} when
        none (or the poll is closed: an anonymous person can no longer be found)."""
        with self._db.read() as session:
            stored = q.get_poll(session=session, poll_id=poll.poll_id)
            if stored is None or stored.status != "open":
                return {}
            voter = self._voter(stored, user_id)
            draft = a.draft_of(session=session, poll_id=poll.poll_id, voter=voter)
            if draft is not None:
                return draft
            held = a.answers_of(session=session, poll_id=poll.poll_id, voter=voter)
            structure = self._structures.get(poll.poll_id, session)
        return _levels(structure, held)

    def keep_draft(
        self, poll_id: str, user_id: str, answers: dict[str, int], *, now: datetime
    ) -> bool:
        """Keep what the person chose before closing the window; False once it is closed."""
        with self._db.write() as session:
            stored = q.get_poll(session=session, poll_id=poll_id)
            if stored is None or stored.status != "open" or not answers:
                return False
            voter = self._voter(stored, user_id)
            a.save_draft(session=session, poll_id=poll_id, voter=voter, answers=answers, now=now)
        return True

    def seal(self, poll_id: str) -> None:
        """At the close: nobody's draft is kept, and the record of who took part is rewritten
        so that nothing in it lines up with the answers (which the erased salt has made
        unlinkable)."""
        with self._db.write() as session:
            a.drop_drafts(session=session, poll_id=poll_id)
            a.reorder_participants(session=session, poll_id=poll_id)

    def to_remind(self, poll: PollSnapshot, *, now: datetime) -> list[str]:
        """Once per assessment (claimed across replicas): who answered the channel's previous
        one, has not answered this one and did not opt out of reminders."""
        previous = self.previous(poll)
        with self._db.write() as session:
            if not claims_repo.claim_reminder(
                session=session, key=f"nudge-{poll.poll_id}", now=now
            ):
                return []
            if previous is None:
                return []
            before = a.participants(session=session, poll_id=previous.poll_id)
            already = a.participants(session=session, poll_id=poll.poll_id)
            wanted = before - already
            return sorted(wanted - a.opted_out(session=session, user_ids=wanted))

    def opt_out(self, user_id: str, *, now: datetime) -> None:
        """No more reminders of new rounds for this person."""
        with self._db.write() as session:
            a.opt_out(session=session, user_id=user_id, now=now)

    def _voter(self, stored, user_id: str) -> str:
        return voter_key(
            user_id=user_id, anonymous=stored.anonymous, salt=stored.salt, secret=self._secret
        )

    def submit(
        self, poll_id: str, user_id: str, answers: dict[str, int], *, now: datetime
    ) -> Submitted:
        """Replace the person's answers (question id -> level, 0 for not sure)."""
        with self._db.write() as session:
            stored = q.get_poll(session=session, poll_id=poll_id)
            if stored is None or stored.status != "open":
                return Submitted("unknown" if stored is None else "closed", {})
            structure = self._structures.get(poll_id, session)
            voter = voter_key(
                user_id=user_id, anonymous=stored.anonymous, salt=stored.salt, secret=self._secret
            )
            choices = _choice_ids(structure, answers)
            before = a.replace_answers(
                session=session, poll_id=poll_id, voter=voter, answers=choices, now=now
            )
            a.drop_drafts(session=session, poll_id=poll_id, voter=voter)
        # Who took part, in a transaction of its own; sealed (reordered) at the close.
        with self._db.write() as session:
            a.add_participant(session=session, poll_id=poll_id, user_id=user_id)
        scores = person_scores(answers, self._aspect_of(), self.aspects)
        return Submitted("changed" if before else "saved", scores)

    def team(self, poll_id: str) -> list[AspectPicture]:
        """The team's picture per aspect, from every stored answer."""
        with self._db.read() as session:
            structure = self._structures.get(poll_id, session)
            by_voter = a.levels_by_voter(session=session, poll_id=poll_id)
        keys = {question.id: question.key for question, _ in structure}
        answers = {v: {keys[qid]: lv for qid, lv in held.items()} for v, held in by_voter.items()}
        return team_picture(answers, self._aspect_of(), self.aspects)

    def series(self, channel_id: str) -> list[PollSnapshot]:
        """The channel's assessments, newest first."""
        with self._db.read() as session:
            polls = a.assessments_in_channel(
                session=session, channel_id=channel_id, kinds=list(FORMS)
            )
            ids = [p.id for p in polls]
        return [s for s in map(self.polls.snapshot, ids) if s is not None]

    def recent(
        self, status: str, limit: int = 5, *, channels: list[str] | None = None
    ) -> list[PollSnapshot]:
        """Assessments newest first: "open" ones to take, or "closed" ones; of `channels`
        (None: every channel, for the scheduler's own planning)."""
        with self._db.read() as session:
            if channels is None:
                channels = a.channels_with_assessments(session=session, kinds=list(FORMS))
            polls = a.assessments_by_status(
                session=session, kinds=list(FORMS), status=status, channels=channels, limit=limit
            )
            ids = [p.id for p in polls]
        return [s for s in map(self.polls.snapshot, ids) if s is not None]

    def recent_for(self, user_id: str, status: str, limit: int = 5) -> list[PollSnapshot]:
        """As `recent`, only in channels where the person started or answered one."""
        with self._db.read() as session:
            channels = sorted(a.channels_of(session=session, user_id=user_id, kinds=list(FORMS)))
        return self.recent(status, limit, channels=channels) if channels else []

    def previous(self, poll: PollSnapshot) -> PollSnapshot | None:
        """The channel's closed assessment before this one, for the trend."""
        earlier = [p for p in self.series(poll.channel_id) if p.created_at < poll.created_at]
        return next((p for p in earlier if not p.is_open and p.voters), None)

    def _aspect_of(self) -> dict[str, str]:
        return {question.id: question.aspect for question in self.questionnaire.form("full")} | {
            question.id: question.aspect for question in self.questionnaire.form("short")
        }


def _levels(structure: Structure, held: dict[int, int]) -> dict[str, int]:
    found = {}
    for question, choices in structure:
        level = {c.id: c.level for c in choices}.get(held.get(question.id or 0, -1))
        if level is not None:
            found[question.key] = level
    return found


def _choice_ids(structure: Structure, answers: dict[str, int]) -> dict[int, int]:
    chosen = {}
    for question, choices in structure:
        level = answers.get(question.key)
        choice = next((c for c in choices if c.level == level), None)
        if choice is not None:
            chosen[question.id or 0] = choice.id or 0
    return chosen
