"""Reading `/pmm poll [aspects] [question] [for 30m] [public] [hidden]`."""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import timedelta

from bot.durations import parse_duration
from bot.text import quote_user_text

DEFAULT_QUESTION = "Where is our platform on the maturity model?"
DEFAULT_ASSESSMENT_TITLE = "Platform maturity assessment"
MAX_TITLE = 200
MAX_CHOICE = 75  # a button's label
MIN_CHOICES, MAX_CHOICES = 2, 10
MIN_DURATION = timedelta(seconds=5)
MAX_DURATION = timedelta(days=30)
_CURLY = str.maketrans("“”„", '"""')  # phones type curly double quotes
_QUOTES = '"“”„'
_FLAGS = {"public", "hidden", "anonymous"}
_KINDS = {"aspects", "aspect", "assessment"}


class PollOptionsError(ValueError):
    """The poll command could not be read; the message says how to write it."""


@dataclass(frozen=True)
class PollRequest:
    """What the organiser asked for."""

    kind: str  # "single" (the levels), "aspects", "choices" (own, pick one), "multi" (own, any)
    title: str
    duration: timedelta | None
    public: bool
    hidden: bool
    choices: tuple[str, ...] = ()  # the own choices of "choices" and "multi"


@dataclass(frozen=True)
class _Token:
    value: str  # as a shell reads it: quotes removed
    start: int  # span in the text as typed
    end: int
    quoted: bool  # a quoted word is never an option


def _tokens(text: str) -> list[_Token]:
    """Shell-like words (double quotes group, apostrophes are letters, as in "what's"),
    each with where it was typed."""
    lexer = shlex.shlex(text.translate(_CURLY), posix=True)
    lexer.whitespace_split, lexer.quotes, lexer.escape, lexer.commenters = True, '"', "", ""
    tokens = []
    while True:
        begin = lexer.instream.tell()
        try:
            value = lexer.get_token()
        except ValueError:  # shlex: "No closing quotation"
            raise PollOptionsError(
                'A `"` opens a quote that never closes. Put the whole question in double '
                'quotes, like `/pmm poll "Is it public?" for 2h`.'
            ) from None
        if value is None:
            return tokens
        raw = text[begin : lexer.instream.tell()]
        lead = len(raw) - len(raw.lstrip())
        span = (begin + lead, begin + len(raw.rstrip()))
        tokens.append(_Token(value, *span, quoted='"' in raw.translate(_CURLY)))


def parse_poll_args(args: str, *, kinds: bool = True) -> PollRequest:
    """Split the title from the options, with shell-like quoting: options are read at the
    end of the text (or around a quoted title), never inside quotes, so a question may
    contain the words `public` or `for`. `kinds=False`: a first word `aspects` is part of
    the title (for `/pmm assess`, which is one kind already)."""
    tokens = _tokens(args)
    kind = "single"
    if kinds and tokens and not tokens[0].quoted and tokens[0].value.lower() in _KINDS:
        kind, tokens = "aspects", tokens[1:]
    whole = [
        t for t in tokens if t.quoted and args[t.start] in _QUOTES and args[t.end - 1] in _QUOTES
    ]
    others = [t.value for t in tokens if t not in whole]
    rest: list[str] = []
    if len(whole) == 1 and not any(t.quoted for t in tokens if t not in whole):
        flags, duration = _read_options(others, rest)
        title = whole[0].value.strip()
        if rest and tokens[0] is whole[0]:
            extra = quote_user_text(" ".join(rest), 60)
            raise PollOptionsError(f"I don't understand `{extra}` after the title.")
    if len(whole) != 1 or rest or any(t.quoted for t in tokens if t not in whole):
        # not "a quoted title among options": the title is the text up to the options
        flags, duration, kept = _read_trailing_options(tokens)
        title = args[kept[0].start : kept[-1].end].strip() if kept else ""
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


def _read_trailing_options(
    tokens: list[_Token],
) -> tuple[set[str], timedelta | None, list[_Token]]:
    """Options peeled off the end, up to the first word that is not one (or is quoted)."""
    flags: set[str] = set()
    duration = None
    words = [t.value for t in tokens]
    end = len(tokens)

    def plain(*back: int) -> bool:
        return all(end - b >= 0 and not tokens[end - b].quoted for b in back)

    while end > 0:
        word = words[end - 1].lower()
        if plain(1) and word in _FLAGS:
            flags.add(word)
            end -= 1
        elif plain(1, 2) and end >= 2 and words[end - 2].lower() == "for" and word[:1].isdigit():
            duration = _check_duration(word)
            end -= 2
        elif (
            plain(1, 2, 3)
            and end >= 3
            and words[end - 3].lower() == "for"
            and words[end - 2].isdigit()
        ):
            duration = _check_duration(words[end - 2] + word)  # `for 2 hours`
            end -= 3
        else:
            break
    return flags, duration, tokens[:end]
