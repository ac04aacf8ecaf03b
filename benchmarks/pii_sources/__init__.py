"""Labelled sources of the PII benchmark; the table of sources is in :mod:`.registry`."""
