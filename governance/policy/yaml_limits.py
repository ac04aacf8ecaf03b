"""A PyYAML safe loader that bounds nesting depth and alias expansion.

PyYAML shares the node of an anchor among its aliases, so nine levels of nine aliases
compose in microseconds, but everything that walks the result as a tree (duplicate-key
checks, pydantic validation) visits 9**9 nodes. :class:`BoundedLoader` counts every node as
the tree walkers will see it (an alias counts the whole subtree it stands for), refuses
more than :data:`MAX_YAML_NODES` of them, refuses aliases to a node that contains them
(recursive structures) and nesting deeper than :data:`MAX_YAML_DEPTH` (the composer
recurses per level, so a 100,000-deep list would otherwise end in ``RecursionError``).
"""

from __future__ import annotations

from typing import cast

import yaml
from yaml.composer import ComposerError
from yaml.error import Mark

__all__ = ["MAX_YAML_DEPTH", "MAX_YAML_NODES", "BoundedLoader"]

#: Deepest nesting of mappings and lists (policies nest six levels).
MAX_YAML_DEPTH = 64
#: Most nodes a document may expand to, aliases expanded (a policy has a few hundred).
MAX_YAML_NODES = 100_000


class BoundedLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with the depth and expansion limits of this module."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._expanded = 0
        #: Expanded size of every composed node, by ``id`` (the nodes stay alive in the tree).
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        event: yaml.Event = self.peek_event()  # type: ignore[no-untyped-call]
        mark = cast(Mark | None, event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            node = super().compose_node(parent, index)
            size = self._sizes.get(id(node))
            if size is None:
                raise ComposerError(
                    None, None, "an alias refers to a node that contains it (recursive)", mark
                )
            self._count(size, mark)
            return node
        self._depth += 1
        if self._depth > MAX_YAML_DEPTH:
            raise ComposerError(None, None, f"nested deeper than {MAX_YAML_DEPTH} levels", mark)
        before = self._expanded
        self._count(1, mark)
        node = super().compose_node(parent, index)
        self._depth -= 1
        self._sizes[id(node)] = self._expanded - before
        return node

    def _count(self, nodes: int, mark: Mark | None) -> None:
        self._expanded += nodes
        if self._expanded > MAX_YAML_NODES:
            raise ComposerError(
                None,
                None,
                f"the document expands to more than {MAX_YAML_NODES} nodes "
                "(aliases counted as what they stand for)",
                mark,
            )
