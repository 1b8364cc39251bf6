"""Booking's tables and repositories."""
