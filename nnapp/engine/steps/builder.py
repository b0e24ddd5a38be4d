"""Making the steps of a one-sample trace, each on its own, as records.

:class:`StepBuilder` makes any one :class:`~.record.Step` of a
:class:`~nnapp.engine.trace.Trace` when asked (``sequence.py`` says which
step is where). Each step is built from the trace's numbers and the
registries' symbols and formula texts (``activations.py``, ``losses.py``):
its symbols, its numbers as tokens, its value (the trace's own), and its
facts (the parameter, whether it is frozen, the note and its key). The
steps of one sample of a mini-batch are made with ``sample`` set: their
loss is L⁽ˢ⁾, its derivatives ∂L⁽ˢ⁾/∂… (see ``batch_builder.py``).

Weights and biases are named as :meth:`Network.parameters` names them (w1…
layer by layer, neuron by neuron, through the incoming links in order; b1…
neuron by neuron), computed from counts of connections so that a network of
100,000 weights does not list them all. Sums of more than ``max_terms``
terms show the largest ones and the rest as "+ N more terms (sum …)".

Longer than most modules: it is one class, :class:`StepBuilder`, one method
per kind of step, and every method reads the same trace, parameter numbering
and number formatting it holds; split, its parts would pass that state to each
other.
"""

from __future__ import annotations

import math

import numpy as np

from nnapp.text import marked, plural, tr, tr_in

from ..activations import ACTIVATIONS, OUTPUT
from ..losses import get_loss
from ..trace import Trace
from .record import Step, num, render_tokens, sample_mark

FROZEN_GRADIENT = marked("frozen: computed, but not applied")
"""The note of the gradient of a frozen parameter."""

MAKERS = {
    "input": "input_step", "sum": "sum_step", "activation": "activation_step",
    "loss_term": "loss_term", "loss_total": "loss_total",
    "dL_da": "gradient_step", "delta": "delta_step", "grad_w": "grad_w_step", "grad_b": "grad_b_step",
    "update_w": "update_w_step", "update_b": "update_b_step",
}
"""The :class:`StepBuilder` method that makes each kind of step, from its
index and its target's numbers (``("neuron", k, j)`` → ``(index, k, j)``)."""

class StepBuilder:
    """Makes any one step of a trace, on demand (see
    :class:`~.sequence.StepSequence`).

    Parameters
    ----------
    trace : Trace
    max_terms : int
        Longest sum written out in full.
    decimals : int or None
        Decimals of each step's ``numbers`` text.
    sample : int or None
        For the steps of one sample of a mini-batch, its place in the batch:
        the steps say so, and the loss is that sample's own, L⁽ˢ⁾.
    """

    def __init__(self, trace: Trace, max_terms: int, decimals: int | None, sample: int | None = None) -> None:
        if max_terms < 1:
            raise ValueError(tr("max_terms must be at least 1, not {max_terms!r}").format(max_terms=max_terms))
        self.sample = sample
        self.L = "L" if sample is None else f"L{sample_mark(sample)}"
        """The symbol of the loss the derivatives are of."""
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

    def build(self, index: int, kind: str, target: tuple) -> Step:
        """Step ``index``: the ``kind`` step about ``target`` (see :data:`MAKERS`)."""
        return getattr(self, MAKERS[kind])(index, *target[1:])

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

    def make(self, index, phase, kind, target, label, formula, tokens, value, note="", key="", *,
             frozen=False, parameter="") -> Step:
        """The record of one step; ``key`` says what ``note`` is about."""
        tokens = tuple(tokens)
        return Step(
            index=index, phase=phase, kind=kind, target=tuple(target), label=label,
            formula=formula, numbers=render_tokens(tokens, self.decimals), value=float(value),
            note=note, sample=self.sample, frozen=frozen, parameter=parameter,
            note_key=key if note else "", _tokens=tokens,
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
            more = plural(rest, "{count} more term", "{count} more terms").format(count=rest)
            sym += f" + … ({more})"
            left_out = tr_in("the terms left out of a long sum", "sum")
            tokens += [f" + {more} ({left_out} ", num(rest_sum, False), ")"]
        return sym, tokens

    # forward ----------------------------------------------------------------

    def input_step(self, index: int, _k: int, i: int) -> Step:
        name = self.names[0][i]
        return self.make(index, "forward", "input", ("neuron", 0, i), name, name, [],
                         self.t.activations[0][i], tr_in("step note", "input"), "input")

    def sum_step(self, index: int, k: int, j: int) -> Step:
        names = self.names
        name = names[k][j]
        src, rows, ws, xs = self.incoming_terms(k, j)
        first = self.w_before[k] + int(self.col_start[k][j]) + 1
        n = rows.size
        sym, tokens = self.summed(
            n, ws * xs,
            lambda m: f"w{first + m}·{names[src[m]][rows[m]]}",
            lambda m: [num(ws[m]), "·", num(xs[m])],
        )
        b = float(self.net.layers[k].bias[j])
        bname = self.bias_name(k, j)
        formula = f"z_{name} = {sym} + {bname}" if n else f"z_{name} = {bname}"
        tokens = ["= "] + (tokens + [" + "] if n else []) + [num(b)]
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
                             ["= ", num(z[j], False)], a, tr("identity: the output is the weighted sum"),
                             "identity")
        if act.name == "softmax":
            names = self.names[k]
            sym, tokens = self.summed(
                len(names), z,
                lambda m: f"e^(z_{names[m]})",
                lambda m: ["e^(", num(z[m], False), ")"],
            )
            return self.make(index, "forward", "activation", target, name,
                             f"{name} = e^(z_{name}) / ({sym})",
                             ["= e^(", num(z[j], False), ") / (", *tokens, ")"], a, act.formula, "activation")
        f = act.shown_as
        return self.make(index, "forward", "activation", target, name, f"{name} = {f}(z_{name})",
                         [f"= {f}(", num(z[j], False), ")"], a, act.formula, "activation")

    # loss -------------------------------------------------------------------

    def loss_term(self, index: int, _k: int, j: int) -> Step:
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
            tokens = ["= (", num(av, False), " − ", num(yv), ")²"]
        elif loss.name == "sse":
            formula = f"ℓ_{name} = ½({name} − {y})²"
            tokens = ["= ½(", num(av, False), " − ", num(yv), ")²"]
        elif loss.name == "bce":
            formula = f"ℓ_{name} = −[{y}·ln {name} + (1 − {y})·ln(1 − {name})]"
            tokens = ["= −[", num(yv), "·ln ", num(av), " + (1 − ", num(yv), ")·ln(1 − ", num(av), ")]"]
            if fused:
                note = tr("computed from z_{name} (log-sigmoid), exact even when {name} rounds to 0 or 1").format(name=name)
        else:  # cce
            formula = f"ℓ_{name} = −{y}·ln {name}"
            tokens = ["= −", num(yv), "·ln ", num(av)]
            if fused:
                note = tr("computed from z_{name} (log-softmax), exact even when {name} rounds to 0").format(name=name)
        return self.make(index, "loss", "loss_term", ("neuron", out, j), f"ℓ_{name}", formula, tokens,
                         t.loss_terms[j], note, "fused_loss")

    def loss_total(self, index: int) -> Step:
        t = self.t
        loss = get_loss(t.loss)
        names = self.names[self.out]
        k = len(names)
        terms = t.loss_terms
        sym, tokens = self.summed(k, terms, lambda m: f"ℓ_{names[m]}", lambda m: [num(terms[m])])
        averaged = loss.reduction == "mean" and loss.name != "cce" and k > 1
        L = self.L
        if averaged:
            formula = f"{L} = ({sym}) / {k}"
            tokens = ["= (", *tokens, f") / {k}"]
        else:
            formula = f"{L} = {sym}"
            tokens = ["= ", *tokens]
        if averaged:
            note = tr("{title}: {formula} (averaged over the {k} outputs)").format(
                title=tr(loss.title), formula=loss.formula, k=k)
        else:
            note = tr("{title}: {formula}").format(title=tr(loss.title), formula=loss.formula)
        key = "loss"
        if self.sample is not None:
            note, key = tr("the loss of this sample alone; {loss}").format(loss=note), "sample_loss"
        return self.make(index, "loss", "loss_total", ("loss",), L, formula, tokens, t.loss_total, note, key)

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
        d = f"∂{self.L}/∂"
        if loss.name == "mse":
            formula = f"{d}{name} = 2·({name} − {y}){per}"
            tokens = ["= 2·(", num(av, False), " − ", num(yv), ")" + per]
        elif loss.name == "sse":
            formula = f"{d}{name} = {name} − {y}"
            tokens = ["= ", num(av, False), " − ", num(yv)]
        elif loss.name == "bce":
            formula = f"{d}{name} = ({name} − {y}) / ({name}·(1 − {name})){per}"
            tokens = ["= (", num(av, False), " − ", num(yv), ") / (", num(av, False), "·(1 − ", num(av),
                      "))" + per]
        else:  # cce
            formula = f"{d}{name} = −{y} / {name}"
            tokens = ["= −", num(yv), " / ", num(av)]
        return self.make(index, "backward", "dL_da", ("neuron", out, j), f"{d}{name}", formula, tokens,
                         t.dL_da[out][j], tr("derivative of the loss with respect to the output"), "loss_derivative")

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
                                  lambda m: [num(ws[m]), "·", num(ds[m])])
        d = f"∂{self.L}/∂"
        return self.make(index, "backward", "dL_da", ("neuron", k, j), f"{d}{name}", f"{d}{name} = {sym}",
                         ["= ", *tokens], t.dL_da[k][j],
                         tr("sum over the connections leaving the neuron: weight × δ of the neuron it feeds"),
                         "backprop_sum")

    def delta_step(self, index: int, k: int, j: int) -> Step:
        if self.fused(k):
            return self.fused_delta(index, j)
        t = self.t
        name = self.names[k][j]
        act = ACTIVATIONS[self.net.layers[k].activation]
        g = float(t.dL_da[k][j])
        a = float(t.activations[k][j])
        z = float(t.zs[k][j])
        d = f"∂{self.L}/∂"
        head = f"δ_{name} = {d}{name}"
        note, key = act.derivative_formula, "derivative"
        pieces = act.derivative_pieces  # f′ written with the output, OUTPUT standing for it
        if act.elementwise and pieces is not None and OUTPUT in pieces:
            formula = (f"{head} · {act.shown_as}′(z_{name}) = {d}{name} · "
                       + "".join(name if p == OUTPUT else p for p in pieces))
            tokens = ["= ", num(g), " · "] + [num(a) if p == OUTPUT else p for p in pieces]
        elif act.elementwise and pieces is not None:  # a constant f′
            formula = f"{head} · {''.join(pieces)}"
            tokens = ["= ", num(g), " · " + "".join(pieces)]
        elif act.elementwise and act.trainable and act.scalar_derivative is not None:  # piecewise f′
            formula = f"{head} · {act.shown_as}′(z_{name})"
            tokens = ["= ", num(g), f" · {act.scalar_derivative(z, a):g}"]
            note = tr("{derivative}; here z_{name} {sign} 0").format(
                derivative=act.derivative_formula, name=name, sign=">" if z > 0 else "≤")
            key = "piecewise_derivative"
        elif act.name == "softmax":
            names = self.names[k]
            gs, acts = t.dL_da[k], t.activations[k]
            sym, sum_tokens = self.summed(
                len(names), np.asarray(gs, dtype=np.float64) * np.asarray(acts, dtype=np.float64),
                lambda m: f"{d}{names[m]}·{names[m]}",
                lambda m: [num(gs[m]), "·", num(acts[m])],
            )
            formula = f"δ_{name} = {name}·({d}{name} − ({sym}))"
            tokens = ["= ", num(a), "·(", num(g, False), " − (", *sum_tokens, "))"]
            note = tr("softmax: every output depends on every z, so δ subtracts the sum of "
                      "∂L/∂a·a over the whole layer")
            key = "softmax_delta"
        else:  # not trainable; trace() refuses these before we get here
            formula = f"{head} · {act.name}′(z_{name})"
            tokens = ["= ", num(g), " · ?"]
        return self.make(index, "backward", "delta", ("neuron", k, j), f"δ_{name}", formula, tokens,
                         t.deltas[k][j], note, key)

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
            tokens = ["= (", num(av, False), " − ", num(yv), ")" + per]
        else:
            formula = f"δ_{name} = {name} − {y}"
            tokens = ["= ", num(av, False), " − ", num(yv)]
        if loss.name == "bce":
            note = tr("sigmoid + binary cross-entropy: δ = ŷ − y, because σ′(z) = ŷ(1 − ŷ) "
                      "cancels the denominator of ∂L/∂ŷ")
        else:
            note = tr("softmax + cross-entropy: δ = ŷ − y, because the softmax Jacobian and "
                      "the derivative of −y·ln ŷ simplify together")
        return self.make(index, "backward", "delta", ("neuron", out, j), f"δ_{name}", formula, tokens,
                         t.deltas[out][j], note, "fused_delta")

    def grad_w_step(self, index: int, li: int, i: int, j: int) -> Step:
        t = self.t
        s, k = self.ends[li]
        wname = self.weight_name(li, i, j)
        name = self.names[k][j]
        return self.gradient(index, "grad_w", ("weight", li, i, j), wname, self.weight_frozen(li, i, j),
                             f"∂L/∂{wname} = {self.names[s][i]} · δ_{name}",
                             ["= ", num(t.activations[s][i]), " · ", num(float(t.deltas[k][j]))],
                             t.grad_W[li][i, j])

    def grad_b_step(self, index: int, k: int, j: int) -> Step:
        t = self.t
        bname = self.bias_name(k, j)
        name = self.names[k][j]
        return self.gradient(index, "grad_b", ("bias", k, j), bname, self.bias_frozen(k, j),
                             f"∂L/∂{bname} = δ_{name}", ["= ", num(float(t.deltas[k][j]), False)], t.grad_b[k][j])

    def gradient(self, index, kind, target, p, frozen, formula, tokens, value, note="", key="") -> Step:
        """A ∂L/∂w or ∂L/∂b step of parameter ``p``; a frozen one says it is not applied."""
        if frozen:
            note, key = tr(FROZEN_GRADIENT), "frozen_gradient"
        return self.make(index, "backward", kind, target, f"∂L/∂{p}", formula, tokens, value, note, key,
                         frozen=frozen, parameter=p)

    def weight_frozen(self, li: int, i: int, j: int) -> bool:
        trainable = self.net.links[li].trainable
        return trainable is not None and not trainable[i, j]

    def bias_frozen(self, k: int, j: int) -> bool:
        trainable = self.net.layers[k].bias_trainable
        return trainable is not None and not trainable[j]

    # update -----------------------------------------------------------------

    def update_w_step(self, index: int, li: int, i: int, j: int) -> Step:
        p = self.weight_name(li, i, j)
        before = float(self.net.links[li].W[i, j])
        after = float(self.t.after.links[li].W[i, j])
        return self.update_step(index, "update_w", ("weight", li, i, j), p, before, after,
                                self.weight_frozen(li, i, j), float(self.t.grad_W[li][i, j]), decay=True)

    def update_b_step(self, index: int, k: int, j: int) -> Step:
        p = self.bias_name(k, j)
        return self.update_step(index, "update_b", ("bias", k, j), p, float(self.net.layers[k].bias[j]),
                                float(self.t.after.layers[k].bias[j]), self.bias_frozen(k, j),
                                float(self.t.grad_b[k][j]), decay=False)

    def update_step(self, index, kind, target, p, before, after, frozen, g, decay) -> Step:
        t = self.t
        eta, l2 = t.learning_rate, t.l2
        if frozen:
            return self.make(index, "update", kind, target, p, f"{p} ← {p}", ["= ", num(before, False)], after,
                             tr("frozen"), "frozen", frozen=True, parameter=p)
        if l2 and decay:
            formula = f"{p} ← {p} − η·(∂L/∂{p} + λ·{p})"
            tokens = ["= ", num(before, False), " − ", num(eta), "·(", num(g, False), " + ", num(l2), "·",
                      num(before), ")"]
        else:
            formula = f"{p} ← {p} − η·∂L/∂{p}"
            tokens = ["= ", num(before, False), " − ", num(eta), "·", num(g)]
        return self.make(index, "update", kind, target, p, formula, tokens, after, parameter=p)

