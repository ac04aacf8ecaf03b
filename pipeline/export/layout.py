"""Names of the files and folders inside an export bundle."""

from __future__ import annotations

__all__ = [
    "ANCHORS_FILE",
    "CHECKPOINT_FILE",
    "GATE_FILE",
    "MODEL_CARD_FILE",
    "MODEL_DIR",
    "ONNX_FILE",
    "PRIVACY_REPORT_FILE",
    "PROBES_FILE",
    "PROOF_FILES",
    "VALIDATION_DIR",
]

MODEL_DIR = "model"
ONNX_FILE = "model.onnx"
MODEL_CARD_FILE = "model_card.md"
PRIVACY_REPORT_FILE = "privacy_report.json"
#: The run's recall probes (figures, synthetic values, keyed digests; never a probe text).
PROBES_FILE = "probes.json"
VALIDATION_DIR = "validation"
GATE_FILE = f"{VALIDATION_DIR}/gate.json"
CHECKPOINT_FILE = "audit/checkpoint.json"
ANCHORS_FILE = "audit/anchors.jsonl"
"""The run's lines of the home anchor log, up to the bundle's checkpoint."""
#: Audit entry kind -> its inclusion proof in the bundle.
PROOF_FILES: dict[str, str] = {
    "gate_result": "audit/proofs/gate_result.json",
    "export": "audit/proofs/export.json",
}
