"""Local accounts, wall tokens and web sessions: argon2id passwords, lock-out after repeated
failures, revocable tokens, and sign-ins that outlive one browser tab.

Secrets never leave this module: passwords are hashed at once, tokens are shown once and stored
only as their SHA-256, and nothing here logs either.
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, case, delete, func, insert, or_, select, update

from campaign.offices import id_for_code
from campaign.schema import Account, WallToken, WebSession
from campaign.vocabulary import ACCOUNT_ROLES

account = Account.__table__
wall_token = WallToken.__table__
web_session = WebSession.__table__

MAX_FAILURES = 5  # in a row, then locked
LOCK_FOR = timedelta(minutes=15)
MIN_PASSWORD = 10
IDLE = timedelta(hours=1)
LONGEST = timedelta(hours=16)  # a duty day
TICKET_FOR = timedelta(seconds=60)  # the browser trades its ticket for the cookie at once
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often
_hasher = PasswordHasher()
# Checked against when there is no password to check (no such account, disabled, locked): every
# refusal costs one Argon2 verification, so none is told apart from a wrong password by its timing.
_DECOY = _hasher.hash(secrets.token_urlsafe(16))


def _spend(password: str) -> None:
    with contextlib.suppress(VerificationError, InvalidHashError):
        _hasher.verify(_DECOY, password)


class AccountError(ValueError):
    """An account that cannot be made as asked; the message is the catalogue key."""


@dataclass(frozen=True)
class Viewer:
    """Who is looking: what the screens and exports are scoped by."""

    username: str
    display_name: str
    role: str
    office_id: int | None  # None: the whole city
    sees_personal: bool

    @property
    def handles(self) -> str | None:
        """A member of staff (工作人员) sees only the cases whose 承办人 is their name; others all."""
        return self.display_name if self.role == "staff" else None


@dataclass(frozen=True)
class SignIn:
    viewer: Viewer | None
    refusal: str = ""  # "", "unknown", "wrong", "locked" or "disabled"
    locked_until: datetime | None = None


def _office_id(conn: Connection, code: str | None) -> int | None:
    found = id_for_code(conn, code)
    if code and found is None:
        raise AccountError("auth.unknown_office")
    return found


def add_account(
    conn: Connection,
    username: str,
    display_name: str,
    role: str,
    password: str | None,
    now: datetime,
    office_code: str | None = None,
    sees_personal: bool = False,
) -> int:
    """A local account; with `password` None, one that signs in through the SSO only."""
    if role not in ACCOUNT_ROLES or role == "wall":
        raise AccountError("auth.bad_role")
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError("auth.short_password")
    if conn.execute(select(account.c.id).where(account.c.username == username)).first():
        raise AccountError("auth.taken")
    office_id = _office_id(conn, office_code)
    if role in ("head", "staff") and office_id is None:
        raise AccountError("auth.office_needed")
    return conn.execute(
        insert(account).values(
            username=username,
            display_name=display_name,
            role=role,
            office_id=office_id,
            password_hash=None if password is None else _hasher.hash(password),
            sees_personal=sees_personal,
            failed_logins=0,
            disabled=False,
            created_at=now,
        )
    ).inserted_primary_key[0]


def remove_account(conn: Connection, username: str) -> None:
    # Its sessions end with it, or an account made again under the name would inherit them.
    conn.execute(delete(web_session).where(web_session.c.username == username))
    conn.execute(delete(account).where(account.c.username == username))


def _viewer(row) -> Viewer:
    return Viewer(row.username, row.display_name, row.role, row.office_id, bool(row.sees_personal))


def sign_in(conn: Connection, username: str, password: str, now: datetime) -> SignIn:
    """Check a password; five failures in a row lock the account for 15 minutes.

    The attempt is counted before the password is checked, in one statement that also decides the
    lock: attempts made at the same moment each add one, and those after the fifth find the account
    locked without their password being checked. The right password clears the count (and a lock
    its own attempt set). Every refusal costs one Argon2 verification, whatever its reason.
    """
    row = conn.execute(select(account).where(account.c.username == username)).first()
    if row is None or row.password_hash is None:
        _spend(password)
        return SignIn(None, "unknown")
    if row.disabled:
        _spend(password)
        return SignIn(None, "disabled")
    # After a lock has run out, the count starts again from this attempt.
    count = case((account.c.locked_until.is_not(None), 1), else_=account.c.failed_logins + 1)
    counted = conn.execute(
        update(account)
        .where(account.c.id == row.id)
        .where(or_(account.c.locked_until.is_(None), account.c.locked_until <= now))
        .values(
            failed_logins=count,
            locked_until=case((count >= MAX_FAILURES, now + LOCK_FOR), else_=None),
        )
        .returning(account.c.failed_logins, account.c.locked_until)
    ).first()
    if counted is None:  # locked by earlier attempts
        _spend(password)
        until = conn.execute(select(account.c.locked_until).where(account.c.id == row.id)).scalar()
        return SignIn(None, "locked", until)
    try:
        _hasher.verify(row.password_hash, password)
    except (VerificationError, InvalidHashError):
        locked = counted.locked_until
        return SignIn(None, "locked" if locked else "wrong", locked)
    values: dict = {"failed_logins": 0, "locked_until": None}
    if _hasher.check_needs_rehash(row.password_hash):
        values["password_hash"] = _hasher.hash(password)
    conn.execute(update(account).where(account.c.id == row.id).values(**values))
    return SignIn(_viewer(row))


def sso_sign_in(conn: Connection, email: str | None) -> SignIn:
    """Someone the government SSO vouched for: the account whose username is their e-mail address.

    The SSO proves who they are; this database still says what they may see.
    """
    wanted = (email or "").strip().lower()
    if not wanted:
        return SignIn(None, "unknown")
    row = conn.execute(select(account).where(func.lower(account.c.username) == wanted)).first()
    if row is None:
        return SignIn(None, "unknown")
    if row.disabled:
        return SignIn(None, "disabled")
    return SignIn(_viewer(row))


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_wall_token(conn: Connection, label: str, now: datetime, office_code: str | None = None) -> str:
    """A new wall token, returned once; only its digest is kept."""
    token = secrets.token_urlsafe(32)
    conn.execute(
        insert(wall_token).values(
            label=label, token_hash=_digest(token), office_id=_office_id(conn, office_code), created_at=now
        )
    )
    return token


def wall_viewer(conn: Connection, token: str, now: datetime) -> Viewer | None:
    """The wall signed in by `token`, or None when it is unknown or revoked."""
    if not token or len(token) > 200:
        return None
    row = conn.execute(
        select(wall_token).where(wall_token.c.token_hash == _digest(token), wall_token.c.revoked_at.is_(None))
    ).first()
    if row is None:
        return None
    conn.execute(update(wall_token).where(wall_token.c.id == row.id).values(last_used_at=now))
    return Viewer(f"wall:{row.id}", row.label, "wall", row.office_id, False)


def revoke_wall_token(conn: Connection, token_id: int, now: datetime) -> bool:
    done = conn.execute(
        update(wall_token)
        .where(wall_token.c.id == token_id, wall_token.c.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return done.rowcount == 1


def session_alive(
    signed_in_at: datetime, last_seen: datetime, now: datetime, idle: timedelta, longest: timedelta
) -> bool:
    """A signed-in session lasts until it has been idle for `idle` or open for `longest`."""
    return now - last_seen < idle and now - signed_in_at < longest


@dataclass(frozen=True)
class OpenedSession:
    id: int
    ticket: str  # one-time, for TICKET_FOR: the browser trades it for the session cookie


@dataclass(frozen=True)
class LiveSession:
    id: int
    viewer: Viewer


def open_session(conn: Connection, username: str, now: datetime) -> OpenedSession:
    """A session for an account that has just signed in, and the ticket its browser trades for the cookie."""
    ticket = secrets.token_urlsafe(32)
    found = conn.execute(
        insert(web_session).values(
            ticket_hash=_digest(ticket),
            ticket_until=now + TICKET_FOR,
            username=username,
            created_at=now,
            last_seen_at=now,
        )
    ).inserted_primary_key[0]
    return OpenedSession(found, ticket)


def adopt_ticket(conn: Connection, ticket: str, now: datetime) -> str | None:
    """The session token for a ticket used once within its minute; None for any other ticket.

    The token is made here, at the trade, so it exists only in the cookie and as its digest.
    """
    if not ticket or len(ticket) > 200:
        return None
    token = secrets.token_urlsafe(32)
    done = conn.execute(
        update(web_session)
        .where(
            web_session.c.ticket_hash == _digest(ticket),
            web_session.c.ticket_until > now,
            web_session.c.revoked_at.is_(None),
        )
        .values(token_hash=_digest(token), ticket_hash=None, ticket_until=None)
    )
    return token if done.rowcount == 1 else None


def session_viewer(
    conn: Connection, now: datetime, *, token: str | None = None, session_id: int | None = None
) -> LiveSession | None:
    """The session named by its cookie's token or by its id, while it lives: not revoked, not idle
    for IDLE, not older than LONGEST, and its account still there and enabled."""
    if token is not None:
        if not token or len(token) > 200:
            return None
        which = web_session.c.token_hash == _digest(token)
    elif session_id is not None:
        which = web_session.c.id == session_id
    else:
        return None
    row = conn.execute(
        select(web_session.c.id, web_session.c.created_at, web_session.c.last_seen_at, account)
        .join(account, account.c.username == web_session.c.username)
        .where(which, web_session.c.revoked_at.is_(None))
    ).first()
    if row is None or row.disabled or not session_alive(row.created_at, row.last_seen_at, now, IDLE, LONGEST):
        return None
    if now - row.last_seen_at >= SEEN_EVERY:
        conn.execute(update(web_session).where(web_session.c.id == row.id).values(last_seen_at=now))
    return LiveSession(row.id, _viewer(row))


def end_session(conn: Connection, session_id: int, now: datetime) -> None:
    conn.execute(
        update(web_session)
        .where(web_session.c.id == session_id, web_session.c.revoked_at.is_(None))
        .values(revoked_at=now, ticket_hash=None, ticket_until=None)
    )


def end_sessions_of(conn: Connection, username: str, now: datetime) -> int:
    """Every live session of an account, ended (an administrator disabling it does this too)."""
    return conn.execute(
        update(web_session)
        .where(web_session.c.username == username, web_session.c.revoked_at.is_(None))
        .values(revoked_at=now, ticket_hash=None, ticket_until=None)
    ).rowcount


def forget_old_sessions(conn: Connection, now: datetime) -> int:
    """Rows of sessions that can no longer live, deleted; called now and then, never required."""
    return conn.execute(
        delete(web_session).where(
            or_(web_session.c.revoked_at.is_not(None), web_session.c.created_at <= now - LONGEST)
        )
    ).rowcount
