"""Parts HTTP API."""
