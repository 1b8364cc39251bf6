"""Booking's business rules: pure Python, no framework."""
