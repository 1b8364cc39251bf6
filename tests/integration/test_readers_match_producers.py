"""Every consumer's reader accepts what its producer's committed schema says it sends.

A producer that drops or renames a field a consumer requires, makes it nullable, or adds
an enum member a reader does not know, breaks this test in `make test` instead of
production. The committed schemas are the ones partners read (docs/events/schemas).
"""

from __future__ import annotations

import importlib
import json
from enum import StrEnum
from pathlib import Path

import pytest
from pydantic import BaseModel

from tests.support.schema_compat import incompatibilities

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "events" / "schemas"
SERVICES = ("booking", "workshop", "parts", "billing", "crm")


def _reactions() -> list[tuple[str, str, int, type[BaseModel]]]:
    found = []
    for service in SERVICES:
        bootstrap = importlib.import_module(f"{service}.bootstrap")
        config = importlib.import_module(f"{service}.config")
        settings_cls = next(getattr(config, n) for n in dir(config)
                            if n.endswith("Settings") and n.lower().startswith(service))
        for reaction in bootstrap.build_reactions(settings_cls(app_env="test")):
            found.append((service, reaction.event_type, reaction.major, reaction.reader))
    return found


REACTIONS = _reactions()


def test_every_service_that_subscribes_reads_something() -> None:
    readers = {service for service, *_ in REACTIONS}
    assert readers == set(SERVICES), f"services without reactions: {set(SERVICES) - readers}"


@pytest.mark.parametrize(("service", "event_type", "major", "reader"), REACTIONS,
                         ids=[f"{s}<-{t}.v{m}" for s, t, m, _ in REACTIONS])
def test_the_reader_accepts_every_event_the_producer_may_send(
        service: str, event_type: str, major: int, reader: type[BaseModel]) -> None:
    committed = SCHEMAS / f"{event_type}.v{major}.json"
    assert committed.exists(), f"{service} reads {event_type} v{major}, which nobody publishes"
    problems = incompatibilities(reader.model_json_schema(mode="validation"),
                                 json.loads(committed.read_text()))
    assert not problems, f"{service}'s reader of {event_type}: " + "; ".join(problems)


class _Colour(StrEnum):
    RED = "red"


class _Sent(BaseModel):
    money: str
    note: str | None = None
    colour: str
    lines: list[dict[str, int]]


class _Reader(BaseModel):
    money: str
    note: str
    colour: _Colour
    missing: int


def test_the_check_itself_catches_each_kind_of_break() -> None:
    problems = incompatibilities(_Reader.model_json_schema(mode="validation"),
                                 _Sent.model_json_schema(mode="serialization"))
    text = "; ".join(problems)
    assert "data.missing" in text          # required, never sent
    assert "data.note" in text             # the producer may send null
    assert "data.colour" in text           # the reader knows only some values
    assert "data.money" not in text        # same type on both sides: fine
