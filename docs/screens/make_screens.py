"""Render what the bot sends into a Slack-like HTML mock and screenshot it (docs/screens/*.png).

Run from the repository root:  python docs/screens/make_screens.py
Needs headless Chromium at /usr/bin/chromium (Debian: apt-get install -y chromium; for the
look of the committed PNGs also fonts-lato and fonts-noto-color-emoji). No Slack, no network:
the messages and views come from the bot's own rendering functions.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent.parent)]

import mock_slack  # noqa: E402
from meeting_screens import meeting_form_view, meetings_home_view  # noqa: E402

from bot.assessment.questionnaire import default_questionnaire  # noqa: E402
from bot.blocks.assessment_blocks import own_result_view, questionnaire_view  # noqa: E402
from bot.blocks.home_blocks import HomeData, render_home  # noqa: E402
from bot.blocks.modals import level_view  # noqa: E402
from bot.blocks.model_blocks import render_level  # noqa: E402
from bot.blocks.poll_blocks import render_poll  # noqa: E402
from bot.blocks.poll_form import poll_form_view  # noqa: E402
from bot.maturity.model import MaturityModel, default_model  # noqa: E402
from bot.meetings.config import MeetingConfig  # noqa: E402
from bot.meetings.series import Overrides, next_occurrences  # noqa: E402
from bot.polls.options import DEFAULT_ASSESSMENT_TITLE, DEFAULT_QUESTION  # noqa: E402
from bot.polls.results import ChoiceResult, PollSnapshot, PollSummary, QuestionResult  # noqa: E402

CHROMIUM = Path("/usr/bin/chromium")
WIDTH = 800
NOW = datetime(2026, 3, 16, 9, 42, tzinfo=UTC)  # a Monday, eight days before a sync
CHANNEL = "C0123"
NAMES = ["alice", "bart", "chen", "dana", "emeka", "farah", "gus", "hana", "ivo", "jun", "kim"]
mock_slack.USERS.update({f"U0{i:02d}": name for i, name in enumerate(NAMES)})
mock_slack.CHANNELS.update({CHANNEL: "platform-maturity", "C0456": "platform-wg"})
# The reader sits in Berlin: message times and date tokens show in its zone, on a 12-hour clock.
mock_slack.READER.zone, mock_slack.READER.now = ZoneInfo("Europe/Berlin"), NOW


def level_poll(poll_id: str = "4f2a9c1e", title: str = DEFAULT_QUESTION) -> PollSnapshot:
    """A public level poll with eleven named voters."""
    model = default_model()
    counts = (2, 5, 3, 1)
    voter_ids = iter(mock_slack.USERS)
    choices = tuple(
        ChoiceResult(
            choice_id=i + 1,
            level=lv.number,
            label=f"{lv.number} · {lv.name}",
            count=count,
            voters=tuple(next(voter_ids) for _ in range(count)),
            question_id=1,
        )
        for i, (lv, count) in enumerate(zip(model.levels, counts, strict=True))
    )
    return PollSnapshot(
        poll_id=poll_id,
        channel_id=CHANNEL,
        message_ts="1773654120.000100",
        creator_id="U000",
        kind="single",
        title=title,
        anonymous=False,
        hidden=False,
        status="open",
        created_at=NOW - timedelta(hours=2),
        closes_at=NOW + timedelta(days=2),
        closed_at=None,
        voters=sum(counts),
        questions=(QuestionResult(1, "level", title, choices),),
    )


def assessment_poll(model: MaturityModel) -> PollSnapshot:
    """An anonymous five-aspect assessment with seven voters."""
    counts = {
        "investment": (1, 3, 2, 1),
        "adoption": (0, 2, 4, 1),
        "interfaces": (2, 3, 2, 0),
        "operations": (1, 4, 1, 1),
        "measurement": (3, 3, 1, 0),
    }
    questions = []
    for q, aspect in enumerate(model.aspects, start=1):
        cells = model.cells_for_aspect(aspect.key)
        choices = tuple(
            ChoiceResult(10 * q + i, c.level, f"{c.level} · {c.name}", n, question_id=q)
            for i, (c, n) in enumerate(zip(cells, counts[aspect.key], strict=True))
        )
        questions.append(QuestionResult(q, aspect.key, aspect.name, choices))
    return PollSnapshot(
        poll_id="b71e03d5",
        channel_id=CHANNEL,
        message_ts="1773650000.000200",
        creator_id="U001",
        kind="aspects",
        title=DEFAULT_ASSESSMENT_TITLE,
        anonymous=True,
        hidden=False,
        status="open",
        created_at=NOW - timedelta(days=1),
        closes_at=None,
        closed_at=None,
        voters=7,
        questions=tuple(questions),
    )


def home_view(model: MaturityModel) -> dict:
    """App Home for an organiser with two open polls and a few older ones."""
    config = MeetingConfig(
        join_url="https://zoom.us/j/123456789", agenda_url="https://docs.example.org/agenda"
    )
    upcoming = next_occurrences(config, Overrides(), NOW, 4)
    occurrence = next((o for o in upcoming if not o.cancelled), None)
    own = level_poll()
    voted = level_poll("9c04d7aa", "Where will we be in a year?")
    summaries = [
        PollSummary(own.poll_id, CHANNEL, own.title, "open", 11, 11, own.created_at),
        PollSummary("b71e03d5", CHANNEL, DEFAULT_ASSESSMENT_TITLE, "open", 35, 7, NOW),
        PollSummary("17ce58b0", "C0456", "Which golden path first?", "closed", 9, 9, NOW),
    ]
    data = HomeData(
        next_meeting=occurrence,
        meeting_config=config,
        own_polls=[own],
        voted_polls=[voted],
        organizer=True,
        recent_polls=summaries,
    )
    return render_home(model, data, NOW)


def pages() -> dict[str, str]:
    """Screenshot name -> HTML page."""
    model = default_model()
    return {
        "level": mock_slack.message_page(
            render_level(model, model.level(3)).blocks, "platform-maturity"
        ),
        "poll": mock_slack.message_page(render_poll(level_poll()).blocks, "platform-maturity"),
        "assessment": mock_slack.message_page(
            render_poll(assessment_poll(model)).blocks, "platform-maturity"
        ),
        "home": mock_slack.home_page(home_view(model)),
        "home-meetings": mock_slack.home_page(meetings_home_view(model, NOW, CHANNEL)),
        "meeting-form": mock_slack.modal_page(meeting_form_view(NOW)),
        "poll-form": mock_slack.modal_page(poll_form_view(CHANNEL)),
        "level-modal": mock_slack.modal_page(level_view(model, model.level(2))),
        "self-assessment": mock_slack.modal_page(self_assessment_view(model)),
        "self-assessment-result": mock_slack.modal_page(
            own_result_view(
                "Q1 self-assessment",
                {
                    "investment": 2.25,
                    "adoption": 3.0,
                    "interfaces": 1.67,
                    "operations": 2.5,
                    "measurement": None,
                },
                model,
                changed=False,
            )
        ),
    }


def self_assessment_view(model: MaturityModel) -> dict:
    """The questionnaire window, a few answers already chosen."""
    questionnaire = default_questionnaire()
    poll = replace(assessment_poll(model), kind="assessment", title="Q1 self-assessment")
    chosen = {"investment-1": 2, "investment-2": 3, "investment-3": 0}
    return questionnaire_view(poll, questionnaire, questionnaire.form("short"), model, chosen)


def chromium(*args: str) -> str:
    """Run headless Chromium; its stdout."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"]
    command += ["--force-device-scale-factor=1", "--default-background-color=ffffffff", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)  # noqa: S603
    return done.stdout


def screenshot(page: Path, out: Path) -> None:
    """Measure the page at 800 px wide, then shoot it at the height it needs."""
    dom = chromium(f"--window-size={WIDTH},600", "--dump-dom", page.as_uri())
    found = re.search(r'data-h="(\d+)"', dom)
    height = int(found[1]) if found else 2000
    chromium(f"--window-size={WIDTH},{height}", f"--screenshot={out}", page.as_uri())


def main() -> int:
    if not CHROMIUM.exists():
        print(
            f"{CHROMIUM} is missing: headless Chromium takes the screenshots.\n"
            "Install it with:  sudo apt-get install -y chromium fonts-lato fonts-noto-color-emoji",
            file=sys.stderr,
        )
        return 1
    with tempfile.TemporaryDirectory(prefix="pmm-screens-") as tmp:
        for name, body in pages().items():
            page = Path(tmp) / f"{name}.html"
            page.write_text(body, encoding="utf-8")
            out = HERE / f"{name}.png"
            screenshot(page, out)
            print(f"wrote {out.relative_to(Path.cwd()) if out.is_relative_to(Path.cwd()) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
