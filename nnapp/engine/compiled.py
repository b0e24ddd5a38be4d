"""The fast training plan: the lean mini-batch loop behind :class:`Trainer`.

:class:`CompiledPlan` is built from a Network, the training arrays, the loss
and the optimizer at the start of a training run. It fixes everything that
does not change from one batch to the next — the order of the layers, each
layer's incoming and outgoing links with their ``W``, the masks (or None),
which parameters are frozen, the activation and loss rules — and, for every
batch size that occurs, a :class:`~.batch_step.BatchStep`: one workspace of
preallocated arrays (zs, activations, deltas, scratch) and the batch step as
lists of pre-bound numpy calls, run as ``for f, args in ops: f(*args)``.
Every result is written into its preallocated array (``out=``); no lookups,
checks or temporaries are left for the batch loop. No source text is made or
run: :meth:`CompiledPlan.source` only lists the calls, one a line.

The maths is that of the registries — ``activations`` (``forward_ops``,
``backward_ops``), ``losses`` (``residual_ops``, ``fused_ops``, or
``value``/``dL_da``/``fused_delta``) and ``optimizers`` (``update``,
``SGD.folded_ops``) — and the results agree with ``propagation.forward`` /
``backward`` and ``Optimizer.step`` up to float rounding
(``tests/engine/test_compiled.py`` compares the two). Only the arrangement
differs:

* plain SGD folds η into the output δ, so every gradient comes out as
  η·dL/dθ and an update is one in-place subtraction (L2 adds ``(η·λ)·W``);
* softmax + categorical cross-entropy works in place on the logits shifted by
  their row maximum (``losses._cce_softmax_ops``);
* squared errors (mse, sse) take ``Σ (ŷ − y)²`` as one dot product;
* grad_b is ``1ᵀ·δ`` (a matrix-vector product) rather than ``δ.sum(axis=0)``;
* the activations overwrite z where their backward rule needs only ``a``
  (every activation with in-place rules), and the backward rules turn dL/da
  into δ in place;
* every batch of the epoch has its own list of calls, bound on first use to
  that batch's rows (slices of X and Y, of the epoch's shuffled copy, or the
  buffers its rows are gathered into by a bound ``take``), so no call looks
  the batch up; a call that would change nothing (a factor that is always
  1, a mask of all ones, a zero L2) is left out.

Other losses (bce, cce without softmax, mse/sse after an activation without
in-place rules) and activations without in-place rules go through the
registries' allocating functions inside the same step. Optimizers other than
:class:`SGD`, :class:`Momentum` and :class:`Adam` are not covered:
:meth:`CompiledPlan.unsupported` says why, and the Trainer runs its general
loop instead.

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

import math

import numpy as np

from .activations import ACTIVATIONS
from .batch_step import BatchStep, Workspace
from .losses import Loss
from .network import Network
from .optimizers import SGD, Adam, Momentum, Optimizer

#: Training sets up to this many bytes (X and Y each) are shuffled into one
#: array per epoch and cut into batches; larger ones are gathered batch by
#: batch, so that a batch's rows are still in cache for the products.
GATHER_EPOCH_BYTES = 1 << 20

_OPTIMIZERS = (SGD, Momentum, Adam)
_isfinite = math.isfinite


class _Param:
    """One parameter array: where its gradient comes from and what may change.

    ``k`` is its index in ``Network.arrays()`` (the optimizer's key), ``name``
    its name in the listing (W<link> or b<layer>); ``src``/``dst`` the layers
    of a link (``src`` −1 for a bias); ``mask`` the 0/1 array of entries that
    may change (connection and trainable masks together) or None;
    ``connection`` the connection mask alone (the general backward
    multiplies the gradient by it) or None; ``decay`` whether L2 applies.
    ``grad`` is grad_W or grad_b, ``scratch``/``scratch2`` arrays of the same
    shape for the update.
    """

    __slots__ = ("k", "name", "param", "src", "dst", "mask", "connection", "decay", "grad", "scratch", "scratch2")

    def __init__(self, k, param, src, dst, mask, connection, decay):
        self.k, self.param, self.src, self.dst = k, param, src, dst
        self.name = f"W{k}" if src >= 0 else f"b{dst}"
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
        if self.output == "softmax_cce":
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
        self._order_rows = None   # the epoch's order, kept here when rows are gathered batch by batch
        self._epoch_labels = labels

        #: η·λ, the L2 factor of plain SGD's folded update (set by _refresh)
        self.C_L2 = np.array(0.0, dtype)
        self.half = np.array(0.5, dtype)
        # the buffers for every batch size that occurs, and the step of every batch
        # (bound on first use), for epochs in the given order and in a shuffled one
        self._workspaces: dict[int, Workspace] = {}
        self._gathered: dict[int, tuple] = {}  # m -> arrays for X, Y and ysum rows gathered per batch
        last = n - (self.batches - 1) * bs
        for m in {bs, last}:
            self._workspaces[m] = Workspace(self, m)
            self._gathered[m] = (
                None if self._whole_X else np.empty((m, self.X.shape[1]), dtype),
                None if self._whole_Y else np.empty((m, self.Y.shape[1]), dtype),
                None if self._whole_Y or self._ysum is None else np.empty((m, 1), dtype),
            )
        self._plain: list[BatchStep | None] = [None] * self.batches
        self._shuffled: list[BatchStep | None] = [None] * self.batches
        self._bound = self._plain
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
        net, loss = self.network, self.loss
        L = len(net.layers)
        out = L - 1
        out_act = ACTIVATIONS[net.layers[out].activation]
        if loss.fused_ops is not None and loss.is_fused(out_act.name):
            self.output = "softmax_cce"  # the loss computes the output's activation from the logits
        elif loss.residual_ops is not None and out_act.in_place:
            self.output = "squared"
        else:
            self.output = "registry"
        # a layer keeps z apart from a when a registry function needs both
        self.keeps_z = [False] + [
            not ACTIVATIONS[net.layers[j].activation].in_place or (j == out and self.output == "registry")
            for j in range(1, L)
        ]
        masks = net.trainable_masks()
        ends = net.link_ends()
        n_links = len(net.links)
        self.links: list[_Param] = []
        self.biases: list[_Param] = []
        own = [False] * L  # layers with trainable parameters of their own
        for k, link in enumerate(net.links):
            mask = masks[k]
            if mask is not None and not mask.any():
                continue  # every weight frozen or absent: nothing to do
            s, d = ends[k]
            own[d] = True
            connection = None if link.mask is None or link.mask.all() else link.mask.astype(link.W.dtype)
            self.links.append(_Param(k, link.W, s, d, None if mask is None or mask.all() else mask,
                                     connection, True))
        for j in range(1, L):
            mask = masks[n_links + j - 1]
            if mask is not None and not mask.any():
                continue
            own[j] = True
            self.biases.append(_Param(n_links + j - 1, net.layers[j].bias, -1, j,
                                      None if mask is None or mask.all() else mask, None, False))
        for p in self.links + self.biases:
            if not self.sgd or (self.l2 and p.decay):
                p.scratch = np.empty(p.param.shape, p.param.dtype)
            if type(self.optimizer) is Adam:
                p.scratch2 = np.empty(p.param.shape, p.param.dtype)
        # δ_j is needed for j's own parameters or for those of a layer before it
        needs = [False] * L
        for j in range(1, L):
            needs[j] = own[j] or any(needs[s] for _, s in net.incoming(j) if s > 0)
        self.needs_delta = needs

    def _refresh(self) -> None:
        """Set the constants that follow the learning rate."""
        lr = self.optimizer.learning_rate
        self._lr = lr
        scale = lr if self.sgd else 1.0
        for ws in self._workspaces.values():
            ws.C_OUT[...] = ws.output_scale(scale)
        self.C_L2[...] = lr * self.l2

    def source(self, m: int | None = None) -> str:
        """The calls of the step for batches of ``m`` rows (default: the batch
        size), one a line, with the arrays named: a listing to read, never run."""
        return self._workspaces[self.batch_size if m is None else m].listing()

    # --- epochs -----------------------------------------------------------

    def begin_epoch(self, order: np.ndarray | None) -> None:
        """Fix the epoch's order of samples (None: as given) and gather what
        is gathered per epoch."""
        self._order = order
        if order is None:
            self._bound, self._epoch_labels = self._plain, self.labels
            return
        self._bound = self._shuffled
        if self._whole_X:
            if self._epoch_X is None:
                self._epoch_X = np.empty_like(self.X)
            self.X.take(order, 0, self._epoch_X, "clip")
        if self._whole_Y:
            if self._epoch_Y is None:
                self._epoch_Y = np.empty_like(self.Y)
                self._epoch_ysum = None if self._ysum is None else np.empty_like(self._ysum)
            self.Y.take(order, 0, self._epoch_Y, "clip")
            if self._ysum is not None:
                self._ysum.take(order, 0, self._epoch_ysum, "clip")
        if not (self._whole_X and self._whole_Y):
            if self._order_rows is None:
                self._order_rows = np.empty(self.n, np.intp)
            np.copyto(self._order_rows, order, casting="unsafe")
        if self.labels is not None:
            self._epoch_labels = self.labels[order]

    def _bind(self, b: int) -> BatchStep:
        """The step of batch ``b`` of epochs in the current kind of order, on
        that batch's arrays (views that stay the same from epoch to epoch)."""
        start = b * self.batch_size
        stop = min(start + self.batch_size, self.n)
        m = stop - start
        gather = []
        if self._order is None:
            xb, yb = self.X[start:stop], self.Y[start:stop]
            ysum = None if self._ysum is None else self._ysum[start:stop]
        else:
            rows = None if self._order_rows is None else self._order_rows[start:stop]
            x_rows, y_rows, ysum_rows = self._gathered[m]
            if self._whole_X:
                xb = self._epoch_X[start:stop]
            else:
                xb = x_rows
                gather.append((self.X.take, (rows, 0, x_rows, "clip")))
            if self._whole_Y:
                yb = self._epoch_Y[start:stop]
                ysum = None if self._ysum is None else self._epoch_ysum[start:stop]
            else:
                yb, ysum = y_rows, ysum_rows
                gather.append((self.Y.take, (rows, 0, y_rows, "clip")))
                if ysum_rows is not None:
                    gather.append((self._ysum.take, (rows, 0, ysum_rows, "clip")))
        pred = None if self._pred is None else self._pred[start:stop]
        step = BatchStep(self._workspaces[m], xb, yb, ysum, pred, gather)
        self._bound[b] = step
        return step

    def train_batch(self, b: int) -> float:
        """One update on batch ``b`` of the epoch; returns the batch loss.

        The loss is that of the weights before the update. When it is not
        finite, nothing is updated.
        """
        if self.optimizer.learning_rate != self._lr:
            self._refresh()
        step = self._bound[b] or self._bind(b)
        for f, args in step.forward:
            f(*args)
        loss = (float(step.P) - float(step.Q)) * step.scale
        if not _isfinite(loss):
            return loss
        self.optimizer.t += 1
        for f, args in step.backward:
            f(*args)
        return loss

    def train_epoch(self) -> tuple[float, int, int, bool]:
        """All batches of the epoch (each as :meth:`train_batch`).

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
        isfinite = _isfinite
        steps, bind = self._bound, self._bind
        for b in range(self.batches):
            if opt.learning_rate != self._lr:
                self._refresh()
            step = steps[b] or bind(b)
            for f, args in step.forward:
                f(*args)
            loss = (float(step.P) - float(step.Q)) * step.scale
            if not isfinite(loss):
                return total, b, seen, True
            opt.t += 1
            for f, args in step.backward:
                f(*args)
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
