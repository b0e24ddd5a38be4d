"""Centre lines of a filled glyph image, traced into pen strokes (numpy only).

``build_glyph_strokes.py`` renders the digits of many typefaces and hands
each image to :func:`glyph_strokes`; nothing here knows of fonts, Qt or the
data file. Images are arrays indexed (y, x), y growing downwards; strokes
come out as (x, y) pixel polylines. The steps:

1. the anti-aliased image is thresholded at 0.5 and holes of a few pixels
   (slivers where two strokes nearly meet) are filled
   (:func:`fill_small_holes`);
2. the ink is thinned to 1-px centre lines (:func:`zhang_suen`), then the
   corner pixels of staircases are removed (:func:`clean_staircases`);
3. spurs are pruned (:func:`prune`): an end branch whose ink reaches less
   than 5 % of the glyph height, or half the stroke's radius, beyond the
   ink of its junction (serif stubs, the corners of heavy strokes, skeleton
   noise), and the shorter prong of a fork where a heavy stroke ends cut at
   a slant;
4. the skeleton becomes a graph of end points, junctions and the pixel
   paths between them (:class:`Graph`; a 0 is one closed loop). At every
   junction its paths are paired, each pair becoming one pen path through
   the junction; the pairings of all junctions are chosen together for the
   fewest strokes, then the gentlest turns, and a short end branch (the
   middle tongue of a 3, a corner a heavy 7 leaves) may be drawn there and
   back, as a pen does, when that saves a stroke (:func:`strokes_of`);
5. a stroke lying inside a closed stroke (the dot of a dotted zero,
   :func:`inside`) is dropped, a slash that crosses the zero stays; every
   stroke is simplified (Ramer–Douglas–Peucker, 1 px: :func:`simplify`,
   :func:`rdp`), strokes shorter than 5 px are dropped, and each is
   oriented (:func:`orient`): open strokes start at their upper (or, for
   flat strokes, left) end; closed strokes start at their top, run
   anticlockwise on screen and repeat their first point at the end.

The stroke width is measured along the final centre lines
(:func:`background_distance`). The thresholds below are set for glyphs
:data:`GLYPH_PX` pixels tall.
"""

from __future__ import annotations

import math

import numpy as np

GLYPH_PX = 160
"""Ink height in pixels of the glyph images the thresholds are set for."""
SPUR = 0.05
"""End branches whose ink sticks out less than this × glyph height ..."""
SPUR_R = 0.5
"""... or this × the stroke radius at their junction are pruned."""
FORK_R = 3.0
"""Of two end branches less than FORK_DEG apart, the shorter goes if it ..."""
FORK_DEG = 100.0
"""... reaches less than FORK_R × the radius at the junction."""
RDP_PX = 1.0
"""Simplification tolerance in pixels."""
MIN_STROKE_PX = 5.0
"""Shorter strokes are dropped."""
MIN_HOLE_PX = 40
"""Smaller holes in the filled glyph (slivers where strokes nearly touch) are filled."""
TURN_COST = 1.0
"""Cost of a U-turn at a junction, against 1 for one more stroke."""
RETRACE_MAX = 0.35
"""End branches up to this × glyph height may be drawn there and back ..."""
RETRACE_COST = 2.0
"""... at this cost per glyph height of length."""
MAX_PLANS = 5000
"""Junction pairings tried at most per glyph."""


# --------------------------------------------------------------------------- skeleton

# Neighbour offsets in the order P2…P9 of Zhang & Suen: N, NE, E, SE, S, SW, W, NW.
RING = [(-1, 0), (-1, 1), (0, 1), (1, 1), (1, 0), (1, -1), (0, -1), (-1, -1)]


def _ring(im: np.ndarray) -> list[np.ndarray]:
    """The eight neighbour planes (P2…P9) of the interior of a zero-bordered image.

    Parameters
    ----------
    im : ndarray, shape (h, w)
        Image with a border of zeros one pixel wide.

    Returns
    -------
    list of ndarray, shape (h - 2, w - 2)
        Views of ``im``: plane ``i`` holds the neighbour at offset ``RING[i]`` of every interior pixel.
    """
    h, w = im.shape
    return [im[1 + dy:h - 1 + dy, 1 + dx:w - 1 + dx] for dy, dx in RING]


def zhang_suen(mask: np.ndarray) -> np.ndarray:
    """1-px skeleton of a boolean image (Zhang & Suen 1984), every sub-iteration vectorised.

    Parameters
    ----------
    mask : ndarray of bool, shape (h, w)
        Ink is True.

    Returns
    -------
    ndarray of bool, shape (h, w)
        The thinned ink.
    """
    im = np.pad(mask.astype(np.uint8), 1)
    while True:
        changed = False
        for step in (0, 1):
            p = _ring(im)
            centre = im[1:-1, 1:-1]
            b = sum(p)
            a = sum(((p[i] == 0) & (p[(i + 1) % 8] == 1)).astype(np.uint8) for i in range(8))
            if step == 0:
                c = (p[0] * p[2] * p[4] == 0) & (p[2] * p[4] * p[6] == 0)
            else:
                c = (p[0] * p[2] * p[6] == 0) & (p[0] * p[4] * p[6] == 0)
            kill = (centre == 1) & (b >= 2) & (b <= 6) & (a == 1) & c
            if kill.any():
                centre[kill] = 0
                changed = True
        if not changed:
            return im[1:-1, 1:-1].astype(bool)


def fill_small_holes(mask: np.ndarray, max_area: int) -> np.ndarray:
    """Fill holes (background not connected to the border) of at most ``max_area`` pixels.

    Parameters
    ----------
    mask : ndarray of bool, shape (h, w)
        Ink is True.
    max_area : int
        Largest hole filled, in pixels (4-connected).

    Returns
    -------
    ndarray of bool, shape (h, w)
        A copy of ``mask`` with the small holes set.
    """
    bg = ~mask
    outside = np.zeros_like(mask)
    outside[0, :] = bg[0, :]
    outside[-1, :] = bg[-1, :]
    outside[:, 0] = bg[:, 0]
    outside[:, -1] = bg[:, -1]
    while True:
        grown = outside.copy()
        grown[1:, :] |= outside[:-1, :]
        grown[:-1, :] |= outside[1:, :]
        grown[:, 1:] |= outside[:, :-1]
        grown[:, :-1] |= outside[:, 1:]
        grown &= bg
        if (grown == outside).all():
            break
        outside = grown
    holes = bg & ~outside
    out = mask.copy()
    seen = np.zeros_like(mask)
    h, w = mask.shape
    for y, x in zip(*np.nonzero(holes)):
        if seen[y, x]:
            continue
        group = [(y, x)]
        seen[y, x] = True
        i = 0
        while i < len(group):
            cy, cx = group[i]
            i += 1
            for ny, nx in ((cy - 1, cx), (cy + 1, cx), (cy, cx - 1), (cy, cx + 1)):
                if 0 <= ny < h and 0 <= nx < w and holes[ny, nx] and not seen[ny, nx]:
                    seen[ny, nx] = True
                    group.append((ny, nx))
        if len(group) <= max_area:
            for gy, gx in group:
                out[gy, gx] = True
    return out


def _components8(bits: int) -> int:
    """Number of 8-connected groups among the set neighbours of a ring pattern.

    Parameters
    ----------
    bits : int
        Ring pattern, 0…255: bit ``i`` set when the neighbour at ``RING[i]`` is ink.

    Returns
    -------
    int
    """
    on = [i for i in range(8) if bits >> i & 1]
    seen: set[int] = set()
    groups = 0
    for s in on:
        if s in seen:
            continue
        groups += 1
        stack = [s]
        seen.add(s)
        while stack:
            i = stack.pop()
            yi, xi = RING[i]
            for j in on:
                if j not in seen and abs(RING[j][0] - yi) <= 1 and abs(RING[j][1] - xi) <= 1:
                    seen.add(j)
                    stack.append(j)
    return groups


COMPONENTS = [_components8(b) for b in range(256)]
# A pixel with two set 4-neighbours at a right angle (N&E, E&S, S&W, W&N) is a staircase corner.
CORNER = [any((b >> i & 1) and (b >> ((i + 2) % 8) & 1) for i in (0, 2, 4, 6)) for b in range(256)]
EDGE4 = [any(not (b >> i & 1) for i in (0, 2, 4, 6)) for b in range(256)]


def _pattern(sk: np.ndarray, y: int, x: int) -> int:
    """Ring pattern of the pixel (y, x): bit ``i`` set when its neighbour at ``RING[i]`` is set.

    Parameters
    ----------
    sk : ndarray of bool, shape (h, w)
    y, x : int
        An interior pixel of ``sk``.

    Returns
    -------
    int
        0…255, an index into :data:`COMPONENTS`, :data:`CORNER` and :data:`EDGE4`.
    """
    bits = 0
    for i, (dy, dx) in enumerate(RING):
        if sk[y + dy, x + dx]:
            bits |= 1 << i
    return bits


def clean_staircases(sk: np.ndarray) -> np.ndarray:
    """Remove corner pixels of staircases (they would make false junctions), keeping connectivity.

    Parameters
    ----------
    sk : ndarray of bool, shape (h, w)
        A 1-px skeleton.

    Returns
    -------
    ndarray of bool, shape (h, w)
        The skeleton without the corners, pixels visited in row order.
    """
    sk = np.pad(sk, 1)
    for y, x in zip(*np.nonzero(sk)):
        b = _pattern(sk, y, x)
        if CORNER[b] and COMPONENTS[b] == 1 and EDGE4[b] and bin(b).count("1") >= 2:
            sk[y, x] = False
    return sk[1:-1, 1:-1]


def background_distance(mask: np.ndarray, points: np.ndarray) -> np.ndarray:
    """Euclidean distance from each (y, x) point to the nearest background pixel.

    Parameters
    ----------
    mask : ndarray of bool, shape (h, w)
        Ink is True; outside the image counts as background.
    points : ndarray of int, shape (n, 2)
        (y, x) pixels, as ``np.argwhere`` gives them.

    Returns
    -------
    ndarray of float, shape (n,)
    """
    padded = np.pad(mask, 1)
    inner = padded[1:-1, 1:-1]
    # background pixels that touch ink: the nearest background pixel is always one of them
    touch = ~inner & (padded[:-2, 1:-1] | padded[2:, 1:-1] | padded[1:-1, :-2] | padded[1:-1, 2:])
    bg = np.argwhere(touch).astype(np.float64)
    out = np.empty(len(points))
    for s in range(0, len(points), 256):
        d = points[s:s + 256, None, :].astype(np.float64) - bg[None, :, :]
        out[s:s + 256] = np.sqrt((d ** 2).sum(-1).min(1))
    return out


# --------------------------------------------------------------------------- graph


class Graph:
    """Skeleton pixels split into nodes (end points, junction clusters) and the edges between them.

    Parameters
    ----------
    sk : ndarray of bool, shape (h, w)
        A 1-px skeleton, clear of the image border.

    Attributes
    ----------
    sk : ndarray of bool
        The skeleton given.
    pixels : set of (int, int)
        Its (y, x) pixels.
    nbrs : dict
        Pixel → its 8-neighbours in the skeleton.
    node_of : dict
        Pixel → node number, for the pixels of nodes: an end point (or lone pixel) is its own
        node; touching junction pixels (three or more neighbours) form one node.
    node_pixels : list of list of (int, int)
        The pixels of every node, sorted.
    centre : list of (float, float)
        The mean (y, x) of every node's pixels.
    degree : list of int
        The number of edge ends at every node (a loop from a node to itself counts twice).
    edges : list of (int, int, list of (int, int))
        (node a, node b, pixel path from a to b); a closed loop without nodes is
        (-1, -1, path) and repeats its first pixel at the end.
    """

    def __init__(self, sk: np.ndarray):
        self.sk = sk
        self.pixels = {(int(y), int(x)) for y, x in zip(*np.nonzero(sk))}
        self.nbrs = {p: [q for q in self._around(p) if q in self.pixels] for p in self.pixels}
        deg = {p: len(n) for p, n in self.nbrs.items()}
        # nodes: end points are their own node; touching junction pixels form one node
        self.node_of: dict[tuple[int, int], int] = {}
        self.node_pixels: list[list[tuple[int, int]]] = []
        for p in sorted(self.pixels):
            if deg[p] == 2 or p in self.node_of:
                continue
            group = [p]
            self.node_of[p] = len(self.node_pixels)
            if deg[p] >= 3:
                stack = [p]
                while stack:
                    q = stack.pop()
                    for r in self.nbrs[q]:
                        if deg[r] >= 3 and r not in self.node_of:
                            self.node_of[r] = self.node_of[p]
                            group.append(r)
                            stack.append(r)
            self.node_pixels.append(sorted(group))
        self.centre = [tuple(np.mean(g, axis=0)) for g in self.node_pixels]
        self.degree = [0] * len(self.node_pixels)
        # edges: (node a or -1, node b or -1, pixel path); -1 marks a closed loop without nodes
        self.edges: list[tuple[int, int, list[tuple[int, int]]]] = []
        used: set[tuple[int, int]] = set()
        direct: set[frozenset] = set()
        for p in sorted(self.node_of):
            a = self.node_of[p]
            for q in sorted(self.nbrs[p]):
                if q in self.node_of:
                    b = self.node_of[q]
                    key = frozenset((p, q))
                    if b != a and key not in direct:
                        direct.add(key)
                        self._add(a, b, [p, q])
                    continue
                if q in used:
                    continue
                path = [p, q]
                used.add(q)
                prev, cur = p, q
                while cur not in self.node_of:
                    nxt = [r for r in self.nbrs[cur] if r != prev and (r in self.node_of or r not in used)]
                    if not nxt:  # should not happen on a clean skeleton
                        break
                    prev, cur = cur, min(nxt, key=lambda r: (r not in self.node_of, r))
                    path.append(cur)
                    if cur not in self.node_of:
                        used.add(cur)
                if cur in self.node_of:
                    self._add(a, self.node_of[cur], path)
        for p in sorted(self.pixels - used - set(self.node_of)):
            if p in used:
                continue
            path = [p]
            used.add(p)
            prev, cur = None, p
            while True:
                nxt = [r for r in sorted(self.nbrs[cur]) if r != prev and r not in used]
                if not nxt:
                    break
                prev, cur = cur, nxt[0]
                used.add(cur)
                path.append(cur)
            path.append(p)
            self.edges.append((-1, -1, path))

    def _add(self, a: int, b: int, path: list[tuple[int, int]]) -> None:
        """Record the edge from node ``a`` to node ``b`` along ``path``, unless it is a tiny self-loop."""
        if a == b and len(path) < 8:
            return  # a pixel or two beside a junction, not a loop of the glyph
        self.edges.append((a, b, path))
        self.degree[a] += 1
        self.degree[b] += 1

    def _around(self, p: tuple[int, int]):
        """The eight pixels around ``p``, in the order of :data:`RING`."""
        y, x = p
        return [(y + dy, x + dx) for dy, dx in RING]

    def is_end(self, n: int) -> bool:
        """Whether node ``n`` is an end point (one edge end).

        Parameters
        ----------
        n : int
            Node number.

        Returns
        -------
        bool
        """
        return self.degree[n] == 1


def path_length(pts) -> float:
    """Length of a polyline.

    Parameters
    ----------
    pts : array_like, shape (n, 2)
        Points in order, (y, x) or (x, y).

    Returns
    -------
    float
        The sum of the segment lengths; 0 for fewer than two points.
    """
    a = np.asarray(pts, np.float64)
    return float(np.sqrt((np.diff(a, axis=0) ** 2).sum(1)).sum()) if len(a) > 1 else 0.0


def prune(sk: np.ndarray, radius: dict, limit: float) -> np.ndarray:
    """Remove spurs: end branches that reach less than ``limit`` beyond the stroke at their junction.

    A branch's ink reaches its length plus its end's radius from the junction, the junction's own
    ink its radius. A branch also goes when it reaches less than ``SPUR_R`` × the junction's
    radius beyond it. A heavy stroke end cut at a slant forks into two branches (a junction of
    three); the shorter goes if it reaches less than ``FORK_R`` × the junction's radius and the
    two are less than ``FORK_DEG`` apart. At every junction only one spur goes per round, so a
    forked stroke end keeps one branch as its end; rounds repeat (with :func:`clean_staircases`
    after each) until none goes.

    Parameters
    ----------
    sk : ndarray of bool, shape (h, w)
        A 1-px skeleton.
    radius : dict
        (y, x) → distance to the background, for every pixel of ``sk``.
    limit : float
        Reach in pixels below which an end branch is a spur.

    Returns
    -------
    ndarray of bool, shape (h, w)
        The pruned skeleton (``sk`` is not changed).
    """
    sk = sk.copy()
    while True:
        g = Graph(sk)
        spurs: dict[int, list] = {}
        for a, b, path in g.edges:
            if a < 0:
                continue
            for end, junction, pts in ((a, b, path), (b, a, path[::-1])):
                if not g.is_end(end) or g.is_end(junction) or g.degree[junction] < 3:
                    continue
                outward = [g.centre[junction]] + pts[::-1]
                pixels = [p for p in pts if p not in g.node_of or g.node_of[p] == end]
                reach = path_length(pts) + radius[g.node_pixels[end][0]]  # how far its ink goes
                spurs.setdefault(junction, []).append((reach, _direction(outward), pixels))
        cut = []
        for junction in sorted(spurs):
            r = max(radius[p] for p in g.node_pixels[junction])
            found = []
            for reach, direction, pixels in spurs[junction]:
                if reach - r < max(limit, SPUR_R * r):  # its ink hardly leaves the junction's
                    found.append((reach, pixels))
                elif g.degree[junction] == 3 and reach < FORK_R * r and any(
                        o[0] >= reach and float(np.dot(direction, o[1])) > math.cos(math.radians(FORK_DEG))
                        for o in spurs[junction] if o[2] is not pixels):
                    found.append((reach, pixels))
            if found:
                cut.append(min(found, key=lambda f: f[0])[1])
        if not cut:
            return sk
        for pixels in cut:
            for y, x in pixels:
                sk[y, x] = False
        sk = clean_staircases(sk)


# --------------------------------------------------------------------------- strokes


def rdp(pts: np.ndarray, eps: float) -> np.ndarray:
    """Ramer–Douglas–Peucker simplification of an open polyline.

    Parameters
    ----------
    pts : ndarray of float, shape (n, 2)
    eps : float
        Largest distance of a dropped point from the simplified line.

    Returns
    -------
    ndarray, shape (m, 2)
        The points kept, in order; the first and last are always kept.
    """
    if len(pts) < 3:
        return pts
    keep = np.zeros(len(pts), bool)
    keep[0] = keep[-1] = True
    stack = [(0, len(pts) - 1)]
    while stack:
        i, j = stack.pop()
        if j <= i + 1:
            continue
        a, b = pts[i], pts[j]
        seg = b - a
        n = math.hypot(*seg)
        rel = pts[i + 1:j] - a
        if n < 1e-9:
            d = np.sqrt((rel ** 2).sum(1))
        else:
            d = np.abs(seg[0] * rel[:, 1] - seg[1] * rel[:, 0]) / n
        k = int(np.argmax(d))
        if d[k] > eps:
            m = i + 1 + k
            keep[m] = True
            stack += [(i, m), (m, j)]
    return pts[keep]


def simplify(pts: np.ndarray, closed: bool, eps: float) -> np.ndarray:
    """Ramer–Douglas–Peucker simplification of an open or closed polyline.

    Parameters
    ----------
    pts : ndarray of float, shape (n, 2)
        A closed polyline repeats its first point at the end.
    closed : bool
        Whether ``pts`` is a loop: it is then split at the point farthest from its start and
        each half simplified on its own.
    eps : float
        Largest distance of a dropped point from the simplified line.

    Returns
    -------
    ndarray, shape (m, 2)
    """
    if not closed:
        return rdp(pts, eps)
    # split the loop at the point farthest from its start
    k = int(np.argmax(((pts - pts[0]) ** 2).sum(1)))
    first = rdp(pts[:k + 1], eps)
    second = rdp(pts[k:], eps)
    return np.vstack([first, second[1:]])


def _direction(pts: list, reach: float = 12.0) -> np.ndarray:
    """Unit direction from pts[0] to the point about ``reach`` pixels along the path.

    Parameters
    ----------
    pts : list of (float, float)
        A path of at least two points.
    reach : float
        Pixels along the path (at most half the path's length is used).

    Returns
    -------
    ndarray of float, shape (2,)
        Unit vector (zero when the two points coincide).
    """
    a = np.asarray(pts, np.float64)
    seg = np.sqrt((np.diff(a, axis=0) ** 2).sum(1))
    cum = np.concatenate([[0.0], np.cumsum(seg)])
    k = int(np.searchsorted(cum, min(reach, cum[-1] * 0.5)))
    k = max(1, min(k, len(a) - 1))
    v = a[k] - a[0]
    n = np.hypot(*v)
    return v / n if n > 0 else v


def _pairings(items: list) -> list[list[tuple]]:
    """All ways to pair up ``items`` (one left over when their number is odd).

    Parameters
    ----------
    items : list

    Returns
    -------
    list of list of tuple
        Every pairing as a list of pairs ``(a, b)``, ``a`` before ``b`` in ``items``.
    """
    if len(items) < 2:
        return [[]]
    if len(items) % 2:
        out = []
        for i in range(len(items)):
            out += _pairings(items[:i] + items[i + 1:])
        return out
    first, rest = items[0], items[1:]
    out = []
    for i, other in enumerate(rest):
        for tail in _pairings(rest[:i] + rest[i + 1:]):
            out.append([(first, other)] + tail)
    return out


def _turn(d1: np.ndarray, d2: np.ndarray) -> float:
    """How far (0 straight on … 1 straight back) a pen turns going in along d1 and out along d2.

    Parameters
    ----------
    d1, d2 : ndarray of float, shape (2,)
        Unit directions of the two paths, both pointing away from the junction.

    Returns
    -------
    float
        The angle of the turn over π.
    """
    return math.acos(max(-1.0, min(1.0, -float(np.dot(d1, d2))))) / math.pi


def strokes_of(g: Graph) -> list[tuple[np.ndarray, bool]]:
    """Pen strokes from the skeleton graph.

    The edges meeting at every junction are paired, each pair becoming one pen path through
    the junction. The pairing of all junctions together is chosen for the fewest strokes, then
    the gentlest turns (``TURN_COST`` per U-turn); a short end branch (the middle tongue of a 3,
    up to ``RETRACE_MAX`` × glyph height) may be drawn there and back, as a pen does, when that
    saves a stroke (``RETRACE_COST`` per glyph height drawn twice). When there are more than
    ``MAX_PLANS`` pairings, every junction gets its gentlest pairing on its own.

    Parameters
    ----------
    g : Graph

    Returns
    -------
    list of (ndarray, bool)
        Pixel polylines in (x, y) order, shape (n, 2), each with whether it is closed. An open
        stroke runs between node centres; a closed loop without nodes repeats its first point.
    """
    base: list[list[tuple[float, float]]] = []  # (y, x) from the first node's centre to the last's
    ends: list[tuple[int, int]] = []
    loops: list[list[tuple[float, float]]] = []
    for a, b, path in g.edges:
        pts = [(float(y), float(x)) for y, x in path]
        if a < 0:
            loops.append(pts)
        else:
            base.append([g.centre[a]] + pts + [g.centre[b]])
            ends.append((a, b))
    junctions = sorted({n for ab in ends for n in ab if g.degree[n] >= 2})
    lengths = [path_length(p) for p in base]
    # options of every junction: (edge drawn there and back or None, pairing of edge sides)
    options: dict[int, list[tuple[int | None, list]]] = {}
    inner_side: dict[int, int] = {}  # side at the junction of every end branch that may be retraced
    for j in junctions:
        sides = [(e, s) for e, ab in enumerate(ends) for s in (0, 1) if ab[s] == j]
        opts: list[tuple[int | None, list]] = [(None, p) for p in _pairings(sides)]
        if g.degree[j] >= 3:
            for e, s in sides:
                far = ends[e][1 - s]
                if g.degree[far] == 1 and lengths[e] <= RETRACE_MAX * GLYPH_PX:
                    inner_side[e] = s
                    doubled = [x for x in sides if x != (e, s)] + [(-1 - e, 0), (-1 - e, 1)]
                    for p in _pairings(doubled):
                        if ((-1 - e, 0), (-1 - e, 1)) not in p:
                            opts.append((e, p))
        options[j] = opts
    total = 1
    for j in junctions:
        total *= len(options[j])

    def line(e: int) -> list:
        if e >= 0:
            return base[e]
        t = -1 - e  # drawn there and back, from the junction and back to it
        seq = base[t] if inner_side[t] == 0 else base[t][::-1]
        return seq + seq[::-1][1:]

    def direction(e: int, s: int) -> np.ndarray:
        pts = line(e) if s == 0 else line(e)[::-1]
        return _direction(pts[1:] if len(pts) > 2 else pts)

    def evaluate(choice: list[tuple[int | None, list]]):
        partner: dict[tuple[int, int], tuple[int, int]] = {}
        used = [e for e in range(len(base))]
        turn = 0.0
        retrace = 0.0
        for doubled, pairs in choice:
            if doubled is not None:
                used[doubled] = -1 - doubled
                retrace += lengths[doubled]
            for s1, s2 in pairs:
                partner[s1] = s2
                partner[s2] = s1
                turn += _turn(direction(*s1), direction(*s2))
        chains = []
        done = set()

        def walk(e: int, s: int) -> tuple[list, bool]:
            pts: list = []
            start = (e, s)
            while True:
                done.add(e)
                seq = line(e) if s == 0 else line(e)[::-1]
                pts.extend(seq if not pts else seq[1:])
                other = (e, 1 - s)
                if other not in partner:
                    return pts, False
                e, s = partner[other]
                if (e, s) == start:
                    return pts, True

        for e in used:
            for s in (0, 1):
                if e not in done and (e, s) not in partner:
                    chains.append(walk(e, s))
        for e in used:
            if e not in done:
                chains.append(walk(e, 0))
        cost = len(chains) + TURN_COST * turn + RETRACE_COST * retrace / GLYPH_PX
        return cost, chains

    if total <= MAX_PLANS:
        plans = [[]]
        for j in junctions:
            plans = [p + [o] for p in plans for o in options[j]]
    else:  # too many to try all: the gentlest pairing at every junction on its own
        best = []
        for j in junctions:
            best.append(min((o for o in options[j] if o[0] is None),
                            key=lambda o: sum(_turn(direction(*a), direction(*b)) for a, b in o[1])))
        plans = [best]
    cost, chains = min((evaluate(p) for p in plans), key=lambda c: c[0])
    out = [(np.asarray(pts)[:, ::-1], closed) for pts, closed in chains]
    out += [(np.asarray(pts)[:, ::-1], True) for pts in loops]
    return out


def orient(pts: np.ndarray, closed: bool) -> np.ndarray:
    """Open strokes start at the upper (or, if flat, left) end; closed ones at the top, anticlockwise.

    Parameters
    ----------
    pts : ndarray of float, shape (n, 2)
        (x, y) points, y down.
    closed : bool
        Whether the stroke is a loop.

    Returns
    -------
    ndarray, shape (n, 2) or (n + 1, 2)
        The stroke turned; a closed one starts at its top (leftmost of the top points), runs
        anticlockwise on screen and repeats its first point at the end.
    """
    if closed:
        ring = pts[:-1] if np.allclose(pts[0], pts[-1]) else pts
        x, y = ring[:, 0], ring[:, 1]
        area = float(np.dot(x, np.roll(y, -1)) - np.dot(np.roll(x, -1), y))
        if area > 0:  # clockwise on screen (y grows downwards)
            ring = ring[::-1]
        k = int(np.lexsort((ring[:, 0], ring[:, 1]))[0])
        ring = np.roll(ring, -k, axis=0)
        return np.vstack([ring, ring[:1]])
    a, b = pts[0], pts[-1]
    if abs(a[1] - b[1]) < 0.25 * abs(a[0] - b[0]):
        first_is_start = a[0] <= b[0]
    else:
        first_is_start = a[1] <= b[1]
    return pts if first_is_start else pts[::-1]


def inside(points: np.ndarray, ring: np.ndarray) -> bool:
    """Whether all points lie inside the closed polyline ``ring`` (even-odd rule).

    Parameters
    ----------
    points : ndarray of float, shape (n, 2)
    ring : ndarray of float, shape (m, 2)
        A closed polyline, its first point repeated at the end.

    Returns
    -------
    bool
    """
    x, y = points[:, 0][:, None], points[:, 1][:, None]
    x0, y0 = ring[:-1, 0][None, :], ring[:-1, 1][None, :]
    x1, y1 = ring[1:, 0][None, :], ring[1:, 1][None, :]
    crosses = (y0 > y) != (y1 > y)
    with np.errstate(divide="ignore", invalid="ignore"):
        xc = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
    hits = (crosses & (x < xc)).sum(1)
    return bool((hits % 2 == 1).all())


def glyph_strokes(ink: np.ndarray) -> tuple[list[np.ndarray], float]:
    """Pen strokes and stroke width of a rendered glyph: all the steps of the module docstring.

    Parameters
    ----------
    ink : ndarray of float, shape (h, w)
        The filled glyph, 0…1, ink high, about :data:`GLYPH_PX` tall, with an empty margin.

    Returns
    -------
    strokes : list of ndarray of float, shape (n, 2)
        Pixel (x, y) polylines in drawing order, sorted by their start (top to bottom, its y
        rounded to 8 px, then left to right).
    width : float
        The median stroke width in pixels along the centre lines (twice the distance from a
        centre-line pixel to the background, less the pixel of the edges), at least 1.
    """
    mask = fill_small_holes(ink >= 0.5, MIN_HOLE_PX)
    sk = clean_staircases(zhang_suen(mask))
    pts = np.argwhere(sk)
    dist = background_distance(mask, pts)
    radius = {(int(y), int(x)): float(d) for (y, x), d in zip(pts, dist)}
    sk = prune(sk, radius, SPUR * GLYPH_PX)
    g = Graph(sk)
    strokes = []
    for poly, closed in strokes_of(g):
        if closed and len(poly) > 2 and not np.allclose(poly[0], poly[-1]):
            poly = np.vstack([poly, poly[:1]])
        if path_length(poly) < MIN_STROKE_PX:
            continue
        simple = simplify(poly.astype(np.float64), closed, RDP_PX)
        strokes.append((orient(simple, closed), closed))
    # a mark inside a closed stroke (the dot of a dotted zero) is no pen stroke a person makes
    strokes = [s for s, _ in strokes
               if not any(c is not s and closed and inside(s, c) for c, closed in strokes)]
    strokes.sort(key=lambda s: (round(float(s[0][1]) / 8), float(s[0][0])))
    final = np.argwhere(sk)
    width = 2.0 * np.median([radius[(int(y), int(x))] for y, x in final]) - 1.0
    return strokes, max(width, 1.0)
