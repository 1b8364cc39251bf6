"""Errors that carry their HTTP meaning; pure Python so domains may raise them."""

from __future__ import annotations


class DomainError(Exception):
    """Base class: a business rule said no. Subclasses carry the problem status."""

    status: int = 400
    title: str = "Bad request"
    code: str = "bad-request"

    def __init__(self, detail: str, *, code: str | None = None, field: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field
        if code:
            self.code = code

    @property
    def errors(self) -> list[dict[str, str]]:
        """The problem's `errors` list: the field this refusal is about, if it names one."""
        if self.field is None:
            return []
        return [{"field": self.field, "message": self.detail, "type": self.code}]


class NotFound(DomainError):
    status, title, code = 404, "Not found", "not-found"


class Conflict(DomainError):
    """An illegal state transition or a conflict (slot full, stock short...)."""

    status, title, code = 409, "Conflict", "conflict"


class InvalidInput(DomainError):
    status, title, code = 422, "Invalid input", "invalid-input"


class Forbidden(DomainError):
    status, title, code = 403, "Forbidden", "forbidden"


class PreconditionRequired(DomainError):
    status, title, code = 428, "Precondition required", "precondition-required"


class TooLarge(DomainError):
    """The content is larger than this endpoint accepts (an upload over its limit)."""

    status, title, code = 413, "Content too large", "content-too-large"


class UnsupportedMediaType(DomainError):
    """The content is not of a type this endpoint accepts (decided by the bytes, not the name)."""

    status, title, code = 415, "Unsupported media type", "unsupported-media-type"
