"""Benchmarks (scripts, PII benchmark sources and scoring); not part of the installed package."""
