"""Read human-edited YAML files with line and column tracking and validate them.

Policy and job files are composed with PyYAML (``yaml.compose``) so every value keeps its
position. Validation errors from pydantic carry a ``loc`` tuple (``("prompt", "entities",
"EMAIL_ADDRESS", "action")``); :meth:`YamlDocument.problem` walks the node tree along that
tuple and returns a :class:`Problem` that names ``file:line:column`` and the key. All
problems of a file are collected; nothing stops at the first one.
"""

from __future__ import annotations

import difflib
import re
import types
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Generic, TypeVar, Union, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from governance.errors import ConfigError, PolicyError
from governance.files import MAX_HUMAN_FILE_BYTES, read_regular_file
from governance.policy.yaml_limits import BoundedLoader

__all__ = [
    "Loc",
    "Problem",
    "Validation",
    "YamlDocument",
    "did_you_mean",
    "display_path",
    "format_loc",
    "parse_yaml",
    "read_yaml",
    "validate_document",
]

Loc = tuple[int | str, ...]
M = TypeVar("M", bound=BaseModel)

#: Key shown for problems that belong to the file rather than to a key.
_FILE_KEY = "<file>"
#: A quoted piece of the file in a PyYAML message (an alias, anchor or tag name); PyYAML's
#: own token names (``'<block end>'``) and single characters (``'\\t'``) are kept.
_QUOTED_CONTENT = re.compile(r"'(?!<)[^']{3,}'|\"(?!<)[^\"]{3,}\"")


@dataclass(frozen=True)
class Problem:
    """One violation, located in a file: ``file:line:column: key: message``."""

    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.key}: {self.message}"


def display_path(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it, else as given."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def format_loc(loc: Loc) -> str:
    """Dotted key path: ``("teacher", "allowed", 0, "model")`` -> ``teacher.allowed[0].model``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part != "[key]":
            out += f".{part}" if out else part
    return out or "<root>"


@dataclass(frozen=True)
class YamlDocument:
    """A YAML file whose root is a mapping, with its node tree for locating keys."""

    file: str
    text: str
    root: yaml.MappingNode
    data: dict[str, Any]

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        """A :class:`Problem` at the node ``loc`` names (or its nearest existing ancestor).

        The position is the key's for containers and when ``at_key`` is set, else the
        value's.
        """
        mark = _locate(self.root, loc, at_key=at_key)
        return Problem(self.file, mark.line + 1, mark.column + 1, format_loc(loc), message)

    def validation_problems(
        self, exc: ValidationError, *, model: type[BaseModel] | None = None
    ) -> list[Problem]:
        """Every error of a pydantic ``ValidationError``, located in this file.

        With ``model`` (the validated class), an unknown key gets a "did you mean" hint.
        """
        return [self._from_error(err, model) for err in exc.errors(include_url=False)]

    def _from_error(self, err: ErrorDetails, model: type[BaseModel] | None) -> Problem:
        loc: Loc = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        value = err.get("input")
        if err["type"] not in {"missing", "extra_forbidden"} and not isinstance(value, dict | list):
            shown = repr(value)
            message += f" (got {shown[:77] + '...' if len(shown) > 80 else shown})"
        if err["type"] == "extra_forbidden" and model is not None and loc:
            message += did_you_mean(str(loc[-1]), _keys_at(model, loc[:-1]))
        at_key = err["type"] == "extra_forbidden" or loc[-1:] == ("[key]",)
        return self.problem(loc, message, at_key=at_key)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` for the closest of ``choices``, or ``""``.

    >>> did_you_mean("target_epsilion", ["delta", "target_epsilon"])
    "; did you mean 'target_epsilon'?"
    """
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.7)
    return f"; did you mean {close[0]!r}?" if close else ""


def _keys_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Keys the model accepts at ``loc`` (empty when ``loc`` leads to no model)."""
    current: object = model
    for part in loc:
        current = _step(current, part)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [field.alias or name for name, field in current.model_fields.items()]
    return []


def _step(annotation: object, part: int | str) -> object:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, field in annotation.model_fields.items():
            if part in (name, field.alias):
                return _strip(field.annotation)
        return None
    args = get_args(annotation)
    if get_origin(annotation) is list and isinstance(part, int) and args:
        return _strip(args[0])
    if get_origin(annotation) is dict and isinstance(part, str) and len(args) == 2:
        return _strip(args[1])
    return None


def _strip(annotation: object) -> object:
    """``X | None`` and ``Annotated[X, ...]`` -> ``X``."""
    origin = get_origin(annotation)
    if origin is Annotated:
        return _strip(get_args(annotation)[0])
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return _strip(args[0]) if len(args) == 1 else annotation
    return annotation


def _locate(root: yaml.Node, loc: Loc, *, at_key: bool) -> yaml.Mark:
    node: yaml.Node = root
    key_node: yaml.Node | None = None
    for part in loc:
        child = _child(node, part)
        if child is None:
            if part == "[key]":
                break
            return key_node.start_mark if key_node is not None else node.start_mark
        key_node, node = child
    if key_node is not None and (at_key or isinstance(node, yaml.CollectionNode)):
        return key_node.start_mark
    return node.start_mark


def _child(node: yaml.Node, part: int | str) -> tuple[yaml.Node, yaml.Node] | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == str(part):
                return key, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
        item: yaml.Node = node.value[part]
        return item, item
    return None


def _duplicate_keys(file: str, node: yaml.Node) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, yaml.Mark] = {}
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                first = seen.get(key.value)
                if first is not None:
                    mark = key.start_mark
                    problems.append(
                        Problem(
                            file,
                            mark.line + 1,
                            mark.column + 1,
                            key.value,
                            f"duplicate key (first defined at line {first.line + 1})",
                        )
                    )
                else:
                    seen[key.value] = key.start_mark
            problems.extend(_duplicate_keys(file, value))
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            problems.extend(_duplicate_keys(file, item))
    return problems


def _error(file: str, problems: Sequence[Problem], what: str) -> PolicyError:
    return PolicyError(
        f"{file}: {what}",
        problems=[str(p) for p in problems],
        hint="fix every listed line; `distillgate policy lint FILE` re-checks the file",
    )


def parse_yaml(
    text: str,
    *,
    file: str,
    known_keys: Collection[str] | None = None,
    kind: str = "policy or job",
) -> YamlDocument:
    """Compose and construct ``text``; raises :class:`PolicyError` on syntax errors,
    duplicate keys, several documents, a root that is not a mapping, nesting or alias
    expansion beyond the limits of :mod:`governance.policy.yaml_limits`.

    With ``known_keys``, a mapping none of whose top-level keys is known is refused as not
    a ``kind`` file, and nothing of its content appears in the problem: such a file may be
    anything a link pointed at (``/etc/shadow`` parses as a mapping of its lines).
    """
    try:
        loader = BoundedLoader(text)
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, column = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        reason = f"character #x{exc.character:04x} is not allowed in YAML"
        problem = Problem(file, line, column, "<yaml>", reason)
        raise _error(file, [problem], "YAML syntax error") from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise _error(file, [Problem(file, 1, 1, _FILE_KEY, "file is empty")], "empty file")
        if not isinstance(node, yaml.MappingNode):
            mark = node.start_mark
            problem = Problem(
                file, mark.line + 1, mark.column + 1, _FILE_KEY, "top level must be a mapping"
            )
            raise _error(file, [problem], "not a mapping")
        if known_keys is not None and not _has_known_key(node, known_keys):
            message = f"not a {kind} file: none of its top-level keys is a {kind} key"
            problem = Problem(file, 1, 1, _FILE_KEY, f"{message} (its content is not shown)")
            raise _error(file, [problem], message)
        duplicates = _duplicate_keys(file, node)
        if duplicates:
            raise _error(file, duplicates, f"{len(duplicates)} duplicate key(s)")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        reason = _QUOTED_CONTENT.sub("'…'", exc.problem or exc.context or "invalid YAML")
        problem = Problem(file, line, column, "<yaml>", reason)
        raise _error(file, [problem], "YAML syntax error") from None
    except yaml.YAMLError:
        problem = Problem(file, 1, 1, "<yaml>", "invalid YAML")
        raise _error(file, [problem], "YAML error") from None
    finally:
        loader.dispose()
    return YamlDocument(file=file, text=text, root=node, data=data)


def _has_known_key(root: yaml.MappingNode, known_keys: Collection[str]) -> bool:
    keys = (key.value for key, _ in root.value if isinstance(key, yaml.ScalarNode))
    return any(key in known_keys for key in keys)


def read_yaml(
    path: Path, *, known_keys: Collection[str] | None = None, kind: str = "policy or job"
) -> YamlDocument:
    """Read ``path`` and :func:`parse_yaml` it.

    Only a regular file (a link is followed to one) of at most
    :data:`~governance.files.MAX_HUMAN_FILE_BYTES` bytes of UTF-8 is read; anything else
    raises :class:`PolicyError` naming the file, never its content.
    """
    file = display_path(path)
    try:
        data = read_regular_file(path, max_bytes=MAX_HUMAN_FILE_BYTES)
    except ConfigError as exc:
        reason = exc.message.replace(f" {path}", "", 1)
        problem = Problem(file, 1, 1, _FILE_KEY, reason)
        raise _error(file, [problem], reason) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        reason = f"not UTF-8 text (invalid byte at offset {exc.start})"
        raise _error(file, [Problem(file, 1, 1, _FILE_KEY, reason)], reason) from None
    return parse_yaml(text, file=file, known_keys=known_keys, kind=kind)


@dataclass(frozen=True)
class Validation(Generic[M]):
    """Outcome of validating a document: the model (``None`` on failure) and the problems."""

    value: M | None
    problems: tuple[Problem, ...]


def validate_document(doc: YamlDocument, model: type[M]) -> Validation[M]:
    """Validate ``doc.data`` into ``model``, collecting every problem."""
    try:
        return Validation(model.model_validate(doc.data), ())
    except ValidationError as exc:
        return Validation(None, tuple(doc.validation_problems(exc, model=model)))
