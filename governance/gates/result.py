"""The gate decision: every suite, every expectation, its observed value and threshold."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import JsonValue as FieldJson

from governance.errors import GateError
from governance.gates.combinators import AllOf
from governance.jsontypes import JsonObject, JsonValue

__all__ = ["GATE_SCHEMA", "ExpectationOutcome", "GateResult", "SuiteResult"]

GATE_SCHEMA = "distillgate/gate/v1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectationOutcome(_Frozen):
    """One expectation as Great Expectations judged it."""

    name: str = Field(description="Stable name, e.g. 'epsilon_within_run_target'.")
    expectation_type: str = Field(description="GX expectation type.")
    observed: FieldJson = Field(description="What was observed (value or offending rows).")
    threshold: FieldJson = Field(description="What the policy allows.")
    success: bool
    reason: str = Field(description="Plain words: what was checked and how it came out.")

    @property
    def passed(self) -> bool:
        return self.success

    def describe(self) -> str:
        """One line for error messages: name, observed value and threshold."""
        verdict = "ok" if self.success else "FAILED"
        return (
            f"{self.name}: {verdict} (observed {_short(self.observed)}, "
            f"threshold {_short(self.threshold)}) - {self.reason}"
        )


class SuiteResult(_Frozen):
    """One suite; passes only when it has expectations and all of them succeeded."""

    name: str
    passed: bool = Field(description="Whether every expectation succeeded (none: failed).")
    expectations: tuple[ExpectationOutcome, ...]

    @model_validator(mode="after")
    def _verdict_matches(self) -> SuiteResult:
        if self.passed != AllOf(self.expectations).passed:
            raise ValueError(f"suite {self.name!r}: 'passed' contradicts its expectations")
        return self

    @classmethod
    def judge(cls, name: str, expectations: tuple[ExpectationOutcome, ...]) -> SuiteResult:
        """Build a suite result whose verdict is computed from its expectations."""
        return cls(name=name, passed=AllOf(expectations).passed, expectations=expectations)


class GateResult(_Frozen):
    """The go/no-go of a run, written to ``<run>/gate.json``."""

    schema_: str = Field(default=GATE_SCHEMA, alias="schema")
    run_dir_name: str = Field(description="Name of the run directory (the run id).")
    created_at: str = Field(description="UTC time of the decision, ISO 8601.")
    gx_version: str
    passed: bool = Field(description="Whether every suite passed (no suites: failed).")
    suites: tuple[SuiteResult, ...]

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _verdict_matches(self) -> GateResult:
        if self.passed != AllOf(self.suites).passed:
            raise ValueError("'passed' contradicts the suite results")
        return self

    def failures(self) -> list[ExpectationOutcome]:
        """Every expectation that did not succeed, in suite order."""
        return [e for s in self.suites for e in s.expectations if not e.success]

    def failure_lines(self) -> list[str]:
        """Every failing expectation (or empty suite) as one line."""
        lines = [f"{s.name}: suite has no expectations" for s in self.suites if not s.expectations]
        if not self.suites:
            lines.append("no suites were run")
        return lines + [f"{self._suite_of(e)}.{e.describe()}" for e in self.failures()]

    def _suite_of(self, outcome: ExpectationOutcome) -> str:
        return next(s.name for s in self.suites if outcome in s.expectations)

    def to_audit_payload(self) -> JsonObject:
        """The decision as an audit payload (kind ``gate_result``): every expectation."""
        suites: list[JsonValue] = [
            {
                "name": s.name,
                "passed": s.passed,
                "expectations": [
                    {
                        "name": e.name,
                        "observed": e.observed,
                        "threshold": e.threshold,
                        "success": e.success,
                    }
                    for e in s.expectations
                ],
            }
            for s in self.suites
        ]
        return {
            "schema": GATE_SCHEMA,
            "run": self.run_dir_name,
            "passed": self.passed,
            "created_at": self.created_at,
            "suites": suites,
        }

    def to_json(self) -> str:
        return self.model_dump_json(indent=2, by_alias=True)

    def write(self, path: Path) -> None:
        """Write atomically (temp file, then rename)."""
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_text(self.to_json() + "\n", encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def read(cls, path: Path) -> GateResult:
        """Load ``gate.json``; a missing or malformed file is a :class:`GateError`."""
        try:
            return cls.model_validate_json(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise GateError(
                f"{path} does not exist: the gate has not run",
                hint="run `distillgate gate RUN_DIR` first",
            ) from exc
        except OSError as exc:
            raise GateError(f"{path} cannot be read: {exc.strerror or exc}") from exc
        except ValueError as exc:
            raise GateError(f"{path} is not a valid gate decision: {exc}") from exc


def _short(value: FieldJson) -> str:
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "..."
