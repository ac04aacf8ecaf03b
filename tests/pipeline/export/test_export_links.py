"""Links and special files in export bundles (issue 16, attack 9), and the bundle fuzz target.

A bundle whose ``model.onnx`` is a symbolic link to a byte-identical file outside it used
to verify. Bundles hold folders and regular files only: verification refuses anything else
before reading a byte through it, and export refuses to copy a link out of a run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from export_fixtures import Keys, build_run, make_policy
from hypothesis import given
from hypothesis import strategies as st

from governance.audit.keys import TrustStore
from governance.errors import DistillgateError, ExportError
from pipeline.export import BundleManifest, ManifestSignature, export_run, verify_bundle
from pipeline.export.manifest import MANIFEST_FILE, SIGNATURE_FILE
from tests.fuzz.fuzz_support import FUZZ, mutations

_REFUSED = "bundles hold regular files only"


def _copy(exported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(exported, tmp_path / "bundle"))


def test_model_linked_to_an_identical_file_outside_is_refused(
    exported: Path, keys: Keys, tmp_path: Path
) -> None:
    bundle = _copy(exported, tmp_path)
    outside = tmp_path / "elsewhere.onnx"
    shutil.move(bundle / "model.onnx", outside)
    (bundle / "model.onnx").symlink_to(outside)
    result = verify_bundle(bundle, trust=keys.trust)
    assert not result.ok
    assert result.problems == (f"model.onnx: a symbolic link; {_REFUSED}",)


def test_linked_folder_is_refused(exported: Path, keys: Keys, tmp_path: Path) -> None:
    bundle = _copy(exported, tmp_path)
    shutil.move(bundle / "audit", tmp_path / "audit")
    (bundle / "audit").symlink_to(tmp_path / "audit", target_is_directory=True)
    assert verify_bundle(bundle, trust=keys.trust).problems == (
        f"audit: a symbolic link; {_REFUSED}",
    )


@pytest.mark.timeout(60)
def test_fifo_in_a_bundle_is_refused(exported: Path, keys: Keys, tmp_path: Path) -> None:
    bundle = _copy(exported, tmp_path)
    os.mkfifo(bundle / "model" / "extra.bin")
    assert verify_bundle(bundle, trust=keys.trust).problems == (
        f"model/extra.bin: a FIFO; {_REFUSED}",
    )


def test_manifest_names_that_leave_the_bundle_are_refused(
    exported: Path, keys: Keys, tmp_path: Path
) -> None:
    bundle = _copy(exported, tmp_path)
    manifest = BundleManifest.from_bytes((bundle / MANIFEST_FILE).read_bytes())
    files = {**manifest.files, "../outside.bin": "00" * 32}
    data = manifest.model_copy(update={"files": files}).to_bytes()
    (bundle / MANIFEST_FILE).write_bytes(data)
    ManifestSignature.create(keys.signer, data).write(bundle / SIGNATURE_FILE)
    problems = verify_bundle(bundle, trust=keys.trust).problems
    assert "../outside.bin: a file name in the manifest that leaves the bundle" in problems


def test_export_refuses_a_linked_file_in_the_run(keys: Keys, tmp_path: Path) -> None:
    run_dir = build_run(tmp_path, keys)
    weights = run_dir / "student" / "model.safetensors"
    outside = tmp_path / "outside.safetensors"
    shutil.move(weights, outside)
    weights.symlink_to(outside)
    with pytest.raises(ExportError, match=f"model.safetensors: a symbolic link; {_REFUSED}"):
        export_run(
            run_dir,
            out=tmp_path / "bundle",
            policy=make_policy(),
            signer=keys.signer,
            trust=keys.trust,
        )
    assert not (tmp_path / "bundle").exists()
    assert not (tmp_path / "bundle.partial").exists()


def test_gate_file_replaced_by_a_folder_fails_verification(
    exported: Path, keys: Keys, tmp_path: Path
) -> None:
    """Found by the fuzz target below: GateResult.read let IsADirectoryError through."""
    bundle = _copy(exported, tmp_path)
    (bundle / "validation" / "gate.json").unlink()
    (bundle / "validation" / "gate.json").mkdir()
    problems = verify_bundle(bundle, trust=keys.trust).problems
    assert any(p.startswith("validation/gate.json: ") and "cannot be read" in p for p in problems)


def _other_public_key(sig: bytes) -> bytes:
    at = sig.index(b'"public_key":"') + len(b'"public_key":"')
    return sig[:at] + (b"1" if sig[at : at + 1] == b"0" else b"0") + sig[at + 1 :]


@pytest.mark.parametrize(
    "edit",
    [
        lambda sig: _other_public_key(sig),
        lambda sig: sig.replace(b'{"algorithm"', b'{ "algorithm"', 1),
        lambda sig: sig.rstrip(b"\n"),
    ],
    ids=["public-key", "whitespace", "newline"],
)
def test_edited_signature_file_fails(
    exported: Path, keys: Keys, tmp_path: Path, edit: Callable[[bytes], bytes]
) -> None:
    """Found by the fuzz target below: manifest.sig's public key (ignored for the trusted
    one) and its formatting could change and the bundle still verified."""
    bundle = _copy(exported, tmp_path)
    sig = bundle / SIGNATURE_FILE
    sig.write_bytes(edit(sig.read_bytes()))
    assert not verify_bundle(bundle, trust=keys.trust).ok


# -- fuzz target: edits of a real bundle never verify ---------------------------------------

#: Small files of a bundle (the weights and ONNX graph are covered by the export tests).
_EDITED = [
    "manifest.json",
    "manifest.sig",
    "audit/checkpoint.json",
    "audit/proofs/gate_result.json",
    "audit/proofs/export.json",
    "validation/gate.json",
    "privacy_report.json",
    "model_card.md",
    "model/config.json",
]


def _verify_fails(path: Path, trust: TrustStore) -> None:
    try:
        result = verify_bundle(path, trust=trust)
    except DistillgateError:
        return
    assert not result.ok and result.problems


@FUZZ
@given(data=st.data())
def test_edited_bundle_never_verifies(exported: Path, keys: Keys, data: st.DataObject) -> None:
    path, trust = exported, keys.trust
    name = data.draw(st.sampled_from(_EDITED))
    target = path / name
    original = target.read_bytes()
    edited = data.draw(mutations(original))
    if edited == original:
        return
    try:
        target.write_bytes(edited)
        _verify_fails(path, trust)
    finally:
        target.write_bytes(original)


@FUZZ
@given(
    name=st.sampled_from([*_EDITED, "model.onnx"]), kind=st.sampled_from(["link", "dir", "fifo"])
)
def test_bundle_file_replaced_by_a_special_file_never_verifies(
    exported: Path, keys: Keys, tmp_path_factory: pytest.TempPathFactory, name: str, kind: str
) -> None:
    path, trust = exported, keys.trust
    target = path / name
    keep = tmp_path_factory.mktemp("keep") / "original"
    shutil.move(target, keep)
    try:
        if kind == "link":
            target.symlink_to(keep)
        elif kind == "dir":
            target.mkdir()
        else:
            os.mkfifo(target)
        _verify_fails(path, trust)
    finally:
        if target.is_dir() and not target.is_symlink():
            target.rmdir()
        else:
            target.unlink()
        shutil.move(keep, target)
