"""Signed session cookies and CSRF tokens.

The session cookie carries the user id, a random session nonce and the time it was issued, signed with
HMAC-SHA256 under the server's secret key, so any server process holding the same key can check it without a
session table. The CSRF token is an HMAC of the session nonce: a page gets it from the server that rendered
it, a cross-site attacker cannot compute it, and it changes with every login.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from laborwatch.settings import Settings

SESSION_COOKIE = "lw_session"
LOGIN_CSRF_COOKIE = "lw_login_csrf"  # double-submit token for the login form, before any session exists
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
SESSION_MAX_AGE = 12 * 3600  # seconds; a working day, then log in again


def secret_key(settings: Settings) -> bytes:
    """LABORWATCH_SECRET_KEY, or a random key created once in $LABORWATCH_HOME/secret.key (mode 0600)."""
    if settings.secret_key:
        return settings.secret_key.encode("utf-8")
    path = settings.home / "secret.key"
    if path.exists():
        return _read_key(path)
    settings.home.mkdir(parents=True, exist_ok=True)
    key = secrets.token_hex(32)
    try:
        # O_EXCL: when two server processes start together, one creates the key and the other reads it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read_key(path)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key.encode("ascii")


def _read_key(path: Path) -> bytes:
    for _ in range(50):  # another process may have created the file an instant ago and not written it yet
        key = path.read_text(encoding="ascii").strip()
        if key:
            return key.encode("ascii")
        time.sleep(0.02)
    raise RuntimeError(f"{path} is empty; delete it or set LABORWATCH_SECRET_KEY")


@dataclass(frozen=True)
class Session:
    user_id: int
    nonce: str
    issued: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, purpose: str, payload: str) -> str:
    return _b64(hmac.new(key, f"{purpose}:{payload}".encode(), hashlib.sha256).digest())


def issue_session(key: bytes, user_id: int) -> tuple[str, Session]:
    session = Session(user_id=user_id, nonce=secrets.token_urlsafe(18), issued=int(time.time()))
    payload = _b64(json.dumps({"u": session.user_id, "n": session.nonce, "t": session.issued}).encode())
    return f"{payload}.{_sign(key, 'session', payload)}", session


def read_session(key: bytes, cookie: str | None) -> Session | None:
    """The session a cookie stands for, or None when it is missing, forged, malformed or expired."""
    if not cookie or "." not in cookie:
        return None
    payload, signature = cookie.rsplit(".", 1)
    if not hmac.compare_digest(signature, _sign(key, "session", payload)):
        return None
    try:
        data = json.loads(_unb64(payload))
        session = Session(user_id=int(data["u"]), nonce=str(data["n"]), issued=int(data["t"]))
    except (ValueError, KeyError, TypeError):
        return None
    if time.time() - session.issued > SESSION_MAX_AGE:
        return None
    return session


def csrf_token(key: bytes, session: Session) -> str:
    return _sign(key, "csrf", session.nonce)


def csrf_valid(key: bytes, session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(str(token), csrf_token(key, session))


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)
