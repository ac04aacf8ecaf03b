"""Enrolment of public keys and the append-only trust history."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from governance.audit.enroll import enroll_key, read_public_key, trust_history_problems
from governance.audit.keys import (
    KeyRole,
    TrustStore,
    default_trust_path,
    key_id_for,
    load_or_create_signer,
)
from governance.audit.trust_history import history_path, read_trust_history
from governance.errors import SigningKeyError


def _key() -> tuple[Ed25519PrivateKey, bytes]:
    key = Ed25519PrivateKey.generate()
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return key, raw


@pytest.mark.parametrize("form", ["pem", "pub", "hex", "raw"])
def test_public_key_forms(tmp_path: Path, form: str) -> None:
    key, raw = _key()
    data = {
        "pem": key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        "pub": f"ed25519 {key_id_for(raw)} {raw.hex()}\n".encode(),
        "hex": raw.hex().encode() + b"\n",
        "raw": raw,
    }[form]
    path = tmp_path / "k"
    path.write_bytes(data)
    assert read_public_key(path) == raw


def test_refused_key_files(tmp_path: Path) -> None:
    key, raw = _key()
    private = tmp_path / "private.pem"
    private.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    with pytest.raises(SigningKeyError, match="holds a private key"):
        read_public_key(private)
    wrong_id = tmp_path / "wrong.pub"
    wrong_id.write_text(f"ed25519 {'0' * 16} {raw.hex()}\n")
    with pytest.raises(SigningKeyError, match="does not match the public key"):
        read_public_key(wrong_id)
    with pytest.raises(SigningKeyError, match="not a regular file"):
        read_public_key(Path("/dev/zero"))
    link = tmp_path / "link.pub"
    link.symlink_to("/dev/zero")
    with pytest.raises(SigningKeyError, match="not a regular file"):
        read_public_key(link)
    junk = tmp_path / "junk.pub"
    junk.write_text("hello world")
    with pytest.raises(SigningKeyError, match="is not an Ed25519 public key"):
        read_public_key(junk)


def test_one_active_key_per_name_and_enroller_required(tmp_path: Path) -> None:
    first, second = tmp_path / "a.pub", tmp_path / "b.pub"
    first.write_text(_key()[1].hex())
    second.write_text(_key()[1].hex())
    with pytest.raises(SigningKeyError, match="--enrolled-by"):
        enroll_key(first, name="ann", role=KeyRole.REVIEWER, enrolled_by="  ")
    done = enroll_key(first, name="ann", role=KeyRole.REVIEWER, enrolled_by="Dana")
    assert done.new and done.key.enrolled_by == "Dana"
    with pytest.raises(SigningKeyError, match="an active key named 'ann' is already trusted"):
        enroll_key(second, name="ann", role=KeyRole.REVIEWER, enrolled_by="Dana")
    TrustStore.load().retire(done.key.key_id)
    with pytest.raises(SigningKeyError, match="was retired"):
        enroll_key(first, name="ann", role=KeyRole.REVIEWER, enrolled_by="Dana")
    assert enroll_key(second, name="ann", role=KeyRole.REVIEWER, enrolled_by="Dana").new


def test_history_is_append_only_and_chained(tmp_path: Path) -> None:
    load_or_create_signer()
    for name in ("ann", "bob"):
        path = tmp_path / f"{name}.pub"
        path.write_text(_key()[1].hex())
        enroll_key(path, name=name, role=KeyRole.REVIEWER, enrolled_by="Dana")
    trust_path = default_trust_path()
    history = read_trust_history(trust_path)
    assert history.ok
    assert [r["event"] for r in history.records] == ["trusted", "enrolled", "enrolled"]
    assert [r["by"] for r in history.records] == [None, "Dana", "Dana"]
    assert trust_history_problems(TrustStore.load(), history) == []
    path = history_path(trust_path)
    assert path.stat().st_mode & 0o077 == 0
    lines = path.read_text().splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("Dana", "Mallory"), lines[2]]) + "\n")
    assert read_trust_history(trust_path).problem == "line 3 does not follow line 2"
    path.write_text("\n".join([lines[0], lines[2]]) + "\n")
    assert read_trust_history(trust_path).problem == "line 2 does not follow line 1"
