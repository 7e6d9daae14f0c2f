"""Sign-in in the web app: the pages, the gate in front of every other route, and
:func:`current_user`.

In shared mode (:func:`install`) every page and API route needs a signed-in user, except
``/signin`` (and the provider's start and callback), ``/healthz``, ``/readyz``, ``/metrics``
(its own token) and the static files (the API's schema, ``/openapi.json``, needs one too): a
page without one redirects to ``/signin?next=…`` (an HTMX request is told to by
``HX-Redirect``), an API route answers 401 in the API's error shape. In local mode nothing is
installed and :func:`current_user` is user id 1."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, FastAPI, Form, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.responses import Response

from afterview.accounts import sessions
from afterview.accounts.config import CALLBACK_PATH, AccountsConfig
from afterview.accounts.oidc import SignInFailed, provider_for
from afterview.accounts.throttle import Throttle
from afterview.accounts.users import LOCAL_USER, User
from afterview.ops import OPEN_PATHS
from afterview.web import csrf
from afterview.web.deps import base_store
from afterview.web.errors import error_body, wants_json
from afterview.web.security import same_origin_path

SIGNIN = "/signin"
PUBLIC = frozenset({SIGNIN, SIGNIN + "/sso", CALLBACK_PATH}) | OPEN_PATHS  # + probes, /metrics
PUBLIC_PREFIXES = ("/static/",)
WRONG = "Wrong email or password."
router = APIRouter(include_in_schema=False)


class SignInRequired(Exception):
    """No signed-in user (none yet, expired, signed out, or disabled: ``why``)."""

    def __init__(self, why: str = "") -> None:
        super().__init__(why)
        self.why = why


DISABLED = "This account is disabled: ask your career centre to enable it again."


def _config(request: Request) -> AccountsConfig | None:
    return getattr(request.app.state, "accounts", None)


def current_user(request: Request) -> User:
    """The signed-in user (id, email, name, role). Local mode: user id 1, without sign-in.
    Shared mode: the session's user, unless the session has expired or the user is disabled
    (then :class:`SignInRequired`)."""
    known: User | None = getattr(request.state, "user", None)
    if known is not None:
        return known
    config = _config(request)
    if config is None:
        return LOCAL_USER
    from afterview.store.accounts import Accounts

    user_id = sessions.signed_in(request, config)
    if user_id is None:
        raise SignInRequired()
    row = Accounts(base_store(request).engine).by_id(user_id)
    if row is None or row.disabled_at is not None:
        sessions.end(request)
        raise SignInRequired("disabled" if row is not None else "")
    user = User.of(row)
    request.state.user = user
    return user


CurrentUser = Annotated[User, Depends(current_user)]  # a route parameter: who is signed in


def requires(*roles: str) -> Any:
    """A route dependency: 403 unless the signed-in user has one of ``roles``
    (``dependencies=[requires("advisor", "admin")]``). Local mode's user is a student."""
    from fastapi import HTTPException

    allowed = frozenset(roles)

    def check(user: CurrentUser) -> User:
        if user.role not in allowed:
            raise HTTPException(403, f"this needs the role {' or '.join(sorted(allowed))}")
        return user

    return Depends(check)


def gate(request: Request) -> None:
    """The app-wide dependency in shared mode: every route but the public ones needs a
    signed-in user."""
    path = request.url.path
    if path in PUBLIC or path.startswith(PUBLIC_PREFIXES):
        return
    current_user(request)


def _next(request: Request) -> str:
    """Where to come back to after signing in: this page (a GET), else the dashboard."""
    if request.method != "GET":
        return "/"
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _signin_url(target: str) -> str:
    return SIGNIN if target in ("", "/") else f"{SIGNIN}?next={quote(target, safe='')}"


async def _sign_in_required(request: Request, exc: Exception) -> Response:
    if wants_json(request):
        return JSONResponse(
            error_body(401, "sign in first: this afterview is shared (open /signin)"),
            status_code=401,
        )
    location = _signin_url(_next(request))
    if getattr(exc, "why", "") == "disabled":  # said on the sign-in page, not left to guess
        location += ("&" if "?" in location else "?") + "why=disabled"
    if request.headers.get("hx-request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": location})
    return RedirectResponse(location, status_code=303)


def _target(value: str | None) -> str:
    """A ``next`` value as a same-origin path (never a redirect elsewhere)."""
    if not value or not value.startswith("/"):
        return "/"
    path, _, query = value.split("#", 1)[0].partition("?")
    safe = same_origin_path(path)
    if safe == "/" or not query:
        return safe
    return f"{safe}?{quote(query, safe='=&%+;,/:@!$()*-._~')}"


def _page(
    request: Request,
    status: int = 200,
    *,
    next_path: str = "/",
    email: str = "",
    problems: dict[str, str] | None = None,
    refused: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    from afterview.web.pages import render

    config = _config(request)
    sso = config.oidc.name if config and config.oidc else None
    response = render(
        request,
        "signin.html",
        "signin",
        status,
        v={"email": email},
        problems=problems or {},
        refused=refused,
        sso=sso,
        next=next_path,
    )
    response.headers.update(headers or {})
    return response


def _signed_in_already(request: Request) -> bool:
    try:
        current_user(request)
    except SignInRequired:
        return False
    return True


@router.get(SIGNIN, name="signin")
def signin_page(request: Request, next: str = "/", why: str = "") -> Response:
    """The sign-in form (and the organisation's sign-in, when configured)."""
    target = _target(next)
    if _signed_in_already(request):
        return RedirectResponse(target, status_code=303)
    return _page(request, next_path=target, refused=DISABLED if why == "disabled" else None)


def _address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post(SIGNIN, name="signin_submit", dependencies=[Depends(csrf.verified)])
def signin_submit(
    request: Request,
    email: Annotated[str, Form()] = "",
    password: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
) -> Response:
    """Check an email and password; start a session."""
    from afterview.accounts.users import password_sign_in

    target = _target(next)
    throttle: Throttle = request.app.state.signin_throttle
    address = _address(request)
    wait = throttle.wait(address)
    if wait > 0:
        minutes = max(1, round(wait / 60))
        return _page(
            request,
            429,
            next_path=target,
            email=email,
            problems={
                "password": "Too many failed sign-ins from this address: try again in "
                f"{minutes} minute{'s' if minutes != 1 else ''}."
            },
            headers={"Retry-After": str(int(wait) + 1)},
        )
    problems = {}
    if not email.strip():
        problems["email"] = "Enter your email address."
    if not password:
        problems["password"] = "Enter your password."
    if problems:
        return _page(request, 422, next_path=target, email=email, problems=problems)
    outcome = password_sign_in(base_store(request), email, password)
    if outcome.user is None:
        throttle.failed(address)
        return _page(
            request,
            401,
            next_path=target,
            email=email,
            problems={"password": outcome.refusal or WRONG},
        )
    throttle.succeeded(address)
    sessions.start(request, outcome.user.id)
    return RedirectResponse(target, status_code=303)


@router.get(SIGNIN + "/sso", name="sso_start")
async def sso_start(request: Request, next: str = "/") -> Response:
    """Off to the organisation's provider."""
    provider = request.app.state.oidc_provider
    if provider is None:
        return _page(request, 404, refused="Single sign-on is not set up here.")
    try:
        response: Response = await provider.start(request)
    except SignInFailed as exc:
        return _page(request, exc.status, refused=exc.message)
    request.session["next"] = _target(next)
    return response


@router.get(CALLBACK_PATH, name="sso_callback")
async def sso_callback(request: Request) -> Response:
    """The provider's answer: checked, then the user found or created, and signed in."""
    from starlette.concurrency import run_in_threadpool

    from afterview.accounts.users import AccountRefused, sign_in_identity

    provider = request.app.state.oidc_provider
    if provider is None:
        return _page(request, 404, refused="Single sign-on is not set up here.")
    target = _target(request.session.get("next"))
    try:
        identity = await provider.finish(request)
        user = await run_in_threadpool(
            sign_in_identity, base_store(request), identity, datetime.now(UTC)
        )
    except SignInFailed as exc:
        return _page(request, exc.status, refused=exc.message)
    except AccountRefused as exc:
        return _page(request, 403, refused=str(exc))
    sessions.start(request, user.id)
    return RedirectResponse(target, status_code=303)


@router.post("/signout", name="signout", dependencies=[Depends(csrf.verified)])
def signout(request: Request) -> Response:
    """End the session."""
    sessions.end(request)
    return RedirectResponse(SIGNIN, status_code=303)


def install(app: FastAPI, config: AccountsConfig) -> None:
    """Shared mode: the signed session cookie, the sign-in routes and the gate's answers.
    (The gate itself is an app-wide dependency: ``FastAPI(dependencies=[Depends(gate)])``.)"""
    from starlette.middleware.sessions import SessionMiddleware

    from afterview.accounts import passwords

    app.state.accounts = config
    _gate_the_schema(app)
    app.state.oidc_provider = provider_for(config)
    app.state.signin_throttle = Throttle()
    app.include_router(router)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_middleware(SessionMiddleware, **sessions.middleware_options(config))
    passwords.warm_up()


def _gate_the_schema(app: FastAPI) -> None:
    """FastAPI serves ``/openapi.json`` from a plain route that app-wide dependencies do not
    reach: serve it from a route they do (same name, same document)."""
    url = app.openapi_url
    if not url:
        return
    app.router.routes[:] = [r for r in app.router.routes if getattr(r, "path", None) != url]

    @app.get(url, include_in_schema=False, name="openapi")
    def openapi() -> JSONResponse:
        return JSONResponse(app.openapi())


def dependencies(config: AccountsConfig | None) -> list[Any] | None:
    """The app-wide dependencies for ``FastAPI(dependencies=…)``: the gate in shared mode."""
    return [Depends(gate)] if config is not None else None
