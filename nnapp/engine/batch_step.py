"""The step of the fast training plan for one batch size: buffers and bound calls.

A :class:`BatchStep` is made by ``CompiledPlan`` for every batch size m that
occurs (the batch size, and the last, shorter batch). It holds one workspace
of preallocated arrays — per layer j: ``z`` and ``a`` (m, size_j) (one array
when the activation's rules read only ``a``), ``δ`` and an
:class:`~.activations.Scratch`; ones for the bias gradients; the factor
``C_OUT`` on the output δ — and the step as three lists of pre-bound calls,
each run as ``for f, args in ops: f(*args)``:

* ``forward``: z_j = Σ a_src @ W + b_j and a_j = f_j(z_j), every result
  written into its array (``out=``);
* ``loss``: one call that returns the batch loss (and writes the output's
  activation where the loss works from the logits);
* ``backward`` (run only when the loss is finite, after the optimizer's
  step count ``t`` went up by one): δ_out, δ of the hidden
  layers last to first, grad_W = a_srcᵀ @ δ_dst and grad_b = 1ᵀ·δ, then the
  update.

The maths comes from the registries: the calls of the activations'
``forward_ops`` / ``backward_ops`` spliced in (or ``f`` / ``backward`` for an
activation without in-place rules), the losses' ``residual_into`` / ``fused_into`` and scales
(or ``value``, ``dL_da`` and ``fused_delta``), the optimizers' ``update``
and :meth:`SGD.folded_ops`. What is particular to the plan is only the
arrangement: η folded into δ for plain SGD, a overwriting z where the rules
allow, grad_b as a matrix-vector product.

The arrays of the batch itself (its rows of X and Y, the row sums of Y, the
slice of predictions) change from batch to batch: the calls that read them
take the :class:`Batch` holder and read its fields. :meth:`BatchStep.listing`
gives every call as a line of text, with the arrays named (z1, W0, grad_b2 …).

This module is not the plan (epochs, batches, accuracy: ``compiled.py``).
"""

from __future__ import annotations

from functools import partial
from types import ModuleType

import numpy as np

from .activations import ACTIVATIONS, Scratch
from .optimizers import SGD


class Batch:
    """The arrays of the current batch: ``xb`` (m, n_inputs), ``yb``
    (m, n_outputs), ``ysum`` (m, 1) the row sums of ``yb`` (ones when every
    row sums to 1)."""

    __slots__ = ("xb", "yb", "ysum")


# --- calls that read the batch or wrap a registry function --------------------------


def _dot_x(batch, W, out):
    np.dot(batch.xb, W, out)


def _dot_xT(batch, delta, out):
    np.dot(batch.xb.T, delta, out)


def _fused_loss(fused_into, z, a, batch, g, s, scale) -> float:
    return fused_into(z, a, batch.yb, batch.ysum, g, s) * scale


def _residual_loss(residual_into, a, batch, g, scale) -> float:
    return residual_into(a, batch.yb, g) * scale


def _registry_loss(value, a, batch, z) -> float:
    return float(value(a, batch.yb, z))


def _registry_dL_da(dL_da, a, batch, g):
    np.copyto(g, dL_da(a, batch.yb))


def _registry_fused_delta(fused_delta, z, a, batch, g):
    np.copyto(g, fused_delta(z, a, batch.yb))


def _registry_forward(f, z, a):
    np.copyto(a, f(z))


def _registry_backward(backward, z, a, g):
    np.copyto(g, backward(z, a, g))


class BatchStep:
    """The workspace and the calls of one training step on batches of m rows.

    Parameters
    ----------
    structure : CompiledPlan
        What the plan fixed: ``network``, ``loss``, ``optimizer``, ``sgd``,
        ``l2``, ``output`` ("softmax_cce", "squared" or "registry"),
        ``keeps_z``, ``needs_delta``, ``links`` and ``biases`` (its
        parameter records) and ``C_L2`` (0-d, η·λ).
    m : int
        Rows per batch.
    batch : Batch
        The holder the batch's calls read.
    """

    def __init__(self, structure, m: int, batch: Batch) -> None:
        plan = structure
        net = plan.network
        self.plan, self.m, self.batch = plan, m, batch
        dtype = net.dtype
        self._names: dict[int, str] = {}
        self._texts: list[str] = []
        L = len(net.layers)
        self.z, self.a, self.g, self.s = [None] * L, [None] * L, [None] * L, [None] * L
        for j in range(1, L):
            shape = (m, net.layers[j].size)
            self.z[j] = self._named(np.empty(shape, dtype), f"z{j}")
            self.a[j] = self._named(np.empty(shape, dtype), f"a{j}") if plan.keeps_z[j] else self.z[j]
            self.g[j] = self._named(np.empty(shape, dtype), f"delta{j}")
            self.s[j] = s = Scratch(self.z[j])
            for array, name in ((s.t, f"t{j}"), (s.r, f"r{j}"), (s.mask, f"mask{j}"), (s.zeros, f"zeros{j}"),
                                (s.zero, "ZERO"), (s.one, "ONE"), (s.slope, "SLOPE"), (s.limit, "LIMIT"),
                                (s.neg_limit, "−LIMIT")):
                self._named(array, name)
        self.a_T = [None] + [self._named(self.a[j].T, f"a{j}_T") for j in range(1, L)]
        self.ones = self._named(np.ones(m, dtype), "ones")
        self.C_OUT = self._named(np.array(0.0, dtype), "C_OUT")  # set by CompiledPlan._refresh
        self._named(plan.C_L2, "C_L2")
        self.ones_col = np.ones((m, 1), dtype)  # Σ y of one-hot rows
        self.W_T = [self._named(link.W.T, f"W{k}_T") for k, link in enumerate(net.links)]
        for k, link in enumerate(net.links):
            self._named(link.W, f"W{k}")
        for j in range(1, L):
            self._named(net.layers[j].bias, f"b{j}")
        for p in plan.links + plan.biases:
            self._named(p.grad, f"grad_{p.name}")
            for array, prefix in ((p.mask, "mask_"), (p.connection, "connection_"), (p.scratch, "scratch_"),
                                  (p.scratch2, "scratch2_")):
                if array is not None:
                    self._named(array, prefix + p.name)

        self.predict = None  # set by the plan
        self.forward: list = []
        self._emit_forward()
        self._texts.append("# loss")
        self.loss_call = self._loss_call()
        self.backward: list = []
        self._ops = self.backward
        self._texts.append("optimizer.t += 1")  # by CompiledPlan._run
        self._emit_output_delta()
        self._emit_hidden_deltas()
        self._emit_gradients_and_update()

    # --- naming and emitting ------------------------------------------------------

    def _named(self, array, name: str):
        self._names[id(array)] = name
        return array

    def _name(self, value) -> str:
        if value is self.batch:
            return "batch"
        if value is None or isinstance(value, (int, float)):
            return repr(value)
        name = self._names.get(id(value))
        if name is not None:
            return name
        return getattr(value, "__name__", "?")

    def _call_text(self, f, args) -> str:
        """``f(*args)`` as text: ``maximum(z1, zeros1, out=z1)``."""
        words = [self._name(v) for v in args]
        if isinstance(f, partial):
            words += [f"{k}={self._name(v)}" for k, v in f.keywords.items()]
            f = f.func
        owner = getattr(f, "__self__", None)
        prefix = "" if owner is None or isinstance(owner, ModuleType) else self._name(owner) + "."
        return f"{prefix}{f.__name__}({', '.join(words)})"

    def _emit(self, f, *args, text: str | None = None) -> None:
        """Append the call ``f(*args)`` to the current list, with its line of text."""
        self._ops.append((f, args))
        self._texts.append(self._call_text(f, args) if text is None else text)

    def _splice(self, ops) -> None:
        """Append the calls of a registry rule."""
        for f, args in ops:
            self._emit(f, *args)

    def listing(self) -> str:
        """Every call of the step as a line, in order (comments start with #)."""
        return "".join(line + "\n" for line in self._texts)

    # --- forward ----------------------------------------------------------------------

    def _emit_forward(self) -> None:
        """z_j = Σ a_src @ W + b_j, a_j = f(z_j) for every layer (the output's f
        only when the loss does not compute it)."""
        plan, net = self.plan, self.plan.network
        out = len(net.layers) - 1
        self._ops = self.forward
        for j in range(1, out + 1):
            z, t = self.z[j], self.s[j].t
            incoming = net.incoming(j)
            terms = " + ".join(f"{'xb' if s == 0 else f'a{s}'} @ W{k}" for k, s in incoming) or "0"
            self._texts.append(f"# layer {j}: z{j} = {terms} + b{j}")
            if not incoming:
                self._emit(np.copyto, z, net.layers[j].bias)
            for i, (k, s) in enumerate(incoming):
                W = net.links[k].W
                into = z if i == 0 else t
                if s == 0:
                    self._emit(_dot_x, self.batch, W, into, text=f"dot(xb, W{k}, out={self._name(into)})")
                else:
                    self._emit(np.dot, self.a[s], W, into)
                if i > 0:
                    self._emit(np.add, z, t, z)
            if incoming:
                self._emit(np.add, z, net.layers[j].bias, z)
            if j < out or plan.output != "softmax_cce":
                self._emit_activation_forward(j)

    def _emit_activation_forward(self, j: int) -> None:
        act = ACTIVATIONS[self.plan.network.layers[j].activation]
        z, a = self.z[j], self.a[j]
        if self.plan.keeps_z[j] and not act.in_place:
            self._emit(_registry_forward, act.f, z, a, text=f"copyto(a{j}, f{j}(z{j}))")
        else:
            self._texts.append(f"# a{j} = {act.name}(z{j})")
            self._splice(act.forward_ops(z, a, self.s[j]))

    def _emit_activation_backward(self, j: int) -> None:
        act = ACTIVATIONS[self.plan.network.layers[j].activation]
        z, a, g = self.z[j], self.a[j], self.g[j]
        if act.in_place:
            self._texts.append(f"# delta{j} ·= {act.name}′(z{j})")
            self._splice(act.backward_ops(a, g, self.s[j]))
        else:
            self._emit(_registry_backward, act.backward, z, a, g, text=f"copyto(delta{j}, fb{j}(z{j}, a{j}, delta{j}))")

    # --- loss and δ of the output -------------------------------------------------------

    def _loss_call(self):
        """The call that returns the batch loss."""
        plan, net, m = self.plan, self.plan.network, self.m
        out = len(net.layers) - 1
        loss, k = plan.loss, net.n_outputs
        z, a, g, s = self.z[out], self.a[out], self.g[out], self.s[out]
        if plan.output == "softmax_cce":
            args = (loss.fused_into, z, a, self.batch, g, s, loss.value_scale(m, k))
            text = f"loss = {loss.name}.fused_into(z{out}, out=a{out}, delta{out}) · value_scale"
            f = _fused_loss
        elif plan.output == "squared":
            args = (loss.residual_into, a, self.batch, g, loss.value_scale(m, k))
            text = f"loss = {loss.name}.residual_into(a{out}, yb, delta{out}) · value_scale"
            f = _residual_loss
        else:
            fused = loss.is_fused(net.layers[out].activation)
            args = (loss.value, a, self.batch, z if fused else None)
            text = f"loss = {loss.name}.value(a{out}, yb{f', z{out}' if fused else ''})"
            f = _registry_loss
        self._texts.append(text)
        return f, args

    def output_scale(self, scale: float) -> float:
        """The factor C_OUT on the output δ: ``scale`` (η for plain SGD, else
        1) times the in-place loss's ``delta_scale``."""
        plan = self.plan
        if plan.output == "registry":
            return scale  # the registry's functions include their own factor
        return scale * plan.loss.delta_scale(self.m, plan.network.n_outputs)

    def _emit_output_delta(self) -> None:
        """δ_out (times η for plain SGD) in the output's delta array."""
        plan, net = self.plan, self.plan.network
        out = len(net.layers) - 1
        z, a, g = self.z[out], self.a[out], self.g[out]
        self._texts.append(f"# delta{out} = dL/dz{out}" + (" · η" if plan.sgd else ""))
        if plan.output == "softmax_cce":
            self._emit(np.multiply, g, self.C_OUT, g)
            return
        if plan.output == "squared":
            if plan.sgd or self.output_scale(1.0) != 1.0:
                self._emit(np.multiply, g, self.C_OUT, g)
            self._emit_activation_backward(out)
            return
        loss = plan.loss
        if loss.is_fused(net.layers[out].activation):
            self._emit(_registry_fused_delta, loss.fused_delta, z, a, self.batch, g,
                       text=f"copyto(delta{out}, {loss.name}.fused_delta(z{out}, a{out}, yb))")
        else:
            self._emit(_registry_dL_da, loss.dL_da, a, self.batch, g,
                       text=f"copyto(delta{out}, {loss.name}.dL_da(a{out}, yb))")
            self._emit_activation_backward(out)
        if plan.sgd:
            self._emit(np.multiply, g, self.C_OUT, g)

    # --- backward -----------------------------------------------------------------------

    def _emit_hidden_deltas(self) -> None:
        """δ of the hidden layers, last to first: dL/da_j = Σ_outgoing δ_dst @ Wᵀ, then f′."""
        plan, net = self.plan, self.plan.network
        for j in range(len(net.layers) - 2, 0, -1):
            if not plan.needs_delta[j]:
                continue
            g, t = self.g[j], self.s[j].t
            outgoing = net.outgoing(j)
            if not outgoing:
                self._texts.append(f"# layer {j} reaches no later layer: δ = 0")
                self._emit(g.fill, 0, text=f"delta{j}.fill(0)")
                continue
            terms = " + ".join(f"delta{d} @ W{k}ᵀ" for k, d in outgoing)
            self._texts.append(f"# delta{j} = ({terms})·f{j}′")
            for i, (k, d) in enumerate(outgoing):
                self._emit(np.dot, self.g[d], self.W_T[k], g if i == 0 else t)
                if i > 0:
                    self._emit(np.add, g, t, g)
            self._emit_activation_backward(j)

    def _emit_gradients_and_update(self) -> None:
        """grad_W = a_srcᵀ @ δ_dst, grad_b = 1ᵀ·δ, then the optimizer's update."""
        plan = self.plan
        self._texts.append("# gradients")
        for p in plan.links:
            if p.src == 0:
                self._emit(_dot_xT, self.batch, self.g[p.dst], p.grad,
                           text=f"dot(xb.T, delta{p.dst}, out=grad_{p.name})")
            else:
                self._emit(np.dot, self.a_T[p.src], self.g[p.dst], p.grad)
        for p in plan.biases:
            self._emit(np.dot, self.ones, self.g[p.dst], p.grad)
        opt = plan.optimizer
        if plan.sgd:
            self._texts.append("# update: θ −= grad (η is in δ)" + (", L2: grad += (η·λ)·W" if plan.l2 else ""))
            for p in plan.links + plan.biases:
                decayed = plan.l2 and p.decay
                self._splice(SGD.folded_ops(p.param, p.grad, p.mask, plan.C_L2 if decayed else None, p.scratch))
            return
        self._texts.append(f"# update: {type(opt).__name__}")
        for p in plan.links + plan.biases:
            if p.connection is not None:  # absent connections have no gradient
                self._emit(np.multiply, p.grad, p.connection, p.grad)
            self._emit(opt.update, p.k, p.param, p.grad, p.mask, p.decay, p.scratch, p.scratch2,
                       text=f"optimizer.update({p.k}, {p.name}, grad_{p.name})")
