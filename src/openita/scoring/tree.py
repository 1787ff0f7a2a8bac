"""OIT item trees: how items combine into an indicator, at any depth (pure, no IO).

An OIT indicator is the root of a tree: indicator → sub-indicator → group → … → item. Each
node is the weighted mean of its children (``combine: weighted_mean``, the one rule the
framework files declare); a leaf is an OIT item scored 0–100 (0/100 in binary years, partial
credit in others). With equal weights and 0/100 items a sub-indicator is the share of its
items present and an indicator the plain mean of its sub-indicators: the FY2564 rule that
reproduces every published indicator 9/10 value of 13 agencies (docs/frameworks.md, "OIT
item trees"; tests/scoring/test_tree.py).

:func:`aggregate` is the one home of "indicator from items": the engine, the consistency
checks and (through :mod:`openita.analysis.contribution`, whose shares are :func:`shares`)
what-if and the optimiser all use it. Because every node is a weighted mean, an indicator is
exactly ``Σ share(item) × score(item)``; a test holds the two functions to that.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OitNode:
    """One node of an OIT tree: an item (a leaf) or a node with weighted children."""

    id: str
    weight: float = 1.0
    children: tuple[OitNode, ...] = ()
    item: bool = False

    @property
    def children_weight(self) -> float:
        return sum(child.weight for child in self.children)


def aggregate(
    node: OitNode, scores: Mapping[str, float], out: dict[str, float] | None = None
) -> float | None:
    """The score of ``node`` from its items' ``scores``; None if any item has no score.

    A node without children (a sub-indicator with no item listed) has no score either. When
    ``out`` is given, the score of every node reached is recorded there by node id.
    """
    if node.item:
        return scores.get(node.id)
    if not node.children:
        return None
    total = 0.0
    for child in node.children:
        value = aggregate(child, scores, out)
        if value is None:
            return None
        total += value * child.weight
    result = total / node.children_weight
    if out is not None:
        out[node.id] = result
    return result


def shares(node: OitNode) -> dict[str, float]:
    """Each item's share of ``node``: indicator points per item point.

    The product, along the path from ``node`` down to the item, of each node's weight over the
    weights of it and its siblings. The shares of a node's items add up to 1.
    """
    found: dict[str, float] = {}

    def walk(current: OitNode, share: float) -> None:
        if current.item:
            found[current.id] = share
            return
        weight = current.children_weight
        for child in current.children:
            walk(child, share * child.weight / weight)

    walk(node, 1.0)
    return found
