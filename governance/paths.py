"""Where distillgate keeps state that outlives a run (keys, the privacy ledger)."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["distillgate_home", "keys_dir", "ledger_dir"]


def distillgate_home() -> Path:
    """``$DISTILLGATE_HOME`` if set, else ``~/.distillgate``."""
    env = os.environ.get("DISTILLGATE_HOME")
    return Path(env).expanduser() if env else Path.home() / ".distillgate"


def keys_dir() -> Path:
    """Folder of signing keys, the trust file and the PII HMAC secret (mode 0700)."""
    return distillgate_home() / "keys"


def ledger_dir() -> Path:
    """Folder of the per-source privacy budget ledger."""
    return distillgate_home() / "ledger"
