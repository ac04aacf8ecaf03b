"""Hostile policy and job files (issue 16, attack 7): links to devices and secrets, alias
bombs, deep nesting, oversized files and regexes that take exponential time.

Each is refused with a located problem; nothing of a file that is not a policy or job is
echoed, and memory and time stay bounded.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from governance.errors import PolicyError
from governance.files import MAX_HUMAN_FILE_BYTES
from governance.policy.job_loader import load_job
from governance.policy.lint import lint_paths
from governance.policy.loader import load_policy
from governance.policy.regex_safety import exponential_risk
from governance.policy.yaml_limits import MAX_YAML_DEPTH

#: Lines as /etc/shadow holds them; each line parses as a YAML key.
_SHADOW = "root:$6$Zs3cr3tH4sh$abc:19000:0:99999:7:::\ndaemon:*:19000:0:99999:7:::\n"
_SECRET = "Zs3cr3tH4sh"


def _alias_bomb(levels: int = 9, width: int = 9) -> str:
    lines = ["a0: &a0 [" + ", ".join(['"x"'] * width) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "policy_version: '1'\n" + "\n".join(lines) + "\n"


def _lint_problems(path: Path) -> tuple[str, ...]:
    report = lint_paths([path])
    assert not report.ok
    return report.problems


def test_link_to_a_secret_file_is_not_echoed(tmp_path: Path) -> None:
    shadow = tmp_path / "shadow"
    shadow.write_text(_SHADOW, encoding="utf-8")
    link = tmp_path / "evil.yaml"
    link.symlink_to(shadow)
    problems = _lint_problems(link)
    assert problems == (
        f"{link}:1:1: <file>: not a policy or job file: none of its top-level keys is a "
        "policy or job key (its content is not shown)",
    )
    assert not any(_SECRET in p or "daemon" in p for p in problems)
    with pytest.raises(PolicyError) as policy_error:
        load_policy(link)
    with pytest.raises(PolicyError) as job_error:
        load_job(link)
    for exc in (policy_error.value, job_error.value):
        shown = " ".join([exc.message, *exc.problems])
        assert _SECRET not in shown and "daemon" not in shown


def test_a_link_to_a_regular_policy_file_is_read(
    tmp_path: Path, write_file: Callable[[str, str], Path], base_policy: str
) -> None:
    target = write_file("store/tickets.yaml", base_policy)
    link = tmp_path / "tickets.yaml"
    link.symlink_to(target)
    assert load_policy(link).policy.source.name == "tickets"


@pytest.mark.timeout(30)
def test_link_to_a_device_or_fifo_is_refused_without_reading(tmp_path: Path) -> None:
    zero = tmp_path / "zero.yaml"
    zero.symlink_to("/dev/zero")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo)
    report = lint_paths([zero, fifo, tmp_path / "missing.yaml"])
    assert report.problems == (
        f"{zero}:1:1: <file>: file is a character device, not a regular file",
        f"{fifo}:1:1: <file>: file is a FIFO, not a regular file",
        f"{tmp_path / 'missing.yaml'}:1:1: <file>: cannot read file: No such file or directory",
    )
    with pytest.raises(PolicyError, match="not a regular file"):
        load_job(fifo)


def test_oversized_file_is_refused(
    write_file: Callable[[str, str], Path], base_policy: str
) -> None:
    padding = "# " + "x" * 78 + "\n"
    text = base_policy + padding * (MAX_HUMAN_FILE_BYTES // len(padding) + 1)
    path = write_file("tickets.yaml", text)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert exc.value.problems == [
        f"{path}:1:1: <file>: file is larger than the limit of {MAX_HUMAN_FILE_BYTES} bytes"
    ]


@pytest.mark.timeout(30)
@pytest.mark.parametrize("loader", [load_policy, load_job], ids=["policy", "job"])
def test_alias_bomb_is_refused_quickly(
    write_file: Callable[[str, str], Path], loader: Callable[[Path], object]
) -> None:
    path = write_file("bomb.yaml", _alias_bomb())
    with pytest.raises(PolicyError) as exc:
        loader(path)
    assert exc.value.problems == [
        f"{path}:7:10: <yaml>: the document expands to more than 100000 nodes "
        "(aliases counted as what they stand for)"
    ]
    assert _lint_problems(path) == tuple(exc.value.problems)


def test_recursive_alias_is_refused(write_file: Callable[[str, str], Path]) -> None:
    path = write_file("loop.yaml", "policy_version: &a [1, *a]\n")
    with pytest.raises(PolicyError, match="YAML syntax error") as exc:
        load_policy(path)
    assert "refers to a node that contains it" in exc.value.problems[0]


@pytest.mark.parametrize("loader", [load_policy, load_job], ids=["policy", "job"])
def test_deep_nesting_is_refused_without_recursion_error(
    write_file: Callable[[str, str], Path], loader: Callable[[Path], object]
) -> None:
    depth = 100_000
    path = write_file("deep.yaml", "source: " + "[" * depth + "]" * depth + "\n")
    with pytest.raises(PolicyError) as exc:
        loader(path)
    assert exc.value.problems == [
        f"{path}:1:{8 + MAX_YAML_DEPTH}: <yaml>: nested deeper than {MAX_YAML_DEPTH} levels"
    ]


def test_nesting_within_the_limit_still_validates(
    write_file: Callable[[str, str], Path], base_policy: str
) -> None:
    depth = MAX_YAML_DEPTH - 2
    nested = "[" * depth + "]" * depth
    text = base_policy.replace('policy_version: "1"', f"policy_version: {nested}")
    with pytest.raises(PolicyError) as exc:
        load_policy(write_file("tickets.yaml", text))
    assert exc.value.problems[0].endswith("policy_version: Input should be a valid string")


def test_alias_names_of_unrecognised_files_are_not_echoed(
    write_file: Callable[[str, str], Path],
) -> None:
    path = write_file("alias.yaml", f"key: *{_SECRET}\n")
    problems = _lint_problems(path)
    assert problems == (f"{path}:1:6: <yaml>: found undefined alias '…'",)


_EXPONENTIAL = [r"(\w+\s?)*$", r"(a+)+b", r"(\d|\d\d)+x", r"(?:.*,){2,}end", r"(x?x)+y"]
_SAFE = [r"MRN-\d{7}", r"\b(?:[A-Z][a-z]+\s)+[A-Z][a-z]+\b", r"(?:\d{3}-){2}\d{4}", r"(a|ab)*c"]


@pytest.mark.parametrize("regex", _EXPONENTIAL)
def test_custom_regex_with_exponential_backtracking_is_refused(
    write_file: Callable[[str, str], Path], base_policy: str, regex: str
) -> None:
    quoted = regex.replace("'", "''")
    text = base_policy.replace("regex: 'MRN-\\d{7}'", f"regex: '{quoted}'")
    path = write_file("tickets.yaml", text)
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    refused = "prompt.custom_recognizers[0].patterns[0].regex: regular expression refused"
    assert any(refused in problem for problem in exc.value.problems)


@pytest.mark.parametrize("regex", _SAFE)
def test_linear_custom_regexes_pass(regex: str) -> None:
    assert exponential_risk(regex) is None


def test_example_policies_have_no_risky_regex() -> None:
    for path in sorted(Path("policies").glob("*.yaml")):
        load_policy(path)


def test_control_character_is_a_located_problem(
    write_file: Callable[[str, str], Path], base_policy: str
) -> None:
    """Found by the policy fuzz target: PyYAML's reader raised outside the error handling."""
    path = write_file("tickets.yaml", base_policy.replace("source:", "sou\x03rce:"))
    with pytest.raises(PolicyError) as exc:
        load_policy(path)
    assert exc.value.problems == [f"{path}:3:4: <yaml>: character #x0003 is not allowed in YAML"]
