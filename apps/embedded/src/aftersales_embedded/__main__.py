"""`python -m aftersales_embedded`: the whole system on this machine (`make run`)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import uvicorn

from aftersales_common.auth.demo import DEMO_DEALER_ID, DEMO_PASSWORD
from aftersales_common.logs import configure_logging
from aftersales_embedded.app import SERVICES, EmbeddedApp
from aftersales_embedded.lock import DataDirLock, DataDirLocked


def main() -> None:
    """Parse flags, print where to go, serve."""
    parser = argparse.ArgumentParser(description="Aftersales embedded mode")
    parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--data-dir", default=os.environ.get("DATA_DIR", "data"))
    args = parser.parse_args()
    configure_logging(os.environ.get("LOG_LEVEL", "INFO"))
    data_dir = Path(args.data_dir).resolve()
    try:  # before anything opens a database in it; held until the process ends
        lock = DataDirLock(data_dir).acquire()
    except DataDirLocked as exc:
        print(f"Aftersales not started: {exc}", file=sys.stderr, flush=True)
        sys.exit(1)
    app = EmbeddedApp(data_dir)
    base = f"http://{args.host}:{args.port}"
    print(f"""
Aftersales (embedded mode) — data in {data_dir}
  Staff console:  {base}/{"" if app.frontends.built("/") else "   (not built: make run builds it)"}
  Customer web:   {base}/m/{"" if app.frontends.built("/m/") else "   (not built yet)"}
  API docs:    {"  ".join(f"{base}/api/{s}/docs" for s in SERVICES)}
  Get a token: curl -s -X POST {base}/api/auth/token -d username=advisor -d password={DEMO_PASSWORD}
  Demo dealer: {DEMO_DEALER_ID}
  Accounts:    advisor foreman tech qc parts cashier callback manager admin (staff),
               zhang li (customers); password {DEMO_PASSWORD}
""", flush=True)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    finally:
        lock.release()


if __name__ == "__main__":
    main()
