"""Who voted: the Slack user ID for public polls, a keyed hash for anonymous ones.

The hash key is HMAC(server secret, per-poll salt). The database alone never holds enough
to recompute it, and the salt is wiped when the poll closes, after which nobody can link a
stored vote to a person, organisers and operators included.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_salt() -> str:
    """A fresh random per-poll salt."""
    return secrets.token_hex(16)


def voter_key(*, user_id: str, anonymous: bool, salt: str | None, secret: bytes) -> str:
    """The identity stored with a vote; stable for one person within one poll."""
    if not anonymous:
        return user_id
    if not salt:
        raise ValueError("an anonymous poll without a salt is closed; no new votes")
    poll_key = hmac.new(secret, salt.encode(), hashlib.sha256).digest()
    return hmac.new(poll_key, user_id.encode(), hashlib.sha256).hexdigest()[:40]
