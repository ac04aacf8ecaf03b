"""Run files: the layout of a run directory and the small JSON artifacts shared by every layer."""

from governance.runfiles.layout import RunLayout

__all__ = ["RunLayout"]
