"""Booking's HTTP surface."""
