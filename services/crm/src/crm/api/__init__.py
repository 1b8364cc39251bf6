"""CRM's HTTP surface."""
