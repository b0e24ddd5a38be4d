"""One layer of a trace in matrix form, the way vectorised backprop is written.

Where the step list walks neuron by neuron, this view shows a whole layer k
at once, with the shapes that make the products fit (a row vector per
sample):

    a(s)          (1 × n_s)          the activations of a layer feeding k
    W(s→k)        (n_s × n_k)        the weights of that link
    z(k) = Σ a(s)·W(s→k) + b(k)      (1 × n_k)
    a(k) = f(z(k))                   (1 × n_k)
    δ(k) = ∂L/∂z(k)                  (1 × n_k)
    ∂L/∂W(s→k) = a(s)ᵀ · δ(k)        (n_s × 1)·(1 × n_k) → (n_s × n_k)
    ∂L/∂b(k) = δ(k)

For a mini-batch (:func:`batch_layer_view`) the same with one row per
sample, as vectorised backprop computes it: A(s) is (n × n_s), Z(k), A(k)
and Δ(k) are (n × n_k), and the gradients average over the rows:
∂L/∂W = (1/n)·A(s)ᵀ·Δ(k), ∂L/∂b = (1/n)·1ᵀ·Δ(k) (for sse, which adds over
the samples, without 1/n).

Every number comes from the trace; nothing is computed here but text.
Large vectors and matrices show their first entries and "…".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnapp.text import counted, tr

from .batch_trace import BatchTrace
from .steps.record import fmt
from .trace import Trace


@dataclass(frozen=True)
class MatrixLine:
    """One line of the view: what it is, its formula, its shape, its values."""

    label: str
    formula: str
    shape: str
    values: str


def layer_view(trace: Trace, k: int, decimals: int | None = 4, max_items: int = 5) -> list[MatrixLine]:
    """The matrix form of layer ``k`` (1 ≤ k < number of layers) of ``trace``.

    Parameters
    ----------
    trace : Trace
    k : int
        Layer index; the input layer (0) has only its activations.
    decimals : int or None
        Digits after the decimal point (see :func:`steps.fmt`).
    max_items : int
        Entries shown per vector, rows and columns shown per matrix.

    Returns
    -------
    list of MatrixLine
    """
    net = trace.network
    n_k = net.layers[k].size
    ends = net.link_ends()
    incoming = [(li, s) for li, (s, d) in enumerate(ends) if d == k]
    show_v = lambda v: _vector(v, decimals, max_items)  # noqa: E731
    lines: list[MatrixLine] = []
    if k == 0:
        return [MatrixLine("a(0)", "a(0) = x", _shape(1, n_k), show_v(trace.activations[0]))]
    for li, s in incoming:
        n_s = net.layers[s].size
        lines.append(MatrixLine(f"a({s})", f"a({s})", _shape(1, n_s), show_v(trace.activations[s])))
        lines.append(MatrixLine(f"W({s}→{k})", f"W({s}→{k})", _shape(n_s, n_k),
                                _matrix(net.links[li].W, decimals, max_items)))
    terms = " + ".join(f"a({s})·W({s}→{k})" for _, s in incoming) or "0"
    products = " + ".join(f"{_shape(1, net.layers[s].size)}·{_shape(net.layers[s].size, n_k)}"
                          for _, s in incoming)
    lines.append(MatrixLine(f"z({k})", f"z({k}) = {terms} + b({k})",
                            f"{products} + {_shape(1, n_k)} → {_shape(1, n_k)}" if products else _shape(1, n_k),
                            show_v(trace.zs[k])))
    act = net.layers[k].activation
    lines.append(MatrixLine(f"a({k})", f"a({k}) = {act}(z({k}))", _shape(1, n_k), show_v(trace.activations[k])))
    if trace.deltas is None:
        return lines
    last = k == len(net.layers) - 1
    if last:
        formula = f"δ({k}) = ∂L/∂a({k}) ⊙ {act}′(z({k}))"
    else:
        outgoing = [d for s, d in ends if s == k]
        back = " + ".join(f"δ({d})·W({k}→{d})ᵀ" for d in outgoing) or "0"
        formula = f"δ({k}) = ({back}) ⊙ {act}′(z({k}))"
    lines.append(MatrixLine(f"δ({k})", formula, _shape(1, n_k), show_v(trace.deltas[k])))
    for li, s in incoming:
        n_s = net.layers[s].size
        lines.append(MatrixLine(f"∂L/∂W({s}→{k})", f"∂L/∂W({s}→{k}) = a({s})ᵀ · δ({k})",
                                f"{_shape(n_s, 1)}·{_shape(1, n_k)} → {_shape(n_s, n_k)}",
                                _matrix(trace.grad_W[li], decimals, max_items)))
    lines.append(MatrixLine(f"∂L/∂b({k})", f"∂L/∂b({k}) = δ({k})", _shape(1, n_k), show_v(trace.grad_b[k])))
    return lines


def batch_layer_view(bt: BatchTrace, k: int, decimals: int | None = 4, max_items: int = 5) -> list[MatrixLine]:
    """The matrix form of layer ``k`` (≥ 1) for a mini-batch: one row per
    sample (see the module docstring). Parameters as for :func:`layer_view`."""
    net = bt.network
    n = bt.n
    n_k = net.layers[k].size
    ends = net.link_ends()
    incoming = [(li, s) for li, (s, d) in enumerate(ends) if d == k]
    rows = lambda get: np.array([get(t) for t in bt.samples])  # noqa: E731
    show_m = lambda m: _matrix(m, decimals, max_items)  # noqa: E731
    lines: list[MatrixLine] = []
    for li, s in incoming:
        n_s = net.layers[s].size
        lines.append(MatrixLine(f"A({s})", f"A({s})", _shape(n, n_s), show_m(rows(lambda t: t.activations[s]))))
        lines.append(MatrixLine(f"W({s}→{k})", f"W({s}→{k})", _shape(n_s, n_k), show_m(net.links[li].W)))
    terms = " + ".join(f"A({s})·W({s}→{k})" for _, s in incoming) or "0"
    products = " + ".join(f"{_shape(n, net.layers[s].size)}·{_shape(net.layers[s].size, n_k)}" for _, s in incoming)
    lines.append(MatrixLine(f"Z({k})", f"Z({k}) = {terms} + 1·b({k})",
                            f"{products} + {_shape(n, 1)}·{_shape(1, n_k)} → {_shape(n, n_k)}",
                            show_m(rows(lambda t: t.zs[k]))))
    act = net.layers[k].activation
    lines.append(MatrixLine(f"A({k})", f"A({k}) = {act}(Z({k}))", _shape(n, n_k),
                            show_m(rows(lambda t: t.activations[k]))))
    lines.append(MatrixLine(f"Δ({k})", tr("Δ({k}): row s is sample s's δ({k})").format(k=k), _shape(n, n_k),
                            show_m(rows(lambda t: t.deltas[k]))))
    scale = f"(1/{n})·" if bt.averaged else ""
    for li, s in incoming:
        n_s = net.layers[s].size
        lines.append(MatrixLine(f"∂L/∂W({s}→{k})", f"∂L/∂W({s}→{k}) = {scale}A({s})ᵀ · Δ({k})",
                                f"{_shape(n_s, n)}·{_shape(n, n_k)} → {_shape(n_s, n_k)}",
                                _matrix(bt.grad_W[li], decimals, max_items)))
    lines.append(MatrixLine(f"∂L/∂b({k})", f"∂L/∂b({k}) = {scale}1ᵀ · Δ({k})",
                            f"{_shape(1, n)}·{_shape(n, n_k)} → {_shape(1, n_k)}",
                            _vector(bt.grad_b[k], decimals, max_items)))
    return lines


def render_layer_view(lines: list[MatrixLine]) -> str:
    """Plain text, one block per line of the view."""
    return "\n".join(f"{m.formula}    [{m.shape}]\n    {m.values}" for m in lines)


def _shape(rows: int, cols: int) -> str:
    return f"({rows}×{cols})"


def _vector(v, decimals, max_items: int) -> str:
    v = np.asarray(v).ravel()
    shown = [fmt(float(x), decimals) for x in v[:max_items]]
    more = f", … ({counted(len(v), 'value', 'values')})" if len(v) > max_items else ""
    return "[" + ", ".join(shown) + more + "]"


def _matrix(W, decimals, max_items: int) -> str:
    W = np.asarray(W)
    rows = [_vector(row, decimals, max_items) for row in W[:max_items]]
    more = f"; … ({counted(W.shape[0], 'row', 'rows')})" if W.shape[0] > max_items else ""
    return "[" + "; ".join(rows) + more + "]"
