"""The workshop service."""
