"""The web server: Streamlit's app (dashboard.py) plus the two routes that set and clear the
session cookie, which a Streamlit script cannot do itself (it speaks over a websocket).

The cookie holds a random token signed with a server secret; the database keeps the token's
digest and says whether the session still lives (campaign.auth.session_viewer).
"""

from __future__ import annotations

import os
import secrets
from functools import cache
from pathlib import Path

from itsdangerous import BadSignature, Signer

from campaign.auth import LONGEST, adopt_ticket
from campaign.db import make_engine
from campaign.localtime import wall_now
from campaign.settings import PROJECT_DIR, settings

COOKIE = "campaign_session"
ADOPT_PATH = "/session/adopt"  # ?ticket=… : trade a sign-in's one-time ticket for the cookie
END_PATH = "/session/end"  # clear the cookie (the session itself is revoked by the sign-out)
SECRET_ENV = "CAMPAIGN_SESSION_SECRET"
ENTRY_POINT = PROJECT_DIR / "dashboard.py"


def _secret_file() -> Path:
    return settings().data_dir / "session_secret"


@cache
def session_secret() -> str:
    """The cookie-signing secret: $CAMPAIGN_SESSION_SECRET (the same on every server behind one
    address), else one made on first use and kept in the data directory, readable by its owner only."""
    if os.environ.get(SECRET_ENV):
        return os.environ[SECRET_ENV]
    path = _secret_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as out:
        out.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def _signer() -> Signer:
    return Signer(session_secret(), salt="campaign-session")


def sign_token(token: str) -> str:
    return _signer().sign(token).decode()


def cookie_token(value: str | None) -> str | None:
    """The token inside a cookie value, or None when the value was not signed by this server."""
    if not value or len(value) > 400:
        return None
    try:
        return _signer().unsign(value).decode()
    except (BadSignature, UnicodeDecodeError):
        return None


def _secure(request) -> bool:
    """Secure when the browser came over https, directly or through a proxy that says so, or when
    CAMPAIGN_SECURE_COOKIE=1 says it always does."""
    if os.environ.get("CAMPAIGN_SECURE_COOKIE") == "1":
        return True
    forwarded = request.headers.get("x-forwarded-proto", "")
    return request.url.scheme == "https" or forwarded.split(",")[0].strip() == "https"


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    return response


async def adopt(request):
    from starlette.concurrency import run_in_threadpool
    from starlette.responses import Response

    ticket = request.query_params.get("ticket", "")

    def trade() -> str | None:
        with _engine().begin() as conn:
            return adopt_ticket(conn, ticket, wall_now())

    token = await run_in_threadpool(trade)
    if token is None:
        return _no_store(Response(status_code=403))
    response = Response(status_code=204)
    response.set_cookie(
        COOKIE,
        sign_token(token),
        max_age=int(LONGEST.total_seconds()),
        path="/",
        httponly=True,
        samesite="lax",
        secure=_secure(request),
    )
    return _no_store(response)


async def end(request):
    from starlette.responses import Response

    response = Response(status_code=204)
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    return _no_store(response)


@cache
def _engine():
    return make_engine(settings().url)


def make_app():
    """Streamlit's app for dashboard.py, with the session routes in front of Streamlit's own."""
    import streamlit as st
    from starlette.routing import Route

    return st.App(
        ENTRY_POINT,
        routes=[Route(ADOPT_PATH, adopt, methods=["GET"]), Route(END_PATH, end, methods=["GET", "POST"])],
    )
