"""Parts use cases: commands from HTTP and reactions to workshop events."""
