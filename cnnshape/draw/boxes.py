"""The placed drawing: boxes, frames and edge routes in px (made by :mod:`cnnshape.draw.layout`
and :mod:`cnnshape.draw.routes`, drawn by :mod:`cnnshape.draw.svg`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from cnnshape.draw.graph import Cluster, Edge, Node

Point = tuple[float, float]


@dataclass(slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def bottom(self) -> float:
        return self.y + self.h


@dataclass(slots=True)
class Placed:
    node: Node
    box: Box
    lines: list[str]


@dataclass(slots=True)
class Frame:
    cluster: Cluster
    box: Box
    depth: int


@dataclass(slots=True)
class Route:
    edge: Edge
    points: list[Point]
    label: str = ""
    at: Point = (0, 0)  # where the label's baseline is centred


@dataclass(slots=True)
class Layout:
    width: float
    height: float
    nodes: dict[str, Placed] = field(default_factory=dict)
    frames: list[Frame] = field(default_factory=list)
    routes: list[Route] = field(default_factory=list)
