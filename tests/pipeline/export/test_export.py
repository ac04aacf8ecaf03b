"""export_run and verify_bundle: refusals, the bundle's contents, ONNX parity, tampering."""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from export_fixtures import POLICY_HASH, Keys, build_run, make_policy

from governance.audit.events import EventKind
from governance.audit.verify import read_entries
from governance.errors import ExportError
from pipeline.export import BundleManifest, ManifestSignature, export_run, verify_bundle
from pipeline.export.manifest import MANIFEST_FILE, SIGNATURE_FILE
from pipeline.export.onnx_export import PARITY_TOLERANCE


def test_bundle_contents_and_verification(exported: Path, keys: Keys) -> None:
    files = {p.relative_to(exported).as_posix() for p in exported.rglob("*") if p.is_file()}
    assert {
        "model/model.safetensors",
        "model/config.json",
        "model/tokenizer.json",
        "model.onnx",
        "model_card.md",
        "privacy_report.json",
        "validation/gate.json",
        "validation/privacy.json",
        "audit/checkpoint.json",
        "audit/anchors.jsonl",
        "audit/proofs/gate_result.json",
        "audit/proofs/export.json",
        MANIFEST_FILE,
        SIGNATURE_FILE,
    } <= files
    assert not any("training.json" in f or "checkpoints" in f for f in files)
    manifest = BundleManifest.from_bytes((exported / MANIFEST_FILE).read_bytes())
    assert set(manifest.files) == files - {MANIFEST_FILE, SIGNATURE_FILE}
    card = (exported / "model_card.md").read_text()
    for fact in (
        "ε (this run): 3",
        "δ: 1e-05",
        "Accountant: prv",
        "AUC = 0.52",
        "max exposure 1.2 bits",
        POLICY_HASH,
    ):
        assert fact in card
    result = verify_bundle(exported, trust=keys.trust)
    assert result.ok, result.problems
    assert result.gate_passed is True
    assert result.key_id == keys.signer.key_id


def test_export_is_logged_and_proven(exported: Path) -> None:
    run_dir = exported.parent / "run-1"
    (export_entry,) = read_entries(run_dir / "audit", kind=EventKind.EXPORT)
    files = export_entry.payload["files"]
    assert isinstance(files, dict)
    manifest = BundleManifest.from_bytes((exported / MANIFEST_FILE).read_bytes())
    assert files["model.onnx"] == manifest.files["model.onnx"]
    proof = json.loads((exported / "audit/proofs/export.json").read_text())
    assert proof["index"] == export_entry.index


def test_onnx_matches_pytorch_on_tokenized_text(exported: Path) -> None:
    import onnxruntime as ort
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    parity = json.loads((exported / "onnx_parity.json").read_text())
    assert parity["max_abs_diff"] < PARITY_TOLERANCE
    assert parity["inputs"] == ["input_ids", "attention_mask", "token_type_ids"]
    model_dir = exported / "model"
    tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
    batch = tokenizer(
        ["my invoice is wrong please", "login fails"], padding=True, return_tensors="np"
    )
    session = ort.InferenceSession(str(exported / "model.onnx"), providers=["CPUExecutionProvider"])
    (logits,) = session.run(["logits"], dict(batch))
    with torch.no_grad():
        reference = model(**{k: torch.from_numpy(v) for k, v in batch.items()}).logits.numpy()
    assert np.max(np.abs(logits - reference)) < PARITY_TOLERANCE


def _copy(exported: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(exported, tmp_path / "bundle"))


_TAMPERED = [
    "model/model.safetensors",
    "model/tokenizer.json",
    "model.onnx",
    "model_card.md",
    "privacy_report.json",
    "validation/gate.json",
    "audit/checkpoint.json",
    "audit/anchors.jsonl",
    "audit/proofs/gate_result.json",
    "audit/proofs/export.json",
    MANIFEST_FILE,
    SIGNATURE_FILE,
]


@pytest.mark.parametrize("name", _TAMPERED)
@pytest.mark.parametrize("where", [0.0, 0.5, 0.99])
def test_any_changed_byte_fails(
    exported: Path, keys: Keys, tmp_path: Path, name: str, where: float
) -> None:
    bundle = _copy(exported, tmp_path)
    target = bundle / name
    data = bytearray(target.read_bytes())
    position = int(where * (len(data) - 1))
    data[position] ^= 0x01
    target.write_bytes(bytes(data))
    result = verify_bundle(bundle, trust=keys.trust)
    assert not result.ok
    assert result.problems


def test_added_or_removed_file_fails(exported: Path, keys: Keys, tmp_path: Path) -> None:
    bundle = _copy(exported, tmp_path)
    (bundle / "model" / "extra.bin").write_bytes(b"payload")
    assert (
        "model/extra.bin: not listed in the manifest"
        in verify_bundle(bundle, trust=keys.trust).problems
    )
    (bundle / "model" / "extra.bin").unlink()
    (bundle / "model_card.md").unlink()
    assert (
        "model_card.md: listed in the manifest but missing"
        in verify_bundle(bundle, trust=keys.trust).problems
    )


def _resign(bundle: Path, keys: Keys) -> None:
    """What an insider with the signing key could do: re-digest and re-sign everything."""
    from pipeline.export.digests import tree_digests

    old = BundleManifest.from_bytes((bundle / MANIFEST_FILE).read_bytes())
    files = tree_digests(bundle, exclude=frozenset({MANIFEST_FILE, SIGNATURE_FILE}))
    data = old.model_copy(update={"files": files}).to_bytes()
    (bundle / MANIFEST_FILE).write_bytes(data)
    ManifestSignature.create(keys.signer, data).write(bundle / SIGNATURE_FILE)


def test_resigned_bundle_with_forged_proof_fails(
    exported: Path, keys: Keys, tmp_path: Path
) -> None:
    bundle = _copy(exported, tmp_path)
    path = bundle / "audit/proofs/gate_result.json"
    proof = json.loads(path.read_text())
    first = proof["audit_path"][0]
    proof["audit_path"][0] = ("0" if first[0] != "0" else "1") + first[1:]
    path.write_text(json.dumps(proof, sort_keys=True, separators=(",", ":")) + "\n")
    _resign(bundle, keys)
    result = verify_bundle(bundle, trust=keys.trust)
    assert not result.ok
    assert any(p.startswith("audit/proofs/gate_result.json") for p in result.problems)


def test_resigned_bundle_with_edited_gate_fails(exported: Path, keys: Keys, tmp_path: Path) -> None:
    bundle = _copy(exported, tmp_path)
    path = bundle / "validation/gate.json"
    path.write_text(path.read_text().replace('"observed": 3.0', '"observed": 2.0'))
    _resign(bundle, keys)
    result = verify_bundle(bundle, trust=keys.trust)
    assert set(result.problems) == {
        "validation/gate.json: differs from the gate decision in the audit log",
        "validation/gate.json: digest differs from the one in the export audit entry",
    }


def test_untrusted_key_fails(exported: Path, tmp_path: Path) -> None:
    from governance.audit.keys import TrustStore

    result = verify_bundle(exported, trust=TrustStore([], path=tmp_path / "t.json"))
    assert not result.ok
    assert any("unknown key id" in p for p in result.problems)


def test_failing_gate_is_refused_with_every_expectation(keys: Keys, tmp_path: Path) -> None:
    run_dir = build_run(tmp_path, keys, passing=False)
    out = tmp_path / "bundle"
    with pytest.raises(ExportError) as caught:
        export_run(run_dir, out=out, policy=make_policy(), signer=keys.signer, trust=keys.trust)
    message = caught.value.message
    assert "privacy.epsilon_within_run_target: FAILED (observed 9.5, threshold <= 8.0)" in message
    assert "utility.agreement_above_minimum: FAILED (observed 0.2, threshold >= 0.6)" in message
    assert "mia_auc_below_limit" not in message
    assert caught.value.exit_code == 1
    assert caught.value.hint == (
        "fix the failing evidence and run the gate again; no approval overrides a gate"
    )
    assert not out.exists()
    assert read_entries(run_dir / "audit", kind=EventKind.EXPORT) == []


def test_missing_signoff_is_refused(keys: Keys, tmp_path: Path) -> None:
    run_dir = build_run(tmp_path, keys)
    with pytest.raises(ExportError, match=r"sign-off: cannot be checked: cannot read .*run\.json"):
        export_run(
            run_dir,
            out=tmp_path / "bundle",
            policy=make_policy(reviewers=1),
            signer=keys.signer,
            trust=keys.trust,
        )


def test_cli_export_verify_exit_codes(
    exported: Path,
    keys: Keys,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pipeline.cli import main

    assert keys.trust.path is not None
    args = ["distillgate", "export", "verify", str(exported), "--trust", str(keys.trust.path)]
    monkeypatch.setattr(sys, "argv", args)
    with pytest.raises(SystemExit) as ok:
        main()
    assert ok.value.code == 0
    assert "bundle verified" in capsys.readouterr().out
    bundle = _copy(exported, tmp_path)
    (bundle / "model_card.md").write_text("tampered")
    monkeypatch.setattr(sys, "argv", [*args[:3], str(bundle), *args[4:]])
    with pytest.raises(SystemExit) as bad:
        main()
    assert bad.value.code == 1
    assert "model_card.md: SHA-256 differs from the manifest" in capsys.readouterr().err


def test_bundle_anchors_detect_a_rollback_of_the_run_log(
    exported: Path,
    keys: Keys,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from governance.audit.anchor_check import AnchorKind, AnchorSource
    from governance.audit.anchors import read_anchor_chain
    from governance.audit.checkpoint import SignedCheckpoint
    from governance.audit.verify import verify_audit
    from pipeline.cli import main

    chain = read_anchor_chain((exported / "audit/anchors.jsonl").read_bytes(), chained=False)
    line = (exported / "audit/checkpoint.json").read_bytes().rstrip(b"\n")
    assert [a.tree_size for a in chain.anchors] == [2, 3]
    assert chain.anchors[-1].matches(SignedCheckpoint.from_json_line(line))
    # A copy of the run, rolled back to its first checkpoint; this test's home has no anchor
    # of it, so only the bundle tells.
    run_dir = Path(shutil.copytree(exported.parent / "run-1", tmp_path / "run-1"))
    log, cps = run_dir / "audit" / "log.jsonl", run_dir / "audit" / "checkpoints.jsonl"
    log.write_bytes(b"".join(log.read_bytes().splitlines(keepends=True)[:2]))
    cps.write_bytes(cps.read_bytes().splitlines(keepends=True)[0])
    assert verify_audit(run_dir / "audit", trust=keys.trust).ok  # the attack, on its own
    source = AnchorSource(AnchorKind.BUNDLE, exported / "audit/anchors.jsonl")
    result = verify_audit(run_dir / "audit", trust=keys.trust, anchors=[source])
    assert not result.ok and "anchor #2 of the export bundle" in (result.reason or "")
    assert keys.trust.path is not None
    args = ["audit", "verify", str(run_dir), "--bundle", str(exported)]
    monkeypatch.setattr(sys, "argv", ["distillgate", *args, "--trust", str(keys.trust.path)])
    with pytest.raises(SystemExit) as bad:
        main()
    out, err = capsys.readouterr()
    assert bad.value.code == 1
    assert "anchors: export bundle" in out and "1 anchor(s)" not in out
    assert "log has 2 entries but anchor #2 of the export bundle" in err


def test_resigned_bundle_without_its_last_anchor_fails(
    exported: Path, keys: Keys, tmp_path: Path
) -> None:
    bundle = _copy(exported, tmp_path)
    path = bundle / "audit/anchors.jsonl"
    path.write_bytes(path.read_bytes().splitlines(keepends=True)[0])
    _resign(bundle, keys)
    assert verify_bundle(bundle, trust=keys.trust).problems == (
        "audit/anchors.jsonl: the last anchor is not the bundle's checkpoint",
    )
