"""Report sections from the gate (``gate.json``, ``validation/``), the student and the export.

The gate decision, training metrics and export manifest are written by other packages; they
are read as plain JSON with tolerant key lookups so a report can always be built, showing
"not available" for what is missing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from governance.jsontypes import JsonObject, JsonValue
from governance.runfiles.layout import RunLayout
from reports.inputs import as_float, as_int, load_json_object
from reports.sections import ExpectationRow, QualitySection, SuiteRow, ValidationSection

__all__ = ["data_docs_link", "format_value", "quality_section", "validation_section"]

_TRAINING_FILES = ("student/training.json", "student/metrics.json")
_BUNDLE_SUFFIXES = (".tar.gz", ".tgz", ".zip", ".tar")
# pipeline.export.manifest: MANIFEST_FILE, SIGNATURE_FILE, MANIFEST_SCHEMA (read, not imported,
# so that a report never needs the export's ONNX dependencies).
_MANIFEST_FILE, _SIGNATURE_FILE = "manifest.json", "manifest.sig"
_MANIFEST_SCHEMA = "distillgate/export-manifest/v1"
_OTHER_METRICS = {
    "eval_size": "Evaluation examples",
    "macro_f1": "Macro F1",
    "ece": "Calibration error (ECE, vs teacher)",
    "model_size_bytes": "Model size (bytes)",
    "latency_ms_per_example": "Latency per example (ms, CPU)",
    "train_seconds": "Training time (s)",
}


def format_value(value: JsonValue) -> str:
    """A JSON value as short display text (floats with 4 significant digits)."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, str | int):
        return str(value)
    return json.dumps(value, sort_keys=True)[:200]


def _first(obj: JsonObject, *keys: str) -> JsonValue:
    for key in keys:
        if key in obj:
            return obj[key]
    return None


def data_docs_link(run_dir: Path) -> str | None:
    """Relative link from the report to the GX Data Docs index, if any were built."""
    validation = RunLayout(run_dir).validation_dir
    if not validation.is_dir():
        return None
    candidates = sorted(validation.rglob("index.html"), key=lambda p: len(p.parts))
    return candidates[0].relative_to(run_dir).as_posix() if candidates else None


def _expectation(raw: JsonValue, index: int) -> ExpectationRow | None:
    if not isinstance(raw, dict):
        return None
    name = _first(raw, "name", "expectation_type")
    reason = raw.get("reason")
    return ExpectationRow(
        name=str(name) if name is not None else f"expectation {index + 1}",
        observed=format_value(_first(raw, "observed", "observed_value")),
        threshold=format_value(raw.get("threshold")),
        success=raw.get("success") is True,
        reason=str(reason) if reason is not None else None,
    )


def _suite(raw: JsonObject, index: int, docs: str | None) -> SuiteRow:
    items = raw.get("expectations")
    rows = [
        row
        for i, item in enumerate(items if isinstance(items, list) else [])
        if (row := _expectation(item, i)) is not None
    ]
    passed = _first(raw, "passed", "success")
    return SuiteRow(
        name=str(raw.get("name") or f"suite {index + 1}"),
        success=passed is True
        if passed is not None
        else bool(rows) and all(r.success for r in rows),
        data_docs=docs,
        expectations=rows,
    )


def validation_section(run_dir: Path) -> ValidationSection:
    """Every expectation of every suite the gate ran, with observed value and threshold.

    ``gate.json`` is the gate's ``GateResult`` (suites with name, passed and expectations
    with name, observed, threshold, success, reason); it is read as JSON so that a report
    never depends on the gate package importing.
    """
    loaded = load_json_object(RunLayout(run_dir).gate)
    docs = data_docs_link(run_dir)
    gate = loaded.value
    if gate is None:
        return ValidationSection(available=False, note=loaded.note, data_docs=docs)
    suites = gate.get("suites")
    passed = gate.get("passed")
    return ValidationSection(
        available=True,
        passed=passed if isinstance(passed, bool) else None,
        data_docs=docs,
        suites=[
            _suite(item, i, docs)
            for i, item in enumerate(suites if isinstance(suites, list) else [])
            if isinstance(item, dict)
        ],
    )


def _matrix(value: JsonValue) -> list[list[int]]:
    if not isinstance(value, list):
        return []
    rows: list[list[int]] = []
    for row in value:
        if not isinstance(row, list):
            return []
        cells = [as_int(c) for c in row]
        if any(c is None for c in cells):
            return []
        rows.append([c for c in cells if c is not None])
    return rows


def _training_metrics(run_dir: Path) -> tuple[JsonObject | None, str | None]:
    note = None
    for rel in _TRAINING_FILES:
        loaded = load_json_object(run_dir / rel)
        if loaded.value is not None:
            merged: JsonObject = dict(loaded.value)
            nested = merged.get("metrics")
            if isinstance(nested, dict):
                merged = {**merged, **nested}
            return merged, None
        note = note or loaded.note
    return None, note


def _export(run_dir: Path) -> tuple[str, str | None]:
    """Export status and the bundle digest: SHA-256 of the bundle's signed ``manifest.json``."""
    export = RunLayout(run_dir).export_dir
    if not export.is_dir() or not any(export.iterdir()):
        return "not exported", None
    for manifest in sorted(export.rglob(_MANIFEST_FILE), key=lambda p: len(p.parts)):
        loaded = load_json_object(manifest)
        if loaded.value is None or loaded.value.get("schema") != _MANIFEST_SCHEMA:
            continue
        digest = "sha256:" + hashlib.sha256(manifest.read_bytes()).hexdigest()
        signed = (manifest.parent / _SIGNATURE_FILE).is_file()
        status = "exported (signed manifest)" if signed else "exported (manifest NOT signed)"
        return status, digest
    for path in sorted(export.rglob("*")):
        if path.is_file() and path.name.endswith(_BUNDLE_SUFFIXES):
            return "exported", "sha256:" + hashlib.sha256(path.read_bytes()).hexdigest()
    return "exported (no bundle manifest found)", None


def quality_section(run_dir: Path) -> QualitySection:
    """Agreement with the teacher, accuracy and confusion matrix; export status and digest."""
    status, digest = _export(run_dir)
    metrics, note = _training_metrics(run_dir)
    if metrics is None:
        return QualitySection(
            available=False, note=note, export_status=status, bundle_digest=digest
        )
    labels = _first(metrics, "labels", "label_names")
    matrix_raw = _first(metrics, "confusion_matrix", "confusion")
    if isinstance(matrix_raw, dict):
        labels = matrix_raw.get("labels", labels)
        matrix_raw = _first(matrix_raw, "matrix", "counts")
    other = {
        label: value
        for key, label in _OTHER_METRICS.items()
        if (value := as_float(metrics.get(key))) is not None
    }
    unsafe = as_float(metrics.get("unsafe_noise_scale"))
    if unsafe is not None and unsafe != 1.0:
        other["UNSAFE noise scale (1 = as accounted)"] = unsafe
    return QualitySection(
        available=True,
        task_kind="generation" if metrics.get("task_kind") == "generation" else "classification",
        agreement=as_float(_first(metrics, "agreement", "teacher_agreement", "eval_agreement")),
        accuracy=as_float(_first(metrics, "accuracy", "eval_accuracy", "ground_truth_accuracy")),
        labels=[str(x) for x in labels] if isinstance(labels, list) else [],
        confusion_matrix=_matrix(matrix_raw),
        other_metrics=other,
        export_status=status,
        bundle_digest=digest,
    )
