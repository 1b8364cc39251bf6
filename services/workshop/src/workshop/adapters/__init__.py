"""Workshop's tables and repositories."""
