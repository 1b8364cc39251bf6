"""The ceilings' caller check: the same JWT verification and role check as the services
(`aftersales_common.auth.TokenVerifier`), as one FastAPI dependency."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Collection
from typing import Annotated

from fastapi import Header, HTTPException

from aftersales_common.auth import Principal, TokenError, TokenVerifier


def bearer_principal(verifier: TokenVerifier, roles: Collection[str]
                     ) -> Callable[..., Awaitable[Principal]]:
    """A dependency: the verified caller holding one of `roles` (401 / 403 otherwise)."""
    allowed = frozenset(roles)

    async def principal(authorization: Annotated[str | None, Header()] = None) -> Principal:
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "Missing bearer token.")
        try:
            who = verifier.verify(token)
        except TokenError as exc:
            raise HTTPException(401, str(exc)) from exc
        if not who.has_any(allowed):
            raise HTTPException(403, "Your role may not do this.")
        return who

    return principal
