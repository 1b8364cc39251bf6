"""The gate pass (出门证): issued at delivery, checked once at the gate."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime

from aftersales_common.errors import Conflict

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""Base32 without the look-alikes (I, O, 0, 1): easy to read out and type at the gate."""

CODE_LENGTH = 8  # 32**8 ≈ 1.1e12 codes: not guessable at the rate a gate can try them
QR_PREFIX = "AFTERSALES-GATEPASS:"


def new_code() -> str:
    """A fresh random pass code (from the OS's secure random source)."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def read_code(text: str) -> str:
    """The code from what the gate typed or scanned (the QR text or the bare code, any case)."""
    value = text.strip().upper()
    if value.startswith(QR_PREFIX):
        value = value[len(QR_PREFIX):]
    return value.replace("-", "").replace(" ", "")


@dataclass(eq=False)
class GatePass:
    """One car's permission to leave; valid once."""

    code: str
    issued_by: str
    issued_at: datetime
    exited_at: datetime | None = None
    checked_by: str | None = None

    @classmethod
    def issue(cls, *, by: str, at: datetime) -> GatePass:
        """A new pass with an unguessable code."""
        return cls(code=new_code(), issued_by=by, issued_at=at)

    @property
    def qr_text(self) -> str:
        """What the printed QR code encodes."""
        return f"{QR_PREFIX}{self.code}"

    @property
    def used(self) -> bool:
        return self.exited_at is not None

    def check(self, *, by: str, at: datetime) -> None:
        """The gate lets the car out: once; a second check is 409 `already-used`."""
        if self.exited_at is not None:
            raise Conflict("this gate pass has already been used / 该出门证已使用",
                           code="already-used")
        self.exited_at, self.checked_by = at, by
