"""Posting to Slack's response_url over pooled keep-alive connections.

Bolt's `respond()` opens a new connection (a new TLS handshake against Slack) for every
call; a poll click posts one private confirmation per click, so that cost added up. urllib3's
pool reuses connections and retries 429/5xx honouring Retry-After.
"""

from __future__ import annotations

import json
import logging
from typing import Any

import urllib3
from urllib3.util.retry import Retry

log = logging.getLogger(__name__)


class ResponseUrlClient:
    """Thread-safe poster of response_url messages."""

    def __init__(self, *, timeout: float = 10.0, pool_size: int = 8) -> None:
        retry = Retry(
            total=3,
            backoff_factor=0.3,
            status_forcelist=(429, 500, 502, 503, 504),
            allowed_methods=None,
            respect_retry_after_header=True,
        )
        self._pool = urllib3.PoolManager(maxsize=pool_size, retries=retry, timeout=timeout)

    def post(self, url: str, message: dict[str, Any]) -> int:
        """POST `message` as JSON; returns the HTTP status (logged when not 200)."""
        response = self._pool.request(
            "POST",
            url,
            body=json.dumps(message).encode(),
            headers={"Content-Type": "application/json"},
        )
        if response.status != 200:
            log.warning("response_url answered %s", response.status)
        return response.status
