"""Seedwork domain pieces: transition tables and aggregates that record events (pure, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pytest

from aftersales_common.domain import Aggregate, DomainEvent, IllegalTransition, Transitions
from aftersales_common.errors import Conflict


class Door(StrEnum):
    OPEN = "open"
    CLOSED = "closed"
    LOCKED = "locked"


DOOR = Transitions.of(
    [
        ([Door.OPEN], "close", Door.CLOSED),
        ([Door.CLOSED], "open", Door.OPEN),
        ([Door.CLOSED], "lock", Door.LOCKED),
        ([Door.LOCKED], "unlock", Door.CLOSED),
    ],
    refusals={(Door.OPEN, "lock"): ("close it first / 请先关门", "door-open")},
)


@dataclass(frozen=True, kw_only=True)
class Locked(DomainEvent):
    door_id: str


@dataclass(eq=False)
class Gate(Aggregate):
    id: str
    state: Door = Door.CLOSED

    def lock(self) -> None:
        self.state = DOOR.next(self.state, "lock")
        self.record(Locked(door_id=self.id))


def test_a_listed_transition_moves_the_state() -> None:
    assert DOOR.next(Door.CLOSED, "lock") is Door.LOCKED
    assert DOOR.actions(Door.CLOSED) == ["lock", "open"]


def test_an_unlisted_transition_is_a_409_naming_the_state() -> None:
    with pytest.raises(IllegalTransition) as refused:
        DOOR.next(Door.LOCKED, "open")
    assert isinstance(refused.value, Conflict) and refused.value.status == 409
    assert "locked" in refused.value.detail and refused.value.code == "illegal-transition"


def test_a_known_refusal_gives_its_own_message_and_code() -> None:
    with pytest.raises(IllegalTransition) as refused:
        DOOR.next(Door.OPEN, "lock")
    assert refused.value.code == "door-open" and "close it first" in refused.value.detail


def test_the_table_documents_itself() -> None:
    assert ("closed", "lock", "locked") in DOOR.rows()
    assert len(DOOR.rows()) == 4


def test_an_aggregate_records_events_until_they_are_pulled() -> None:
    gate = Gate(id="g1")
    gate.lock()
    assert gate.recorded_events == (Locked(door_id="g1"),)
    assert gate.pull_events() == [Locked(door_id="g1")]
    assert gate.pull_events() == [] and gate.state is Door.LOCKED


def test_a_refused_command_records_nothing() -> None:
    gate = Gate(id="g1", state=Door.OPEN)
    with pytest.raises(IllegalTransition):
        gate.lock()
    assert gate.recorded_events == () and gate.state is Door.OPEN
