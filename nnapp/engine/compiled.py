"""A compiled training plan: the lean mini-batch loop behind :class:`Trainer`.

:class:`CompiledPlan` is built from a Network, the training arrays, the loss
and the optimizer at the start of a training run. It fixes everything that
does not change from one batch to the next — the order of the layers, each
layer's incoming and outgoing links with their ``W``, the masks (or None),
which parameters are frozen, the activation and loss formulas — and
preallocates every array a batch needs: zs, activations, deltas (one set per
batch size that occurs), grad_W and grad_b. Then it writes the batch step
as Python source: one numpy call per line, every array bound by name, every
result written into its preallocated array (``out=``). No lookups, checks or
temporaries are left for the batch loop. :meth:`CompiledPlan.source` shows
that text.

The maths is that of ``propagation.forward``/``backward``, ``losses``,
``activations`` and ``optimizers``, and the results agree with them up to
float rounding (``tests/engine/test_compiled.py`` compares the two). Only
the order of some operations differs:

* plain SGD folds η into the output δ, so every gradient comes out as
  η·dL/dθ and an update is one in-place subtraction (L2 adds ``(η·λ)·W``);
* softmax + categorical cross-entropy works in place on the logits shifted by
  their row maximum: the loss is ``(Σ_i s_i·log Σ_k e^(z_ik − max_i) −
  Σ y·(z − max)) / n`` with s_i = Σ_k y_ik, the sums as dot products;
* squared errors (mse, sse) take ``Σ (ŷ − y)²`` as one dot product;
* grad_b is ``1ᵀ·δ`` (a matrix-vector product) rather than ``δ.sum(axis=0)``;
* the activations overwrite z where their backward rule needs only ``a``
  (identity, relu, leaky relu, sigmoid, tanh, softmax), and the backward
  rules turn dL/da into δ in place.

Losses other than these pairs (bce, cce without softmax, mse/sse after an
activation with no kernel here) and activations with no kernel here go
through the registries' own functions (``Loss.value``, ``Loss.dL_da``,
``Loss.fused_delta``, ``Activation.f``, ``Activation.backward``) inside the
same step. Optimizers other than :class:`SGD`, :class:`Momentum` and
:class:`Adam` are not covered: :meth:`CompiledPlan.unsupported` says why, and
the Trainer runs its general loop instead.

What it is not: it reports no progress, keeps no backup of the weights and
does not decide that training diverged (the Trainer does all that: a batch
whose loss is not finite is simply not applied); it checks no data (the
Trainer has). Optimizer state (velocity, Adam's m, v and t) lives in the
optimizer object under the keys :meth:`Optimizer.step` uses. The network's
structure, masks and activations are read when the plan is built; the
learning rate is read at every batch. A new loss, optimizer, L2 decay or
batch size needs a new plan (the Trainer builds one at the next batch).

Shapes: ``X`` (n_samples, n_inputs), ``Y`` (n_samples, n_outputs); for layer
j and a batch of m rows, ``zs[j]``, ``activations[j]``, ``deltas[j]``
(m, size_j); ``grad_W[k]`` like ``links[k].W``; ``grad_b[j]`` (size_j,).
"""

from __future__ import annotations

import re

import math

import numpy as np

from .activations import ACTIVATIONS, LEAKY_SLOPE
from .losses import Loss
from .network import Network
from .optimizers import SGD, Adam, Momentum, Optimizer

#: Training sets up to this many bytes (X and Y each) are shuffled into one
#: array per epoch and cut into batches; larger ones are gathered batch by
#: batch, so that a batch's rows are still in cache for the products.
GATHER_EPOCH_BYTES = 1 << 20

_OPTIMIZERS = (SGD, Momentum, Adam)


# --- activation kernels: the numpy statements of one layer -----------------------
#
# ``n`` names the layer's arrays in the step's namespace: z; a (when
# ``n.same``, a names the array of z, which the forward kernel overwrites);
# g (dL/da, then δ); t (scratch, like z); r (scratch, (m, 1)); mask (bool
# scratch, like z); zeros (zeros, like z); f and fb (the registry's f and
# backward, for the kernels that call them). Forward statements compute
# a = f(z); backward statements turn g into δ in place.


def _identity_forward(n):
    return [] if n.same else [f"copyto({n.a}, {n.z})"]


def _identity_backward(n):
    return []


def _relu_forward(n):
    return [f"maximum({n.z}, {n.zeros}, out={n.a})"]


def _relu_backward(n):
    # z > 0 exactly where a = max(z, 0) > 0
    return [f"greater({n.a}, ZERO, out={n.mask})", f"multiply({n.g}, {n.mask}, out={n.g})"]


def _leaky_relu_forward(n):
    # max(z, s·z) is z where z > 0 and s·z elsewhere (0 < s < 1)
    return [f"multiply({n.z}, SLOPE, out={n.t})", f"maximum({n.z}, {n.t}, out={n.a})"]


def _leaky_relu_backward(n):
    return [f"less_equal({n.a}, ZERO, out={n.mask})", f"multiply({n.g}, SLOPE, out={n.g}, where={n.mask})"]


def _sigmoid_forward(n):
    # 1 / (1 + e^(−clip(z))), as activations.sigmoid
    return [
        f"minimum({n.z}, LIMIT, out={n.a})",
        f"maximum({n.a}, NEG_LIMIT, out={n.a})",
        f"negative({n.a}, out={n.a})",
        f"exp({n.a}, out={n.a})",
        f"add({n.a}, ONE, out={n.a})",
        f"divide(ONE, {n.a}, out={n.a})",
    ]


def _sigmoid_backward(n):
    return [  # δ = g·a·(1 − a)
        f"subtract(ONE, {n.a}, out={n.t})",
        f"multiply({n.a}, {n.t}, out={n.t})",
        f"multiply({n.g}, {n.t}, out={n.g})",
    ]


def _tanh_forward(n):
    return [f"tanh({n.z}, out={n.a})"]


def _tanh_backward(n):
    return [  # δ = g·(1 − a²)
        f"multiply({n.a}, {n.a}, out={n.t})",
        f"subtract(ONE, {n.t}, out={n.t})",
        f"multiply({n.g}, {n.t}, out={n.g})",
    ]


def _softmax_forward(n):
    return [
        f"maximum_reduce({n.z}, 1, None, {n.r}, True)",
        f"subtract({n.z}, {n.r}, out={n.a})",
        f"exp({n.a}, out={n.a})",
        f"add_reduce({n.a}, 1, None, {n.r}, True)",
        f"divide({n.a}, {n.r}, out={n.a})",
    ]


def _softmax_backward(n):
    return [  # δ_j = a_j·(g_j − Σ_k g_k·a_k)
        f"multiply({n.g}, {n.a}, out={n.t})",
        f"add_reduce({n.t}, 1, None, {n.r}, True)",
        f"subtract({n.g}, {n.r}, out={n.g})",
        f"multiply({n.a}, {n.g}, out={n.g})",
    ]


def _registry_forward(n):
    return [f"copyto({n.a}, {n.f}({n.z}))"]


def _registry_backward(n):
    return [f"copyto({n.g}, {n.fb}({n.z}, {n.a}, {n.g}))"]


#: Activations whose kernels overwrite z with a (their backward reads only a).
KERNELS = {
    "identity": (_identity_forward, _identity_backward),
    "relu": (_relu_forward, _relu_backward),
    "leaky_relu": (_leaky_relu_forward, _leaky_relu_backward),
    "sigmoid": (_sigmoid_forward, _sigmoid_backward),
    "tanh": (_tanh_forward, _tanh_backward),
    "softmax": (_softmax_forward, _softmax_backward),
}


# --- the plan -------------------------------------------------------------------


class _Names:
    """Names of one layer's arrays in the step's namespace (see the kernels)."""

    def __init__(self, **names):
        self.__dict__.update(names)


class _Param:
    """One parameter array: where its gradient comes from and what may change.

    ``k`` is its index in ``Network.arrays()`` (the optimizer's key), ``name``
    its name in the step (W<link> or b<layer>); ``src``/``dst`` the layers of a link (``src`` −1 for a bias); ``mask``
    the 0/1 array of entries that may change (connection and trainable masks
    together) or None; ``connection`` the connection mask alone (the general
    backward multiplies the gradient by it) or None; ``decay`` whether L2
    applies. ``grad`` is grad_W or grad_b, ``scratch``/``scratch2`` arrays of
    the same shape for the update.
    """

    __slots__ = ("k", "name", "param", "src", "dst", "mask", "connection", "decay", "grad", "scratch", "scratch2")

    def __init__(self, k, param, src, dst, mask, connection, decay):
        self.k, self.param, self.src, self.dst = k, param, src, dst
        self.name = f"W{k}" if src >= 0 else f"b{dst}"  # its name in the step
        self.mask, self.connection, self.decay = mask, connection, decay
        self.grad = np.empty(param.shape, param.dtype)
        self.scratch = self.scratch2 = None


class CompiledPlan:
    """Mini-batch descent on one network and one training set, preallocated.

    Parameters
    ----------
    net : Network
        Trained in place; its arrays must not be replaced while the plan is
        used.
    X : ndarray, shape (n_samples, n_inputs)
    Y : ndarray, shape (n_samples, n_outputs)
        Both of the network's dtype (the Trainer converts them).
    loss : Loss
    optimizer : Optimizer
        SGD, Momentum or Adam; its learning rate is read at every batch.
    batch_size : int
        1 … n_samples.
    labels : ndarray of int, shape (n_samples,), or None
        The class of every row (``labels_from_one_hot(Y)``) when accuracy is
        wanted.

    Per epoch: :meth:`begin_epoch` with the epoch's order, then
    :meth:`train_epoch` (all batches) or :meth:`train_batch` for
    b = 0 … batches − 1, then :meth:`correct`.
    """

    def __init__(self, net: Network, X: np.ndarray, Y: np.ndarray, loss: Loss, optimizer: Optimizer,
                 batch_size: int, labels: np.ndarray | None = None) -> None:
        reason = self.unsupported(net, loss, optimizer)
        if reason is not None:
            raise ValueError(reason)
        self.network = net
        self.params = net.arrays()
        self.X = np.ascontiguousarray(X)
        self.Y = np.ascontiguousarray(Y)
        self.loss = loss
        self.optimizer = optimizer
        self.sgd = type(optimizer) is SGD
        self.l2 = optimizer.l2
        self.dtype = dtype = self.X.dtype
        self.n = n = self.X.shape[0]
        self.batch_size = bs = int(batch_size)
        self.batches = -(-n // bs)
        self.summed = loss.reduction == "sum"
        self.labels = labels
        self._build_structure()

        # softmax + cce: the row sums of Y, unless every row sums to 1
        self._ysum = None
        if self._output == "softmax_cce":
            ysum = self.Y.sum(axis=1, keepdims=True)
            if not np.all(ysum == 1):
                self._ysum = ysum

        # shuffled epochs: small sets are gathered into one array per epoch
        # (made on first use), large ones batch by batch into arrays per batch size
        self._epoch_X = self._epoch_Y = self._epoch_ysum = None
        self._whole_X = self.X.nbytes <= GATHER_EPOCH_BYTES
        self._whole_Y = self.Y.nbytes <= GATHER_EPOCH_BYTES
        if labels is None:
            self._pred = None
        else:
            self._pred = np.empty((n, 1) if self.Y.shape[1] == 1 else n, np.intp)
        self._order = None
        self._Xs, self._Ys, self._ysums, self._epoch_labels = self.X, self.Y, self._ysum, labels

        # constants shared by every step
        c = lambda v: np.array(v, dtype)  # noqa: E731  (0-d arrays: faster than Python floats)
        limit = 80.0 if dtype == np.float32 else 700.0
        self._shared = dict(
            ZERO=c(0.0), ONE=c(1.0), HALF=c(0.5), SLOPE=c(LEAKY_SLOPE), LIMIT=c(limit), NEG_LIMIT=c(-limit),
            C_L2=c(0.0),
        )
        # the step for every batch size that occurs
        self._steps: dict[int, tuple] = {}
        self._sources: dict[int, str] = {}
        self._gathered: dict[int, tuple] = {}  # m -> arrays for X, Y and ysum rows gathered per batch
        last = n - (self.batches - 1) * bs
        for m in {bs, last}:
            self._compile(m)
        self._lr = None
        self._refresh()
        self._zeros = None

    # --- what it covers ---------------------------------------------------

    @staticmethod
    def unsupported(net: Network, loss: Loss, optimizer: Optimizer) -> str | None:
        """Why the plan cannot train this, or None when it can.

        Not covered (the Trainer's general loop runs instead): optimizers
        other than SGD, Momentum and Adam (subclasses too, as they may change
        the update), losses whose reduction is not "mean" or "sum", dtypes
        other than float32 and float64, and activations with no backward rule
        (the Trainer refuses those anyway).
        """
        if type(optimizer) not in _OPTIMIZERS:
            return f"there is no compiled update for the optimizer {type(optimizer).__name__}"
        if loss.reduction not in ("mean", "sum"):
            return f"there is no compiled reduction {loss.reduction!r}"
        if net.dtype not in (np.float32, np.float64):
            return f"there is no compiled plan for {net.dtype}"
        for layer in net.layers[1:]:
            act = ACTIVATIONS.get(layer.activation)
            if act is None or not act.trainable:
                return f"the activation {layer.activation!r} cannot be trained"
        return None

    # --- building -----------------------------------------------------------

    def _build_structure(self) -> None:
        """Layers, links, parameters to update and the deltas they need."""
        net = self.network
        L = len(net.layers)
        incoming, outgoing, ends = net._plan()
        self._incoming, self._outgoing = incoming, outgoing
        out = L - 1
        act_out = net.layers[out].activation
        if self.loss.name == "cce" and act_out == "softmax":
            self._output = "softmax_cce"
        elif self.loss.name in ("mse", "sse") and act_out in KERNELS:
            self._output = "squared"
        else:
            self._output = "registry"
        # a layer keeps z apart from a when a registry function needs both
        self._keeps_z = [False] + [
            net.layers[j].activation not in KERNELS or (j == out and self._output == "registry")
            for j in range(1, L)
        ]
        masks = net.trainable_masks()
        n_links = len(net.links)
        self._links: list[_Param] = []
        self._biases: list[_Param] = []
        own = [False] * L  # layers with trainable parameters of their own
        for k, link in enumerate(net.links):
            mask = masks[k]
            if mask is not None and not mask.any():
                continue  # every weight frozen or absent: nothing to do
            s, d = ends[k]
            own[d] = True
            connection = None if link.mask is None else link.mask.astype(link.W.dtype)
            self._links.append(_Param(k, link.W, s, d, None if mask is None or mask.all() else mask,
                                      connection, True))
        for j in range(1, L):
            mask = masks[n_links + j - 1]
            if mask is not None and not mask.any():
                continue
            own[j] = True
            self._biases.append(_Param(n_links + j - 1, net.layers[j].bias, -1, j,
                                       None if mask is None or mask.all() else mask, None, False))
        for p in self._links + self._biases:
            if not self.sgd or (self.l2 and p.decay):
                p.scratch = np.empty(p.param.shape, p.param.dtype)
            if type(self.optimizer) is Adam:
                p.scratch2 = np.empty(p.param.shape, p.param.dtype)
        # δ_j is needed for j's own parameters or for those of a layer before it
        needs = [False] * L
        for j in range(1, L):
            needs[j] = own[j] or any(needs[s] for _, s in incoming[j] if s > 0)
        self._needs_delta = needs

    def _compile(self, m: int) -> None:
        """Write and compile the step for batches of ``m`` rows."""
        net = self.network
        L = len(net.layers)
        dtype = self.dtype
        ns: dict = self._numpy_names()

        def bind(name, value):
            ns[name] = value
            return name

        names: list = [None] * L
        for j in range(1, L):
            shape = (m, net.layers[j].size)
            act = net.layers[j].activation
            z = bind(f"z{j}", np.empty(shape, dtype))
            a = bind(f"a{j}", np.empty(shape, dtype) if self._keeps_z[j] else ns[z])
            names[j] = _Names(
                z=z, a=a, same=not self._keeps_z[j],
                g=bind(f"delta{j}", np.empty(shape, dtype)),
                t=bind(f"t{j}", np.empty(shape, dtype)),
                r=bind(f"r{j}", np.empty((m, 1), dtype)),
                mask=bind(f"mask{j}", np.empty(shape, bool)),
                zeros=bind(f"zeros{j}", np.zeros(shape, dtype)) if act == "relu" else None,
                f=bind(f"f{j}", ACTIVATIONS[act].f),
                fb=bind(f"fb{j}", ACTIVATIONS[act].backward),
            )
            bind(f"a{j}_T", ns[a].T)
        bind("ones", np.ones(m, dtype))
        bind("ones_col", np.ones((m, 1), dtype))
        bind("INV_M", 1.0 / m)
        bind("C_OUT", np.array(0.0, dtype))  # the factor on δ_out, set by _refresh
        for k, link in enumerate(net.links):
            bind(f"W{k}", link.W)
            bind(f"W{k}_T", link.W.T)
        for j in range(1, L):
            bind(f"b{j}", net.layers[j].bias)
        for p in self._links + self._biases:
            bind(f"grad_{p.name}", p.grad)
            if p.mask is not None:
                bind(f"mask_{p.name}", p.mask)
            if p.scratch is not None:
                bind(f"scratch_{p.name}", p.scratch)
        ns.update(loss_value=self.loss.value, dL_da=self.loss.dL_da, fused_delta=self.loss.fused_delta,
                  update=self._momentum if type(self.optimizer) is Momentum else self._adam)

        lines = self._forward_lines(names) + self._output_lines(names, m)
        lines += ["OPT.t += 1"] + self._backward_lines(names) + self._update_lines(names) + ["return loss"]
        source = "def step(xb, yb, ysum, pred):\n" + "".join(f"    {line}\n" for line in lines)
        # The source is made only of names this class builds (z1, W0, grad_b2 …),
        # integers and numpy calls; no text from the network, a file or the user
        # reaches it (activation names stay in the namespace as functions). The
        # check below keeps it that way.
        _check_generated(lines)
        exec(compile(source, f"<nnapp compiled step, batch {m}>", "exec"), ns)
        self._steps[m] = (ns["step"], ns["C_OUT"])
        self._sources[m] = source
        self._gathered[m] = (
            None if self._whole_X else np.empty((m, self.X.shape[1]), dtype),
            None if self._whole_Y else np.empty((m, self.Y.shape[1]), dtype),
            None if self._whole_Y or self._ysum is None else np.empty((m, 1), dtype),
        )

    def _kernels(self, j: int):
        """(forward, backward) kernels of layer j's activation."""
        return KERNELS.get(self.network.layers[j].activation, (_registry_forward, _registry_backward))

    def _forward_lines(self, names) -> list[str]:
        """z_j = Σ a_src @ W + b_j, a_j = f(z_j) for every layer but the output's f."""
        net = self.network
        out = len(net.layers) - 1
        lines = []
        for j in range(1, out + 1):
            n = names[j]
            inc = self._incoming[j]
            terms = " + ".join(f"{'xb' if s == 0 else names[s].a} @ W{k}" for k, s in inc) or "0"
            lines.append(f"# layer {j}: {n.z} = {terms} + b{j}" + (f", {n.a} = f{j}({n.z})" if j < out else ""))
            if not inc:
                lines.append(f"copyto({n.z}, b{j})")
            for i, (k, s) in enumerate(inc):
                src = "xb" if s == 0 else names[s].a
                if i == 0:
                    lines.append(f"dot({src}, W{k}, out={n.z})")
                else:
                    lines.append(f"dot({src}, W{k}, out={n.t})")
                    lines.append(f"add({n.z}, {n.t}, out={n.z})")
            if inc:
                lines.append(f"add({n.z}, b{j}, out={n.z})")
            if j < out:
                lines += self._kernels(j)[0](n)
        return lines

    def _output_lines(self, names, m: int) -> list[str]:
        """The output's activation and the loss; then, when the loss is
        finite, δ_out (times η for plain SGD) in the output's delta array."""
        net = self.network
        out = len(net.layers) - 1
        n = names[out]
        forward, backward = self._kernels(out)
        act = net.layers[out].activation
        classify = self.labels is not None
        predict = f"greater_equal({n.a}, HALF, out=pred)" if net.layers[out].size == 1 else f"{n.a}.argmax(1, pred)"
        loss = self.loss.name
        if self._output == "softmax_cce":
            z, r, g = n.z, n.r, n.g
            ysum = "ones_col" if self._ysum is None else "ysum"
            a = n.a  # the array of z
            lines = [
                f"# output: {a} = softmax({z}) and the cross-entropy, from the shifted logits",
                f"maximum_reduce({z}, 1, None, {r}, True)",
                f"subtract({z}, {r}, out={z})",
                f"target = vdot({z}, yb)",
                f"exp({z}, out={a})",
                f"add_reduce({a}, 1, None, {r}, True)",
                f"divide({a}, {r}, out={a})",
            ]
            if classify:
                lines.append(predict)
            lines += [
                f"log({r}, out={r})",
                f"loss = (float(vdot({r}, {ysum})) - float(target)) * INV_M",
                "if not isfinite(loss):",
                "    return loss",
                f"# {g} = ({a} − y)·C_OUT",
                f"subtract({a}, yb, out={g})",
                f"multiply({g}, C_OUT, out={g})",
            ]
            return lines
        lines = [f"# output: {n.a} = f{out}({n.z}), then the loss"] + forward(n)
        if classify:
            lines.append(predict)
        if self._output == "squared":
            factor = 1.0 / (m * net.layers[out].size) if loss == "mse" else 0.5
            lines += [
                f"subtract({n.a}, yb, out={n.g})",
                f"loss = float(vdot({n.g}, {n.g})) * {factor!r}",
                "if not isfinite(loss):",
                "    return loss",
                f"# {n.g} = (ŷ − y)·C_OUT, then f{out}′",
            ]
            if self.sgd or self._c_out(m, 1.0) != 1.0:
                lines.append(f"multiply({n.g}, C_OUT, out={n.g})")
            return lines + backward(n)
        fused = self.loss.is_fused(act)
        lines += [
            f"loss = float(loss_value({n.a}, yb, {n.z if fused else None}))",
            "if not isfinite(loss):",
            "    return loss",
        ]
        if fused:
            lines.append(f"copyto({n.g}, fused_delta({n.z}, {n.a}, yb))")
        else:
            lines += [f"copyto({n.g}, dL_da({n.a}, yb))"] + backward(n)
        if self.sgd:
            lines.append(f"multiply({n.g}, C_OUT, out={n.g})")
        return lines

    def _backward_lines(self, names) -> list[str]:
        """δ of the hidden layers, last to first: dL/da_j = Σ_outgoing δ_dst @ Wᵀ, then f′."""
        net = self.network
        lines = []
        for j in range(len(net.layers) - 2, 0, -1):
            if not self._needs_delta[j]:
                continue
            n = names[j]
            outs = self._outgoing[j]
            if not outs:
                lines += [f"# layer {j} reaches no later layer: δ = 0", f"{n.g}.fill(0)"]
                continue
            terms = " + ".join(f"{names[d].g} @ W{k}ᵀ" for k, d in outs)
            lines.append(f"# {n.g} = ({terms})·f{j}′")
            for i, (k, d) in enumerate(outs):
                if i == 0:
                    lines.append(f"dot({names[d].g}, W{k}_T, out={n.g})")
                else:
                    lines.append(f"dot({names[d].g}, W{k}_T, out={n.t})")
                    lines.append(f"add({n.g}, {n.t}, out={n.g})")
            lines += self._kernels(j)[1](n)
        return lines

    def _update_lines(self, names) -> list[str]:
        """grad_W = a_srcᵀ @ δ_dst, grad_b = 1ᵀ·δ, then the update."""
        lines = ["# gradients"]
        for p in self._links:
            src = "xb.T" if p.src == 0 else f"a{p.src}_T"
            lines.append(f"dot({src}, {names[p.dst].g}, out=grad_{p.name})")
        for p in self._biases:
            lines.append(f"dot(ones, {names[p.dst].g}, out=grad_{p.name})")
        if not self.sgd:
            return lines + [f"# update: {type(self.optimizer).__name__}", "update()"]
        lines.append("# update: θ −= grad (η is in δ)" + (", L2: grad += (η·λ)·W" if self.l2 else ""))
        for p in self._links + self._biases:
            w, grad = p.name, f"grad_{p.name}"
            if self.l2 and p.decay:
                lines.append(f"multiply({w}, C_L2, out=scratch_{w})")
                lines.append(f"add({grad}, scratch_{w}, out={grad})")
            if p.mask is not None:
                lines.append(f"multiply({grad}, mask_{w}, out={grad})")
            lines.append(f"subtract({w}, {grad}, out={w})")
        return lines

    def _numpy_names(self) -> dict:
        """The names every step can use: numpy's functions and the shared constants."""
        return dict(
            self._shared,
            OPT=self.optimizer,
            dot=np.dot, add=np.add, subtract=np.subtract, multiply=np.multiply, divide=np.divide,
            maximum=np.maximum, minimum=np.minimum, negative=np.negative, exp=np.exp, log=np.log,
            tanh=np.tanh, greater=np.greater, greater_equal=np.greater_equal, less_equal=np.less_equal,
            copyto=np.copyto, vdot=np.vdot, maximum_reduce=np.maximum.reduce, add_reduce=np.add.reduce,
            isfinite=math.isfinite, float=float,
        )

    def _c_out(self, m: int, scale: float) -> float:
        """The factor on the output δ for batches of m rows: ``scale`` (η for
        plain SGD, else 1) times the loss's own factor."""
        if self._output == "softmax_cce":
            return scale / m
        if self._output == "squared" and self.loss.name == "mse":
            return scale * 2.0 / (m * self.network.n_outputs)
        return scale

    def _refresh(self) -> None:
        """Set the constants that follow the learning rate."""
        lr = self.optimizer.learning_rate
        self._lr = lr
        scale = lr if self.sgd else 1.0
        for m, (_, c_out) in self._steps.items():
            c_out[...] = self._c_out(m, scale)
        self._shared["C_L2"][...] = lr * self.l2

    def source(self, m: int | None = None) -> str:
        """The Python text of the step for batches of ``m`` rows (default: the batch size)."""
        return self._sources[self.batch_size if m is None else m]

    # --- epochs -----------------------------------------------------------

    def begin_epoch(self, order: np.ndarray | None) -> None:
        """Fix the epoch's order of samples (None: as given) and gather what
        is gathered per epoch."""
        self._order = order
        if order is None:
            self._Xs, self._Ys, self._ysums, self._epoch_labels = self.X, self.Y, self._ysum, self.labels
            return
        if self._whole_X:
            if self._epoch_X is None:
                self._epoch_X = np.empty_like(self.X)
            self._Xs = self.X.take(order, 0, self._epoch_X, "clip")
        if self._whole_Y:
            if self._epoch_Y is None:
                self._epoch_Y = np.empty_like(self.Y)
                self._epoch_ysum = None if self._ysum is None else np.empty_like(self._ysum)
            self._Ys = self.Y.take(order, 0, self._epoch_Y, "clip")
            if self._ysum is not None:
                self._ysums = self._ysum.take(order, 0, self._epoch_ysum, "clip")
        if self.labels is not None:
            self._epoch_labels = self.labels[order]

    def _batch(self, b: int):
        """The arguments of the step for batch ``b``: (step, xb, yb, ysum, pred)."""
        start = b * self.batch_size
        stop = min(start + self.batch_size, self.n)
        m = stop - start
        order = self._order
        if order is None or self._whole_X:
            xb = self._Xs[start:stop]
        else:
            xb = self.X.take(order[start:stop], 0, self._gathered[m][0], "clip")
        if order is None or self._whole_Y:
            yb = self._Ys[start:stop]
            ysum = None if self._ysums is None else self._ysums[start:stop]
        else:
            rows = order[start:stop]
            _, y_rows, ysum_rows = self._gathered[m]
            yb = self.Y.take(rows, 0, y_rows, "clip")
            ysum = None if self._ysum is None else self._ysum.take(rows, 0, ysum_rows, "clip")
        pred = None if self._pred is None else self._pred[start:stop]
        return self._steps[m][0], xb, yb, ysum, pred

    def train_batch(self, b: int) -> float:
        """One update on batch ``b`` of the epoch; returns the batch loss.

        The loss is that of the weights before the update. When it is not
        finite, nothing is updated.
        """
        if self.optimizer.learning_rate != self._lr:
            self._refresh()
        step, xb, yb, ysum, pred = self._batch(b)
        return step(xb, yb, ysum, pred)

    def train_epoch(self) -> tuple[float, int, int, bool]:
        """All batches of the epoch.

        Returns
        -------
        (loss, batches, samples, diverged)
            The epoch loss (batch losses combined as the loss reduces), how
            many updates were made and on how many samples, and whether a
            batch loss was not finite (the epoch stopped there, without its
            update).
        """
        n, bs = self.n, self.batch_size
        opt = self.optimizer
        total = 0.0
        seen = 0
        summed = self.summed
        isfinite = math.isfinite
        batch = self._batch
        for b in range(self.batches):
            if opt.learning_rate != self._lr:
                self._refresh()
            step, xb, yb, ysum, pred = batch(b)
            loss = step(xb, yb, ysum, pred)
            if not isfinite(loss):
                return total, b, seen, True
            m = min(bs, n - seen)
            total += loss if summed else loss * (m / n)
            seen += m
        return total, self.batches, seen, False

    def parameters_finite(self) -> bool:
        """Whether no parameter array holds an infinity or a NaN.

        One dot product with zeros per array: 0 when every entry is finite,
        NaN otherwise (0·±∞ and 0·NaN are NaN, and no sum of zeros overflows).
        """
        if self._zeros is None:
            self._zeros = [np.zeros(p.size, p.dtype) for p in self.params]
        isfinite, dot = math.isfinite, np.dot
        return all(isfinite(dot(p.ravel(), zeros)) for p, zeros in zip(self.params, self._zeros))

    def correct(self, samples: int, start: int = 0) -> int:
        """Right answers among the samples ``start`` … ``samples`` − 1 of the
        epoch (each judged before its batch's update); 0 without labels.

        ``start`` > 0 counts only the batches this plan trained when it took
        over an epoch another plan began (the settings changed mid-epoch)."""
        if self._pred is None or samples <= start:
            return 0
        pred = self._pred[start:samples]
        if pred.ndim == 2:
            pred = pred[:, 0]
        return int(np.count_nonzero(pred == self._epoch_labels[start:samples]))

    # --- updates other than plain SGD ----------------------------------------

    def _momentum(self) -> None:
        """As :class:`Momentum`: v ← β·v + g, θ ← θ − η·v (masked), in place."""
        opt = self.optimizer
        lr, l2, beta = opt.learning_rate, opt.l2, opt.momentum
        velocity = opt.velocity
        for p in self._links + self._biases:
            g, t = p.grad, p.scratch
            if p.connection is not None:
                np.multiply(g, p.connection, out=g)
            if l2 and p.decay:
                np.multiply(p.param, l2, out=t)
                np.add(g, t, out=g)
            v = velocity.get(p.k)
            if v is None:
                v = velocity[p.k] = g.copy()
            else:
                v *= beta
                v += g
            np.multiply(v, lr, out=t)
            if p.mask is not None:
                np.multiply(t, p.mask, out=t)
            np.subtract(p.param, t, out=p.param)

    def _adam(self) -> None:
        """As :class:`Adam`, with bias correction, in place."""
        opt = self.optimizer
        lr, l2 = opt.learning_rate, opt.l2
        b1, b2, eps = opt.beta1, opt.beta2, opt.epsilon
        m_hat_scale = lr / (1.0 - b1 ** opt.t)
        v_hat_scale = 1.0 / (1.0 - b2 ** opt.t)
        for p in self._links + self._biases:
            g, t, t2 = p.grad, p.scratch, p.scratch2
            if p.connection is not None:
                np.multiply(g, p.connection, out=g)
            if l2 and p.decay:
                np.multiply(p.param, l2, out=t)
                np.add(g, t, out=g)
            if p.k not in opt.m:
                opt.m[p.k] = np.zeros_like(g)
                opt.v[p.k] = np.zeros_like(g)
            m, v = opt.m[p.k], opt.v[p.k]
            m *= b1
            np.multiply(g, 1.0 - b1, out=t)
            m += t
            v *= b2
            np.multiply(g, g, out=t)
            np.multiply(t, 1.0 - b2, out=t)
            v += t
            np.multiply(v, v_hat_scale, out=t)
            np.sqrt(t, out=t)
            np.add(t, eps, out=t)
            np.multiply(m, m_hat_scale, out=t2)
            np.divide(t2, t, out=t2)
            if p.mask is not None:
                np.multiply(t2, p.mask, out=t2)
            np.subtract(p.param, t2, out=p.param)


_GENERATED = re.compile(r"^[A-Za-z0-9_ .,()\[\]@=+\-*/#:′·ᵀŷ−δθηλ]*$")


def _check_generated(lines: list[str]) -> None:
    """Refuse to compile a step holding anything but the plan's own names,
    numbers and operators (a guard, so no outside text can become code)."""
    for line in lines:
        if not _GENERATED.match(line):
            raise ValueError(f"the compiled step would hold unexpected text: {line!r}")
