"""The crm service."""
