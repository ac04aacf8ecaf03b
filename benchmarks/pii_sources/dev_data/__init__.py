"""Hand-written development messages, tuned on (unlike the held-out hand-written set)."""
