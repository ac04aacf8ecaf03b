"""Export of a generation run: a causal LM bundle with ONNX parity, a model card saying so,
and ``verify_bundle`` accepting it; the PII replay lands in the card as counts only."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from export_fixtures import POLICY_HASH, Keys, _report, make_gate, make_policy

from governance.audit.events import EventKind
from governance.audit.log import AuditLog
from governance.privacy.report import PiiReplayResult
from pipeline.export import export_run, verify_bundle
from pipeline.export.onnx_export import PARITY_TOLERANCE

_WORDS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "summary", "refund", "login", "wrong"]


def _causal_student(folder: Path) -> None:
    from transformers import BertConfig, BertLMHeadModel, BertTokenizerFast

    folder.mkdir(parents=True)
    vocab = folder.parent / "vocab.txt"
    vocab.write_text("\n".join(_WORDS) + "\n", encoding="utf-8")
    BertTokenizerFast(vocab_file=str(vocab)).save_pretrained(folder)
    config = BertConfig(
        vocab_size=len(_WORDS),
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        max_position_embeddings=64,
        is_decoder=True,
        tie_word_embeddings=True,
    )
    BertLMHeadModel(config).save_pretrained(folder)
    document = json.loads((folder / "config.json").read_text())
    document["architectures"] = ["BertLMHeadModel", "DistillgateGenerationStudent"]
    (folder / "config.json").write_text(json.dumps(document))
    (folder / "training.json").write_text(
        json.dumps({"task_kind": "generation", "metrics": {"agreement": 0.7}})
    )


def _generation_run(root: Path, keys: Keys) -> Path:
    run_dir = root / "run-gen"
    _causal_student(run_dir / "student")
    (run_dir / "job.yaml").write_text(
        "name: gen\npolicy: policy.yaml\ntask:\n  kind: generation\n  instructions: Summarise.\n"
    )
    report = _report().model_copy(
        update={
            "pii_replay": PiiReplayResult(
                outputs=8, outputs_with_hits=0, pii_findings=0, canaries_found=0
            )
        }
    )
    report.write(run_dir / "privacy_report.json")
    gate = make_gate()
    gate.write(run_dir / "gate.json")
    (run_dir / "validation").mkdir()
    (run_dir / "validation" / "privacy.json").write_text('{"success": true}\n')
    with AuditLog.create(run_dir / "audit", signer=keys.signer, origin="distillgate/gen") as log:
        log.append(EventKind.RUN_STARTED, {"run_id": "run-gen"}, policy_hash=POLICY_HASH)
        log.append(EventKind.GATE_RESULT, gate.to_audit_payload(), policy_hash=POLICY_HASH)
        log.checkpoint()
    return run_dir


def test_generation_run_exports_a_verified_causal_lm_bundle(tmp_path: Path, keys: Keys) -> None:
    import onnxruntime as ort

    run_dir = _generation_run(tmp_path, keys)
    bundle = export_run(
        run_dir, out=tmp_path / "bundle", policy=make_policy(), signer=keys.signer, trust=keys.trust
    )
    assert bundle.onnx_max_abs_diff < PARITY_TOLERANCE
    assert (bundle.path / "model" / "model.safetensors").is_file()
    assert (bundle.path / "model" / "tokenizer.json").is_file()
    assert not (bundle.path / "model" / "training.json").exists()
    parity = json.loads((bundle.path / "onnx_parity.json").read_text())
    assert parity["inputs"] == ["input_ids", "attention_mask"]

    session = ort.InferenceSession(str(bundle.path / "model.onnx"))
    ids = np.array([[2, 5, 3, 6, 7]], dtype=np.int64)
    (logits,) = session.run(["logits"], {"input_ids": ids, "attention_mask": np.ones_like(ids)})
    assert logits.shape == (1, 5, len(_WORDS))

    card = (bundle.path / "model_card.md").read_text()
    assert "- Task kind: generation" in card
    assert "causal language model" in card
    assert "PII replay: 8 outputs to canary prefixes scanned; 0 PII findings" in card
    assert "Labels:" not in card

    verification = verify_bundle(bundle.path, trust=keys.trust)
    assert verification.ok, verification.problems

    (bundle.path / "model.onnx").write_bytes((bundle.path / "model.onnx").read_bytes() + b"x")
    assert not verify_bundle(bundle.path, trust=keys.trust).ok


def test_classification_card_is_unchanged_by_the_task_kind_field() -> None:
    from pipeline.export.model_card import ModelCardFacts, render_model_card

    facts = ModelCardFacts("run-1", ["billing", "refund"], "bert", 1e-6, POLICY_HASH)
    card = render_model_card(facts, _report(), make_gate())
    assert "- Labels: `billing`, `refund`" in card
    assert "Task kind" not in card and "PII replay" not in card
    assert "- Trained on teacher labels of anonymized text" in card
