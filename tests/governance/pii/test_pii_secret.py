"""The per-deployment PII secret: created once, private, refused when exposed."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from governance.errors import SigningKeyError
from governance.paths import keys_dir
from governance.pii.secret import load_or_create_pii_secret


def test_created_private_and_stable(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    secret = load_or_create_pii_secret(folder)
    assert len(secret) == 32
    assert stat.S_IMODE((folder / "pii_hmac.key").stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert load_or_create_pii_secret(folder) == secret


def test_default_folder_is_distillgate_home_keys(distillgate_home: Path) -> None:
    secret = load_or_create_pii_secret()
    assert (keys_dir() / "pii_hmac.key").read_bytes() == secret
    assert keys_dir().is_relative_to(distillgate_home)


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_group_or_world_readable_file_refused(tmp_path: Path, mode: int) -> None:
    load_or_create_pii_secret(tmp_path)
    (tmp_path / "pii_hmac.key").chmod(mode)
    with pytest.raises(SigningKeyError, match=r"accessible by group or others \(mode 6"):
        load_or_create_pii_secret(tmp_path)


def test_truncated_secret_refused(tmp_path: Path) -> None:
    load_or_create_pii_secret(tmp_path)
    (tmp_path / "pii_hmac.key").write_bytes(b"short")
    with pytest.raises(SigningKeyError, match="has 5 bytes, expected 32"):
        load_or_create_pii_secret(tmp_path)
