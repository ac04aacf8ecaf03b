"""Raw source copies that earlier versions left in the distillgate home, removed on start.

Before sources were read in place, every run left two full raw copies of its source under
``$DISTILLGATE_HOME``, readable by every user and never cleaned up: the materialized demo
source (``sources/<builtin>/``) and the Hugging Face ``datasets`` cache (``cache/datasets/``).
Nothing writes them any more; :func:`remove_raw_leftovers` deletes what an earlier version
left, at the start of every run (new or resumed).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from governance.errors import ConfigError
from governance.paths import distillgate_home
from pipeline.sources.builtin import BUILTIN_GENERATORS

__all__ = ["LEGACY_RAW_COPIES", "remove_raw_leftovers"]

_log = logging.getLogger(__name__)

#: Folders of the home (relative) that only ever held raw source copies.
LEGACY_RAW_COPIES: tuple[str, ...] = (
    "cache/datasets",
    *(f"sources/{name}" for name in sorted(BUILTIN_GENERATORS)),
)


def remove_raw_leftovers(home: Path | None = None) -> tuple[str, ...]:
    """Delete the :data:`LEGACY_RAW_COPIES` under ``home`` (default: the distillgate home).

    Their parent folders go too when that leaves them empty. Returns the relative paths
    removed (logged as a warning, never their content). Raises :class:`ConfigError` when one
    cannot be removed.
    """
    root = home if home is not None else distillgate_home()
    removed: list[str] = []
    for relative in LEGACY_RAW_COPIES:
        path = root / relative
        if not path.is_symlink() and not path.exists():
            continue
        try:
            if path.is_symlink() or not path.is_dir():
                path.unlink()
            else:
                shutil.rmtree(path)
            _remove_if_empty(path.parent, stop=root)
        except OSError as exc:
            raise ConfigError(
                f"cannot remove the raw source copy {path} left by an earlier version: "
                f"{exc.strerror}",
                hint=f"remove it by hand: rm -r {path}",
            ) from None
        removed.append(relative)
    if removed:
        _log.warning(
            "removed raw source copies an earlier distillgate version left in %s: %s",
            root,
            ", ".join(removed),
        )
    return tuple(removed)


def _remove_if_empty(folder: Path, *, stop: Path) -> None:
    while folder != stop and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
