"""Each service's OpenAPI document, written offline to a folder (both frontends' `npm run gen:api`)."""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from aftersales_embedded.app import SERVICES


def main(out: Path) -> None:
    """Build every service's app on a throw-away data dir and dump `app.openapi()`."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, (factory, settings_cls) in SERVICES.items():
            app = factory(settings_cls(data_dir=Path(tmp), database_url="", bus="inprocess"))
            doc = json.dumps(app.openapi(), ensure_ascii=False, indent=1, sort_keys=True)
            (out / f"{name}.json").write_text(doc + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
