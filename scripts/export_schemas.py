"""Write every service's published event JSON Schemas to a folder: `make schemas`."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

from aftersales_common.messaging.envelope import CloudEvent, json_schemas

SERVICES = ("booking", "workshop", "parts", "billing", "crm")


def main() -> None:
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/events/schemas")
    out.mkdir(parents=True, exist_ok=True)
    (out / "cloudevent.json").write_text(json.dumps(CloudEvent.model_json_schema(), indent=2))
    for service in SERVICES:
        contracts = importlib.import_module(f"{service}.contracts")
        for uri, schema in json_schemas(contracts.PUBLISHED).items():
            name = uri.removeprefix("urn:aftersales:event:").replace(":", ".")
            (out / f"{name}.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False))
    print(f"schemas written to {out}")


if __name__ == "__main__":
    main()
