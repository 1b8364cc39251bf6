"""Embedded mode: the five services, the dev issuer and the in-process bus in one process."""
