"""The two meeting series the tests use, as a config file says them: the EMEA sync (Berlin,
every other Tuesday 17:00) and the APAC sync (Kolkata, every Wednesday 08:00)."""

from __future__ import annotations

EMEA_CHANNEL, APAC_CHANNEL = "C0EMEA0001", "C0APAC0001"


def two_series(*, channels: bool = True, emea: str = "", apac: str = "", rest: str = "") -> str:
    """The `[[meeting]]` tables (with each series' channel unless `channels` is False), with
    extra lines for either table and `rest` after them."""
    emea_channel = f'channel = "{EMEA_CHANNEL}"\n' if channels else ""
    apac_channel = f'channel = "{APAC_CHANNEL}"\n' if channels else ""
    return (
        '[[meeting]]\nid = "emea"\ntitle = "EMEA sync"\ntimezone = "Europe/Berlin"\n'
        'first = 2026-01-13T17:00:00\nrrule = "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"\n'
        f"{emea_channel}{emea}\n"
        '[[meeting]]\nid = "apac"\ntitle = "APAC sync"\ntimezone = "Asia/Kolkata"\n'
        'first = 2026-01-14T08:00:00\nrrule = "FREQ=WEEKLY;BYDAY=WE"\n'
        f"{apac_channel}{apac}\n{rest}"
    )
