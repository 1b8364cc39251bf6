"""Parts adapters."""
