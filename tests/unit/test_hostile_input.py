"""Property tests: any text a user can type gets an answer, never an exception or a live mention."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.blocks.help_blocks import render_help
from bot.blocks.model_blocks import render_unknown_aspect, render_unknown_level
from bot.commands import CommandRouter
from bot.maturity.model import default_model
from bot.maturity.names import NotALevel, resolve_aspect, resolve_level
from bot.polls.options import PollOptionsError, parse_poll_args

MODEL = default_model()
hostile = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=10_000),
    st.sampled_from(["<!channel>", "<!here>", "<@U123>", "<#C1|x>", "<https://x|y>", "&lt;"]).map(
        lambda s: s * 3
    ),
)


def no_live_syntax(message) -> None:
    text = json.dumps(message.blocks, ensure_ascii=False)
    for live in ("<!channel>", "<!here>", "<@U123>", "<#C1|x>", "<https://x|y>"):
        assert live not in text


@settings(max_examples=150, deadline=None)
@given(hostile)
def test_level_and_aspect_lookups_always_answer_safely(text: str) -> None:
    level = resolve_level(MODEL, text)
    if isinstance(level, NotALevel) or level.found is None:
        no_live_syntax(render_unknown_level(MODEL, text, level))
    aspect = resolve_aspect(MODEL, text)
    if aspect.found is None:
        no_live_syntax(render_unknown_aspect(text, aspect))


@settings(max_examples=150, deadline=None)
@given(hostile)
def test_router_and_help_never_fail(text: str) -> None:
    router = CommandRouter()
    router.add("level", lambda ctx: None, usage="level <name>", summary="x")
    route = router.route(text)
    if route.subcommand is None:
        no_live_syntax(render_help(router, unknown=route.word, suggestion=route.suggestion))


@settings(max_examples=200, deadline=None)
@given(hostile)
def test_poll_options_either_parse_or_explain(text: str) -> None:
    try:
        request = parse_poll_args(text)
    except PollOptionsError as error:
        message = str(error)
        request = None
    if request is None:
        assert message
    else:
        assert 0 < len(request.title) <= 200
