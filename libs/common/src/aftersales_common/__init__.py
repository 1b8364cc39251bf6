"""Aftersales seedwork shared by every service: no domain models, no business rules."""
