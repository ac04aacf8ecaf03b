"""SHA-256 digests of files and folders, and the regular-files-only rule of bundles.

A bundle (and every file export copies into one) holds folders and regular files only: a
symbolic link could make a verified bundle stand for a file outside it, a device or FIFO
could make verification hang. Links are never followed here.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from pathlib import Path

from governance.errors import ExportError
from governance.files import describe_mode

__all__ = ["copy_regular_file", "file_sha256", "irregular_entries", "tree_digests"]

_CHUNK = 1 << 20
_NO_FOLLOW = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


def _open_regular(path: Path) -> int:
    """A read descriptor of ``path`` if it is a regular file, not a link to one."""
    try:
        fd = os.open(path, _NO_FOLLOW)
    except OSError as exc:
        kind = "a symbolic link" if path.is_symlink() else exc.strerror or str(exc)
        raise ExportError(f"{path}: {kind}; bundles hold regular files only") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise ExportError(f"{path}: {describe_mode(mode)}; bundles hold regular files only")
    return fd


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of the bytes of the regular file ``path`` (a link is refused)."""
    digest = hashlib.sha256()
    with os.fdopen(_open_regular(path), "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def copy_regular_file(source: Path, target: Path) -> None:
    """Copy the regular file ``source`` to ``target``; a link or special file is refused
    (:class:`ExportError`) instead of copying what it points at."""
    with os.fdopen(_open_regular(source), "rb") as src, target.open("wb") as dst:
        shutil.copyfileobj(src, dst, _CHUNK)


def irregular_entries(root: Path) -> list[str]:
    """``"<relative path>: <what it is>"`` for every entry under ``root`` that is neither a
    folder nor a regular file (links are reported, not followed)."""
    problems: list[str] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        for name in sorted([*dirs, *files]):
            path = Path(folder, name)
            mode = path.lstat().st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                rel = path.relative_to(root).as_posix()
                problems.append(f"{rel}: {describe_mode(mode)}; bundles hold regular files only")
    return sorted(problems)


def tree_digests(root: Path, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """``{posix relative path: sha256}`` of every file under ``root`` except ``exclude``.

    Raises :class:`ExportError` when the tree holds a link or anything else that is neither
    a folder nor a regular file (see :func:`irregular_entries`).
    """
    problems = irregular_entries(root)
    if problems:
        raise ExportError(f"{root}: " + "; ".join(problems))
    digests: dict[str, str] = {}
    for folder, _, files in os.walk(root, followlinks=False):
        for name in files:
            path = Path(folder, name)
            rel = path.relative_to(root).as_posix()
            if rel not in exclude:
                digests[rel] = file_sha256(path)
    return dict(sorted(digests.items()))
