"""Seedwork for pure domains: aggregates that record events, explicit transition tables.

Imports nothing but the standard library and `aftersales_common.errors`, so every
service's `domain/` may use it without touching a framework.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from typing import Any, Generic, TypeVar

from aftersales_common.errors import Conflict

S = TypeVar("S", bound=Enum)


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Something that happened to an aggregate, in the domain's words.

    Subclasses are frozen dataclasses. Each service maps them to its published
    contracts in one place (`<service>.contracts.publish`); the domain never sees a
    wire format.
    """


class Aggregate:
    """A consistency boundary that records the events its methods raise.

    The unit of work pulls the recorded events when it commits and writes them to
    the outbox in the same transaction as the aggregate's new state.
    """

    def record(self, event: DomainEvent) -> None:
        """Remember an event until the unit of work collects it."""
        self.__dict__.setdefault("_recorded_events", []).append(event)

    def pull_events(self) -> list[DomainEvent]:
        """Hand over (and forget) the events recorded since the last pull."""
        events: list[DomainEvent] = self.__dict__.pop("_recorded_events", [])
        return events

    @property
    def recorded_events(self) -> tuple[DomainEvent, ...]:
        """The events recorded and not yet pulled (for tests and assertions)."""
        return tuple(self.__dict__.get("_recorded_events", ()))


class IllegalTransition(Conflict):
    """A command that the aggregate's current state does not allow (409)."""

    code = "illegal-transition"


class Transitions(Generic[S]):
    """An explicit state machine: (state, action) -> next state.

    `describe` turns a state into words for the error message (bilingual in our
    services); `refusals` gives a specific message (and code) for a known
    (state, action) pair that is not allowed.
    """

    def __init__(
        self,
        table: Mapping[tuple[S, str], S],
        *,
        describe: Callable[[S], str] | None = None,
        refusals: Mapping[tuple[S, str], tuple[str, str]] | None = None,
    ) -> None:
        self.table = dict(table)
        self._describe = describe or (lambda s: str(s.value))
        self._refusals = dict(refusals or {})

    @classmethod
    def of(
        cls,
        rows: Iterable[tuple[Iterable[S], str, S]],
        **kw: Any,
    ) -> Transitions[S]:
        """Build from rows of (from-states, action, to-state)."""
        table: dict[tuple[S, str], S] = {}
        for sources, action, target in rows:
            for source in sources:
                table[(source, action)] = target
        return cls(table, **kw)

    def allows(self, state: S, action: str) -> bool:
        """True when `action` may happen in `state`."""
        return (state, action) in self.table

    def next(self, state: S, action: str) -> S:
        """The state after `action`; IllegalTransition (409) when not allowed."""
        try:
            return self.table[(state, action)]
        except KeyError:
            refusal = self._refusals.get((state, action))
            if refusal:
                raise IllegalTransition(refusal[0], code=refusal[1]) from None
            raise IllegalTransition(
                f"cannot {action.replace('_', ' ')}: it is {self._describe(state)}"
            ) from None

    def actions(self, state: S) -> list[str]:
        """The actions allowed in `state` (for screens and docs)."""
        return sorted(a for (s, a) in self.table if s == state)

    def rows(self) -> list[tuple[str, str, str]]:
        """The table as (from, action, to) strings, for documentation."""
        return sorted((s.value, a, t.value) for (s, a), t in self.table.items())
