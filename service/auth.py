"""Optional API keys: with ``QUOTES_API_KEYS`` set, every route but the probes and the page needs one.

``QUOTES_API_KEYS`` is a comma-separated list; each entry is a key's SHA-256 as ``sha256:<64 hex digits>``
(so the plain key never appears in the deployment's configuration) or, for convenience, the key itself, which
is hashed at start-up and not kept. A request sends ``Authorization: Bearer <key>``: none (or another scheme)
is a 401 problem with ``WWW-Authenticate``, a key that is not configured a 403. Each key's id (the first 16
hex digits of its hash) owns the jobs it creates: no other key sees them.
"""

from __future__ import annotations

import hashlib
import hmac

from flask import Flask, g, request

from .errors import FORBIDDEN, UNAUTHORIZED, ProblemError

PREFIX = "sha256:"
# Reachable without a key: orchestrators' probes, and the newsroom page with its assets.
OPEN_ENDPOINTS = {"health.healthz", "health.readyz"}
OPEN_PAGE_PATHS = ("/",)
OPEN_PAGE_PREFIXES = ("/static/",)


def key_hash(key: str) -> str:
    """The hex SHA-256 of a key, as ``QUOTES_API_KEYS`` stores it."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_keys(setting: str | None) -> list[str]:
    """The configured keys' hashes; ValueError names an entry that is neither a hash nor a usable key."""
    hashes = []
    for entry in (setting or "").split(","):
        entry = entry.strip()
        if not entry:
            continue
        if entry.startswith(PREFIX):
            digest = entry.removeprefix(PREFIX).lower()
            if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
                raise ValueError(f"QUOTES_API_KEYS: {entry[:16]}… is not sha256: and 64 hex digits")
            hashes.append(digest)
        elif len(entry) < 16:
            raise ValueError("QUOTES_API_KEYS: a key must have at least 16 characters")
        else:
            hashes.append(key_hash(entry))
    return hashes


def _is_open() -> bool:
    if request.endpoint in OPEN_ENDPOINTS:
        return True
    return request.method in ("GET", "HEAD") and (
        request.path in OPEN_PAGE_PATHS or request.path.startswith(OPEN_PAGE_PREFIXES)
    )


def init_app(app: Flask) -> None:
    """Check API keys on ``app``'s requests when ``QUOTES_API_KEYS`` names any."""
    hashes = parse_keys(app.config.get("QUOTES_API_KEYS"))
    if not hashes:
        return

    @app.before_request
    def _require_key() -> None:
        if _is_open():
            return
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise ProblemError(401, "Send an API key: Authorization: Bearer <key>.", type=UNAUTHORIZED,
                               headers={"WWW-Authenticate": 'Bearer realm="quotes"'})  # fmt: skip
        presented = key_hash(token.strip())
        # Every configured hash is compared, in constant time, whatever matches first.
        matched = [h for h in hashes if hmac.compare_digest(h, presented)]
        if not matched:
            challenge = 'Bearer realm="quotes", error="invalid_token"'
            headers = {"WWW-Authenticate": challenge}
            raise ProblemError(403, "This API key is not accepted.", type=FORBIDDEN, headers=headers)
        g.api_key_id = matched[0][:16]
