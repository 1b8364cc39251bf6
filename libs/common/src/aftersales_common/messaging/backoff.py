"""Exponential pauses between retries of a loop that must keep going."""

from __future__ import annotations

import asyncio


class Backoff:
    """Pauses of `first` seconds, doubled after each, at most `cap`; `reset()` after a success."""

    def __init__(self, first: float, cap: float) -> None:
        self.first = first
        self.cap = cap
        self.current = first

    async def pause(self) -> None:
        """Sleep the current pause, then double it (up to `cap`)."""
        await asyncio.sleep(self.current)
        self.current = min(self.current * 2, self.cap)

    def reset(self) -> None:
        """The retried work succeeded: the next failure waits `first` again."""
        self.current = self.first
