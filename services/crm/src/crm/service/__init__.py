"""CRM's use cases: one function per command or event."""
