"""Pure RFC 6962 / RFC 9162 Merkle tree functions.

Leaf hashes are ``SHA-256(0x00 || data)``, interior nodes ``SHA-256(0x01 || left || right)``
and the tree over ``n`` leaves splits at the largest power of two smaller than ``n``. Every
function here is pure except :class:`MerkleFrontier`, the O(log n) incremental state the
writer keeps to compute the root of a growing log.

>>> root = tree_root([leaf_hash(b"a"), leaf_hash(b"b"), leaf_hash(b"c")])
>>> proof = inclusion_proof(2, [leaf_hash(b"a"), leaf_hash(b"b"), leaf_hash(b"c")])
>>> verify_inclusion(2, 3, leaf_hash(b"c"), proof, root)
True
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Sequence

__all__ = [
    "EMPTY_ROOT",
    "MerkleFrontier",
    "consistency_proof",
    "extend_frontier",
    "inclusion_proof",
    "leaf_hash",
    "node_hash",
    "tree_root",
    "verify_consistency",
    "verify_inclusion",
]

_sha256 = hashlib.sha256

EMPTY_ROOT: bytes = _sha256(b"").digest()
"""Root hash of the empty tree (RFC 6962 section 2.1)."""


def leaf_hash(data: bytes) -> bytes:
    """``SHA-256(0x00 || data)``."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """``SHA-256(0x01 || left || right)``."""
    return _sha256(b"\x01" + left + right).digest()


def _split(n: int) -> int:
    """Largest power of two strictly smaller than ``n`` (``n >= 2``)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_root(leaf_hashes: Sequence[bytes]) -> bytes:
    """Merkle tree hash over already-hashed leaves (level by level; odd nodes are promoted)."""
    if not leaf_hashes:
        return EMPTY_ROOT
    level = list(leaf_hashes)
    while len(level) > 1:
        nxt = [
            _sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)
        ]
        if len(level) & 1:
            nxt.append(level[-1])
        level = nxt
    return level[0]


def inclusion_proof(index: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 ``PATH(index, D[n])``: the audit path of leaf ``index``, leaf-side first."""
    n = len(leaf_hashes)
    if not 0 <= index < n:
        raise IndexError(f"leaf index {index} outside a tree of {n} leaves")
    path: list[bytes] = []
    lo, hi = 0, n
    while hi - lo > 1:
        k = _split(hi - lo)
        if index < lo + k:
            path.append(tree_root(leaf_hashes[lo + k : hi]))
            hi = lo + k
        else:
            path.append(tree_root(leaf_hashes[lo : lo + k]))
            lo = lo + k
    path.reverse()
    return path


def verify_inclusion(
    index: int, tree_size: int, leaf: bytes, proof: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: does ``proof`` show ``leaf`` at ``index`` under ``root``?"""
    if index < 0 or index >= tree_size:
        return False
    fn, sn = index, tree_size - 1
    r = leaf
    for p in proof:
        if len(p) != 32 or sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def consistency_proof(old_size: int, leaf_hashes: Sequence[bytes]) -> list[bytes]:
    """RFC 6962 ``PROOF(old_size, D[n])`` for ``1 <= old_size <= n``."""
    n = len(leaf_hashes)
    if not 1 <= old_size <= n:
        raise ValueError(f"consistency proof needs 1 <= old size ({old_size}) <= {n}")
    return _subproof(old_size, leaf_hashes, 0, n, True)


def _subproof(m: int, hashes: Sequence[bytes], lo: int, hi: int, complete: bool) -> list[bytes]:
    n = hi - lo
    if m == n:
        return [] if complete else [tree_root(hashes[lo:hi])]
    k = _split(n)
    if m <= k:
        return [*_subproof(m, hashes, lo, lo + k, complete), tree_root(hashes[lo + k : hi])]
    return [*_subproof(m - k, hashes, lo + k, hi, False), tree_root(hashes[lo : lo + k])]


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: is the tree ``old_root`` a prefix of ``new_root``?"""
    if old_size < 1 or old_size > new_size or any(len(p) != 32 for p in proof):
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == old_root and sr == new_root and sn == 0


class MerkleFrontier:
    """Incremental tree head: the roots of the perfect subtrees of a growing log.

    Appending costs amortised O(1) hashes; :meth:`root` costs O(log n). The stack holds at
    most one subtree per set bit of :attr:`size`, largest first.
    """

    __slots__ = ("_stack", "size")

    def __init__(self) -> None:
        self._stack: list[bytes] = []
        self.size = 0

    def append(self, leaf: bytes) -> None:
        """Add one leaf hash."""
        stack = self._stack
        size = self.size
        h = leaf
        while size & 1:
            h = _sha256(b"\x01" + stack.pop() + h).digest()
            size >>= 1
        stack.append(h)
        self.size += 1

    def append_subtree(self, node: bytes, height: int) -> None:
        """Add the root of a perfect subtree of ``2**height`` leaves (size must be aligned)."""
        if self.size & ((1 << height) - 1):
            raise ValueError(f"a subtree of height {height} cannot follow {self.size} leaves")
        stack = self._stack
        size = self.size >> height
        h = node
        while size & 1:
            h = _sha256(b"\x01" + stack.pop() + h).digest()
            size >>= 1
        stack.append(h)
        self.size += 1 << height

    def root(self) -> bytes:
        """Root hash over every leaf appended so far."""
        return _fold(self._stack)


def _fold(nodes: Sequence[bytes]) -> bytes:
    """Root over perfect subtree roots, largest (leftmost) first."""
    if not nodes:
        return EMPTY_ROOT
    r = nodes[-1]
    for h in reversed(nodes[:-1]):
        r = _sha256(b"\x01" + h + r).digest()
    return r


_CHUNK_BITS = 10
_CHUNK = 1 << _CHUNK_BITS


def extend_frontier(
    frontier: MerkleFrontier, leaves: Sequence[bytes], sizes: Collection[int] = ()
) -> dict[int, bytes]:
    """Append ``leaves`` to ``frontier``; return the root at each of ``sizes`` it passes.

    Same result as appending one leaf at a time, but blocks of up to 1024 leaves are hashed
    level by level and the roots inside a block come from its levels: O(n) hashes, O(log n)
    state besides one block.
    """
    wanted = {s for s in sizes if frontier.size <= s <= frontier.size + len(leaves)}
    roots: dict[int, bytes] = {}
    if frontier.size in wanted:
        roots[frontier.size] = frontier.root()
    pos, n = 0, len(leaves)
    while pos < n:
        size = frontier.size
        if size & (_CHUNK - 1):  # not on a block boundary: one leaf at a time up to it
            stop = min(n, pos + _CHUNK - (size & (_CHUNK - 1)))
            for leaf in leaves[pos:stop]:
                frontier.append(leaf)
                if frontier.size in wanted:
                    roots[frontier.size] = frontier.root()
            pos = stop
            continue
        # levels[h][j] is the root of the perfect subtree over block leaves [j*2^h, (j+1)*2^h).
        levels = [leaves[pos : pos + _CHUNK]]
        while len(below := levels[-1]) > 1:
            pairs = zip(below[0::2], below[1::2], strict=False)
            levels.append([_sha256(b"\x01" + a + b).digest() for a, b in pairs])
        m = len(levels[0])
        for target in sorted(t for t in wanted if size < t <= size + m):
            roots[target] = _fold(frontier._stack + _decompose(levels, target - size))
        offset = 0
        for height in range(len(levels) - 1, -1, -1):
            if m >> height & 1:
                frontier.append_subtree(levels[height][offset >> height], height)
                offset += 1 << height
        pos += m
    return roots


def _decompose(levels: Sequence[Sequence[bytes]], m: int) -> list[bytes]:
    """Roots of the perfect subtrees covering the first ``m`` leaves of a block, largest first."""
    nodes: list[bytes] = []
    offset = 0
    for height in range(len(levels) - 1, -1, -1):
        if m >> height & 1:
            nodes.append(levels[height][offset >> height])
            offset += 1 << height
    return nodes
