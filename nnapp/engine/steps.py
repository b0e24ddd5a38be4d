"""A trace as an ordered list of computation steps, and its printable forms.

:func:`build_steps` turns a :class:`~nnapp.engine.trace.Trace` into the list
of :class:`Step` that the command line prints and the step-through panel
walks: one step per number a student would compute by hand, in the order
they would compute it.

1. **forward** — each input (``x1 = −2``), then layer by layer, neuron by
   neuron, the weighted sum (``z_h1 = w1·x1 + w2·x2 + b1``) and the
   activation (``h1 = σ(z_h1)``);
2. **loss** — one term per output (``ℓ_o1 = (o1 − y)²``) and the total;
3. **backward** — the output layer first, then the hidden layers from right
   to left; for each neuron ∂L/∂a (from the loss, or ``Σ w·δ`` over the
   outgoing connections), δ = ∂L/∂z with the chain rule written out, then
   ∂L/∂w = a_src·δ for every incoming weight and ∂L/∂b = δ;
4. **update** — every parameter, ``w1 ← w1 − η·∂L/∂w1`` (frozen ones stay).

Every step's ``value`` is the trace's own number (nothing is recomputed);
the ``numbers`` text only shows where it comes from. Sums of more than
``max_terms`` terms show the largest ones and the rest as
"+ N more terms (sum …)".

Numbers are written by :func:`fmt` with a real minus sign "−", negative
numbers in parentheses when they are substituted into a formula. The
``numbers`` text of a step is kept as tokens, so :meth:`Step.numbers_at`
and the render functions can print it with any number of decimals.

Render functions: :func:`render_text` (a terminal listing),
:func:`render_markdown` (a printable worksheet for a class) and
:func:`render_latex` (a LaTeX fragment of the same tables).

This module only formats; the numbers come from ``trace.py``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS, OUTPUT
from .batch_trace import BatchTrace
from .losses import get_loss
from .trace import Trace

PHASES = ("forward", "loss", "backward", "update")

PHASE_TITLES = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass (backpropagation)",
    "update": "Update (one step of gradient descent)",
}

_SUPERSCRIPTS = str.maketrans("0123456789-+", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺")


# --- numbers ----------------------------------------------------------------


def fmt(x: float, decimals: int | None = 4, *, paren: bool = False) -> str:
    """A number for people.

    Parameters
    ----------
    x : float
    decimals : int or None
        Digits after the decimal point; trailing zeros are dropped (1.5000 →
        "1.5", 2.0 → "2"). A non-zero number that would round to 0 is
        written in scientific form ("3.21×10⁻⁷"). None writes the shortest
        text that reads back as the same float.
    paren : bool
        Put a negative number in parentheses, as when it is substituted into
        a formula: ``1·(−2)``.

    Returns
    -------
    str
        With a real minus sign "−" (U+2212).
    """
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        text = "∞"
    elif x == 0:
        return "0"
    elif decimals is None:
        text = repr(abs(x))
        if text.endswith(".0"):
            text = text[:-2]
        if "e" in text:
            text = _scientific(text)
    else:
        decimals = max(int(decimals), 0)
        ax = abs(x)
        if ax >= 1e15:
            text = _scientific(f"{ax:.{max(decimals, 1)}e}")
        else:
            text = f"{ax:.{decimals}f}"
            if "." in text:
                text = text.rstrip("0").rstrip(".")
            if text == "0":
                text = _scientific(f"{ax:.{max(decimals - 1, 1)}e}")
    if x < 0:
        text = "−" + text
        if paren:
            text = f"({text})"
    return text


def _scientific(text: str) -> str:
    """"3.2100e-07" → "3.21×10⁻⁷"."""
    mantissa, exponent = text.split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    exponent = str(int(exponent)).translate(_SUPERSCRIPTS)
    return f"{mantissa}×10{exponent}"


@dataclass(frozen=True)
class _Num:
    """A number inside a ``numbers`` text, formatted when rendered."""

    value: float
    paren: bool = True


def _render_tokens(tokens, decimals: int | None) -> str:
    return "".join(
        fmt(t.value, decimals, paren=t.paren) if isinstance(t, _Num) else t for t in tokens
    )


def _n(x, paren: bool = True) -> _Num:
    return _Num(float(x), paren)


# --- the step record --------------------------------------------------------


@dataclass
class Step:
    """One computation a student can do by hand.

    Attributes
    ----------
    index : int
        Position in the list, from 0.
    phase : str
        "forward", "loss", "backward" or "update".
    kind : str
        "input", "sum", "activation" (forward); "loss_term", "loss_total";
        "dL_da", "delta", "grad_w", "grad_b" (backward); "update_w",
        "update_b".
    target : tuple
        What lights up on the canvas: ``("neuron", layer, j)``,
        ``("weight", link, i, j)``, ``("bias", layer, j)`` or ``("loss",)``.
        A loss term targets its output neuron.
    label : str
        Display name of the result: "z_h1", "h1", "ℓ_o1", "L", "∂L/∂h1",
        "δ_h1", "∂L/∂w1", "w1" …
    formula : str
        In symbols: "z_h1 = w1·x1 + w2·x2 + b1".
    numbers : str
        The same with values: "= 1·(−2) + 1·(−1) + 0" (rendered with the
        ``decimals`` given to :func:`build_steps`; see :meth:`numbers_at`).
        Empty for an input.
    value : float
        The result, exactly the trace's number.
    note : str
        Optional remark: "frozen", why δ = ŷ − y, the activation's formula …
    sample : int or None
        In the steps of a mini-batch (``batch_steps.py``): the position in
        the batch of the sample the step is about; None for a step about the
        whole batch (and for every step of a one-sample trace).
    """

    index: int
    phase: str
    kind: str
    target: tuple
    label: str
    formula: str
    numbers: str
    value: float
    note: str = ""
    sample: int | None = None
    _tokens: tuple = field(default=(), repr=False, compare=False)

    def numbers_at(self, decimals: int | None = 4) -> str:
        """The ``numbers`` text with ``decimals`` digits after the point."""
        if not self._tokens:
            return self.numbers
        return _render_tokens(self._tokens, decimals)

    def result_at(self, decimals: int | None = 4) -> str:
        """The value as text."""
        return fmt(self.value, decimals)


# --- building -----------------------------------------------------------------


class _Builder:
    """Makes any one step of a trace, on demand (see :class:`StepSequence`).

    Weights and biases are named as :meth:`Network.parameters` names them
    (w1… layer by layer, neuron by neuron, through the incoming links in
    order; b1… neuron by neuron), computed from counts of connections so
    that a network of 100,000 weights does not list them all.
    """

    def __init__(self, trace: Trace, max_terms: int, decimals: int | None) -> None:
        if max_terms < 1:
            raise ValueError(f"max_terms must be at least 1, not {max_terms!r}")
        self.t = trace
        self.net = net = trace.network
        self.max_terms = int(max_terms)
        self.decimals = decimals
        self.names = net.all_neuron_names()
        self.out = len(net.layers) - 1
        self.ends = net.link_ends()
        n_layers = len(net.layers)
        self.incoming = [list(net.incoming(k)) for k in range(n_layers)]
        self._connected: list[np.ndarray | None] = [None] * len(net.links)
        self.link_pos: dict[int, int] = {}
        self.col_counts: list[np.ndarray] = [np.zeros((0, net.layers[0].size), dtype=np.int64)]
        self.fan_in: list[np.ndarray] = [np.zeros(net.layers[0].size, dtype=np.int64)]
        self.col_start: list[np.ndarray] = [np.zeros(net.layers[0].size + 1, dtype=np.int64)]
        self.w_before = [0] * (n_layers + 1)
        self.b_before = [0] * (n_layers + 1)
        for k in range(1, n_layers):
            size = net.layers[k].size
            counts = np.zeros((len(self.incoming[k]), size), dtype=np.int64)
            for p, (li, _s) in enumerate(self.incoming[k]):
                self.link_pos[li] = p
                link = net.links[li]
                if link.mask is None:
                    counts[p, :] = link.W.shape[0]
                else:
                    counts[p, :] = np.count_nonzero(link.mask, axis=0)
            fan = counts.sum(axis=0)
            self.col_counts.append(counts)
            self.fan_in.append(fan)
            self.col_start.append(np.concatenate([[0], np.cumsum(fan)]).astype(np.int64))
            self.w_before[k + 1] = self.w_before[k] + int(fan.sum())
            self.b_before[k + 1] = self.b_before[k] + size

    # names and connections ---------------------------------------------------

    def connected(self, li: int) -> np.ndarray:
        c = self._connected[li]
        if c is None:
            c = self._connected[li] = self.net.links[li].connected()
        return c

    def column_position(self, li: int, i: int, j: int) -> int:
        """Position of connection (i → j) of link ``li`` among all the
        connections into neuron j, in weight order."""
        d = self.ends[li][1]
        p = self.link_pos[li]
        before = int(self.col_counts[d][:p, j].sum())
        mask = self.net.links[li].mask
        return before + (i if mask is None else int(np.count_nonzero(mask[:i, j])))

    def weight_number(self, li: int, i: int, j: int) -> int:
        """n of the weight "wn" of connection (i → j) of link ``li``."""
        d = self.ends[li][1]
        return self.w_before[d] + int(self.col_start[d][j]) + self.column_position(li, i, j) + 1

    def weight_name(self, li: int, i: int, j: int) -> str:
        return f"w{self.weight_number(li, i, j)}"

    def bias_name(self, k: int, j: int) -> str:
        return f"b{self.b_before[k] + j + 1}"

    def nth_incoming(self, k: int, j: int, m: int) -> tuple[int, int]:
        """(link, source row) of the m-th connection into neuron j of layer k."""
        for p, (li, _s) in enumerate(self.incoming[k]):
            c = int(self.col_counts[k][p, j])
            if m < c:
                mask = self.net.links[li].mask
                return li, (m if mask is None else int(np.flatnonzero(mask[:, j])[m]))
            m -= c
        raise IndexError("no such connection")

    def incoming_terms(self, k: int, j: int):
        """Source layers, rows and weights of the connections into neuron j
        of layer k, in weight order."""
        layers, rows, ws, xs = [], [], [], []
        t = self.t
        for li, s in self.incoming[k]:
            r = np.flatnonzero(self.connected(li)[:, j])
            layers.append(np.full(r.size, s, dtype=np.int64))
            rows.append(r)
            ws.append(self.net.links[li].W[r, j].astype(np.float64))
            xs.append(t.activations[s][r].astype(np.float64))
        if not rows:
            empty = np.zeros(0)
            return empty.astype(np.int64), empty.astype(np.int64), empty, empty
        return np.concatenate(layers), np.concatenate(rows), np.concatenate(ws), np.concatenate(xs)

    # helpers ----------------------------------------------------------------

    def make(self, index, phase, kind, target, label, formula, tokens, value, note="") -> Step:
        tokens = tuple(tokens)
        return Step(
            index=index, phase=phase, kind=kind, target=tuple(target), label=label,
            formula=formula, numbers=_render_tokens(tokens, self.decimals), value=float(value),
            note=note, _tokens=tokens,
        )

    def y_symbol(self, j: int) -> str:
        return "y" if self.net.n_outputs == 1 else f"y_{self.names[self.out][j]}"

    def summed(self, n: int, values, symbol, numbers) -> tuple[str, list]:
        """``a + b + c`` in symbols and tokens; long sums keep the largest terms.

        ``values[i]`` is term i's value, ``symbol(i)`` its symbols and
        ``numbers(i)`` its tokens (only called for the terms written out).
        """
        if n == 0:
            return "0", ["0"]
        values = np.asarray(values, dtype=np.float64)
        if n <= self.max_terms:
            keep = list(range(n))
        else:
            order = np.argsort(-np.abs(values), kind="stable")
            keep = sorted(int(i) for i in order[: self.max_terms])
        sym = " + ".join(symbol(i) for i in keep)
        tokens: list = []
        for pos, i in enumerate(keep):
            if pos:
                tokens.append(" + ")
            tokens.extend(numbers(i))
        rest = n - len(keep)
        if rest:
            others = np.ones(n, dtype=bool)
            others[keep] = False
            rest_sum = math.fsum(values[others].tolist())
            sym += f" + … ({rest} more terms)"
            tokens += [f" + {rest} more terms (sum ", _n(rest_sum, False), ")"]
        return sym, tokens

    # forward ----------------------------------------------------------------

    def input_step(self, index: int, i: int) -> Step:
        name = self.names[0][i]
        return self.make(index, "forward", "input", ("neuron", 0, i), name, name, [],
                         self.t.activations[0][i], "input")

    def sum_step(self, index: int, k: int, j: int) -> Step:
        names = self.names
        name = names[k][j]
        src, rows, ws, xs = self.incoming_terms(k, j)
        first = self.w_before[k] + int(self.col_start[k][j]) + 1
        n = rows.size
        sym, tokens = self.summed(
            n, ws * xs,
            lambda m: f"w{first + m}·{names[src[m]][rows[m]]}",
            lambda m: [_n(ws[m]), "·", _n(xs[m])],
        )
        b = float(self.net.layers[k].bias[j])
        bname = self.bias_name(k, j)
        formula = f"z_{name} = {sym} + {bname}" if n else f"z_{name} = {bname}"
        tokens = ["= "] + (tokens + [" + "] if n else []) + [_n(b)]
        return self.make(index, "forward", "sum", ("neuron", k, j), f"z_{name}", formula, tokens,
                         self.t.zs[k][j])

    def activation_step(self, index: int, k: int, j: int) -> Step:
        t = self.t
        name = self.names[k][j]
        act = ACTIVATIONS[self.net.layers[k].activation]
        z = t.zs[k]
        a = float(t.activations[k][j])
        target = ("neuron", k, j)
        if act.name == "identity":
            return self.make(index, "forward", "activation", target, name, f"{name} = z_{name}",
                             ["= ", _n(z[j], False)], a, "identity: the output is the weighted sum")
        if act.name == "softmax":
            names = self.names[k]
            sym, tokens = self.summed(
                len(names), z,
                lambda m: f"e^(z_{names[m]})",
                lambda m: ["e^(", _n(z[m], False), ")"],
            )
            return self.make(index, "forward", "activation", target, name,
                             f"{name} = e^(z_{name}) / ({sym})",
                             ["= e^(", _n(z[j], False), ") / (", *tokens, ")"], a, act.formula)
        f = act.shown_as
        return self.make(index, "forward", "activation", target, name, f"{name} = {f}(z_{name})",
                         [f"= {f}(", _n(z[j], False), ")"], a, act.formula)

    # loss -------------------------------------------------------------------

    def loss_term(self, index: int, j: int) -> Step:
        t = self.t
        loss = get_loss(t.loss)
        out = self.out
        name = self.names[out][j]
        fused = loss.is_fused(self.net.layers[out].activation)
        y = self.y_symbol(j)
        yv, av = float(t.y[j]), float(t.activations[out][j])
        note = ""
        if loss.name == "mse":
            formula = f"ℓ_{name} = ({name} − {y})²"
            tokens = ["= (", _n(av, False), " − ", _n(yv), ")²"]
        elif loss.name == "sse":
            formula = f"ℓ_{name} = ½({name} − {y})²"
            tokens = ["= ½(", _n(av, False), " − ", _n(yv), ")²"]
        elif loss.name == "bce":
            formula = f"ℓ_{name} = −[{y}·ln {name} + (1 − {y})·ln(1 − {name})]"
            tokens = ["= −[", _n(yv), "·ln ", _n(av), " + (1 − ", _n(yv), ")·ln(1 − ", _n(av), ")]"]
            if fused:
                note = f"computed from z_{name} (log-sigmoid), exact even when {name} rounds to 0 or 1"
        else:  # cce
            formula = f"ℓ_{name} = −{y}·ln {name}"
            tokens = ["= −", _n(yv), "·ln ", _n(av)]
            if fused:
                note = f"computed from z_{name} (log-softmax), exact even when {name} rounds to 0"
        return self.make(index, "loss", "loss_term", ("neuron", out, j), f"ℓ_{name}", formula, tokens,
                         t.loss_terms[j], note)

    def loss_total(self, index: int) -> Step:
        t = self.t
        loss = get_loss(t.loss)
        names = self.names[self.out]
        k = len(names)
        terms = t.loss_terms
        sym, tokens = self.summed(k, terms, lambda m: f"ℓ_{names[m]}", lambda m: [_n(terms[m])])
        averaged = loss.reduction == "mean" and loss.name != "cce" and k > 1
        if averaged:
            formula = f"L = ({sym}) / {k}"
            tokens = ["= (", *tokens, f") / {k}"]
        else:
            formula = f"L = {sym}"
            tokens = ["= ", *tokens]
        note = f"{loss.title}: {loss.formula}"
        if averaged:
            note += f" (averaged over the {k} outputs)"
        return self.make(index, "loss", "loss_total", ("loss",), "L", formula, tokens, t.loss_total, note)

    # backward ---------------------------------------------------------------

    def fused(self, k: int) -> bool:
        """Whether layer k's δ comes straight from the loss (δ = ŷ − y)."""
        return k == self.out and get_loss(self.t.loss).is_fused(self.net.layers[k].activation)

    def gradient_step(self, index: int, k: int, j: int) -> Step:
        """∂L/∂a of neuron j of layer k: from the loss, or Σ w·δ."""
        if k == self.out:
            return self.loss_gradient(index, j)
        return self.hidden_gradient(index, k, j)

    def loss_gradient(self, index: int, j: int) -> Step:
        t = self.t
        loss = get_loss(t.loss)
        out = self.out
        name = self.names[out][j]
        k = self.net.n_outputs
        av, yv = float(t.activations[out][j]), float(t.y[j])
        y = self.y_symbol(j)
        per = f" / {k}" if k > 1 else ""
        if loss.name == "mse":
            formula = f"∂L/∂{name} = 2·({name} − {y}){per}"
            tokens = ["= 2·(", _n(av, False), " − ", _n(yv), ")" + per]
        elif loss.name == "sse":
            formula = f"∂L/∂{name} = {name} − {y}"
            tokens = ["= ", _n(av, False), " − ", _n(yv)]
        elif loss.name == "bce":
            formula = f"∂L/∂{name} = ({name} − {y}) / ({name}·(1 − {name})){per}"
            tokens = ["= (", _n(av, False), " − ", _n(yv), ") / (", _n(av, False), "·(1 − ", _n(av),
                      "))" + per]
        else:  # cce
            formula = f"∂L/∂{name} = −{y} / {name}"
            tokens = ["= −", _n(yv), " / ", _n(av)]
        return self.make(index, "backward", "dL_da", ("neuron", out, j), f"∂L/∂{name}", formula, tokens,
                         t.dL_da[out][j], "derivative of the loss with respect to the output")

    def hidden_gradient(self, index: int, k: int, j: int) -> Step:
        t, net = self.t, self.net
        name = self.names[k][j]
        links, rows, ws, ds = [], [], [], []
        for li, d in sorted(net.outgoing(k), key=lambda e: e[1]):
            r = np.flatnonzero(self.connected(li)[j, :])
            links.append(np.full(r.size, li, dtype=np.int64))
            rows.append(r)
            ws.append(net.links[li].W[j, r].astype(np.float64))
            ds.append(t.deltas[d][r].astype(np.float64))
        if rows:
            links, rows, ws, ds = (np.concatenate(a) for a in (links, rows, ws, ds))
        n = len(rows)
        ends = self.ends

        def symbol(m: int) -> str:
            li, col = int(links[m]), int(rows[m])
            return f"{self.weight_name(li, j, col)}·δ_{self.names[ends[li][1]][col]}"

        sym, tokens = self.summed(n, np.asarray(ws) * np.asarray(ds), symbol,
                                  lambda m: [_n(ws[m]), "·", _n(ds[m])])
        return self.make(index, "backward", "dL_da", ("neuron", k, j), f"∂L/∂{name}", f"∂L/∂{name} = {sym}",
                         ["= ", *tokens], t.dL_da[k][j],
                         "sum over the connections leaving the neuron: weight × δ of the neuron it feeds")

    def delta_step(self, index: int, k: int, j: int) -> Step:
        if self.fused(k):
            return self.fused_delta(index, j)
        t = self.t
        name = self.names[k][j]
        act = ACTIVATIONS[self.net.layers[k].activation]
        g = float(t.dL_da[k][j])
        a = float(t.activations[k][j])
        z = float(t.zs[k][j])
        head = f"δ_{name} = ∂L/∂{name}"
        note = act.derivative_formula
        pieces = act.derivative_pieces  # f′ written with the output, OUTPUT standing for it
        if act.elementwise and pieces is not None and OUTPUT in pieces:
            formula = (f"{head} · {act.shown_as}′(z_{name}) = ∂L/∂{name} · "
                       + "".join(name if p == OUTPUT else p for p in pieces))
            tokens = ["= ", _n(g), " · "] + [_n(a) if p == OUTPUT else p for p in pieces]
        elif act.elementwise and pieces is not None:  # a constant f′
            formula = f"{head} · {''.join(pieces)}"
            tokens = ["= ", _n(g), " · " + "".join(pieces)]
        elif act.elementwise and act.trainable and act.scalar_derivative is not None:  # piecewise f′
            formula = f"{head} · {act.shown_as}′(z_{name})"
            tokens = ["= ", _n(g), f" · {act.scalar_derivative(z, a):g}"]
            note = f"{act.derivative_formula}; here z_{name} {'>' if z > 0 else '≤'} 0"
        elif act.name == "softmax":
            names = self.names[k]
            gs, acts = t.dL_da[k], t.activations[k]
            sym, sum_tokens = self.summed(
                len(names), np.asarray(gs, dtype=np.float64) * np.asarray(acts, dtype=np.float64),
                lambda m: f"∂L/∂{names[m]}·{names[m]}",
                lambda m: [_n(gs[m]), "·", _n(acts[m])],
            )
            formula = f"δ_{name} = {name}·(∂L/∂{name} − ({sym}))"
            tokens = ["= ", _n(a), "·(", _n(g, False), " − (", *sum_tokens, "))"]
            note = ("softmax: every output depends on every z, so δ subtracts the sum of "
                    "∂L/∂a·a over the whole layer")
        else:  # not trainable; trace() refuses these before we get here
            formula = f"{head} · {act.name}′(z_{name})"
            tokens = ["= ", _n(g), " · ?"]
        return self.make(index, "backward", "delta", ("neuron", k, j), f"δ_{name}", formula, tokens,
                         t.deltas[k][j], note)

    def fused_delta(self, index: int, j: int) -> Step:
        t = self.t
        loss = get_loss(t.loss)
        out = self.out
        name = self.names[out][j]
        av, yv = float(t.activations[out][j]), float(t.y[j])
        y = self.y_symbol(j)
        k = self.net.n_outputs
        per = f" / {k}" if (loss.name == "bce" and k > 1) else ""
        if per:
            formula = f"δ_{name} = ({name} − {y}){per}"
            tokens = ["= (", _n(av, False), " − ", _n(yv), ")" + per]
        else:
            formula = f"δ_{name} = {name} − {y}"
            tokens = ["= ", _n(av, False), " − ", _n(yv)]
        if loss.name == "bce":
            note = ("sigmoid + binary cross-entropy: δ = ŷ − y, because σ′(z) = ŷ(1 − ŷ) "
                    "cancels the denominator of ∂L/∂ŷ")
        else:
            note = ("softmax + cross-entropy: δ = ŷ − y, because the softmax Jacobian and "
                    "the derivative of −y·ln ŷ simplify together")
        return self.make(index, "backward", "delta", ("neuron", out, j), f"δ_{name}", formula, tokens,
                         t.deltas[out][j], note)

    def grad_w_step(self, index: int, li: int, i: int, j: int) -> Step:
        t = self.t
        s, k = self.ends[li]
        link = self.net.links[li]
        wname = self.weight_name(li, i, j)
        name = self.names[k][j]
        frozen = link.trainable is not None and not link.trainable[i, j]
        return self.make(index, "backward", "grad_w", ("weight", li, i, j), f"∂L/∂{wname}",
                         f"∂L/∂{wname} = {self.names[s][i]} · δ_{name}",
                         ["= ", _n(t.activations[s][i]), " · ", _n(float(t.deltas[k][j]))],
                         t.grad_W[li][i, j], "frozen: computed, but not applied" if frozen else "")

    def grad_b_step(self, index: int, k: int, j: int) -> Step:
        t = self.t
        bname = self.bias_name(k, j)
        name = self.names[k][j]
        bt = self.net.layers[k].bias_trainable
        frozen = bt is not None and not bt[j]
        return self.make(index, "backward", "grad_b", ("bias", k, j), f"∂L/∂{bname}", f"∂L/∂{bname} = δ_{name}",
                         ["= ", _n(float(t.deltas[k][j]), False)], t.grad_b[k][j],
                         "frozen: computed, but not applied" if frozen else "")

    # update -----------------------------------------------------------------

    def update_w_step(self, index: int, li: int, i: int, j: int) -> Step:
        link = self.net.links[li]
        p = self.weight_name(li, i, j)
        before = float(link.W[i, j])
        after = float(self.t.after.links[li].W[i, j])
        trainable = link.trainable is None or bool(link.trainable[i, j])
        return self.update_step(index, "update_w", ("weight", li, i, j), p, before, after, trainable,
                                float(self.t.grad_W[li][i, j]), decay=True)

    def update_b_step(self, index: int, k: int, j: int) -> Step:
        layer = self.net.layers[k]
        p = self.bias_name(k, j)
        bt = layer.bias_trainable
        trainable = bt is None or bool(bt[j])
        return self.update_step(index, "update_b", ("bias", k, j), p, float(layer.bias[j]),
                                float(self.t.after.layers[k].bias[j]), trainable,
                                float(self.t.grad_b[k][j]), decay=False)

    def update_step(self, index, kind, target, p, before, after, trainable, g, decay) -> Step:
        t = self.t
        eta, l2 = t.learning_rate, t.l2
        if not trainable:
            return self.make(index, "update", kind, target, p, f"{p} ← {p}", ["= ", _n(before, False)], after,
                             "frozen")
        if l2 and decay:
            formula = f"{p} ← {p} − η·(∂L/∂{p} + λ·{p})"
            tokens = ["= ", _n(before, False), " − ", _n(eta), "·(", _n(g, False), " + ", _n(l2), "·",
                      _n(before), ")"]
        else:
            formula = f"{p} ← {p} − η·∂L/∂{p}"
            tokens = ["= ", _n(before, False), " − ", _n(eta), "·", _n(g)]
        return self.make(index, "update", kind, target, p, formula, tokens, after)


@dataclass(frozen=True)
class _Segment:
    """A run of steps of one phase laid out by a rule (see :class:`StepSequence`)."""

    start: int
    count: int
    phase: str
    locate: object
    """offset → (kind, target)"""


STEP_CACHE = 4096
"""Steps a :class:`StepSequence` keeps once made."""


class LazySteps(Sequence):
    """A sequence of steps made when first asked for and then kept (up to
    :data:`STEP_CACHE` of them). Subclasses set ``_n`` and ``_cache = {}``
    and give :meth:`make`."""

    _n: int
    _cache: dict

    def __len__(self) -> int:
        return self._n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._n))]
        index = int(index)
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("step index out of range")
        step = self._cache.get(index)
        if step is None:
            if len(self._cache) >= STEP_CACHE:
                self._cache.clear()
            step = self._cache[index] = self.make(index)
        return step

    def __iter__(self):
        for i in range(self._n):
            yield self[i]

    def make(self, index: int) -> Step:
        """Step ``index`` made afresh (not kept)."""
        raise NotImplementedError


class StepSequence(LazySteps):
    """The steps of a trace as a sequence whose items are made when asked for.

    ``StepSequence(trace)[i]`` is the same :class:`Step` as
    ``build_steps(trace)[i]``, but only the steps that are looked at are
    made: a 784-128-10 network has about 205,000 steps (one ∂L/∂w and one
    update per weight), and a panel shows a handful at a time. Knowing
    where each step is costs a few arrays of counts.

    Parameters
    ----------
    trace : Trace
    max_terms, decimals
        As for :func:`build_steps`.
    forward, loss, deltas, gradients : bool
        Which steps to have (all by default): the forward pass, the loss,
        the ∂L/∂a and δ steps of backprop, its ∂L/∂w and ∂L/∂b steps. The
        steps of a mini-batch (``batch_steps.py``) are made of sequences
        with some of them left out.

    Besides the sequence protocol: :meth:`locate` (a step's kind and target
    without making it), :meth:`index_of` and :meth:`first_about` (from a
    target to its step), :meth:`phase_range`, :meth:`known_counts` (which
    activations have been computed by a step), :meth:`neuron_steps` and
    :meth:`weight_steps` (where the δ, gradient and update of every neuron
    and connection are).
    """

    _builder = None
    """The class that makes the steps (None: :class:`_Builder`)."""

    def __init__(self, trace: Trace, *, max_terms: int = 8, decimals: int | None = 4, forward: bool = True,
                 loss: bool = True, deltas: bool = True, gradients: bool = True) -> None:
        self.trace = trace
        self.max_terms = max_terms
        self.decimals = decimals
        self._b = b = (self._builder or _Builder)(trace, max_terms, decimals)
        self._deltas = deltas
        self._gradients = gradients
        self._located: dict[tuple[str, str, int], np.ndarray] = {}   # neuron_steps and weight_steps, kept
        net = trace.network
        sizes = net.sizes
        self.sizes = list(sizes)
        self._segments: list[_Segment] = []
        self._phase_start: dict[str, int] = {}
        self._phase_stop: dict[str, int] = {}
        self._sum_start: dict[int, int] = {}
        self._act_start: dict[int, int] = {}
        self._back: dict[int, tuple[int, np.ndarray, int]] = {}
        self._update_w_start: dict[int, int] = {}
        self._update_b_start = 0
        self._n = 0
        self._cache: dict[int, Step] = {}
        out = b.out

        if forward:
            self._add("forward", sizes[0], lambda o: ("input", ("neuron", 0, o)))
            for k in range(1, len(sizes)):
                self._sum_start[k] = self._n
                self._add("forward", sizes[k], lambda o, k=k: ("sum", ("neuron", k, o)))
                self._act_start[k] = self._n
                self._add("forward", sizes[k], lambda o, k=k: ("activation", ("neuron", k, o)))
        if trace.has_backward:
            if loss:
                self._add("loss", sizes[out], lambda o: ("loss_term", ("neuron", out, o)))
                self._add("loss", 1, lambda o: ("loss_total", ("loss",)))
            for k in range(out, 0, -1):
                pre = (0 if b.fused(k) else 1) if deltas else 0
                blocks = np.zeros(sizes[k], dtype=np.int64)
                if deltas:
                    blocks += pre + 1
                if gradients:
                    blocks += b.fan_in[k] + 1
                starts = np.concatenate([[0], np.cumsum(blocks)]).astype(np.int64)
                self._back[k] = (self._n, starts, pre)
                self._add("backward", int(starts[-1]), lambda o, k=k: self._locate_backward(k, o))
            if trace.after is not None:
                for k in range(1, len(sizes)):
                    self._update_w_start[k] = self._n
                    self._add("update", int(b.fan_in[k].sum()), lambda o, k=k: self._locate_update_w(k, o))
                self._update_b_start = self._n
                bias_starts = np.asarray(b.b_before[1:len(sizes)], dtype=np.int64)

                def bias(o: int) -> tuple:
                    k = int(np.searchsorted(bias_starts, o, side="right"))
                    return "update_b", ("bias", k, o - int(bias_starts[k - 1]))

                self._add("update", b.b_before[len(sizes)], bias)
        self._starts = np.array([s.start for s in self._segments], dtype=np.int64)

    def _add(self, phase: str, count: int, locate) -> None:
        if count <= 0:
            return
        self._segments.append(_Segment(self._n, count, phase, locate))
        self._phase_start.setdefault(phase, self._n)
        self._n += count
        self._phase_stop[phase] = self._n

    def _delta_block(self, k: int) -> int:
        """Steps of a neuron's block of backprop before its ∂L/∂w steps."""
        return self._back[k][2] + 1 if self._deltas else 0

    def _locate_backward(self, k: int, o: int) -> tuple:
        _start, starts, pre = self._back[k]
        j = int(np.searchsorted(starts, o, side="right")) - 1
        r = o - int(starts[j])
        if self._deltas:
            if r < pre:
                return "dL_da", ("neuron", k, j)
            if r == pre:
                return "delta", ("neuron", k, j)
        m = r - self._delta_block(k)
        if m < int(self._b.fan_in[k][j]):
            li, i = self._b.nth_incoming(k, j, m)
            return "grad_w", ("weight", li, i, j)
        return "grad_b", ("bias", k, j)

    def _locate_update_w(self, k: int, o: int) -> tuple:
        col_start = self._b.col_start[k]
        j = int(np.searchsorted(col_start, o, side="right")) - 1
        li, i = self._b.nth_incoming(k, j, o - int(col_start[j]))
        return "update_w", ("weight", li, i, j)

    # --- the sequence ---------------------------------------------------------

    def make(self, index: int) -> Step:
        """Step ``index`` made afresh (not kept)."""
        return self._make(index, *self.locate(index))

    def _make(self, index: int, kind: str, target: tuple) -> Step:
        b = self._b
        if kind == "input":
            return b.input_step(index, target[2])
        if kind == "sum":
            return b.sum_step(index, target[1], target[2])
        if kind == "activation":
            return b.activation_step(index, target[1], target[2])
        if kind == "loss_term":
            return b.loss_term(index, target[2])
        if kind == "loss_total":
            return b.loss_total(index)
        if kind == "dL_da":
            return b.gradient_step(index, target[1], target[2])
        if kind == "delta":
            return b.delta_step(index, target[1], target[2])
        if kind == "grad_w":
            return b.grad_w_step(index, *target[1:])
        if kind == "grad_b":
            return b.grad_b_step(index, target[1], target[2])
        if kind == "update_w":
            return b.update_w_step(index, *target[1:])
        return b.update_b_step(index, target[1], target[2])

    # --- where things are -----------------------------------------------------

    def locate(self, index: int) -> tuple[str, tuple]:
        """(kind, target) of step ``index``, without making the step."""
        if not 0 <= index < self._n:
            raise IndexError("step index out of range")
        seg = self._segments[int(np.searchsorted(self._starts, index, side="right")) - 1]
        return seg.locate(index - seg.start)

    def sample_of(self, index: int) -> int | None:
        """The sample of a mini-batch step ``index`` is about: always None
        here (one sample)."""
        return None

    def phase_of(self, index: int) -> str:
        """The phase of step ``index``."""
        seg = self._segments[int(np.searchsorted(self._starts, index, side="right")) - 1]
        return seg.phase

    @property
    def phases(self) -> list[str]:
        """The phases present, in order."""
        return [p for p in PHASES if p in self._phase_start]

    def phase_range(self, phase: str) -> range:
        """The indices of the steps of ``phase`` (empty if it is absent)."""
        if phase not in self._phase_start:
            return range(0)
        return range(self._phase_start[phase], self._phase_stop[phase])

    def index_of(self, kind: str, target: tuple, sample: int | None = None) -> int | None:
        """The index of the step of this kind about ``target``, or None.

        ``sample`` is for the steps of a mini-batch (which sample's step);
        a one-sample trace has one of each and ignores it.
        """
        target = tuple(target)
        b = self._b
        try:
            if target[0] == "neuron":
                k, j = int(target[1]), int(target[2])
                if not (0 <= k < len(self.sizes) and 0 <= j < self.sizes[k]):
                    return None
                if kind == "input":
                    return j if k == 0 else None
                if k == 0:
                    return None
                if kind == "sum":
                    return self._sum_start[k] + j
                if kind == "activation":
                    return self._act_start[k] + j
                if not self.trace.has_backward:
                    return None
                if kind == "loss_term":
                    return self._phase_start["loss"] + j if k == b.out else None
                start, starts, pre = self._back[k]
                if kind == "dL_da" and self._deltas:
                    return start + int(starts[j]) if pre else None
                if kind == "delta" and self._deltas:
                    return start + int(starts[j]) + pre
                return None
            if target[0] == "loss":
                return self._phase_stop["loss"] - 1 if kind == "loss_total" and self.trace.has_backward else None
            if target[0] == "weight":
                li, i, j = (int(v) for v in target[1:])
                if not self.trace.has_backward or not self._b.connected(li)[i, j]:
                    return None
                k = b.ends[li][1]
                m = b.column_position(li, i, j)
                if kind == "grad_w" and self._gradients:
                    start, starts, _pre = self._back[k]
                    return start + int(starts[j]) + self._delta_block(k) + m
                if kind == "update_w" and self.trace.after is not None:
                    return self._update_w_start[k] + int(b.col_start[k][j]) + m
                return None
            if target[0] == "bias":
                k, j = int(target[1]), int(target[2])
                if not self.trace.has_backward or not (1 <= k < len(self.sizes) and 0 <= j < self.sizes[k]):
                    return None
                if kind == "grad_b" and self._gradients:
                    start, starts, _pre = self._back[k]
                    return start + int(starts[j + 1]) - 1
                if kind == "update_b" and self.trace.after is not None:
                    return self._update_b_start + b.b_before[k] + j
                return None
        except (IndexError, KeyError, ValueError):
            return None
        return None

    def first_about(self, target: tuple, sample: int | None = None) -> int | None:
        """The first step about ``target``: a neuron's weighted sum (its
        value for an input), a weight's or a bias's gradient (without
        backward: the weighted sum the weight or bias is part of), the
        total loss. ``sample`` as for :meth:`index_of`."""
        target = tuple(target)
        if target[0] == "neuron":
            kind = "input" if int(target[1]) == 0 else "sum"
            return self.index_of(kind, target)
        if target[0] == "loss":
            return self.index_of("loss_total", target)
        if target[0] == "weight":
            found = self.index_of("grad_w", target)
            if found is None:
                li, _i, j = (int(v) for v in target[1:])
                found = self.index_of("sum", ("neuron", self._b.ends[li][1], j))
            return found
        if target[0] == "bias":
            found = self.index_of("grad_b", target)
            return found if found is not None else self.index_of("sum", ("neuron",) + tuple(target[1:]))
        return None

    def known_counts(self, index: int) -> list[int]:
        """How many activations of each layer are known once step ``index``
        is done: the inputs and activations computed at or before it (all
        of them after the forward pass; none before step 0)."""
        sizes = self.sizes
        if "forward" not in self._phase_stop or index >= self._phase_stop["forward"] - 1:
            return list(sizes)
        if index < 0:
            return [0] * len(sizes)
        counts = [min(sizes[0], index + 1)]
        for k in range(1, len(sizes)):
            counts.append(max(0, min(sizes[k], index - self._act_start[k] + 1)))
        return counts


    def neuron_steps(self, kind: str, k: int) -> np.ndarray:
        """The index of the ``kind`` step ("delta", "grad_b" or "update_b")
        of every neuron of layer ``k``, shape (size,); −1 where there is none."""
        key = ("neuron", kind, k)
        if key not in self._located:
            size = self.sizes[k]
            found = [self.index_of(kind, ("neuron" if kind == "delta" else "bias", k, j)) for j in range(size)]
            self._located[key] = np.array([-1 if i is None else i for i in found], dtype=np.int64)
        return self._located[key]

    def weight_steps(self, kind: str, li: int) -> np.ndarray:
        """The index of the ``kind`` step ("grad_w" or "update_w") of every
        connection of link ``li``, shape like its ``W``; −1 for absent
        connections and where there is no such step. Worked out for the
        whole matrix at once, and kept."""
        key = ("weight", kind, li)
        found = self._located.get(key)
        if found is not None:
            return found
        b = self._b
        link = b.net.links[li]
        k = b.ends[li][1]
        found = np.full(link.W.shape, -1, dtype=np.int64)
        connected = b.connected(li)
        before = b.col_counts[k][:b.link_pos[li]].sum(axis=0)   # connections into j from earlier links
        if link.mask is None:
            within = np.broadcast_to(np.arange(link.W.shape[0])[:, None], link.W.shape)
        else:
            within = np.cumsum(connected, axis=0) - 1
        position = before + within                       # among the connections into j, in weight order
        if kind == "grad_w" and self._gradients and self.trace.has_backward:
            start, starts, _pre = self._back[k]
            first = start + starts[:-1] + self._delta_block(k)
        elif kind == "update_w" and self.trace.after is not None:
            first = self._update_w_start[k] + b.col_start[k][:-1]
        else:
            self._located[key] = found
            return found
        found[connected] = (first[None, :] + position)[connected]
        self._located[key] = found
        return found


def build_steps(trace: Trace, *, max_terms: int = 8, decimals: int | None = 4) -> list[Step]:
    """The computation steps of a trace, in order.

    Parameters
    ----------
    trace : Trace
    max_terms : int
        Longest sum written out in full; longer sums show their
        ``max_terms`` largest terms (by absolute value, in their order)
        and "+ N more terms (sum …)".
    decimals : int or None
        Decimals of each step's ``numbers`` text (see :func:`fmt`).

    Returns
    -------
    list of Step
        Forward steps; with a target also loss and backward steps; with a
        learning rate also update steps (see the module docstring).
        :class:`StepSequence` gives the same steps made only when asked for.
    """
    if not isinstance(trace, Trace):                     # a mini-batch
        from .batch_steps import BatchStepSequence

        seq = BatchStepSequence(trace, max_terms=max_terms, decimals=decimals)
    else:
        seq = StepSequence(trace, max_terms=max_terms, decimals=decimals)
    return [seq.make(i) for i in range(len(seq))]


# --- rendering ----------------------------------------------------------------


def _result_text(step: Step, decimals: int | None) -> str:
    if step.kind in ("update_w", "update_b"):
        return f"{step.label} = {fmt(step.value, decimals)}"
    return fmt(step.value, decimals)


def _show_note(step: Step, seen: set[str]) -> bool:
    """Whether a listing prints the step's note: explanations once, "frozen" always."""
    if not step.note:
        return False
    if step.note.startswith("frozen"):
        return True
    if step.note in seen:
        return False
    seen.add(step.note)
    return True


def sample_heading(trace, phase: str, sample: int | None) -> str | None:
    """The sub-heading of a mini-batch's steps of one sample, or of the
    whole batch, within a phase (None: no sub-heading; always for a
    one-sample trace)."""
    if not isinstance(trace, BatchTrace):
        return None
    if sample is not None:
        return f"Sample {sample + 1} of {trace.n}: {trace.labels[sample]}"
    how = "mean" if trace.averaged else "sum"
    if phase == "loss":
        return f"The batch: the {how} of the samples' losses"
    if phase == "backward":
        return f"The batch: each gradient is the {how} of the samples' gradients"
    return None


def _groups(steps: list[Step], trace):
    """Yield (phase, heading, group, step) for each step in order: ``phase``
    when a phase begins (else None); ``group`` True when a new group of
    steps begins (a new phase, or another sample of a mini-batch), with its
    sub-heading ``heading`` (see :func:`sample_heading`; else None)."""
    phase = sample = None
    for n, s in enumerate(steps):
        new_phase = s.phase if (n == 0 or s.phase != phase) else None
        if new_phase is not None or s.sample != sample:
            yield new_phase, sample_heading(trace, s.phase, s.sample), True, s
        else:
            yield None, None, False, s
        phase, sample = s.phase, s.sample


def render_text(steps: list[Step], decimals: int | None = 4, *, trace=None) -> str:
    """A plain-text listing: a heading per phase, then each step as

    ``  3. z_h1 = w1·x1 + w2·x2 + b1`` and below it
    ``       = 1·(−2) + 1·(−1) + 0 = −3``.

    A note is printed below its step: an explanation the first time it
    occurs, "frozen" every time. With the :class:`BatchTrace` the steps
    come from, each sample's steps (and the batch's) get a sub-heading.
    """
    lines: list[str] = []
    seen: set[str] = set()
    width = len(str(len(steps)))
    for phase, heading, _group, s in _groups(steps, trace):
        if phase is not None:
            if lines:
                lines.append("")
            title = PHASE_TITLES[phase]
            lines += [title, "─" * len(title)]
        if heading:
            if phase is None:
                lines.append("")
            lines.append(f"{heading}:")
        head = f"{s.index + 1:>{width}}. "
        pad = " " * len(head)
        value = fmt(s.value, decimals)
        if s.kind == "input":
            lines.append(f"{head}{s.formula} = {value}   (input)")
            continue
        lines.append(head + s.formula)
        numbers = s.numbers_at(decimals)
        if numbers and numbers != f"= {value}":
            lines.append(f"{pad}  {numbers} = {value}")
        else:
            lines.append(f"{pad}  = {value}")
        if _show_note(s, seen):
            lines.append(f"{pad}  ({s.note})")
    return "\n".join(lines) + "\n"


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _md_code(text: str) -> str:
    return f"`{_md_cell(text)}`" if text else ""


def describe_trace(trace: Trace, decimals: int | None = 4) -> list[tuple[str, str]]:
    """(what, value) pairs for the top of a listing: the network, the inputs,
    the target, the loss and the learning rate (those that the trace has).
    For a :class:`BatchTrace`, the batch's size and each sample's inputs
    and target instead of the inputs and the target."""
    net = trace.network
    names = net.all_neuron_names()
    outs = names[-1]
    ys = ["y" if len(outs) == 1 else f"y_{n}" for n in outs]

    def values(symbols, row) -> str:
        return ", ".join(f"{n} = {fmt(v, decimals)}" for n, v in zip(symbols, row))

    rows = [("Network", net.summary())]
    if isinstance(trace, BatchTrace):
        how = "the mean" if trace.averaged else "the sum"
        rows.append(("Mini-batch", f"{trace.n} sample{'s' * (trace.n != 1)}; the batch's loss and gradients "
                                   f"are {how} of the samples' own"))
        for s, label in enumerate(trace.labels):
            rows.append((f"Sample {s + 1} ({label})", f"{values(names[0], trace.X[s])}; {values(ys, trace.Y[s])}"))
    else:
        rows.append(("Inputs", values(names[0], trace.x)))
        if trace.y is not None:
            rows.append(("Target", values(ys, trace.y)))
    if trace.y is not None:
        loss = get_loss(trace.loss)
        rows.append(("Loss", f"{loss.title} ({loss.name}): {loss.formula}"))
    if trace.after is not None:
        text = f"η = {fmt(trace.learning_rate, None)}"
        if trace.l2:
            text += f", L2 decay λ = {fmt(trace.l2, None)}"
        rows.append(("Learning rate", text))
    return rows


def _parameter_rows(trace: Trace, decimals: int | None) -> list[tuple[str, str, str, str]]:
    """(name, connection, value, frozen) of every parameter before the update."""
    net = trace.network
    names = net.all_neuron_names()
    rows = []
    for r in net.parameters():
        if r.kind == "w":
            where = f"{names[r.src_layer][r.i]} → {names[r.layer][r.j]}"
        else:
            where = f"bias of {names[r.layer][r.j]}"
        rows.append((r.name, where, fmt(net.get(r), decimals), "" if net.is_trainable(r) else "frozen"))
    return rows


def render_markdown(
    trace: Trace,
    steps: list[Step] | None = None,
    decimals: int | None = 4,
    title: str = "One training step by hand",
    *,
    answer_column: bool = True,
    hide_results: bool = False,
) -> str:
    """A printable worksheet (Markdown) of the steps of ``trace``.

    Parameters
    ----------
    trace : Trace
    steps : list of Step or None
        From :func:`build_steps`; None builds them.
    decimals : int or None
    title : str
        The top heading.
    answer_column : bool
        Add an empty "your answer" column for students to fill in.
    hide_results : bool
        Leave the "numbers" and "result" columns empty (an exercise sheet;
        print it again without this for the answers).

    Returns
    -------
    str
        A heading, the sample (inputs, target, loss, η), a table of the
        starting parameters, then one section and table per phase with the
        columns # | step | formula | numbers | result (| your answer).
    """
    if steps is None:
        steps = build_steps(trace, decimals=decimals)
    out = [f"# {title}", ""]
    for what, value in describe_trace(trace, decimals):
        out.append(f"- **{what}:** {_md_cell(value)}")
    out.append("")
    out += ["## Parameters before the step", "", "| parameter | connection | value | |", "|---|---|---:|---|"]
    for name, where, value, frozen in _parameter_rows(trace, decimals):
        out.append(f"| {name} | {_md_cell(where)} | {value} | {frozen} |")
    out.append("")
    header = "| # | step | formula | numbers | result |" + (" your answer |" if answer_column else "")
    rule = "|---:|---|---|---|---:|" + ("---|" if answer_column else "")
    number = 0
    seen: set[str] = set()
    for phase, heading, group, s in _groups(steps, trace):
        if phase is not None:
            number += 1
            out += ["", f"## {number}. {PHASE_TITLES[phase]}"]
        if heading:
            out += ["", f"### {_md_cell(heading)}"]
        if group:
            out += ["", header, rule]
        numbers = "" if hide_results else _md_code(s.numbers_at(decimals))
        result = "" if hide_results else fmt(s.value, decimals)
        formula = s.formula if s.kind != "input" else f"{s.formula} (input)"
        note = f" — *{_md_cell(s.note)}*" if s.kind != "input" and _show_note(s, seen) else ""
        row = f"| {s.index + 1} | {_md_cell(s.label)} | {_md_code(formula)}{note} | {numbers} | {result} |"
        if answer_column:
            row += "  |"
        out.append(row)
    out.append("")
    return "\n".join(out)


_LATEX = [
    ("\\", "\\textbackslash{}"),
    ("∂L/∂", "\\partial L/\\partial "),
    ("∂", "\\partial "),
    ("σ′", "\\sigma'"),
    ("′", "'"),
    ("σ", "\\sigma "),
    ("δ_", "\\delta_"),
    ("δ", "\\delta "),
    ("ℓ_", "\\ell_"),
    ("η", "\\eta "),
    ("λ", "\\lambda "),
    ("Σ_", "\\sum_"),
    ("Σ", "\\sum "),
    ("ŷ", "\\hat{y}"),
    ("·", "\\cdot "),
    ("−", "-"),
    ("←", "\\leftarrow "),
    ("→", "\\to "),
    ("…", "\\ldots "),
    ("×", "\\times "),
    ("½", "\\tfrac{1}{2}"),
    ("²", "^{2}"),
    ("ln ", "\\ln "),
    ("e^(", "e^{("),
    ("%", "\\%"),
    ("#", "\\#"),
    ("&", "\\&"),
]


def _latex_math(text: str) -> str:
    import re

    # superscript exponents from fmt: 10⁻⁷ → 10^{-7}; a mini-batch's sample numbers: x1⁽²⁾ → x1^{(2)}
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
    text = re.sub(r"⁽([⁰¹²³⁴⁵⁶⁷⁸⁹]+)⁾", lambda m: "^{(" + m.group(1).translate(sup) + ")}", text)
    text = re.sub(r"10([⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺]+)", lambda m: "10^{" + m.group(1).translate(sup) + "}", text)
    for a, b in _LATEX:
        text = text.replace(a, b)
    # e^{(z) → e^{(z)}: close the exponent after its parenthesis
    text = re.sub(r"e\^\{\(([^()]*)\)", r"e^{(\1)}", text)
    # subscripts: z_h1 → z_{h1}, y_o1 → y_{o1}
    text = re.sub(r"_([A-Za-z0-9]+(?:_[0-9]+)?)", lambda m: "_{" + m.group(1).replace("_", "\\_") + "}", text)
    text = text.replace("more terms (sum", "\\text{ more terms (sum}")
    text = text.replace("more terms)", "\\text{ more terms})")
    return text


def _latex_text(text: str) -> str:
    """Plain words for LaTeX's text mode."""
    for a, b in (("\\", "\\textbackslash{}"), ("&", "\\&"), ("%", "\\%"), ("#", "\\#"),
                 ("_", "\\_"), ("−", "-")):
        text = text.replace(a, b)
    return text


def render_latex(
    trace: Trace,
    steps: list[Step] | None = None,
    decimals: int | None = 4,
    title: str = "One training step by hand",
) -> str:
    """A LaTeX fragment (``\\section*`` and a ``tabular`` per phase) of the steps.

    Needs only standard LaTeX (amsmath for ``\\tfrac``); paste it into a
    document body.
    """
    if steps is None:
        steps = build_steps(trace, decimals=decimals)
    out = [f"\\section*{{{_latex_text(title)}}}", "\\begin{itemize}"]
    for what, value in describe_trace(trace, decimals):
        if what in ("Network", "Mini-batch"):
            text = _latex_text(value)
        elif what == "Loss":
            words, _, formula = value.partition(": ")
            text = f"{_latex_text(words)}: ${_latex_math(formula)}$"
        else:
            text = f"${_latex_math(value)}$"
        out.append(f"  \\item \\textbf{{{_latex_text(what)}:}} {text}")
    out.append("\\end{itemize}")
    open_table = False
    for phase, heading, group, s in _groups(steps, trace):
        if group and open_table:
            out += ["\\end{tabular}", ""]
        if phase is not None:
            out.append(f"\\subsection*{{{PHASE_TITLES[phase]}}}")
        if heading:
            out.append(f"\\subsubsection*{{{_latex_text(heading)}}}")
        if group:
            out += ["\\begin{tabular}{r l l r}", "\\# & formula & numbers & result \\\\ \\hline"]
            open_table = True
        numbers = s.numbers_at(decimals)
        numbers = f"${_latex_math(numbers)}$" if numbers else ""
        out.append(
            f"{s.index + 1} & ${_latex_math(s.formula)}$ & {numbers} & "
            f"${_latex_math(fmt(s.value, decimals))}$ \\\\"
        )
    if open_table:
        out.append("\\end{tabular}")
    return "\n".join(out) + "\n"


__all__ = [
    "PHASES",
    "PHASE_TITLES",
    "Step",
    "StepSequence",
    "build_steps",
    "describe_trace",
    "fmt",
    "render_latex",
    "render_markdown",
    "render_text",
    "sample_heading",
]
