"""Fuzz the policy and job loaders and the linter: any bytes give a loaded file or a
:class:`PolicyError`, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from fuzz_support import FUZZ, mutations
from hypothesis import example, given
from hypothesis import strategies as st

from governance.errors import PolicyError
from governance.policy.job_loader import JOB_KEYS, load_job
from governance.policy.lint import lint_paths
from governance.policy.loader import POLICY_KEYS, load_policy

_ROOT = Path(__file__).resolve().parents[2]
_POLICY = (_ROOT / "policies" / "support_tickets.yaml").read_bytes()
_JOB = (_ROOT / "jobs" / "support_tickets_local.yaml").read_bytes()

_SCALARS = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=10) | st.sampled_from(sorted(POLICY_KEYS)), inner, max_size=4
        )
    ),
    max_leaves=20,
)


def _check_policy(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "support_tickets.yaml"
        path.write_bytes(data)
        try:
            load_policy(path)
        except PolicyError as exc:
            assert exc.problems, "a policy error lists its problems"
        lint_paths([path])


@FUZZ
@given(data=mutations(_POLICY))
@example(data=b"a: &a [*a]\n")
@example(data=b"source: " + b"[" * 5000)
@example(data=b"\xff\xfe")
@example(data=b"\x03 source: x\n")
@example(data=b"prompt: !!python/object:os.system {}\n")
def test_policy_loader_survives_mutated_policies(data: bytes) -> None:
    _check_policy(data)


@FUZZ
@given(value=st.dictionaries(st.sampled_from(sorted(POLICY_KEYS)), _VALUES, max_size=6))
def test_policy_loader_survives_wrong_shapes(value: dict[str, object]) -> None:
    _check_policy(yaml.safe_dump(value, allow_unicode=True).encode("utf-8"))


@FUZZ
@given(data=mutations(_JOB))
@example(data=b"policy: /dev/zero\n")
@example(data=b"policy: ../policies\n")
def test_job_loader_and_linter_survive_mutated_jobs(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "policies").mkdir()
        (Path(tmp) / "policies" / "support_tickets.yaml").write_bytes(_POLICY)
        (Path(tmp) / "jobs").mkdir()
        path = Path(tmp) / "jobs" / "job.yaml"
        path.write_bytes(data)
        try:
            load_job(path)
        except PolicyError as exc:
            assert exc.problems
        report = lint_paths([path])
        assert report.files[0].path == path
        assert set(JOB_KEYS) >= {"policy", "teacher"}
