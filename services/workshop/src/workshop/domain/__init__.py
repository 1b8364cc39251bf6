"""Workshop's business rules: pure Python, no framework."""
