"""The parts domain: catalogue, stock of a part at a dealer, what is held for each order (pure Python)."""
