"""JWT verification with PyJWT: a JWKS issuer in production, a shared secret in development.

Every way a token can be wrong is a `TokenError` (a 401 problem), never anything else:
signature, algorithm that does not fit the key, expiry, issuer, audience, a lifetime
longer than `AUTH_MAX_TOKEN_TTL_SECONDS` (or no `iat`), and claims of the wrong type or
size. A token must carry at least one known role (`ROLES`); unknown role names are dropped.
"""

from __future__ import annotations

import time
from typing import Any

import jwt
from jwt import PyJWKClient

from aftersales_common.auth.principal import ROLES, Principal
from aftersales_common.settings import ServiceSettings

JWKS_ALGORITHMS = frozenset({"RS256", "ES256"})
MAX_SUB = 120  # booked_by / performed_by columns
MAX_ID = 36  # dealer and customer ids are UUIDs
MAX_DEALERS = 200
CACHE_SECONDS = 60.0
"""A token verified once is trusted again, byte for byte, for at most this long (and never past
its `exp`): a client sends the same token with every request, and checking its signature and
claims costs more than the rest of a cached read."""
CACHE_SIZE = 10_000


class TokenError(Exception):
    """The token is missing, malformed, expired or not ours."""


class TokenVerifier:
    """Verifies bearer tokens and turns their claims into a Principal."""

    def __init__(self, settings: ServiceSettings) -> None:
        self.issuer = settings.auth_issuer
        self.audience = settings.auth_audience
        self.max_ttl = settings.auth_max_token_ttl_seconds
        self._secret = settings.auth_dev_secret
        self._jwks = PyJWKClient(settings.auth_jwks_url) if settings.auth_jwks_url else None
        self._verified: dict[str, tuple[float, Principal]] = {}

    def verify(self, token: str) -> Principal:
        """Decode and check signature, expiry, lifetime, issuer, audience and claim types.

        Only successes are remembered (`CACHE_SECONDS`, bounded by the token's own `exp`): a
        token that failed is checked again in full every time, and an expired one is refused
        exactly as without the cache.
        """
        now = time.time()
        hit = self._verified.get(token)
        if hit is not None:
            if now < hit[0]:
                return hit[1]
            del self._verified[token]
        principal, exp = self._verify(token)
        if len(self._verified) >= CACHE_SIZE:
            self._verified.clear()
        self._verified[token] = (min(float(exp), now + CACHE_SECONDS), principal)
        return principal

    def _verify(self, token: str) -> tuple[Principal, float]:
        try:
            claims = self._decode(token)
        except jwt.PyJWTError as exc:
            raise TokenError(str(exc)) from exc
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            # a key that does not fit the token's algorithm, a malformed segment, ...
            raise TokenError("the token cannot be verified") from exc
        return principal_of(claims, max_ttl=self.max_ttl), claims["exp"]

    def _decode(self, token: str) -> dict[str, Any]:
        if self._jwks is not None:
            signing = self._jwks.get_signing_key_from_jwt(token)
            # the algorithm is the key's, never the token's: an HS256 or `none` token, or one
            # naming another family than its key (ES256 on an RSA key), is refused
            algorithm = signing.algorithm_name
            if algorithm not in JWKS_ALGORITHMS:
                raise TokenError(f"the signing key's algorithm {algorithm} is not accepted")
            key: Any = signing.key
            algorithms = [algorithm]
        else:
            key, algorithms = self._secret, ["HS256"]
        claims: dict[str, Any] = jwt.decode(
            token, key, algorithms=algorithms, audience=self.audience, issuer=self.issuer,
            options={"require": ["sub", "exp", "iat"]},
        )
        return claims


def _text(value: Any, name: str, max_len: int) -> str:
    if not isinstance(value, str) or not 0 < len(value) <= max_len:
        raise TokenError(f"{name} must be a string of 1 to {max_len} characters")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise TokenError(f"{name} must not contain control characters")
    return value


def principal_of(claims: dict[str, Any], *, max_ttl: int) -> Principal:
    """The principal of verified claims; TokenError when a claim has the wrong type or size."""
    exp, iat = claims.get("exp"), claims.get("iat")
    if not isinstance(iat, int | float) or not isinstance(exp, int | float):
        raise TokenError("exp and iat must be numbers")
    if exp - iat > max_ttl:
        raise TokenError(f"the token lives longer than {max_ttl} seconds")
    if exp - time.time() > max_ttl:
        raise TokenError(f"the token expires more than {max_ttl} seconds from now")
    sub = _text(claims.get("sub"), "sub", MAX_SUB)
    roles = claims.get("roles")
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise TokenError("roles must be a list of strings")
    known = frozenset(roles) & ROLES
    if not known:
        raise TokenError("the token carries no known role")
    dealer_ids = claims.get("dealer_ids", [])
    if dealer_ids is None:
        dealer_ids = []
    if not isinstance(dealer_ids, list) or len(dealer_ids) > MAX_DEALERS:
        raise TokenError("dealer_ids must be a list of strings")
    dealers = frozenset(_text(d, "dealer_ids", MAX_ID) for d in dealer_ids)
    customer_id = claims.get("customer_id")
    if customer_id is not None:
        customer_id = _text(customer_id, "customer_id", MAX_ID)
    return Principal(sub=sub, roles=known, dealer_ids=dealers, customer_id=customer_id)


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
