"""Booking's use cases."""
