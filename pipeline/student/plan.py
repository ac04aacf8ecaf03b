"""``StudentPlan``: how one student is trained, whatever its kind (light to import: no torch)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from governance.policy.jobs import StudentSettings, TrainingSettings
from pipeline.student.dp_plan import DpPlan

__all__ = ["StudentPlan"]


@dataclass(frozen=True, kw_only=True)
class StudentPlan:
    """How one student is trained, whatever its kind.

    With ``dp.enabled`` the run uses DP-SGD at ``q = batch_size / N`` and reports the ε read
    from the accountant (refusing a result above the target); otherwise ε = inf.
    ``unsafe_noise_scale`` multiplies the DP noise *after* accounting, so the reported ε stays
    nominal: it exists only for privacy-attack tests and warns on every use
    (:func:`pipeline.student.private.make_private`). ``resume`` continues after the epoch of
    ``out_dir/checkpoints/last.pt`` when that checkpoint belongs to this very training run
    (same fingerprint); otherwise training starts from the first epoch.
    """

    settings: StudentSettings
    training: TrainingSettings
    dp: DpPlan
    out_dir: Path
    progress: bool = False
    unsafe_noise_scale: float = 1.0
    resume: bool = False
