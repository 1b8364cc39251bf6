"""JWT verification with PyJWT: a JWKS issuer in production, a shared secret in development."""

from __future__ import annotations

import time
from typing import Any

import jwt
from jwt import PyJWKClient

from aftersales_common.auth.principal import Principal
from aftersales_common.settings import ServiceSettings


class TokenError(Exception):
    """The token is missing, malformed, expired or not ours."""


class TokenVerifier:
    """Verifies bearer tokens and turns their claims into a Principal."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.issuer = settings.auth_issuer
        self.audience = settings.auth_audience
        self._secret = settings.auth_dev_secret
        self._jwks = PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None

    def verify(self, token: str) -> Principal:
        """Decode and check signature, expiry, issuer and audience."""
        try:
            if self._jwks is not None:
                key: Any = self._jwks.get_signing_key_from_jwt(token).key
                algorithms = ["RS256", "ES256"]
            else:
                key, algorithms = self._secret, ["HS256"]
            claims = jwt.decode(
                token, key, algorithms=algorithms, audience=self.audience, issuer=self.issuer,
                options={"require": ["sub", "exp"]},
            )
        except jwt.PyJWTError as exc:
            raise TokenError(str(exc)) from exc
        roles = claims.get("roles") or []
        if not isinstance(roles, list):
            raise TokenError("roles claim must be a list")
        return Principal(
            sub=str(claims["sub"]),
            roles=frozenset(str(r) for r in roles),
            dealer_ids=frozenset(str(d) for d in claims.get("dealer_ids") or []),
            customer_id=claims.get("customer_id"),
        )


def issue_dev_token(
    settings: ServiceSettings,
    *,
    sub: str,
    roles: list[str],
    dealer_ids: list[str] | None = None,
    customer_id: str | None = None,
    ttl_seconds: int = 8 * 3600,
) -> str:
    """Sign a development token (HS256). Refused in production."""
    if settings.app_env == "production":
        raise RuntimeError("the development issuer is disabled when APP_ENV=production")
    now = int(time.time())
    claims: dict[str, Any] = {
        "sub": sub, "roles": roles, "dealer_ids": dealer_ids or [], "iss": settings.auth_issuer,
        "aud": settings.auth_audience, "iat": now, "exp": now + ttl_seconds,
    }
    if customer_id:
        claims["customer_id"] = customer_id
    return jwt.encode(claims, settings.auth_dev_secret, algorithm="HS256")
