"""FastAPI plumbing shared by the services: app factory, problems, auth deps, idempotency."""
