"""Autogenerate an Alembic revision for one service: `python scripts/makemigration.py booking "msg"`."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from alembic import command
from alembic.script import ScriptDirectory

from aftersales_common.migrations import alembic_config

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    service, message = sys.argv[1], sys.argv[2]
    script_location = ROOT / "services" / service / "migrations"
    with tempfile.TemporaryDirectory() as tmp:
        cfg = alembic_config(script_location, f"sqlite+aiosqlite:///{tmp}/schema.db")
        command.upgrade(cfg, "heads")
        script = ScriptDirectory.from_config(cfg)
        own = [h for h in script.get_heads()  # the service's head, not the shared messaging one
               if "messaging" not in {label for r in script.iterate_revisions(h, "base")
                                      for label in (r.branch_labels or ())}]
        command.revision(cfg, message=message, autogenerate=True, head=own[0],
                         version_path=str(script_location / "versions"))


if __name__ == "__main__":
    main()
