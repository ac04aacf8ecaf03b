"""The layout of a run directory: the one place that names a run's files and folders.

Every layer reads and writes run files through :class:`RunLayout`, so a file is renamed here
or nowhere.

>>> from pathlib import Path
>>> layout = RunLayout(Path("runs/r1"))
>>> layout.manifest.as_posix(), layout.audit_log.as_posix()
('runs/r1/run.json', 'runs/r1/audit/log.jsonl')
>>> layout.relative(layout.gate)
'gate.json'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "AUDIT_DIR",
    "CHECKPOINTS_FILE",
    "LOG_FILE",
    "SIGNER_FILE",
    "STUDENT_CHECKPOINT",
    "STUDENT_TRAINING_FILE",
    "RunLayout",
]

AUDIT_DIR = "audit"
LOG_FILE = "log.jsonl"
CHECKPOINTS_FILE = "checkpoints.jsonl"
SIGNER_FILE = "signer.pub"
#: In a student folder (``student/`` of a run, or any folder a trainer writes to).
STUDENT_TRAINING_FILE = "training.json"
STUDENT_CHECKPOINT = ("checkpoints", "last.pt")


@dataclass(frozen=True, slots=True)
class RunLayout:
    """The paths of one run directory ``root`` (nothing is created or checked here)."""

    root: Path

    # -- what the run starts with ---------------------------------------------------------
    @property
    def manifest(self) -> Path:
        """``run.json``: run id, job, source, policy hash, status, gate verdict."""
        return self.root / "run.json"

    @property
    def job(self) -> Path:
        """``job.yaml``: the resolved job, naming the policy copied beside it."""
        return self.root / "job.yaml"

    @property
    def policy(self) -> Path:
        """``policy.yaml``: the exact policy the run was decided under."""
        return self.root / "policy.yaml"

    # -- audit ----------------------------------------------------------------------------
    @property
    def audit_dir(self) -> Path:
        return self.root / AUDIT_DIR

    @property
    def audit_log(self) -> Path:
        return self.audit_dir / LOG_FILE

    @property
    def checkpoints(self) -> Path:
        return self.audit_dir / CHECKPOINTS_FILE

    # -- the probe stage ------------------------------------------------------------------
    @property
    def probes(self) -> Path:
        """``probes.json``: the recall probes of the run's gateway (``governance.probes``)."""
        return self.root / "probes.json"

    # -- the teacher stage ----------------------------------------------------------------
    @property
    def teacher_cache(self) -> Path:
        return self.root / "teacher_cache.sqlite"

    @property
    def teacher_batches(self) -> Path:
        return self.root / "teacher_batches.json"

    @property
    def pii_summary(self) -> Path:
        return self.root / "pii_summary.json"

    @property
    def teacher_usage(self) -> Path:
        return self.root / "teacher_usage.json"

    @property
    def dataset_dir(self) -> Path:
        return self.root / "dataset"

    # -- the student ----------------------------------------------------------------------
    @property
    def student_dir(self) -> Path:
        return self.root / "student"

    @property
    def training(self) -> Path:
        return self.student_dir / STUDENT_TRAINING_FILE

    @property
    def student_metrics(self) -> Path:
        return self.student_dir / "metrics.json"

    @property
    def student_checkpoint(self) -> Path:
        return self.student_dir.joinpath(*STUDENT_CHECKPOINT)

    @property
    def privacy_report(self) -> Path:
        return self.root / "privacy_report.json"

    # -- gate, report, export -------------------------------------------------------------
    @property
    def validation_dir(self) -> Path:
        return self.root / "validation"

    @property
    def gate(self) -> Path:
        return self.root / "gate.json"

    @property
    def report_html(self) -> Path:
        return self.root / "report.html"

    @property
    def report_md(self) -> Path:
        return self.root / "report.md"

    @property
    def report_json(self) -> Path:
        return self.root / "report.json"

    @property
    def export_dir(self) -> Path:
        return self.root / "export"

    def relative(self, path: Path) -> str:
        """``path`` relative to the run directory, in POSIX form (for manifests and reports)."""
        return path.relative_to(self.root).as_posix()
