"""Sign-in with the organisation's OpenID Connect provider, through Authlib's Starlette client.

The flow is the authorization code flow with PKCE (S256), ``state`` and ``nonce``:

1. ``start``: the provider's metadata comes from discovery at ``AFTERVIEW_OIDC_ISSUER``, and its
   ``issuer`` must be exactly that value (OpenID Connect Discovery 1.0 §4.3: a document naming
   another issuer is refused). Authlib makes the state, nonce and code verifier and keeps them
   in the signed session; the browser goes to the provider.
2. ``finish`` (the callback): the state must be one this browser started (Authlib looks it up in
   the session); an ``iss`` in the response (RFC 9207) must be the issuer; the code is exchanged
   with the verifier; the id_token's signature is checked against the provider's JWKS and its
   claims: ``iss`` the issuer, ``aud`` afterview's client id, ``exp``/``iat`` (60 s leeway),
   ``nonce`` the one sent. A token response without an id_token is refused. The email and name
   come from the userinfo endpoint, whose ``sub`` must be the id_token's.

Every refusal is a :class:`SignInFailed` with a sentence for the person at the browser."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from afterview.accounts.config import AccountsConfig, OidcConfig

LEEWAY = 60  # seconds of clock difference tolerated in exp and iat
TIMEOUT = 10.0  # seconds for each request to the provider


class SignInFailed(Exception):
    """The provider's answer was refused; ``message`` says why, for the person."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Identity:
    """Who the provider says signed in."""

    issuer: str
    subject: str
    email: str | None
    email_verified: bool
    name: str | None


class Provider:
    """afterview's registration at one OpenID Connect provider."""

    def __init__(self, config: OidcConfig, callback_url: str) -> None:
        from authlib.integrations.starlette_client import OAuth

        self.config = config
        self.callback_url = callback_url
        self.oauth = OAuth()
        self.client: Any = self.oauth.register(
            "sso",
            client_id=config.client_id,
            client_secret=config.client_secret,
            server_metadata_url=config.discovery_url,
            client_kwargs={
                "scope": config.scope,
                "code_challenge_method": "S256",
                "timeout": TIMEOUT,
            },
        )

    async def _metadata(self) -> dict[str, Any]:
        import httpx2 as httpx  # Authlib's client (plain httpx: its deprecated fallback)

        where = self.config.discovery_url
        try:
            metadata: dict[str, Any] = await self.client.load_server_metadata()
        except httpx.HTTPStatusError as exc:
            self.client.server_metadata = {}
            raise SignInFailed(
                f"The sign-in provider answered {exc.response.status_code} at {where}; "
                "check AFTERVIEW_OIDC_ISSUER.",
                502,
            ) from None
        except (httpx.HTTPError, ValueError) as exc:
            self.client.server_metadata = {}
            raise SignInFailed(
                f"Could not reach the sign-in provider at {where} ({type(exc).__name__}); "
                "try again in a minute, or check AFTERVIEW_OIDC_ISSUER.",
                502,
            ) from None
        if metadata.get("issuer") != self.config.issuer:
            self.client.server_metadata = {}  # read it again next time (it may be fixed)
            raise SignInFailed(
                f"The sign-in provider at {where} calls itself {metadata.get('issuer')!r}, "
                f"not {self.config.issuer!r}: sign-in is refused. Check AFTERVIEW_OIDC_ISSUER.",
                502,
            )
        return metadata

    async def start(self, request: Request) -> Response:
        """The redirect to the provider's sign-in page (state, nonce and PKCE kept in the
        session)."""
        await self._metadata()
        response: Response = await self.client.authorize_redirect(request, self.callback_url)
        return response

    async def finish(self, request: Request) -> Identity:
        """Check the provider's answer at the callback and say who signed in."""
        import httpx2 as httpx  # Authlib's client (plain httpx: its deprecated fallback)
        from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError

        issuer = self.config.issuer
        await self._metadata()
        returned_iss = request.query_params.get("iss")
        if returned_iss is not None and returned_iss != issuer:
            raise SignInFailed(
                f"This answer came from {returned_iss!r}, not from {issuer!r}: sign-in refused."
            )
        claims_options = {
            "iss": {"essential": True, "value": issuer},
            "aud": {"essential": True, "value": self.config.client_id},
            "sub": {"essential": True},
        }
        try:
            token = await self.client.authorize_access_token(
                request, claims_options=claims_options, leeway=LEEWAY
            )
        except MismatchingStateError:
            raise SignInFailed(
                "This sign-in answer does not belong to a sign-in this browser started (its "
                "state does not match), or it was used already. Start again from the sign-in "
                "page."
            ) from None
        except OAuthError as exc:
            why = exc.description or exc.error or "no reason given"
            raise SignInFailed(f"The sign-in provider refused the sign-in: {why}.") from None
        except httpx.HTTPError as exc:
            raise SignInFailed(
                f"Could not reach the sign-in provider ({type(exc).__name__}); try again.", 502
            ) from None
        except Exception as exc:  # the id_token: joserfc's errors, one class per check
            raise SignInFailed(_token_refusal(exc)) from None
        userinfo = token.get("userinfo")
        if not userinfo:
            raise SignInFailed(
                "The sign-in provider sent no id_token (or no nonce was kept for this "
                "sign-in): sign-in refused. Start again from the sign-in page."
            )
        return await self._identity(token, dict(userinfo))

    async def _identity(self, token: dict[str, Any], claims: dict[str, Any]) -> Identity:
        import httpx2 as httpx  # Authlib's client (plain httpx: its deprecated fallback)

        subject = str(claims["sub"])
        try:
            info = dict(await self.client.userinfo(token=token))
        except (httpx.HTTPError, ValueError) as exc:
            raise SignInFailed(
                f"The sign-in provider's userinfo endpoint failed ({type(exc).__name__}); "
                "try again.",
                502,
            ) from None
        if str(info.get("sub")) != subject:
            raise SignInFailed(
                "The sign-in provider described another person than the one who signed in "
                "(userinfo sub differs from the id_token's): sign-in refused."
            )
        merged = {**claims, **info}
        email = merged.get("email")
        name = merged.get("name")
        return Identity(
            issuer=self.config.issuer,
            subject=subject,
            email=str(email) if email else None,
            email_verified=merged.get("email_verified") is True,
            name=str(name) if name else None,
        )


def _token_refusal(exc: Exception) -> str:
    """A sentence for a refused id_token."""
    from joserfc import errors

    claim = getattr(exc, "claim", None)
    if isinstance(exc, errors.ExpiredTokenError):
        return (
            "The sign-in token from the provider has expired (check this server's clock if "
            "this repeats). Start again from the sign-in page."
        )
    if isinstance(exc, errors.InvalidClaimError | errors.MissingClaimError) and claim:
        what = {
            "iss": "was issued by another provider",
            "aud": "was issued for another application",
            "nonce": "belongs to another sign-in (its nonce does not match)",
            "sub": "names nobody",
        }.get(claim, f"has a wrong {claim!r} claim")
        return f"The sign-in token {what}: sign-in refused. Start again from the sign-in page."
    if isinstance(exc, errors.BadSignatureError):
        return (
            "The sign-in token's signature is not the provider's: sign-in refused. Start again "
            "from the sign-in page."
        )
    if isinstance(exc, errors.JoseError):
        return (
            f"The sign-in token could not be verified ({exc.error}): sign-in refused. Start "
            "again from the sign-in page."
        )
    if isinstance(exc, ValueError):  # authlib's own claim checks (at_hash, nonce) raise these
        return f"The sign-in token was refused ({exc}). Start again from the sign-in page."
    raise exc


def provider_for(config: AccountsConfig) -> Provider | None:
    """The configured provider, or None when only local accounts sign in."""
    if config.oidc is None:
        return None
    return Provider(config.oidc, config.callback_url)
