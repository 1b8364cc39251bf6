#!/bin/sh
# Start the service named by $SERVICE on $PORT.
set -eu
case "${SERVICE:-embedded}" in
  embedded) exec python -m aftersales_embedded --host 0.0.0.0 --port "$PORT" --data-dir "$DATA_DIR" ;;
  auth) exec uvicorn --factory aftersales_common.auth.dev_issuer:app --host 0.0.0.0 --port "$PORT" ;;
  booking|workshop|parts|billing|crm)
    exec uvicorn --factory "${SERVICE}.main:app" --host 0.0.0.0 --port "$PORT" --proxy-headers ;;
  *) echo "unknown SERVICE=$SERVICE" >&2; exit 64 ;;
esac
