"""Point labels that never overlap: each label tries a few places around its point (in the order
of :data:`OFFSETS`) and takes the first that neither overlaps a label already placed, nor an
obstacle (quadrant captions), nor leaves the axes; a label with no free place is left out (the
table beside the chart names every point). Greedy and deterministic, measured with the renderer's
own text extents, so it is fast enough for 81 provinces and needs no extra dependency."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib.transforms import Bbox

#: Candidate offsets (in points, ×1 then ×2.5 of the base distance) around a point: right, above
#: right, below right, left, above, below, above left, below left.
OFFSETS = ((1, 0), (0.8, 0.8), (0.8, -0.8), (-1, 0), (0, 1), (0, -1), (-0.8, 0.8), (-0.8, -0.8))
_ALIGN = {1: "left", 0: "center", -1: "right"}
_VALIGN = {1: "bottom", 0: "center", -1: "top"}


def _sign(v: float) -> int:
    return 0 if abs(v) < 0.5 else (1 if v > 0 else -1)


def place_labels(ax, points: Sequence[tuple[float, float, str, float]], *, fontsize: float = 7,
                 obstacles: Sequence[Bbox] = (), pad: float = 1.5, color: str = "#222") -> list:
    """Place ``(x, y, text, radius_pt)`` labels in data coordinates, in the given order (most
    important first). Returns the text artists placed."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    taken = [b.padded(pad) for b in obstacles]
    dpi_scale = fig.dpi / 72.0
    placed = []
    for x, y, label, radius in points:
        base = max(3.0, radius + 2.0)
        done = False
        for mult in (1.0, 2.5):
            for dx, dy in OFFSETS:
                off = (dx * base * mult, dy * base * mult)
                t = ax.annotate(label, (x, y), xytext=off, textcoords="offset points", fontsize=fontsize,
                                ha=_ALIGN[_sign(dx)], va=_VALIGN[_sign(dy)], color=color,
                                arrowprops=({"arrowstyle": "-", "color": "#999", "lw": 0.5}
                                            if mult > 1 else None))
                box = t.get_window_extent(renderer)
                inside = (box.x0 >= frame.x0 and box.x1 <= frame.x1 and box.y0 >= frame.y0 and box.y1 <= frame.y1)
                if inside and not any(box.overlaps(b) for b in taken):
                    taken.append(box.padded(pad * dpi_scale))
                    placed.append(t)
                    done = True
                    break
                t.remove()
            if done:
                break
    return placed


def overlapping(texts: Sequence, renderer=None) -> list[tuple[str, str]]:
    """Pairs of visible, non-empty texts whose drawn boxes overlap (for tests and checks)."""
    boxes = []
    for t in texts:
        if not t.get_visible() or not t.get_text().strip():
            continue
        r = renderer or t.figure.canvas.get_renderer()
        boxes.append((t.get_text(), t.get_window_extent(r)))
    out = []
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if ba.overlaps(bb):
                out.append((a, b))
    return out
