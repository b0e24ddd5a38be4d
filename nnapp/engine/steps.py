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
from dataclasses import dataclass, field

import numpy as np

from .activations import ACTIVATIONS
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


_FUNCTION_SYMBOLS = {
    "sigmoid": "σ",
    "tanh": "tanh",
    "relu": "ReLU",
    "leaky_relu": "LeakyReLU",
    "step": "step",
}


class _Builder:
    def __init__(self, trace: Trace, max_terms: int, decimals: int | None) -> None:
        if max_terms < 1:
            raise ValueError(f"max_terms must be at least 1, not {max_terms!r}")
        self.t = trace
        self.net = trace.network
        self.max_terms = int(max_terms)
        self.decimals = decimals
        self.names = self.net.all_neuron_names()
        self.out = len(self.net.layers) - 1
        self.refs = self.net.parameters()
        self.weight_name: dict[tuple[int, int, int], str] = {}
        self.bias_name: dict[tuple[int, int], str] = {}
        for r in self.refs:
            if r.kind == "w":
                self.weight_name[(r.link, r.i, r.j)] = r.name
            else:
                self.bias_name[(r.layer, r.j)] = r.name
        self.steps: list[Step] = []

    # helpers ----------------------------------------------------------------

    def add(self, phase, kind, target, label, formula, tokens, value, note="") -> None:
        tokens = tuple(tokens)
        self.steps.append(Step(
            index=len(self.steps), phase=phase, kind=kind, target=tuple(target), label=label,
            formula=formula, numbers=_render_tokens(tokens, self.decimals), value=float(value),
            note=note, _tokens=tokens,
        ))

    def y_symbol(self, j: int) -> str:
        return "y" if self.net.n_outputs == 1 else f"y_{self.names[self.out][j]}"

    def summed(self, symbols: list[str], numbers: list[list], values: list[float]) -> tuple[str, list]:
        """``a + b + c`` in symbols and tokens; long sums keep the largest terms."""
        n = len(symbols)
        if n == 0:
            return "0", ["0"]
        if n <= self.max_terms:
            keep = list(range(n))
        else:
            order = sorted(range(n), key=lambda i: -abs(values[i]))
            keep = sorted(order[: self.max_terms])
        sym = " + ".join(symbols[i] for i in keep)
        tokens: list = []
        for pos, i in enumerate(keep):
            if pos:
                tokens.append(" + ")
            tokens.extend(numbers[i])
        rest = n - len(keep)
        if rest:
            kept = set(keep)
            rest_sum = math.fsum(values[i] for i in range(n) if i not in kept)
            sym += f" + … ({rest} more terms)"
            tokens += [f" + {rest} more terms (sum ", _n(rest_sum, False), ")"]
        return sym, tokens

    # phases -----------------------------------------------------------------

    def forward(self) -> None:
        t, net, names = self.t, self.net, self.names
        for i, name in enumerate(names[0]):
            self.add("forward", "input", ("neuron", 0, i), name, name, [], t.activations[0][i], "input")
        for k in range(1, len(net.layers)):
            layer = net.layers[k]
            act = ACTIVATIONS[layer.activation]
            z = t.zs[k]
            a = t.activations[k]
            for j, name in enumerate(names[k]):
                syms, nums, vals = [], [], []
                for li, s in net.incoming(k):
                    link = net.links[li]
                    for i in np.flatnonzero(link.connected()[:, j]):
                        i = int(i)
                        w = float(link.W[i, j])
                        x = float(t.activations[s][i])
                        syms.append(f"{self.weight_name[(li, i, j)]}·{names[s][i]}")
                        nums.append([_n(w), "·", _n(x)])
                        vals.append(w * x)
                sym, tokens = self.summed(syms, nums, vals)
                b = float(layer.bias[j])
                bname = self.bias_name[(k, j)]
                formula = f"z_{name} = {sym} + {bname}" if syms else f"z_{name} = {bname}"
                tokens = ["= "] + (tokens + [" + "] if syms else []) + [_n(b)]
                self.add("forward", "sum", ("neuron", k, j), f"z_{name}", formula, tokens, z[j])
            for j, name in enumerate(names[k]):
                self.activation_step(k, j, name, act)

    def activation_step(self, k: int, j: int, name: str, act) -> None:
        t = self.t
        z = t.zs[k]
        a = float(t.activations[k][j])
        target = ("neuron", k, j)
        if act.name == "identity":
            self.add("forward", "activation", target, name, f"{name} = z_{name}",
                     ["= ", _n(z[j], False)], a, "identity: the output is the weighted sum")
            return
        if act.name == "softmax":
            names = self.names[k]
            syms = [f"e^(z_{m})" for m in names]
            nums = [["e^(", _n(v, False), ")"] for v in z]
            vals = [float(v) for v in z]
            sym, tokens = self.summed(syms, nums, vals)
            self.add("forward", "activation", target, name,
                     f"{name} = e^(z_{name}) / ({sym})",
                     ["= e^(", _n(z[j], False), ") / (", *tokens, ")"], a, act.formula)
            return
        f = _FUNCTION_SYMBOLS.get(act.name, act.name)
        self.add("forward", "activation", target, name, f"{name} = {f}(z_{name})",
                 [f"= {f}(", _n(z[j], False), ")"], a, act.formula)

    def loss(self) -> None:
        t = self.t
        loss = get_loss(t.loss)
        out = self.out
        names = self.names[out]
        k = len(names)
        fused = loss.is_fused(self.net.layers[out].activation)
        a = t.activations[out]
        for j, name in enumerate(names):
            y = self.y_symbol(j)
            yv, av = float(t.y[j]), float(a[j])
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
            self.add("loss", "loss_term", ("neuron", out, j), f"ℓ_{name}", formula, tokens,
                     t.loss_terms[j], note)
        syms = [f"ℓ_{name}" for name in names]
        nums = [[_n(v)] for v in t.loss_terms]
        sym, tokens = self.summed(syms, nums, [float(v) for v in t.loss_terms])
        if loss.reduction == "mean" and loss.name != "cce" and k > 1:
            formula = f"L = ({sym}) / {k}"
            tokens = ["= (", *tokens, f") / {k}"]
        else:
            formula = f"L = {sym}"
            tokens = ["= ", *tokens]
        note = f"{loss.title}: {loss.formula}"
        if loss.reduction == "mean" and loss.name != "cce" and k > 1:
            note += f" (averaged over the {k} outputs)"
        self.add("loss", "loss_total", ("loss",), "L", formula, tokens, t.loss_total, note)

    def backward(self) -> None:
        t, net = self.t, self.net
        loss = get_loss(t.loss)
        out = self.out
        for k in range(out, 0, -1):
            names = self.names[k]
            act = ACTIVATIONS[net.layers[k].activation]
            fused = k == out and loss.is_fused(act.name)
            for j, name in enumerate(names):
                if fused:
                    self.fused_delta(loss, j, name)
                else:
                    if k == out:
                        self.loss_gradient(loss, j, name)
                    else:
                        self.hidden_gradient(k, j, name)
                    self.delta_step(k, j, name, act)
                self.parameter_gradients(k, j, name)

    def loss_gradient(self, loss, j: int, name: str) -> None:
        t = self.t
        out = self.out
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
        self.add("backward", "dL_da", ("neuron", out, j), f"∂L/∂{name}", formula, tokens,
                 t.dL_da[out][j], "derivative of the loss with respect to the output")

    def hidden_gradient(self, k: int, j: int, name: str) -> None:
        t, net = self.t, self.net
        syms, nums, vals = [], [], []
        for li, d in sorted(net.outgoing(k), key=lambda e: e[1]):
            link = net.links[li]
            for m in np.flatnonzero(link.connected()[j, :]):
                m = int(m)
                w = float(link.W[j, m])
                delta = float(t.deltas[d][m])
                syms.append(f"{self.weight_name[(li, j, m)]}·δ_{self.names[d][m]}")
                nums.append([_n(w), "·", _n(delta)])
                vals.append(w * delta)
        sym, tokens = self.summed(syms, nums, vals)
        self.add("backward", "dL_da", ("neuron", k, j), f"∂L/∂{name}", f"∂L/∂{name} = {sym}",
                 ["= ", *tokens], t.dL_da[k][j],
                 "sum over the connections leaving the neuron: weight × δ of the neuron it feeds")

    def delta_step(self, k: int, j: int, name: str, act) -> None:
        t = self.t
        g = float(t.dL_da[k][j])
        a = float(t.activations[k][j])
        z = float(t.zs[k][j])
        head = f"δ_{name} = ∂L/∂{name}"
        note = act.derivative_formula
        if act.name == "sigmoid":
            formula = f"{head} · σ′(z_{name}) = ∂L/∂{name} · {name}·(1 − {name})"
            tokens = ["= ", _n(g), " · ", _n(a), "·(1 − ", _n(a), ")"]
        elif act.name == "tanh":
            formula = f"{head} · tanh′(z_{name}) = ∂L/∂{name} · (1 − {name}²)"
            tokens = ["= ", _n(g), " · (1 − ", _n(a), "²)"]
        elif act.name in ("relu", "leaky_relu"):
            f = _FUNCTION_SYMBOLS[act.name]
            slope = "0" if act.name == "relu" else f"{0.01:g}"
            formula = f"{head} · {f}′(z_{name})"
            tokens = ["= ", _n(g), " · " + ("1" if z > 0 else slope)]
            note = f"{act.derivative_formula}; here z_{name} {'>' if z > 0 else '≤'} 0"
        elif act.name == "identity":
            formula = f"{head} · 1"
            tokens = ["= ", _n(g), " · 1"]
        elif act.name == "softmax":
            names = self.names[k]
            gs, acts = t.dL_da[k], t.activations[k]
            sym, sum_tokens = self.summed(
                [f"∂L/∂{m}·{m}" for m in names],
                [[_n(gm), "·", _n(am)] for gm, am in zip(gs, acts)],
                [float(gm * am) for gm, am in zip(gs, acts)],
            )
            formula = f"δ_{name} = {name}·(∂L/∂{name} − ({sym}))"
            tokens = ["= ", _n(a), "·(", _n(g, False), " − (", *sum_tokens, "))"]
            note = ("softmax: every output depends on every z, so δ subtracts the sum of "
                    "∂L/∂a·a over the whole layer")
        else:  # not trainable; trace() refuses these before we get here
            formula = f"{head} · {act.name}′(z_{name})"
            tokens = ["= ", _n(g), " · ?"]
        self.add("backward", "delta", ("neuron", k, j), f"δ_{name}", formula, tokens,
                 t.deltas[k][j], note)

    def fused_delta(self, loss, j: int, name: str) -> None:
        t = self.t
        out = self.out
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
        self.add("backward", "delta", ("neuron", out, j), f"δ_{name}", formula, tokens,
                 t.deltas[out][j], note)

    def parameter_gradients(self, k: int, j: int, name: str) -> None:
        t, net = self.t, self.net
        delta = float(t.deltas[k][j])
        for li, s in net.incoming(k):
            link = net.links[li]
            for i in np.flatnonzero(link.connected()[:, j]):
                i = int(i)
                wname = self.weight_name[(li, i, j)]
                src = self.names[s][i]
                ref_frozen = link.trainable is not None and not link.trainable[i, j]
                self.add("backward", "grad_w", ("weight", li, i, j), f"∂L/∂{wname}",
                         f"∂L/∂{wname} = {src} · δ_{name}",
                         ["= ", _n(t.activations[s][i]), " · ", _n(delta)],
                         t.grad_W[li][i, j], "frozen: computed, but not applied" if ref_frozen else "")
        bname = self.bias_name[(k, j)]
        bt = net.layers[k].bias_trainable
        frozen = bt is not None and not bt[j]
        self.add("backward", "grad_b", ("bias", k, j), f"∂L/∂{bname}", f"∂L/∂{bname} = δ_{name}",
                 ["= ", _n(delta, False)], t.grad_b[k][j],
                 "frozen: computed, but not applied" if frozen else "")

    def update(self) -> None:
        t, net = self.t, self.net
        eta = t.learning_rate
        l2 = t.l2
        for ref in self.refs:
            p = ref.name
            before = net.get(ref)
            after = t.after.get(ref)
            kind = "update_w" if ref.kind == "w" else "update_b"
            target = ("weight", ref.link, ref.i, ref.j) if ref.kind == "w" else ("bias", ref.layer, ref.j)
            if not net.is_trainable(ref):
                self.add("update", kind, target, p, f"{p} ← {p}", ["= ", _n(before, False)], after, "frozen")
                continue
            g = t.gradient(ref)
            if l2 and ref.kind == "w":
                formula = f"{p} ← {p} − η·(∂L/∂{p} + λ·{p})"
                tokens = ["= ", _n(before, False), " − ", _n(eta), "·(", _n(g, False), " + ", _n(l2), "·",
                          _n(before), ")"]
            else:
                formula = f"{p} ← {p} − η·∂L/∂{p}"
                tokens = ["= ", _n(before, False), " − ", _n(eta), "·", _n(g)]
            self.add("update", kind, target, p, formula, tokens, after)


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
    """
    b = _Builder(trace, max_terms, decimals)
    b.forward()
    if trace.has_backward:
        b.loss()
        b.backward()
        if trace.after is not None:
            b.update()
    return b.steps


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


def render_text(steps: list[Step], decimals: int | None = 4) -> str:
    """A plain-text listing: a heading per phase, then each step as

    ``  3. z_h1 = w1·x1 + w2·x2 + b1`` and below it
    ``       = 1·(−2) + 1·(−1) + 0 = −3``.

    A note is printed below its step: an explanation the first time it
    occurs, "frozen" every time.
    """
    lines: list[str] = []
    seen: set[str] = set()
    phase = None
    width = len(str(len(steps)))
    for s in steps:
        if s.phase != phase:
            phase = s.phase
            if lines:
                lines.append("")
            title = PHASE_TITLES[phase]
            lines += [title, "─" * len(title)]
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
    the target, the loss and the learning rate (those that the trace has)."""
    net = trace.network
    names = net.all_neuron_names()
    rows = [
        ("Network", net.summary()),
        ("Inputs", ", ".join(f"{n} = {fmt(v, decimals)}" for n, v in zip(names[0], trace.x))),
    ]
    if trace.y is not None:
        outs = names[-1]
        ys = ["y" if len(outs) == 1 else f"y_{n}" for n in outs]
        rows.append(("Target", ", ".join(f"{n} = {fmt(v, decimals)}" for n, v in zip(ys, trace.y))))
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
    phase = None
    number = 0
    seen: set[str] = set()
    for s in steps:
        if s.phase != phase:
            phase = s.phase
            number += 1
            out += ["", f"## {number}. {PHASE_TITLES[phase]}", "", header, rule]
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

    # superscript exponents from fmt: 10⁻⁷ → 10^{-7}
    sup = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁺", "0123456789-+")
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
        if what == "Network":
            text = _latex_text(value)
        elif what == "Loss":
            words, _, formula = value.partition(": ")
            text = f"{_latex_text(words)}: ${_latex_math(formula)}$"
        else:
            text = f"${_latex_math(value)}$"
        out.append(f"  \\item \\textbf{{{what}:}} {text}")
    out.append("\\end{itemize}")
    phase = None
    for s in steps:
        if s.phase != phase:
            if phase is not None:
                out += ["\\end{tabular}", ""]
            phase = s.phase
            out += [f"\\subsection*{{{PHASE_TITLES[phase]}}}",
                    "\\begin{tabular}{r l l r}", "\\# & formula & numbers & result \\\\ \\hline"]
        numbers = s.numbers_at(decimals)
        numbers = f"${_latex_math(numbers)}$" if numbers else ""
        out.append(
            f"{s.index + 1} & ${_latex_math(s.formula)}$ & {numbers} & "
            f"${_latex_math(fmt(s.value, decimals))}$ \\\\"
        )
    if phase is not None:
        out.append("\\end{tabular}")
    return "\n".join(out) + "\n"


__all__ = [
    "PHASES",
    "PHASE_TITLES",
    "Step",
    "build_steps",
    "describe_trace",
    "fmt",
    "render_latex",
    "render_markdown",
    "render_text",
]
