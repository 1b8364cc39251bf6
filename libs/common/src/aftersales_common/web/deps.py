"""Typed FastAPI dependencies: the runtime, the caller, role checks.

All of them are `async def`: they do no blocking work, and a plain `def` dependency would be
run in the threadpool, a thread hop per dependency and request.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from aftersales_common.auth import Principal, TokenError
from aftersales_common.auth.principal import ROLES

if TYPE_CHECKING:
    from aftersales_common.runtime import ServiceRuntime

_bearer = HTTPBearer(auto_error=False)


async def get_runtime(request: Request) -> ServiceRuntime:
    """The service runtime wired at start-up."""
    return request.app.state.runtime  # type: ignore[no-any-return]


RuntimeDep = Annotated["ServiceRuntime", Depends(get_runtime)]


async def get_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """Verify the bearer token (401 when missing or bad)."""
    if credentials is None:
        raise HTTPException(401, "A bearer token is required.")
    try:
        return request.app.state.runtime.verifier.verify(credentials.credentials)  # type: ignore[no-any-return]
    except TokenError as exc:
        raise HTTPException(401, f"Invalid token: {exc}") from exc


PrincipalDep = Annotated[Principal, Depends(get_principal)]


def require(*roles: str) -> Callable[..., Awaitable[Any]]:
    """The one role check of an endpoint: lets through only the given roles (admin always).

    Every authenticated endpoint declares its roles with it (the authorisation matrix test
    reads them back); the dealer and owner scope is checked where the record is read.
    """
    allowed = frozenset(roles)
    unknown = allowed - ROLES
    if not allowed or unknown:
        raise ValueError(f"require() needs known roles, got {sorted(unknown) or 'none'}")

    async def _check(principal: PrincipalDep) -> Principal:
        if not principal.has_any(allowed):
            raise HTTPException(403, "Your role may not do this.")
        return principal

    _check.roles = allowed  # type: ignore[attr-defined]
    return _check
