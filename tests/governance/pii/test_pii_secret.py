"""The per-deployment PII secret: created once, private, never silently replaced."""

from __future__ import annotations

import logging
import stat
from pathlib import Path

import pytest

from governance.errors import SigningKeyError
from governance.paths import keys_dir
from governance.pii.secret import init_pii_secret, load_or_create_pii_secret

_NOTICE = "created the PII HMAC key"


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


def test_first_use_of_an_empty_home_creates_it_with_a_notice(
    distillgate_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="governance.pii.secret"):
        secret = load_or_create_pii_secret()
    path = distillgate_home / "keys" / "pii_hmac.key"
    assert path.read_bytes() == secret
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [r.getMessage() for r in caplog.records if _NOTICE in r.getMessage()] == [
        f"{_NOTICE} {path} (first use of {distillgate_home}); back it up: keyed digests and "
        "hash values of every run depend on it"
    ]


@pytest.mark.parametrize(
    ("state", "named"),
    [
        ("keys/run-signer.key", "keys/run-signer.key"),
        ("keys/trusted_keys.json", "keys/trusted_keys.json"),
        ("ledger/support_tickets.jsonl", "ledger/"),
        ("anchors/anchor.jsonl", "anchors/"),
    ],
)
def test_missing_key_in_a_used_home_is_refused(
    distillgate_home: Path, state: str, named: str
) -> None:
    """The attack: a deleted (or lost) key was silently regenerated."""
    load_or_create_pii_secret()
    (distillgate_home / state).parent.mkdir(parents=True, exist_ok=True)
    (distillgate_home / state).write_text("{}\n")
    path = distillgate_home / "keys" / "pii_hmac.key"
    path.unlink()
    with pytest.raises(SigningKeyError) as refused:
        load_or_create_pii_secret()
    assert refused.value.message == (
        f"PII HMAC key {path} is missing, but {distillgate_home} already holds {named}"
    )
    assert refused.value.exit_code == 2
    assert refused.value.hint is not None and "restore it from a backup" in refused.value.hint
    assert "distillgate keys init --unsafe-new-key" in refused.value.hint
    assert not path.exists()
    with pytest.raises(SigningKeyError, match="is missing, but"):
        init_pii_secret()
    assert not path.exists()


def test_missing_key_of_a_resumed_run_is_refused_even_in_an_empty_home(
    distillgate_home: Path, tmp_path: Path
) -> None:
    with pytest.raises(SigningKeyError, match=r"is missing, but run .*run-1 was made with it"):
        load_or_create_pii_secret(resumed_run=tmp_path / "run-1")
    assert not (distillgate_home / "keys" / "pii_hmac.key").exists()


def test_existing_key_is_reused_unchanged(distillgate_home: Path) -> None:
    secret = load_or_create_pii_secret()
    (distillgate_home / "ledger").mkdir()
    (distillgate_home / "ledger" / "support_tickets.jsonl").write_text("{}\n")
    path = distillgate_home / "keys" / "pii_hmac.key"
    before = path.stat()
    assert load_or_create_pii_secret() == secret
    result = init_pii_secret()
    assert (result.created, result.path, result.home_state) == (False, path, ())
    assert init_pii_secret(unsafe_new_key=True).created is False
    after = path.stat()
    assert path.read_bytes() == secret
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_init_in_an_empty_home_creates_the_key(distillgate_home: Path) -> None:
    result = init_pii_secret()
    assert result.created and result.home_state == ()
    assert stat.S_IMODE(result.path.stat().st_mode) == 0o600
    assert load_or_create_pii_secret() == result.path.read_bytes()


def test_unsafe_new_key_replaces_a_lost_one_with_a_warning(
    distillgate_home: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (distillgate_home / "keys").mkdir(mode=0o700)
    (distillgate_home / "keys" / "run-signer.key").write_text("x")
    with caplog.at_level(logging.WARNING, logger="governance.pii.secret"):
        result = init_pii_secret(unsafe_new_key=True)
    assert result.created and result.home_state == ("keys/run-signer.key",)
    assert any("unsafe: created a new PII HMAC key" in r.getMessage() for r in caplog.records)
    assert len(load_or_create_pii_secret()) == 32


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o644])
def test_group_or_world_readable_file_refused(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "keys"
    load_or_create_pii_secret(folder)
    (folder / "pii_hmac.key").chmod(mode)
    with pytest.raises(SigningKeyError, match=r"accessible by group or others \(mode 6"):
        load_or_create_pii_secret(folder)


def test_truncated_secret_refused(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    load_or_create_pii_secret(folder)
    (folder / "pii_hmac.key").write_bytes(b"short")
    with pytest.raises(SigningKeyError, match="has 5 bytes, expected 32"):
        load_or_create_pii_secret(folder)
