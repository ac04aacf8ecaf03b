"""Policy settings of the recall probes (``prompt.probes``, keys of ``prompt.min_recall``)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

__all__ = ["ProbeSettings", "RecallKey"]


class ProbeSettings(BaseModel):
    """How the recall probes of a run are drawn (``governance.probes``)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    count: int = Field(
        default=200,
        ge=20,
        le=5000,
        description="Synthetic values planted per entity type (and as many look-alikes); "
        "about 75-400 bring the 95% bound within 0.05 of the estimate.",
    )
    seed: int = Field(default=0, ge=0, description="Seed of the sample and the probe values.")
    sample_records: int = Field(
        default=500, ge=1, description="Source records the probes are planted into (a sample)."
    )


#: A key of ``prompt.min_recall``: an entity type, or ``default`` for every measured type.
RecallKey = Annotated[str, Field(pattern=r"^(default|[A-Z][A-Z0-9_]*)$")]
