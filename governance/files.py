"""Reading files a person or another program hands us, without trusting what they are.

A path named ``policy.yaml`` may be a symbolic link to ``/dev/zero``, a FIFO that never
ends, a folder or a multi-gigabyte file. :func:`read_regular_file` opens the path (a
symbolic link is followed: it is the file it points at that is checked), refuses anything
that is not a regular file and reads at most ``max_bytes`` bytes, so memory and time stay
bounded whatever the path points at. The refusal names the path and what it is, never the
content.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from governance.errors import ConfigError

__all__ = ["MAX_HUMAN_FILE_BYTES", "describe_mode", "read_regular_file"]

#: Largest policy or job file read (1 MiB): the examples are under 20 KiB.
MAX_HUMAN_FILE_BYTES = 1 << 20

_KINDS: tuple[tuple[int, str], ...] = (
    (stat.S_IFDIR, "a folder"),
    (stat.S_IFCHR, "a character device"),
    (stat.S_IFBLK, "a block device"),
    (stat.S_IFIFO, "a FIFO"),
    (stat.S_IFSOCK, "a socket"),
    (stat.S_IFLNK, "a symbolic link"),
    (stat.S_IFREG, "a regular file"),
)


def describe_mode(mode: int) -> str:
    """What kind of file ``mode`` (from ``os.stat``/``os.lstat``) is, in words."""
    kind = stat.S_IFMT(mode)
    return next((name for value, name in _KINDS if value == kind), "not a regular file")


def read_regular_file(path: Path, *, max_bytes: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path`` (links followed), at most ``max_bytes``.

    Raises :class:`ConfigError` when ``path`` cannot be opened, is not a regular file
    (device, FIFO, socket, folder) or holds more than ``max_bytes`` bytes. The file is opened
    non-blocking, so a FIFO is refused instead of waiting for a writer.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(
                f"{what} {path} is {describe_mode(info.st_mode)}, not a regular file",
                hint="name a regular file",
            )
        if info.st_size > max_bytes:
            raise ConfigError(_too_large(path, what, max_bytes))
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0 and (chunk := os.read(fd, min(left, 1 << 16))):
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise ConfigError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise ConfigError(_too_large(path, what, max_bytes))
    return data


def _too_large(path: Path, what: str, max_bytes: int) -> str:
    return f"{what} {path} is larger than the limit of {max_bytes} bytes"
