"""The step of the fast training plan: buffers and bound calls.

A :class:`Workspace` is made by ``CompiledPlan`` for every batch size m that
occurs (the batch size, and the last, shorter batch): one set of
preallocated arrays — per layer j: ``z`` and ``a`` (m, size_j) (one array
when the activation's rules read only ``a``), ``δ`` and an
:class:`~.activations.Scratch`; ones for the bias gradients; the factor
``C_OUT`` on the output δ; the 0-d arrays ``P`` and ``Q`` the loss is
written into (the batch loss is ``(P − Q)·scale``).

A :class:`BatchStep` is the step on one batch's own arrays (its rows of X
and Y, their row sums, its slice of the predictions), over the workspace
of its size, as two lists of pre-bound calls, each run as
``for f, args in ops: f(*args)``:

* ``forward``: gathering the batch's rows where they are gathered batch by
  batch; z_j = Σ a_src @ W + b_j and a_j = f_j(z_j), every result written
  into its array (``out=``); the loss into ``P``/``Q`` (and the output's
  activation where the loss works from the logits); the predicted classes;
* ``backward`` (run only when the loss is finite, after the optimizer's
  step count ``t`` went up by one): δ_out, δ of the hidden layers last to
  first, grad_W = a_srcᵀ @ δ_dst and grad_b = 1ᵀ·δ, then the update.

The plan binds one BatchStep per batch of the epoch (the arrays a batch
reads are fixed views: slices of the training set, of the epoch's shuffled
copy, or the workspace's gathering buffers), so no call wraps another to
find the batch.

The maths comes from the registries: the calls of the activations'
``forward_ops`` / ``backward_ops`` spliced in (or ``f`` / ``backward`` for an
activation without in-place rules), the losses' ``residual_ops`` /
``fused_ops`` and scales (or ``value``, ``dL_da`` and ``fused_delta``), the
optimizers' ``update`` and :meth:`SGD.folded_ops`. What is particular to the
plan is only the arrangement: η folded into δ for plain SGD, a overwriting
z where the rules allow, grad_b as a matrix-vector product.
:meth:`BatchStep.listing` gives every call as a line of text, with the
arrays named (z1, W0, grad_b2 …).

This module is not the plan (epochs, batches, accuracy: ``compiled.py``).
"""

from __future__ import annotations

from functools import partial
from types import ModuleType

import numpy as np

from .activations import ACTIVATIONS, Scratch
from .optimizers import SGD


# --- calls that wrap a registry function (the paths without in-place rules) -------------


def _registry_loss(value, a, yb, z, p) -> None:
    p[...] = value(a, yb, z)


def _registry_dL_da(dL_da, a, yb, g):
    np.copyto(g, dL_da(a, yb))


def _registry_fused_delta(fused_delta, z, a, yb, g):
    np.copyto(g, fused_delta(z, a, yb))


def _registry_forward(f, z, a):
    np.copyto(a, f(z))


def _registry_backward(backward, z, a, g):
    np.copyto(g, backward(z, a, g))


class Workspace:
    """The preallocated arrays of the training step on batches of m rows.

    Parameters
    ----------
    plan : CompiledPlan
        What the plan fixed: ``network``, ``loss``, ``optimizer``, ``sgd``,
        ``l2``, ``output`` ("softmax_cce", "squared" or "registry"),
        ``keeps_z``, ``needs_delta``, ``links`` and ``biases`` (its
        parameter records) and ``C_L2`` (0-d, η·λ).
    m : int
        Rows per batch.

    Attributes
    ----------
    z, a, g : list of ndarray, each (m, size_j) (None for layer 0)
        zs, activations (``a[j] is z[j]`` where the rules read only a) and deltas.
    s : list of Scratch
    a_T : list of ndarray
        ``a[j].T``, (size_j, m).
    ones : ndarray, shape (m,)
    ones_col : ndarray, shape (m, 1)
        The row sums of one-hot targets.
    C_OUT : 0-d ndarray
        The factor on the output δ (set by the plan, see :meth:`output_scale`).
    P, Q : 0-d ndarray
        The batch loss before its scale is ``P − Q``.
    """

    def __init__(self, plan, m: int) -> None:
        net = plan.network
        self.plan, self.m = plan, m
        dtype = net.dtype
        self.names: dict[int, str] = {}
        L = len(net.layers)
        self.z, self.a, self.g, self.s = [None] * L, [None] * L, [None] * L, [None] * L
        for j in range(1, L):
            shape = (m, net.layers[j].size)
            self.z[j] = self.named(np.empty(shape, dtype), f"z{j}")
            self.a[j] = self.named(np.empty(shape, dtype), f"a{j}") if plan.keeps_z[j] else self.z[j]
            self.g[j] = self.named(np.empty(shape, dtype), f"delta{j}")
            self.s[j] = s = Scratch(self.z[j])
            for array, name in ((s.t, f"t{j}"), (s.r, f"r{j}"), (s.ones, f"ones{j}"), (s.mask, f"mask{j}"),
                                (s.zero, "ZERO"), (s.one, "ONE"), (s.inf, "INF"), (s.slope, "SLOPE"), (s.limit, "LIMIT"),
                                (s.neg_limit, "−LIMIT")):
                self.named(array, name)
        self.a_T = [None] + [self.named(self.a[j].T, f"a{j}_T") for j in range(1, L)]
        self.ones = self.named(np.ones(m, dtype), "ones")
        self.ones_col = self.named(np.ones((m, 1), dtype), "ones_col")
        self.C_OUT = self.named(np.array(0.0, dtype), "C_OUT")  # set by CompiledPlan._refresh
        self.P = self.named(np.zeros((), dtype), "P")
        self.Q = self.named(np.zeros((), dtype), "Q")
        self.named(plan.C_L2, "C_L2")
        self.W_T = [self.named(link.W.T, f"W{k}_T") for k, link in enumerate(net.links)]
        for k, link in enumerate(net.links):
            self.named(link.W, f"W{k}")
        for j in range(1, L):
            self.named(net.layers[j].bias, f"b{j}")
        for p in plan.links + plan.biases:
            self.named(p.grad, f"grad_{p.name}")
            for array, prefix in ((p.mask, "mask_"), (p.connection, "connection_"), (p.scratch, "scratch_"),
                                  (p.scratch2, "scratch2_")):
                if array is not None:
                    self.named(array, prefix + p.name)
        # the batch arrays' shapes: X (m, n_inputs) and Y (m, n_outputs) rows
        self.x_shape = (m, net.n_inputs)
        self.y_shape = (m, net.n_outputs)

    def named(self, array, name: str):
        self.names[id(array)] = name
        return array

    def output_scale(self, scale: float) -> float:
        """The factor C_OUT on the output δ: ``scale`` (η for plain SGD, else
        1) times the in-place loss's ``delta_scale``."""
        plan = self.plan
        if plan.output == "registry":
            return scale  # the registry's functions include their own factor
        return scale * plan.loss.delta_scale(self.m, plan.network.n_outputs)

    def loss_scale(self) -> float:
        """From ``P − Q`` to the batch loss."""
        plan = self.plan
        if plan.output == "registry":
            return 1.0
        return plan.loss.value_scale(self.m, plan.network.n_outputs)

    def listing(self) -> str:
        """The calls of a step on this workspace, one a line, the batch's
        arrays named xb, yb, ysum and pred."""
        m, net = self.m, self.plan.network
        dtype = net.dtype
        xb, yb = np.empty(self.x_shape, dtype), np.empty(self.y_shape, dtype)
        ysum = np.empty((m, 1), dtype)
        pred = None if self.plan.labels is None else np.empty(m if net.n_outputs > 1 else (m, 1), np.intp)
        names = {id(xb): "xb", id(yb): "yb", id(ysum): "ysum", id(pred): "pred"}
        step = BatchStep(self, xb, yb, ysum if self.plan.output == "softmax_cce" else None, pred, names=names)
        return "".join(line + "\n" for line in step.texts)


class BatchStep:
    """The calls of one training step on one batch's arrays.

    Parameters
    ----------
    ws : Workspace
        The buffers of the batch's size m.
    xb : ndarray, shape (m, n_inputs)
    yb : ndarray, shape (m, n_outputs)
    ysum : ndarray, shape (m, 1), or None
        The row sums of ``yb`` (None: all 1).
    pred : ndarray of intp, shape (m,) or (m, 1), or None
        Receives the predicted classes (None: not wanted).
    gather : list of (function, args)
        Calls that first write the batch's rows into ``xb``/``yb``/``ysum``.
    names : dict or None
        Extra names (by ``id``) for :attr:`texts`; None: no texts are made.

    Attributes
    ----------
    forward, backward : list of (function, args)
    P, Q : 0-d ndarray
    scale : float
        The batch loss is ``(float(P) − float(Q))·scale``.
    texts : list of str
        Every call as a line (only when ``names`` was given).
    """

    def __init__(self, ws: Workspace, xb, yb, ysum, pred, gather=(), names: dict | None = None) -> None:
        self.ws, self.plan = ws, ws.plan
        self.xb, self.yb, self.pred = xb, yb, pred
        self.ysum = ws.ones_col if ysum is None else ysum
        self.P, self.Q, self.scale = ws.P, ws.Q, ws.loss_scale()
        self._names = None if names is None else {**ws.names, **names}
        self.texts: list[str] = []
        self.forward: list = list(gather)
        self.backward: list = []
        self._ops = self.forward
        self._emit_forward()
        self._emit_loss()
        if pred is not None:
            a_out = ws.a[-1]
            if ws.plan.network.n_outputs == 1:
                self._emit(np.greater_equal, a_out, self.plan.half, pred)   # class 1 where ŷ ≥ 0.5
            else:
                self._emit(a_out.argmax, 1, pred)                           # the largest output's index
        self._ops = self.backward
        self._note("optimizer.t += 1")  # by CompiledPlan
        self._emit_output_delta()
        self._emit_hidden_deltas()
        self._emit_gradients_and_update()

    # --- naming and emitting ------------------------------------------------------

    def _name(self, value) -> str:
        if value is None or isinstance(value, (int, float)):
            return repr(value)
        name = self._names.get(id(value))
        if name is not None:
            return name
        base = getattr(value, "base", None)
        if base is not None and id(base) in self._names:
            base_name = self._names[id(base)]
            return f"{base_name}.T" if value.shape == base.shape[::-1] else f"{base_name}.ravel()"
        return getattr(value, "__name__", "?")

    def _call_text(self, f, args) -> str:
        """``f(*args)`` as text: ``clip(z1, ZERO, INF, z1)``."""
        words = [self._name(v) for v in args]
        if isinstance(f, partial):
            words += [f"{k}={self._name(v)}" for k, v in f.keywords.items()]
            f = f.func
        owner = getattr(f, "__self__", None)
        prefix = "" if owner is None or isinstance(owner, ModuleType) else self._name(owner) + "."
        return f"{prefix}{f.__name__}({', '.join(words)})"

    def _note(self, text: str) -> None:
        if self._names is not None:
            self.texts.append(text)

    def _emit(self, f, *args, text: str | None = None) -> None:
        """Append the call ``f(*args)`` to the current list, with its line of text."""
        self._ops.append((f, args))
        if self._names is not None:
            self.texts.append(self._call_text(f, args) if text is None else text)

    def _splice(self, ops) -> None:
        """Append the calls of a registry rule."""
        for f, args in ops:
            self._emit(f, *args)

    # --- forward ----------------------------------------------------------------------

    def _emit_forward(self) -> None:
        """z_j = Σ a_src @ W + b_j, a_j = f(z_j) for every layer (the output's f
        only when the loss does not compute it)."""
        plan, net, ws = self.plan, self.plan.network, self.ws
        out = len(net.layers) - 1
        for j in range(1, out + 1):
            z, t = ws.z[j], ws.s[j].t
            incoming = net.incoming(j)
            terms = " + ".join(f"{'xb' if s == 0 else f'a{s}'} @ W{k}" for k, s in incoming) or "0"
            self._note(f"# layer {j}: z{j} = {terms} + b{j}")
            if not incoming:
                self._emit(np.copyto, z, net.layers[j].bias)
            for i, (k, s) in enumerate(incoming):
                self._emit(np.dot, self.xb if s == 0 else ws.a[s], net.links[k].W, z if i == 0 else t)
                if i > 0:
                    self._emit(np.add, z, t, z)
            if incoming:
                self._emit(np.add, z, net.layers[j].bias, z)
            if j < out or plan.output != "softmax_cce":
                self._emit_activation_forward(j)

    def _emit_activation_forward(self, j: int) -> None:
        act = ACTIVATIONS[self.plan.network.layers[j].activation]
        ws = self.ws
        z, a = ws.z[j], ws.a[j]
        if self.plan.keeps_z[j] and not act.in_place:
            self._emit(_registry_forward, act.f, z, a, text=f"copyto(a{j}, f{j}(z{j}))")
        else:
            self._note(f"# a{j} = {act.name}(z{j})")
            self._splice(act.forward_ops(z, a, ws.s[j]))

    def _emit_activation_backward(self, j: int) -> None:
        act = ACTIVATIONS[self.plan.network.layers[j].activation]
        ws = self.ws
        z, a, g = ws.z[j], ws.a[j], ws.g[j]
        if act.in_place:
            self._note(f"# delta{j} ·= {act.name}′(z{j})")
            self._splice(act.backward_ops(a, g, ws.s[j]))
        else:
            self._emit(_registry_backward, act.backward, z, a, g, text=f"copyto(delta{j}, fb{j}(z{j}, a{j}, delta{j}))")

    # --- loss and δ of the output -------------------------------------------------------

    def _emit_loss(self) -> None:
        """The calls that write the batch loss (before its scale) as P − Q."""
        plan, net, ws = self.plan, self.plan.network, self.ws
        out = len(net.layers) - 1
        loss = plan.loss
        z, a, g, s = ws.z[out], ws.a[out], ws.g[out], ws.s[out]
        self._note("# loss = (P − Q)·scale")
        if plan.output == "softmax_cce":
            self._splice(loss.fused_ops(z, a, self.yb, self.ysum, g, s, ws.P, ws.Q))
        elif plan.output == "squared":
            self._splice(loss.residual_ops(a, self.yb, g, ws.P))
        else:
            fused = loss.is_fused(net.layers[out].activation)
            self._emit(_registry_loss, loss.value, a, self.yb, z if fused else None, ws.P,
                       text=f"P = {loss.name}.value(a{out}, yb{f', z{out}' if fused else ''})")

    def _emit_output_delta(self) -> None:
        """δ_out (times η for plain SGD) in the output's delta array."""
        plan, net, ws = self.plan, self.plan.network, self.ws
        out = len(net.layers) - 1
        z, a, g = ws.z[out], ws.a[out], ws.g[out]
        self._note(f"# delta{out} = dL/dz{out}" + (" · η" if plan.sgd else ""))
        scaled = plan.sgd or ws.output_scale(1.0) != 1.0   # else C_OUT is 1 for good
        if plan.output == "softmax_cce":
            if scaled:
                self._emit(np.multiply, g, ws.C_OUT, g)
            return
        if plan.output == "squared":
            if scaled:
                self._emit(np.multiply, g, ws.C_OUT, g)
            self._emit_activation_backward(out)
            return
        loss = plan.loss
        if loss.is_fused(net.layers[out].activation):
            self._emit(_registry_fused_delta, loss.fused_delta, z, a, self.yb, g,
                       text=f"copyto(delta{out}, {loss.name}.fused_delta(z{out}, a{out}, yb))")
        else:
            self._emit(_registry_dL_da, loss.dL_da, a, self.yb, g,
                       text=f"copyto(delta{out}, {loss.name}.dL_da(a{out}, yb))")
            self._emit_activation_backward(out)
        if plan.sgd:
            self._emit(np.multiply, g, ws.C_OUT, g)

    # --- backward -----------------------------------------------------------------------

    def _emit_hidden_deltas(self) -> None:
        """δ of the hidden layers, last to first: dL/da_j = Σ_outgoing δ_dst @ Wᵀ, then f′."""
        plan, net, ws = self.plan, self.plan.network, self.ws
        for j in range(len(net.layers) - 2, 0, -1):
            if not plan.needs_delta[j]:
                continue
            g, t = ws.g[j], ws.s[j].t
            outgoing = net.outgoing(j)
            if not outgoing:
                self._note(f"# layer {j} reaches no later layer: δ = 0")
                self._emit(g.fill, 0, text=f"delta{j}.fill(0)")
                continue
            terms = " + ".join(f"delta{d} @ W{k}ᵀ" for k, d in outgoing)
            self._note(f"# delta{j} = ({terms})·f{j}′")
            for i, (k, d) in enumerate(outgoing):
                self._emit(np.dot, ws.g[d], ws.W_T[k], g if i == 0 else t)
                if i > 0:
                    self._emit(np.add, g, t, g)
            self._emit_activation_backward(j)

    def _emit_gradients_and_update(self) -> None:
        """grad_W = a_srcᵀ @ δ_dst, grad_b = 1ᵀ·δ, then the optimizer's update."""
        plan, ws = self.plan, self.ws
        self._note("# gradients")
        xb_T = self.xb.T
        for p in plan.links:
            self._emit(np.dot, xb_T if p.src == 0 else ws.a_T[p.src], ws.g[p.dst], p.grad)
        for p in plan.biases:
            self._emit(np.dot, ws.ones, ws.g[p.dst], p.grad)
        opt = plan.optimizer
        if plan.sgd:
            self._note("# update: θ −= grad (η is in δ)" + (", L2: grad += (η·λ)·W" if plan.l2 else ""))
            for p in plan.links + plan.biases:
                decayed = plan.l2 and p.decay
                self._splice(SGD.folded_ops(p.param, p.grad, p.mask, plan.C_L2 if decayed else None, p.scratch))
            return
        self._note(f"# update: {type(opt).__name__}")
        for p in plan.links + plan.biases:
            if p.connection is not None:  # absent connections have no gradient
                self._emit(np.multiply, p.grad, p.connection, p.grad)
            self._emit(opt.update, p.k, p.param, p.grad, p.mask, p.decay, p.scratch, p.scratch2,
                       text=f"optimizer.update({p.k}, {p.name}, grad_{p.name})")
