"""Workshop's HTTP surface."""
