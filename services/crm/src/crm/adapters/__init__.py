"""CRM's adapters: tables, the row/domain mapping, the repository (commands) and queries (reads)."""
