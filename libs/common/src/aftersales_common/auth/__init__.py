"""Token verification, principals and role checks."""

from aftersales_common.auth.principal import ROLES, STAFF_ROLES, Principal
from aftersales_common.auth.tokens import TokenError, TokenVerifier

__all__ = ["ROLES", "STAFF_ROLES", "Principal", "TokenError", "TokenVerifier"]
