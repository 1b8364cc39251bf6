"""The parts domain: quantities, stock levels and the rules that keep them right (pure Python)."""
