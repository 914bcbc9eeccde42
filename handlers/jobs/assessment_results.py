"""An assessment's close: the team's picture per aspect, the heatmap and the spider chart
(over the previous assessment's in the channel, for the trend), posted in its thread."""

from __future__ import annotations

import asyncio
import logging

from slack_sdk.web.async_client import AsyncWebClient

from bot.assessment.charts import heatmap_png, spider_png
from bot.assessment.scoring import AspectPicture, changes
from bot.assessment.service import AssessmentService
from bot.blocks.assessment_blocks import render_team_summary
from bot.polls.results import PollSnapshot

log = logging.getLogger(__name__)


class AssessmentResults:
    """Posts the team's picture when an assessment closes."""

    def __init__(self, assessments: AssessmentService, client: AsyncWebClient) -> None:
        self._assessments, self._client = assessments, client

    async def publish(self, poll: PollSnapshot, closed_by: str | None = None) -> None:
        """The summary, the heatmap and the spider chart in the invitation's thread."""
        service, model = self._assessments, self._assessments.model
        await asyncio.to_thread(service.seal, poll.poll_id)
        pictures = await asyncio.to_thread(service.team, poll.poll_id)
        previous = await asyncio.to_thread(service.previous, poll)
        before = await asyncio.to_thread(service.team, previous.poll_id) if previous else None
        change = changes(pictures, before) if before else None
        summary = render_team_summary(poll, pictures, model, change)
        if closed_by:
            summary += f"\nClosed by <@{closed_by}>."
        files = await asyncio.to_thread(_charts, service, poll, pictures, before)
        await self._client.files_upload_v2(
            channel=poll.channel_id,
            thread_ts=poll.message_ts,
            file_uploads=[
                {"content": content, "filename": name, "title": title}
                for name, title, content in files
            ],
            initial_comment=summary,
        )
        log.info("assessment %s closed with %d people", poll.poll_id, poll.voters)


def _charts(
    service: AssessmentService,
    poll: PollSnapshot,
    pictures: list[AspectPicture],
    before: list[AspectPicture] | None,
) -> list[tuple[str, str, bytes]]:
    names = [service.model.aspect(p.aspect).name for p in pictures]
    means = [p.mean for p in pictures]
    spider = spider_png(
        names, means, title=poll.title, before=[p.mean for p in before] if before else None
    )
    heatmap = heatmap_png(names, pictures, title=poll.title)
    stem = f"assessment-{poll.poll_id}"
    return [
        (f"{stem}-spider.png", f"{poll.title}: the team per aspect", spider),
        (f"{stem}-heatmap.png", f"{poll.title}: answers per level", heatmap),
    ]
