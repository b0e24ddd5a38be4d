"""Making the batch's own steps of a mini-batch: its loss, and each gradient as the samples' mean.

A sample's own steps are made by :class:`~.builder.StepBuilder` with
``sample`` set (its loss is L⁽ˢ⁾). :class:`BatchBuilder` makes the steps
about the whole batch of a :class:`~nnapp.engine.batch_trace.BatchTrace`:

- its loss: ``L = (1/n)·(L⁽¹⁾ + … + L⁽ⁿ⁾)``;
- ∂L/∂w and ∂L/∂b with every sample's term written out:
  ``∂L/∂w1 = (1/n)·(x1⁽¹⁾·δ_h1⁽¹⁾ + … + x1⁽ⁿ⁾·δ_h1⁽ⁿ⁾)`` (a sum without 1/n
  for sse, which adds over the samples; for a large batch the largest terms
  and "+ k more terms (sum …)");
- the update steps, as for one sample, from the batch's gradient.
"""

from __future__ import annotations

import numpy as np

from nnapp.text import tr

from ..batch_trace import BatchTrace
from ..losses import get_loss
from .builder import StepBuilder
from .record import Step, num, sample_mark


class BatchBuilder(StepBuilder):
    """Makes the batch's own steps (see the module docstring)."""

    t: BatchTrace

    def scaled(self, head: str, sym: str, tokens: list) -> tuple[str, list]:
        """``head = (1/n)·(sym)`` and its tokens (for sse ``head = sym``)."""
        n = self.t.n
        if self.t.averaged:
            return f"{head} = (1/{n})·({sym})", [f"= (1/{n})·(", *tokens, ")"]
        return f"{head} = {sym}", ["= ", *tokens]

    def batch_loss(self, index: int) -> Step:
        bt = self.t
        losses = np.array([t.loss_total for t in bt.samples], dtype=np.float64)
        sym, tokens = self.summed(bt.n, losses, lambda m: f"L{sample_mark(m)}", lambda m: [num(losses[m])])
        formula, tokens = self.scaled("L", sym, tokens)
        loss = get_loss(bt.loss)
        if self.t.averaged:
            note = tr("{title}: {formula}; for a mini-batch, the mean of the samples' losses")
        else:
            note = tr("{title}: {formula}; for a mini-batch, the sum of the samples' losses")
        note = note.format(title=tr(loss.title), formula=loss.formula)
        return self.make(index, "loss", "loss_total", ("loss",), "L", formula, tokens, bt.loss_total, note,
                         "batch_loss")

    def grad_w_step(self, index: int, li: int, i: int, j: int) -> Step:
        bt = self.t
        s, k = self.ends[li]
        wname = self.weight_name(li, i, j)
        src, dst = self.names[s][i], self.names[k][j]
        a = np.array([float(t.activations[s][i]) for t in bt.samples])
        d = np.array([float(t.deltas[k][j]) for t in bt.samples])
        sym, tokens = self.summed(bt.n, a * d, lambda m: f"{src}{sample_mark(m)}·δ_{dst}{sample_mark(m)}",
                                  lambda m: [num(a[m]), "·", num(d[m])])
        formula, tokens = self.scaled(f"∂L/∂{wname}", sym, tokens)
        return self.gradient(index, "grad_w", ("weight", li, i, j), wname, self.weight_frozen(li, i, j),
                             formula, tokens, bt.grad_W[li][i, j], self.gradient_note(), "batch_gradient")

    def grad_b_step(self, index: int, k: int, j: int) -> Step:
        bt = self.t
        bname = self.bias_name(k, j)
        name = self.names[k][j]
        d = np.array([float(t.deltas[k][j]) for t in bt.samples])
        sym, tokens = self.summed(bt.n, d, lambda m: f"δ_{name}{sample_mark(m)}", lambda m: [num(d[m])])
        formula, tokens = self.scaled(f"∂L/∂{bname}", sym, tokens)
        return self.gradient(index, "grad_b", ("bias", k, j), bname, self.bias_frozen(k, j),
                             formula, tokens, bt.grad_b[k][j], self.gradient_note(), "batch_gradient")

    def gradient_note(self) -> str:
        if self.t.averaged:
            return tr("the batch's gradient: the mean over the samples of each sample's own term "
                      "(a⁽ˢ⁾ and δ⁽ˢ⁾ are sample s's, from its own forward and backward pass)")
        return tr("the batch's gradient: the sum over the samples of each sample's own term "
                  "(a⁽ˢ⁾ and δ⁽ˢ⁾ are sample s's, from its own forward and backward pass)")


__all__ = ["BatchBuilder"]
