"""Reading `/pmm poll [aspects] [question] [for 30m] [public] [hidden]`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.durations import parse_duration

DEFAULT_QUESTION = "Where is our platform on the maturity model?"
DEFAULT_ASSESSMENT_TITLE = "Platform maturity assessment"
MAX_TITLE = 200
MIN_DURATION = timedelta(seconds=5)
MAX_DURATION = timedelta(days=30)
_QUOTED = re.compile(r"[\"“”'‘’]([^\"“”'‘’]+)[\"“”'‘’]")
_FLAGS = {"public", "hidden", "anonymous"}


class PollOptionsError(ValueError):
    """The poll command could not be read; the message says how to write it."""


@dataclass(frozen=True)
class PollRequest:
    """What the organiser asked for."""

    kind: str  # "single" or "aspects"
    title: str
    duration: timedelta | None
    public: bool
    hidden: bool


def parse_poll_args(args: str) -> PollRequest:
    """Split the title from the options; options are read only at the end of the text
    (or around a quoted title), so a question may contain the words `public` or `for`."""
    words = args.split()
    kind = "single"
    if words and words[0].lower() in ("aspects", "aspect", "assessment"):
        kind, words = "aspects", words[1:]
    text = " ".join(words)
    quoted = _QUOTED.search(text)
    if quoted:
        title = quoted.group(1).strip()
        option_words = (text[: quoted.start()] + " " + text[quoted.end() :]).split()
        rest: list[str] = []
        flags, duration = _read_options(option_words, rest)
        if rest:
            raise PollOptionsError(f"I don't understand `{' '.join(rest)[:60]}` after the title.")
    else:
        flags, duration, title = _read_trailing_options(words)
    if not title:
        title = DEFAULT_QUESTION if kind == "single" else DEFAULT_ASSESSMENT_TITLE
    if len(title) > MAX_TITLE:
        raise PollOptionsError(f"Please keep the question under {MAX_TITLE} characters.")
    if "public" in flags and "anonymous" in flags:
        raise PollOptionsError("A poll is either `public` or anonymous, not both.")
    return PollRequest(kind, title, duration, "public" in flags, "hidden" in flags)


def _check_duration(text: str) -> timedelta:
    try:
        duration = parse_duration(text)
    except ValueError:
        raise PollOptionsError(
            f"`for {text[:20]}` is not a duration; try `for 30m`, `for 2h` or `for 1d`."
        ) from None
    if not MIN_DURATION <= duration <= MAX_DURATION:
        raise PollOptionsError("A poll can run from 5 seconds up to 30 days.")
    return duration


def _read_options(words: list[str], rest: list[str]) -> tuple[set[str], timedelta | None]:
    flags: set[str] = set()
    duration = None
    i = 0
    while i < len(words):
        word = words[i].lower()
        if word in _FLAGS:
            flags.add(word)
        elif word == "for" and i + 2 < len(words) and words[i + 1].isdigit():
            duration = _check_duration(words[i + 1] + words[i + 2])
            i += 2
        elif word == "for" and i + 1 < len(words):
            duration = _check_duration(words[i + 1])
            i += 1
        else:
            rest.append(words[i])
        i += 1
    return flags, duration


def _read_trailing_options(words: list[str]) -> tuple[set[str], timedelta | None, str]:
    flags: set[str] = set()
    duration = None
    end = len(words)
    while end > 0:
        word = words[end - 1].lower()
        if word in _FLAGS:
            flags.add(word)
            end -= 1
        elif end >= 2 and words[end - 2].lower() == "for" and re.match(r"^\d", word):
            duration = _check_duration(word)
            end -= 2
        elif end >= 3 and words[end - 3].lower() == "for" and words[end - 2].isdigit():
            duration = _check_duration(words[end - 2] + word)  # `for 2 hours`
            end -= 3
        else:
            break
    return flags, duration, " ".join(words[:end]).strip()
