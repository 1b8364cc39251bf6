"""The JSON Schemas partners read (docs/events/schemas) are those the code publishes."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

from aftersales_common.messaging.envelope import json_schemas

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("booking", "workshop", "parts", "billing", "crm")


def test_committed_schemas_match_the_contracts_in_code() -> None:
    folder = ROOT / "docs" / "events" / "schemas"
    for service in SERVICES:
        contracts = importlib.import_module(f"{service}.contracts").PUBLISHED
        for uri, schema in json_schemas(contracts).items():
            name = uri.removeprefix("urn:aftersales:event:").replace(":", ".")
            committed = json.loads((folder / f"{name}.json").read_text())
            assert committed == schema, f"{name} changed: run `make schemas` and review"

