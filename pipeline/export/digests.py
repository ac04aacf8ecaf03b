"""SHA-256 digests of files and folders (pure helpers)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["file_sha256", "tree_digests"]

_CHUNK = 1 << 20


def file_sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def tree_digests(root: Path, *, exclude: frozenset[str] = frozenset()) -> dict[str, str]:
    """``{posix relative path: sha256}`` of every file under ``root`` except ``exclude``."""
    return {
        rel: file_sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and (rel := path.relative_to(root).as_posix()) not in exclude
    }
