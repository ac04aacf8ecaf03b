"""The shape of a finished run: what must not drift silently between versions.

Audit entry kinds and their counts, dataset split sizes, PII counts, the gate verdict and
ε. A change that moves any of these updates the golden file on purpose
(``DISTILLGATE_UPDATE_GOLDEN=1``), and the diff shows what moved.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import datasets

from governance.runfiles.layout import RunLayout

__all__ = ["check_golden", "run_shape"]


def run_shape(run_dir: Path) -> dict[str, Any]:
    """The shape of the run in ``run_dir`` as plain JSON data."""
    layout = RunLayout(run_dir)
    kinds = Counter(
        json.loads(line)["kind"] for line in layout.audit_log.read_text("utf-8").splitlines()
    )
    dataset = datasets.load_from_disk(str(layout.dataset_dir))
    pii = json.loads(layout.pii_summary.read_text("utf-8"))
    privacy = json.loads(layout.privacy_report.read_text("utf-8"))
    gate = json.loads(layout.gate.read_text("utf-8"))
    return {
        "audit_entry_kinds": dict(sorted(kinds.items())),
        "dataset_rows": {split: dataset[split].num_rows for split in sorted(dataset)},
        "pii": {
            "records_scanned": pii["records_scanned"],
            "records_blocked": pii["records_blocked"],
            "responses_redacted": pii["responses_redacted"],
            "responses_dropped": pii["responses_dropped"],
            "entities": {
                e["entity_type"]: [e["in_prompts"], e["in_responses"], e["action"]]
                for e in pii["entities"]
            },
        },
        "epsilon": round(float(privacy["dp"]["epsilon"]), 3),
        "gate_passed": gate["passed"],
        "expectations": sorted(
            f"{suite['name']}.{e['name']}"
            for suite in gate["suites"]
            for e in suite["expectations"]
        ),
        "failed_expectations": sorted(
            f"{suite['name']}.{e['name']}"
            for suite in gate["suites"]
            for e in suite["expectations"]
            if not e["success"]
        ),
    }


def check_golden(shape: dict[str, Any], golden: Path) -> None:
    """Assert ``shape`` equals the golden file (rewrite it when asked to, then still compare)."""
    if os.environ.get("DISTILLGATE_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(json.dumps(shape, indent=2, sort_keys=True) + "\n", "utf-8")
    expected = json.loads(golden.read_text("utf-8"))
    assert shape == expected, (
        f"the run's shape drifted from {golden.name}; if the change is deliberate, rerun with "
        "DISTILLGATE_UPDATE_GOLDEN=1 and commit the diff"
    )
