"""CRM's use cases: commands (handlers), reactions to events, and queries for the routes."""
