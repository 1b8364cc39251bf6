"""Workshop's use cases."""
