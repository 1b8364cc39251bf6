"""CRM's adapters: tables and repository."""
