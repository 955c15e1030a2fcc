"""Accounts: users with roles, argon2 password hashes, API tokens, and lockout after repeated failed logins.

Both faces use this module: ``laborwatch users`` creates accounts and tokens, the web app checks them.
Tokens are stored only as their SHA-256 (a leaked database does not leak working tokens); passwords only as
argon2id hashes.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import select
from sqlalchemy.orm import Session

from laborwatch.store.db import Store, record_audit, utcnow
from laborwatch.store.models import ApiToken, User

ROLES = ("viewer", "analyst", "admin")
ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}
MAX_FAILED_LOGINS = 5  # attempts in a row before the account locks
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD = 10
TOKEN_PREFIX = "lw_"
# Writing last_used_at on every request would turn each read into a write; once a minute is enough to audit.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)

_hasher = PasswordHasher()
# Verifying against this when the user does not exist keeps the timing of "no such user" and "wrong password"
# the same, so login responses do not reveal which names exist.
_DUMMY_HASH = _hasher.hash("not a real password, only for timing")


class AccountError(ValueError):
    """A request about accounts that cannot be carried out as asked (unknown user, weak password, ...)."""


@dataclass(frozen=True)
class Principal:
    """Who is making a request, as the web app needs it (a detached copy, safe outside a session)."""

    id: int
    name: str
    role: str
    restricted_access: bool

    def has_role(self, role: str) -> bool:
        return ROLE_RANK[self.role] >= ROLE_RANK[role]


def principal_of(user: User) -> Principal:
    return Principal(id=user.id, name=user.name, role=user.role, restricted_access=user.restricted_access)


def validate_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 200 or any(c.isspace() for c in name):
        raise AccountError("a user name is 1-200 characters without spaces")
    return name


def validate_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")


def add_user(store: Store, name: str, password: str, *, role: str, restricted_access: bool = False,
             actor: str) -> Principal:
    name = validate_name(name)
    if role not in ROLES:
        raise AccountError(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    validate_password(password)
    with store.transaction() as session:
        if session.scalar(select(User).where(User.name == name)) is not None:
            raise AccountError(f"user {name!r} already exists")
        user = User(name=name, password_hash=_hasher.hash(password), role=role,
                    restricted_access=restricted_access, failed_logins=0, created_at=utcnow())
        session.add(user)
        session.flush()
        record_audit(session, actor=actor, action="user.add", object_type="user", object_id=name,
                     detail={"role": role, "restricted_access": restricted_access})
        return principal_of(user)


def get_user(session: Session, name: str) -> User:
    user = session.scalar(select(User).where(User.name == name.strip()))
    if user is None:
        raise AccountError(f"no user named {name!r}; `laborwatch users list` shows them")
    return user


def list_users(store: Store) -> list[User]:
    with store.transaction() as session:
        return list(session.scalars(select(User).order_by(User.name)).all())


def set_password(store: Store, name: str, password: str, *, actor: str) -> None:
    validate_password(password)
    with store.transaction() as session:
        user = get_user(session, name)
        user.password_hash = _hasher.hash(password)
        user.failed_logins = 0
        user.locked_until = None
        record_audit(session, actor=actor, action="user.password", object_type="user", object_id=user.name)


def unlock(store: Store, name: str, *, actor: str) -> None:
    with store.transaction() as session:
        user = get_user(session, name)
        user.failed_logins = 0
        user.locked_until = None
        record_audit(session, actor=actor, action="user.unlock", object_type="user", object_id=user.name)


class LoginRefused(AccountError):
    """Wrong name or password, or a locked account. The message never says which name exists."""


def _aware(moment: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=utcnow().tzinfo)
    return moment


def authenticate(store: Store, name: str, password: str) -> Principal:
    """Check a password; count failures and lock the account for a while after MAX_FAILED_LOGINS."""
    with store.transaction() as session:
        user = session.scalar(select(User).where(User.name == name.strip()))
        if user is None:
            _verify(_DUMMY_HASH, password)
            raise LoginRefused("wrong user name or password")
        now = utcnow()
        locked_until = _aware(user.locked_until)
        if locked_until is not None and locked_until > now:
            minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
            raise LoginRefused(f"this account is locked after repeated failed logins; try again in {minutes} "
                               "minutes or ask an administrator (`laborwatch users unlock`)")
        if not _verify(user.password_hash, password):
            user.failed_logins += 1
            detail: dict[str, object] = {"failed_logins": user.failed_logins}
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
                detail["locked_until"] = user.locked_until.isoformat()
            record_audit(session, actor=user.name, action="login.failed", object_type="user",
                         object_id=user.name, detail=detail)
            # The refusal is raised after the commit so the failure count sticks.
            refused = LoginRefused("wrong user name or password")
        else:
            refused = None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            user.failed_logins = 0
            user.locked_until = None
            record_audit(session, actor=user.name, action="login", object_type="user", object_id=user.name)
            principal = principal_of(user)
    if refused is not None:
        raise refused
    return principal


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_token(store: Store, name: str, *, label: str | None = None, actor: str) -> str:
    """A new API token for a user; the only time the token itself is ever shown."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with store.transaction() as session:
        user = get_user(session, name)
        session.add(ApiToken(user_id=user.id, token_hash=_token_hash(token), label=label, created_at=utcnow()))
        record_audit(session, actor=actor, action="token.create", object_type="user", object_id=user.name,
                     detail={"label": label})
    return token


def revoke_tokens(store: Store, name: str, *, actor: str) -> int:
    with store.transaction() as session:
        user = get_user(session, name)
        tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id)).all()
        for token in tokens:
            session.delete(token)
        record_audit(session, actor=actor, action="token.revoke", object_type="user", object_id=user.name,
                     detail={"count": len(tokens)})
        return len(tokens)


def principal_for_token(store: Store, token: str) -> Principal | None:
    if not token.startswith(TOKEN_PREFIX):
        return None
    with store.transaction() as session:
        row = session.scalar(select(ApiToken).where(ApiToken.token_hash == _token_hash(token)))
        if row is None:
            return None
        user = session.get(User, row.user_id)
        if user is None:
            return None
        now = utcnow()
        last = _aware(row.last_used_at)
        if last is None or now - last > TOKEN_TOUCH_INTERVAL:
            row.last_used_at = now
        return principal_of(user)


def principal_by_id(store: Store, user_id: int) -> Principal | None:
    with store.transaction() as session:
        user = session.get(User, user_id)
        return principal_of(user) if user is not None else None
