"""Speed of nnapp's numpy engine against PyTorch (CPU) and a matmul floor.

Run from the project root::

    .venv/bin/python bench/engine_bench.py            # full run, about two minutes
    .venv/bin/python bench/engine_bench.py --quick    # smoke check, < 1 minute
    .venv/bin/python bench/engine_bench.py --profile  # also: where nnapp's batch time goes
    .venv/bin/python bench/engine_bench.py --sgemm    # also: update fused into scipy's GEMM

Not part of the test suite. Needs numpy and torch (and threadpoolctl, which
scikit-learn brings, for --profile / --sgemm); scikit-learn is optional (case
2 falls back to random data without it). See bench/README.md.

Cases
-----
1. 784-128-10 (ReLU, softmax + categorical cross-entropy), SGD η = 0.1,
   float32, batches of 32, shuffled, on 4000 × 784 fixed random data:
   (a) nnapp ``Trainer.run()``, one epoch between two yields, BLAS threads
       as the engine chooses them (its trial times the first batches of the
       warm-up epoch at one thread and at all); (a1), (a2) the same with the
       Trainer told 1 and 2 threads (``threads=``);
   (b) PyTorch: ``nn.Sequential`` + ``CrossEntropyLoss`` + ``optim.SGD`` over
       a shuffled index permutation (no DataLoader), 2 threads;
   (c1), (c2) the floor: only the five matrix products one batch needs, in
       numpy float32 into preallocated arrays, over one epoch's batches, at 1
       and at 2 BLAS threads; the floor is the faster of the two;
   (e) nnapp's general loop (``Trainer.compiled = False``): nnapp before the
       compiled plan, for reference;
   (f1), (f2) the floor plus what no numpy loop can leave out: gathering
       each batch's shuffled rows and subtracting the gradients from W1 and
       W2 (numpy's matmul cannot add into its output), at 1 and 2 threads,
       for reference.
   Targets: torch/nnapp ≥ 2.0 and nnapp/floor ≤ 1.3 (issue 16). The lean
   numpy loop written by hand for this network is in ``--profile``.
2. 64-32-10 on scikit-learn's digits (1437 training rows), same settings:
   nnapp vs PyTorch, target torch/nnapp ≥ 6; the lean loop and the general
   loop for reference.
3. The tutorial's 2-2-1 sigmoid network, MSE, one-sample SGD, float64, on
   the four-row gender table: µs per step (target ≤ 20), PyTorch for
   reference.
4. The xor and perceptron examples as their files say (full batch, 10000
   and 20000 epochs): seconds per run and µs per epoch, compiled plan
   against the general loop.

Implementations are interleaved round by round inside this one process (a,
b, c, then b, c, a, …) because two-thread BLAS timings swing by tens of
percent between processes and from second to second; the tables give medians
and two ratios: the ratio of the medians and the median of the per-round
ratios. The CPU load from other processes is printed before and after.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _common import (
    ROOT as ROOT_DIR,
    OtherLoad,
    Series,
    environment_lines,
    format_table,
    interleave,
    paired_ratio,
    timed_call,
    timed_next,
    load_line,
    use_project_root,
    verdict,
    wait_for_quiet,
)

use_project_root()

import numpy as np  # noqa: E402

from nnapp.engine import thread_choice  # noqa: E402
from nnapp.engine.blas_threads import blas_threads, restore_threads, switch_threads  # noqa: E402
from nnapp.engine.network import Network  # noqa: E402
from nnapp.engine.settings import TrainingSettings  # noqa: E402
from nnapp.engine.thread_choice import AUTO  # noqa: E402
from nnapp.engine.training import Trainer  # noqa: E402

SITE_DIR = str(Path(np.__file__).resolve().parent.parent)

try:
    import torch
    from torch import nn
except ImportError:  # pragma: no cover - the venv has it
    sys.exit("engine_bench needs torch (pip install torch --index-url https://download.pytorch.org/whl/cpu)")

TORCH_THREADS = 2
LR = 0.1
BATCH = 32

# --- data -------------------------------------------------------------------


def random_classification(n: int, n_in: int, n_classes: int, seed: int = 1234):
    """Inputs uniform in [0, 1) (float32), labels 0…k−1 and their one-hot rows."""
    rng = np.random.default_rng(seed)
    X = rng.random((n, n_in), dtype=np.float32)
    labels = rng.integers(0, n_classes, n)
    return X, labels, np.eye(n_classes, dtype=np.float32)[labels]


def digits_train():
    """scikit-learn's digits, scaled to [0, 1], first 1437 rows after a fixed shuffle."""
    try:
        from sklearn.datasets import load_digits
    except ImportError:
        X, labels, Y = random_classification(1437, 64, 10, seed=64)
        return X, labels, Y, "random 1437 × 64 (scikit-learn not importable)"
    d = load_digits()
    order = np.random.default_rng(0).permutation(len(d.target))[:1437]
    X = (d.data[order] / 16.0).astype(np.float32)
    labels = d.target[order].astype(np.int64)
    return X, labels, np.eye(10, dtype=np.float32)[labels], "scikit-learn digits, 1437 × 64"


GENDER_X = np.array([[-2, -1], [25, 6], [17, 4], [-15, -6]], dtype=np.float64)
GENDER_Y = np.array([[1], [0], [0], [1]], dtype=np.float64)

# --- nnapp ------------------------------------------------------------------


def nnapp_classifier(sizes, X, Y, epochs: int, seed: int = 0, compiled: bool = True, threads=AUTO):
    """A ReLU/softmax network and a Trainer over (X, Y): case 1 and 2 settings.

    ``compiled=False`` makes the Trainer use its general loop (forward,
    backward and Optimizer.step per batch), nnapp's loop before the compiled
    plan: the "before" line of the tables.
    """
    acts = ["relu"] * (len(sizes) - 2) + ["softmax"]
    net = Network.dense(sizes, acts, rng=seed, dtype=np.float32)
    settings = TrainingSettings(
        loss="cce", optimizer="sgd", learning_rate=LR, epochs=epochs,
        batch_size=BATCH, shuffle=True, dtype="float32", seed=seed,
    )
    trainer = Trainer(net, X, Y, settings, threads=threads)
    trainer.compiled = compiled
    return net, trainer


def nnapp_epoch_stepper(sizes, X, Y, epochs: int, compiled: bool = True, threads=AUTO):
    """One call = one epoch of ``Trainer.run()`` (the time between two yields)."""
    net, trainer = nnapp_classifier(sizes, X, Y, epochs, compiled=compiled, threads=threads)
    init = [W.copy() for W in (l.W for l in net.links)]  # the start, for torch
    gen = trainer.run()
    step = timed_next(gen)
    return step, trainer, init


# --- torch ------------------------------------------------------------------


def torch_mlp(sizes, init_weights, act=nn.ReLU, out_act=None, dtype=torch.float32):
    """nn.Sequential of Linear layers; weights copied from nnapp's (W is n_in × n_out)."""
    mods: list[nn.Module] = []
    for k in range(len(sizes) - 1):
        lin = nn.Linear(sizes[k], sizes[k + 1]).to(dtype)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(init_weights[k].T)))
            lin.bias.zero_()
        mods.append(lin)
        if k < len(sizes) - 2:
            mods.append(act())
        elif out_act is not None:
            mods.append(out_act())
    return nn.Sequential(*mods)


class TorchClassifier:
    """The idiomatic fast PyTorch loop: no DataLoader, tensor indexing."""

    def __init__(self, sizes, init_weights, X, labels, seed: int = 0):
        self.model = torch_mlp(sizes, init_weights)
        self.X = torch.from_numpy(X)
        self.y = torch.from_numpy(labels.astype(np.int64))
        self.loss_fn = nn.CrossEntropyLoss()
        self.opt = torch.optim.SGD(self.model.parameters(), lr=LR)
        self.gen = torch.Generator().manual_seed(seed)
        self.last_loss = float("nan")

    def epoch(self) -> None:
        model, opt, loss_fn, X, y = self.model, self.opt, self.loss_fn, self.X, self.y
        n = X.shape[0]
        perm = torch.randperm(n, generator=self.gen)
        loss = None
        for i in range(0, n, BATCH):
            idx = perm[i:i + BATCH]
            xb, yb = X[idx], y[idx]
            opt.zero_grad(set_to_none=True)
            loss = loss_fn(model(xb), yb)
            loss.backward()
            opt.step()
        self.last_loss = loss

    def full_loss(self) -> float:
        with torch.no_grad():
            return float(self.loss_fn(self.model(self.X), self.y))


# --- the floor --------------------------------------------------------------


class MatmulFloor:
    """Only the matrix products of one epoch of batches, into preallocated arrays.

    Per batch: forward X@W1, H@W2; backward H.T@D2, D2@W2.T, X.T@D1 (no
    gradient with respect to the inputs). No gathering, no activations, no
    loss, no update: the least any numpy implementation has to do.

    With ``gather_update`` it also does the two things no numpy loop can
    leave out either: gather the batch's 32 shuffled rows into an array
    (``X.take``) and subtract the gradients from W1 and W2 (numpy has no GEMM
    that adds into its output). Still no activation, loss or bias.
    """

    def __init__(self, X, W1, W2, bs: int = BATCH, seed: int = 5, gather_update: bool = False):
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.gather_update = gather_update
        self.xb = np.empty((bs, X.shape[1]), X.dtype)
        self.X, self.W1, self.W2, self.bs = X, W1.copy(), W2.copy(), bs
        n_h, n_out = W1.shape[1], W2.shape[1]
        f = X.dtype
        self.H = np.empty((bs, n_h), f)
        self.O = np.empty((bs, n_out), f)
        self.D2 = rng.standard_normal((bs, n_out)).astype(f) * 0.01
        self.D1 = rng.standard_normal((bs, n_h)).astype(f) * 0.01
        self.dH = np.empty((bs, n_h), f)
        self.gW2 = np.empty_like(W2)
        self.gW1 = np.empty_like(W1)

    def epoch(self) -> None:
        X, W1, W2, bs = self.X, self.W1, self.W2, self.bs
        H, O, D2, D1, dH, gW1, gW2 = self.H, self.O, self.D2, self.D1, self.dH, self.gW1, self.gW2
        mm = np.matmul
        n = X.shape[0]
        more = self.gather_update
        order = self.rng.permutation(n) if more else None
        for start in range(0, n, bs):
            if more:
                rows = order[start:start + bs]
                Xb = X.take(rows, 0, self.xb[:rows.shape[0]], "clip")
            else:
                Xb = X[start:start + bs]
            m = Xb.shape[0]
            if m != bs:
                H, O, D2, D1, dH = H[:m], O[:m], D2[:m], D1[:m], dH[:m]
            mm(Xb, W1, out=H)
            mm(H, W2, out=O)
            mm(H.T, D2, out=gW2)
            mm(D2, W2.T, out=dH)
            mm(Xb.T, D1, out=gW1)
            if more:
                np.subtract(W2, gW2, out=W2)
                np.subtract(W1, gW1, out=W1)


# --- reporting --------------------------------------------------------------


def series_rows(series: dict[str, Series], unit: str, scale: float):
    rows = []
    for s in series.values():
        rows.append([s.name, f"{s.median * scale:.3f}", f"{s.best * scale:.3f}", f"{s.spread * 100:.0f} %", len(s.times)])
    return format_table(["implementation", f"median {unit}", f"best {unit}", "spread", "rounds"], rows)


def ratio_line(label: str, num: Series, den: Series, target: float, higher_is_better: bool) -> tuple[str, bool]:
    r_med = num.median / den.median
    r_pair = paired_ratio(num, den)
    ok = r_med >= target if higher_is_better else r_med <= target
    sign = "≥" if higher_is_better else "≤"
    return (
        f"  {label:<16} {r_med:6.2f}  (per-round median {r_pair:5.2f})   target {sign} {target:<4g} {verdict(ok)}",
        ok,
    )


def reference_line(label: str, num: Series, den: Series) -> str:
    """A ratio without a target (for reference)."""
    return (f"  {label:<16} {num.median / den.median:6.2f}  "
            f"(per-round median {paired_ratio(num, den):5.2f})   (reference)")


# --- cases ------------------------------------------------------------------


def at_threads(n: int, step):
    """``step`` run with exactly ``n`` BLAS threads (put back afterwards)."""
    def run() -> float:
        before = switch_threads(n)
        try:
            return step()
        finally:
            restore_threads(before)
    return run


def case1(rounds: int, settle: float, results: list) -> None:
    print("\n=== 1. 784-128-10, ReLU + softmax/CCE, SGD η=0.1, float32, batch 32, shuffled, 4000 × 784 ===")
    X, labels, Y = random_classification(4000, 784, 10)
    sizes = [784, 128, 10]
    warm = 1
    most = blas_threads() or 1
    counts = sorted({1, most})
    thread_choice.forget()  # the engine measures again, in this run (in its warm-up epoch)
    nn_step, trainer, init = nnapp_epoch_stepper(sizes, X, Y, epochs=warm + rounds)
    steppers = {"(a) nnapp Trainer, engine's choice": nn_step}
    for n in counts:
        step_n, _, _ = nnapp_epoch_stepper(sizes, X, Y, epochs=warm + rounds, threads=n)
        steppers[f"(a{n}) nnapp Trainer, BLAS {n} thread{'s' if n > 1 else ''}"] = step_n
    tc = TorchClassifier(sizes, init, X, labels)
    steppers[f"(b) torch ({TORCH_THREADS} threads)"] = timed_call(tc.epoch)
    floor = MatmulFloor(X, init[0], init[1])
    for n in counts:
        name = f"(c{n}) matmul floor, BLAS {n} thread{'s' if n > 1 else ''}"
        steppers[name] = at_threads(n, timed_call(floor.epoch))
    general_step, _, _ = nnapp_epoch_stepper(sizes, X, Y, epochs=warm + rounds, compiled=False)
    steppers["(e) nnapp general loop, engine's choice"] = general_step
    for n in counts:
        floor_plus = MatmulFloor(X, init[0], init[1], gather_update=True)
        steppers[f"(f{n}) floor + gather + W −= g, BLAS {n} thread{'s' if n > 1 else ''}"] = at_threads(
            n, timed_call(floor_plus.epoch))
    series = interleave(steppers, rounds, warmup=warm, settle=settle)
    a = series["(a) nnapp Trainer, engine's choice"]
    b = series[f"(b) torch ({TORCH_THREADS} threads)"]
    floors = [s for name, s in series.items() if name.startswith("(c")]
    c = min(floors, key=lambda s: s.median)
    batches = -(-X.shape[0] // BATCH)
    print(series_rows(series, "ms/epoch", 1e3))
    chosen = [v for k, v in thread_choice.chosen_so_far().items() if k[0] == tuple(sizes) and k[1] == BATCH]
    print(f"  BLAS threads: {most} at most; the engine chose {chosen[0] if chosen else 'nothing'} "
          f"(timed its first {2 * thread_choice.TRIAL_BATCHES} batches); the floor is the faster of "
          f"{' and '.join(str(n) for n in counts)} thread(s): {c.name}")
    print(f"  per batch ({batches} batches): nnapp {a.median / batches * 1e6:.0f} µs, "
          f"torch {b.median / batches * 1e6:.0f} µs, floor {c.median / batches * 1e6:.0f} µs; "
          f"nnapp − floor = {(a.median - c.median) / batches * 1e6:.0f} µs/batch")
    line, ok1 = ratio_line("torch / nnapp", b, a, 2.0, True)
    print(line)
    results.append(("1 torch/nnapp ≥ 2.0", b.median / a.median, ok1))
    line, ok2 = ratio_line("nnapp / floor", a, c, 1.3, False)
    print(line)
    results.append(("1 nnapp/floor ≤ 1.3", a.median / c.median, ok2))
    for n in counts:
        nn_n = series[f"(a{n}) nnapp Trainer, BLAS {n} thread{'s' if n > 1 else ''}"]
        fl_n = series[f"(c{n}) matmul floor, BLAS {n} thread{'s' if n > 1 else ''}"]
        print(reference_line(f"{n}T nnapp/floor{n}T", nn_n, fl_n))
        print(reference_line(f"{n}T nnapp / floor", nn_n, c))
    for n in counts:
        print(reference_line(f"(f{n}) / floor", series[f"(f{n}) floor + gather + W −= g, BLAS {n} thread{'s' if n > 1 else ''}"], c))
    print(reference_line("general / nnapp", series["(e) nnapp general loop, engine's choice"], a))
    # sanity: both trained the same network on the same data for the same epochs
    nn_loss = trainer_full_loss(trainer, X, Y)
    print(f"  sanity: loss on the whole set after {warm + rounds} epochs: nnapp {nn_loss:.4f}, "
          f"torch {tc.full_loss():.4f} (same start, different shuffles)")


def trainer_full_loss(trainer, X, Y) -> float:
    from nnapp.engine.propagation import forward, loss_value

    fp = forward(trainer.network, X)
    return loss_value(trainer.network, fp, Y, trainer.loss)


def case2(rounds: int, settle: float, results: list) -> None:
    X, labels, Y, source = digits_train()
    print(f"\n=== 2. 64-32-10, ReLU + softmax/CCE, SGD η=0.1, float32, batch 32, shuffled, {source} ===")
    sizes = [64, 32, 10]
    warm = 2
    nn_step, trainer, init = nnapp_epoch_stepper(sizes, X, Y, epochs=warm + rounds)
    general_step, _, _ = nnapp_epoch_stepper(sizes, X, Y, epochs=warm + rounds, compiled=False)
    tc = TorchClassifier(sizes, init, X, labels)
    lean = LeanMLP(init, X, Y)
    series = interleave(
        {"(a) nnapp Trainer": nn_step, "(b) torch": timed_call(tc.epoch),
         "(c) lean numpy loop": timed_call(lean.epoch), "(d) nnapp general loop": general_step},
        rounds, warmup=warm, settle=settle,
    )
    a, b, c, d = series.values()
    batches = -(-X.shape[0] // BATCH)
    print(series_rows(series, "ms/epoch", 1e3))
    print(f"  per batch ({batches} batches): nnapp {a.median / batches * 1e6:.1f} µs, "
          f"torch {b.median / batches * 1e6:.1f} µs, lean {c.median / batches * 1e6:.1f} µs")
    line, ok = ratio_line("torch / nnapp", b, a, 6.0, True)
    print(line)
    results.append(("2 torch/nnapp ≥ 6", b.median / a.median, ok))
    print(reference_line("torch / lean", b, c))
    print(reference_line("general / nnapp", d, a))
    nn_loss = trainer_full_loss(trainer, X, Y)
    print(f"  sanity: loss after {warm + rounds} epochs: nnapp {nn_loss:.4f}, torch {tc.full_loss():.4f}")


def case3(rounds: int, settle: float, epochs_nnapp: int, epochs_torch: int, results: list) -> None:
    print("\n=== 3. 2-2-1 sigmoid, MSE, one-sample SGD η=0.1, float64, gender table (4 rows) ===")
    fast_path = []

    def nnapp_run() -> float:
        net = Network.dense([2, 2, 1], "sigmoid", rng=0, dtype=np.float64)
        settings = TrainingSettings(
            loss="mse", optimizer="sgd", learning_rate=LR, epochs=epochs_nnapp + 1,
            batch_size=1, shuffle=True, dtype="float64", seed=0,
        )
        trainer = Trainer(net, GENDER_X, GENDER_Y, settings)
        fast_path.append(trainer._scalar is not None)
        gen = trainer.run()
        next(gen)  # the first epoch is the warm-up
        t0 = time.perf_counter()
        for _ in gen:
            pass
        return (time.perf_counter() - t0) / (4 * epochs_nnapp)

    net0 = Network.dense([2, 2, 1], "sigmoid", rng=0, dtype=np.float64)
    model = torch_mlp([2, 2, 1], [l.W for l in net0.links], act=nn.Sigmoid, out_act=nn.Sigmoid, dtype=torch.float64)
    Xt, Yt = torch.from_numpy(GENDER_X), torch.from_numpy(GENDER_Y)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loss_fn = nn.MSELoss()
    g = torch.Generator().manual_seed(0)

    def torch_run() -> float:
        t0 = time.perf_counter()
        for _ in range(epochs_torch):
            perm = torch.randperm(4, generator=g)
            for i in range(4):
                idx = perm[i:i + 1]
                opt.zero_grad(set_to_none=True)
                loss = loss_fn(model(Xt[idx]), Yt[idx])
                loss.backward()
                opt.step()
        return (time.perf_counter() - t0) / (4 * epochs_torch)

    series = interleave({"(a) nnapp Trainer": nnapp_run, "(b) torch": torch_run}, rounds, warmup=1, settle=settle)
    a, b = series.values()
    print(series_rows(series, "µs/step", 1e6))
    print(f"  nnapp: {epochs_nnapp} epochs × 4 samples per round; scalar fast path used: "
          f"{'yes' if all(fast_path) else 'NO'}; torch: {epochs_torch} epochs × 4 samples per round")
    ok = a.median * 1e6 <= 20.0
    print(f"  nnapp µs/step     {a.median * 1e6:6.2f}   target ≤ 20     {verdict(ok)}")
    print(f"  torch / nnapp     {b.median / a.median:6.1f}   (reference)")
    results.append(("3 nnapp µs/step ≤ 20", a.median * 1e6, ok))


def case4(rounds: int, settle: float, scale: float) -> None:
    """The tutorials' full-batch runs: many epochs of a tiny network, where the
    time per epoch is all overhead."""
    from nnapp.engine.datasets import load_dataset
    from nnapp.engine.examples import load_example

    print("\n=== 4. full-batch tutorial runs through Trainer.run(): xor (2-2-1 sigmoid, sse) "
          "and perceptron (3-1 sigmoid, sse) ===")
    rows = []
    for name in ("xor", "perceptron"):
        nf = load_example(name)
        ds = load_dataset(nf.data["dataset"])
        epochs = max(1, int(nf.training.epochs * scale))

        def fit_run(compiled: bool, nf=nf, ds=ds, epochs=epochs):
            def run() -> float:
                net = nf.network.copy()
                settings = TrainingSettings(**{**nf.training.to_dict(), "epochs": epochs})
                trainer = Trainer(net, ds.X, ds.Y, settings)
                trainer.compiled = compiled
                t0 = time.perf_counter()
                for _ in trainer.run():
                    pass
                return time.perf_counter() - t0
            return run

        series = interleave({"compiled": fit_run(True), "general": fit_run(False)}, rounds, warmup=1, settle=settle)
        a, b = series.values()
        rows.append([f"{name}, {epochs} epochs", f"{a.median:.3f}", f"{a.median / epochs * 1e6:.1f}",
                     f"{b.median:.3f}", f"{b.median / epochs * 1e6:.1f}", f"{b.median / a.median:.1f}"])
    print(format_table(["run", "nnapp s", "µs/epoch", "general loop s", "µs/epoch", "speed-up"], rows))


# --- profile ----------------------------------------------------------------


def profile_case1(rounds: int, settle: float) -> None:
    """Where one nnapp epoch of case 1 spends its time beyond the matmul floor."""
    X, labels, Y = random_classification(4000, 784, 10)
    statements_case1(X, Y, rounds, settle)
    cprofile_case1(X, Y)
    lean_case1(X, Y, rounds, settle)
    lean_case2(rounds, settle)


def _call_label(f, args) -> str:
    """A call as text with its arrays' shapes: ``dot(32×784, 784×128, 32×128)``."""
    words = ["×".join(map(str, a.shape)) or "0-d" if isinstance(a, np.ndarray) else repr(a) for a in args]
    owner = getattr(f, "__self__", None)
    prefix = "" if not isinstance(owner, np.ndarray) else "×".join(map(str, owner.shape)) + "."
    return f"{prefix}{getattr(f, '__name__', '?')}({', '.join(words)})"


def clock_the_calls(plan):
    """Make every batch step ``plan`` binds from now on time each of its calls.
    Returns (labels, totals): ``totals[label]`` accumulates the seconds of the
    calls with that label over all batches.

    It wraps the plan's private ``_bind``: a benchmark may, the program does not.
    """
    labels: list[str] = []
    totals: dict[str, float] = {}
    clock = time.perf_counter
    bind = plan._bind

    def clocked(label, f):
        def call(*args):
            start = clock()
            f(*args)
            totals[label] += clock() - start
        return call

    def wrapped(b):
        step = bind(b)
        for ops in (step.forward, step.backward):
            for i, (f, args) in enumerate(ops):
                label = _call_label(f, args)
                if label not in totals:
                    labels.append(label)
                    totals[label] = 0.0
                ops[i] = (clocked(label, f), args)
        return step

    plan._bind = wrapped
    return labels, totals


def statements_case1(X, Y, rounds: int, settle: float) -> None:
    """nnapp's compiled batch step of case 1, statement by statement (µs per
    batch, clocks between the statements), interleaved with the real Trainer
    and the floor so that the totals can be checked against each other."""
    from nnapp.engine.compiled import CompiledPlan

    sizes = [784, 128, 10]
    n = X.shape[0]
    batches = -(-n // BATCH)
    nn_step, _, init = nnapp_epoch_stepper(sizes, X, Y, epochs=rounds + 1)
    net, trainer = nnapp_classifier(sizes, X, Y, epochs=rounds + 1)
    plan = CompiledPlan(net, trainer.X, trainer.Y, trainer.loss, trainer.optimizer, trainer.batch_size,
                        trainer.labels)
    labels, totals = clock_the_calls(plan)
    rng = np.random.default_rng(7)
    floor = MatmulFloor(X, init[0], init[1])
    per_round: list[list[float]] = []

    def epoch() -> float:
        for label in totals:
            totals[label] = 0.0
        t0 = time.perf_counter()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            plan.begin_epoch(rng.permutation(n))
            plan.train_epoch()
        plan.correct(n)
        dt = time.perf_counter() - t0
        per_round.append([totals[label] for label in labels] + [dt])
        return dt

    series = interleave(
        {"Trainer.run() epoch": nn_step, "compiled plan with clocks": epoch, "matmul floor": timed_call(floor.epoch)},
        rounds, warmup=1, settle=settle,
    )
    a, r, c = series.values()
    timed = per_round[-rounds:]
    full = batches  # every batch's calls are clocked (the labels of a shorter last batch differ)
    med = [statistics.median(row[i] for row in timed) for i in range(len(labels) + 1)]
    print("\n=== profile 1: nnapp's compiled batch step, call by call (case 1, µs per batch, "
          f"median of {rounds} epochs) ===")
    rows = [(text, f"{t / full * 1e6:.1f}") for text, t in zip(labels, med)]
    in_step = sum(med[:-1])
    rows.append(("sum of the calls", f"{in_step / full * 1e6:.1f}"))
    outside = (r.median - in_step) / batches * 1e6
    rows.append(("outside the step: gather, loop, epoch's end (+ clocks)", f"{outside:.1f}"))
    rows.append(("the clocked plan's epoch", f"{r.median / batches * 1e6:.1f}"))
    rows.append(("the real Trainer.run() epoch", f"{a.median / batches * 1e6:.1f}"))
    rows.append(("matmul floor (5 products only)", f"{c.median / batches * 1e6:.1f}"))
    print(format_table(["call (shapes of its arguments)", "µs/batch"], rows))
    print("  each clock adds ~0.3 µs; the five dot() products are the floor's work, the rest is overhead")


def cprofile_case1(X, Y, top: int = 22) -> None:
    import cProfile
    import io
    import pstats

    _, trainer, _ = nnapp_epoch_stepper([784, 128, 10], X, Y, epochs=3)
    gen = trainer.run()
    next(gen)
    prof = cProfile.Profile()
    prof.enable()
    next(gen)
    prof.disable()
    buf = io.StringIO()
    pstats.Stats(prof, stream=buf).sort_stats("tottime").print_stats(top)
    text = buf.getvalue().replace(str(ROOT_DIR) + "/", "").replace(SITE_DIR, "…")
    print("\n=== profile 2: cProfile of one Trainer epoch (125 batches), by own time; "
          "matmuls count in their caller's own time ===")
    print(text[text.find("   ncalls"):].rstrip())


def lean_case1(X, Y, rounds: int, settle: float) -> None:
    """Leave-one-out: a lean loop with every suggestion applied, and the same
    loop with one suggestion taken back (done the way of nnapp's general
    loop), all interleaved with nnapp's Trainer and the floor. The cost of leaving one suggestion out
    is the saving it brings, measured in context (caches, threads, …)."""
    from threadpoolctl import threadpool_limits

    sizes = [784, 128, 10]
    batches = -(-X.shape[0] // BATCH)
    nn_step, _, init = nnapp_epoch_stepper(sizes, X, Y, epochs=rounds + 1)
    nn1_step, _, _ = nnapp_epoch_stepper(sizes, X, Y, epochs=rounds + 1)
    floor = MatmulFloor(X, init[0], init[1])

    def one_thread(step):
        def run():
            with threadpool_limits(1, user_api="blas"):
                return step()
        return run

    variants = {
        "lean: all suggestions (numpy only)": {},
        "  but gather with np.take(out=)": {"gather": "take"},
        "  but one shuffled copy of X per epoch": {"gather": "epoch"},
        "  but new arrays, no out=": {"out": False},
        "  but the general loop's softmax + loss + δ": {"softmax_ce": "nnapp"},
        "  but g *= η pass (η not in δ)": {"fold_lr": False},
        "  but relu backward where().astype": {"relu_bwd": "where"},
        "  but metrics.accuracy()": {"accuracy": "nnapp"},
        "lean with all of the general loop's ways": {"out": False, "softmax_ce": "nnapp", "fold_lr": False,
                                                     "relu_bwd": "where", "accuracy": "nnapp"},
    }
    steppers = {"nnapp Trainer (compiled plan)": nn_step,
                "nnapp Trainer, BLAS 1 thread": one_thread(nn1_step)}
    for name, opts in variants.items():
        steppers[name] = timed_call(LeanMLP(init, X, Y, **opts).epoch)
    steppers["lean, BLAS 1 thread"] = one_thread(timed_call(LeanMLP(init, X, Y).epoch))
    steppers["matmul floor"] = timed_call(floor.epoch)
    steppers["matmul floor, BLAS 1 thread"] = one_thread(timed_call(floor.epoch))
    series = interleave(steppers, rounds, warmup=1, settle=settle)
    base = series["lean: all suggestions (numpy only)"]
    print("\n=== profile 3: leave-one-out — a lean loop, and the same loop with one suggestion taken back "
          "(interleaved, case 1) ===")
    rows = []
    for s in series.values():
        d = statistics.median(x - y for x, y in zip(s.times, base.times)) / batches * 1e6
        rows.append([s.name, f"{s.median * 1e3:.2f}", f"{s.median / batches * 1e6:.0f}",
                     f"{d:+.0f}", f"{s.spread * 100:.0f} %"])
    print(format_table(["variant", "median ms/epoch", "µs/batch", "Δ vs lean µs/batch", "spread"], rows))
    print("  Δ is the median over rounds of (variant − lean) in the same round; on a noisy machine "
          "differences under ~20 µs/batch are not significant")
    a, f_ = series["nnapp Trainer (compiled plan)"], series["matmul floor"]
    print(f"  lean / floor {base.median / f_.median:.2f}; nnapp / lean {a.median / base.median:.2f}; "
          f"nnapp / floor {a.median / f_.median:.2f}")


class LeanMLP:
    """Reference sketch for the profile: one hidden ReLU layer, softmax-CE, SGD.

    With the default options: rows gathered by fancy indexing, matmuls and
    elementwise steps written into preallocated buffers (``out=``), the
    softmax, loss and δ fused on the (m, 10) logits with integer labels, the
    learning rate folded into δ so each weight update is one in-place
    subtraction, ReLU's derivative kept as a mask from the forward pass,
    accuracy from integer labels. Each option can be set to the way of nnapp's
    general loop (``Trainer.compiled = False``) to
    measure what it costs. It reports the same epoch loss and accuracy as
    nnapp's Trainer.

    Options: gather "fancy" | "take" | "epoch" (one shuffled copy of X per
    epoch, then contiguous slices); out True | False; softmax_ce "fused" |
    "nnapp"; fold_lr True | False; relu_bwd "mask" | "where"; accuracy "int" |
    "nnapp"; update "subtract" | "sgemm" (scipy BLAS: W += −η·Aᵀδ in place).
    """

    def __init__(self, init, X, Y, lr: float = LR, bs: int = BATCH, seed: int = 0, *,
                 gather="fancy", out=True, softmax_ce="fused", fold_lr=True, relu_bwd="mask",
                 accuracy="int", update="subtract"):
        self.W1, self.W2 = init[0].copy(), init[1].copy()
        self.b1 = np.zeros(self.W1.shape[1], X.dtype)
        self.b2 = np.zeros(self.W2.shape[1], X.dtype)
        self.X, self.Y, self.labels = X, Y, Y.argmax(axis=1)
        self.lr, self.bs = lr, bs
        self.rng = np.random.default_rng(seed)
        self.opt = dict(gather=gather, out=out, softmax_ce=softmax_ce, fold_lr=fold_lr, relu_bwd=relu_bwd,
                        accuracy=accuracy, update=update)
        f = X.dtype
        n_in, n_h = self.W1.shape
        n_out = self.W2.shape[1]
        self.xb = np.empty((bs, n_in), f)
        self.yb = np.empty(bs, np.int64)
        self.h = np.empty((bs, n_h), f)
        self.o = np.empty((bs, n_out), f)
        self.dh = np.empty((bs, n_h), f)
        self.gW1 = np.empty_like(self.W1)
        self.gW2 = np.empty_like(self.W2)
        self.mask = np.empty((bs, n_h), bool)
        self.rows = np.arange(bs)
        self.last_loss = 0.0
        self.correct = 0
        if update == "sgemm":
            from scipy.linalg.blas import dgemm, sgemm

            self.gemm = sgemm if f == np.float32 else dgemm

    def epoch(self) -> None:
        from nnapp.engine import activations as A
        from nnapp.engine import losses as Lo
        from nnapp.engine.metrics import accuracy

        o_ = self.opt
        take, use_out, fused = o_["gather"] == "take", o_["out"], o_["softmax_ce"] == "fused"
        by_epoch = o_["gather"] == "epoch"
        fold, mask_bwd, int_acc, gemm = o_["fold_lr"], o_["relu_bwd"] == "mask", o_["accuracy"] == "int", \
            o_["update"] == "sgemm"
        need_onehot = not (fused and int_acc)
        X, Y, labels, bs, lr = self.X, self.Y, self.labels, self.bs, self.lr
        W1, W2, b1, b2 = self.W1, self.W2, self.b1, self.b2
        n = X.shape[0]
        order = self.rng.permutation(n)
        if by_epoch:  # one shuffled copy per epoch, then contiguous slices
            if not hasattr(self, "Xs"):
                self.Xs, self.ys = np.empty_like(X), np.empty_like(labels)
            Xs, ys = self.Xs, self.ys
            np.take(X, order, axis=0, out=Xs)
            np.take(labels, order, out=ys)
        mm, sub, mul = np.matmul, np.subtract, np.multiply
        total = 0.0
        correct = 0.0
        for start in range(0, n, bs):
            idx = order[start:start + bs]
            m = idx.shape[0]
            if by_epoch:
                xb, yb = Xs[start:start + bs], ys[start:start + bs]
            elif take:
                xb, yb = self.xb[:m], self.yb[:m]
                np.take(X, idx, axis=0, out=xb)
                np.take(labels, idx, out=yb)
            else:
                xb, yb = X[idx], labels[idx]
            Yb = (Y[idx] if not by_epoch else Y[order[start:start + bs]]) if need_onehot else None
            rows = self.rows[:m]
            # forward
            if use_out:
                h, o, mask = self.h[:m], self.o[:m], self.mask[:m]
                mm(xb, W1, out=h)
                np.add(h, b1, out=h)
                np.greater(h, 0, out=mask)
                np.maximum(h, 0, out=h)
                z1 = a1 = h
                mm(h, W2, out=o)
                np.add(o, b2, out=o)
                z2 = o
            else:
                z1 = xb @ W1
                z1 += b1
                a1 = np.maximum(z1, 0.0)
                mask = None
                z2 = a1 @ W2
                z2 += b2
            # softmax, loss, δ2 (= dL/dz2, times η when folded)
            scale = lr / m if fold else 1.0 / m
            if fused:
                if not use_out:
                    z2 = z2.copy()
                sub(z2, z2.max(axis=1, keepdims=True), out=z2)
                right = z2[rows, yb]
                if int_acc:
                    correct += int(np.count_nonzero(right == 0))
                np.exp(z2, out=z2)
                s = z2.sum(axis=1, keepdims=True)
                total += float(np.log(s).sum() - right.sum())
                np.divide(z2, s, out=z2)
                if not int_acc:
                    correct += accuracy(Yb, z2) * m
                z2[rows, yb] -= 1.0
                mul(z2, scale, out=z2)
                d2 = z2
            else:
                a2 = A.softmax(z2)
                total += Lo._cce_value(a2, Yb, z2) * m
                d2 = Lo._cce_fused(z2, a2, Yb)
                if fold:
                    d2 *= lr
                if int_acc:
                    correct += int(np.count_nonzero(z2.argmax(axis=1) == yb))
                else:
                    correct += accuracy(Yb, a2) * m
            # backward (no gradient for the input layer)
            if use_out:
                d1 = self.dh[:m]
                mm(d2, W2.T, out=d1)
            else:
                d1 = d2 @ W2.T
            if mask_bwd:
                mul(d1, z1 > 0 if mask is None else mask, out=d1)
            else:
                d1 = A._relu_backward(z1, a1, d1)
            gb2, gb1 = d2.sum(axis=0), d1.sum(axis=0)
            if gemm:
                alpha = -1.0 if fold else -lr
                self.gemm(alpha, d2.T, a1.T, beta=1.0, c=W2.T, trans_b=True, overwrite_c=True)
                self.gemm(alpha, d1.T, xb.T, beta=1.0, c=W1.T, trans_b=True, overwrite_c=True)
                if not fold:
                    gb2 *= lr
                    gb1 *= lr
            else:
                if use_out:
                    gW2, gW1 = self.gW2, self.gW1
                    mm(a1.T, d2, out=gW2)
                    mm(xb.T, d1, out=gW1)
                else:
                    gW2 = a1.T @ d2
                    gW1 = xb.T @ d1
                if not fold:
                    for g in (gW1, gW2, gb1, gb2):
                        g *= lr
                sub(W2, gW2, out=W2)
                sub(W1, gW1, out=W1)
            sub(b2, gb2, out=b2)
            sub(b1, gb1, out=b1)
        self.last_loss = total / n
        self.correct = correct


def lean_case2(rounds: int, settle: float) -> None:
    """The tiny network of case 2, where per-call overhead is everything."""
    X, labels, Y, source = digits_train()
    sizes = [64, 32, 10]
    batches = -(-X.shape[0] // BATCH)
    nn_step, _, init = nnapp_epoch_stepper(sizes, X, Y, epochs=rounds + 2)
    lean = LeanMLP(init, X, Y)
    tc = TorchClassifier(sizes, init, X, labels)
    series = interleave({"nnapp Trainer": nn_step, "lean sketch": timed_call(lean.epoch),
                         "torch": timed_call(tc.epoch)}, rounds, warmup=2, settle=settle)
    print(f"\n=== profile 4: case 2 (64-32-10, {source}): nnapp vs the lean sketch vs torch ===")
    print(series_rows(series, "ms/epoch", 1e3))
    a, l, t = series.values()
    print(f"  per batch: nnapp {a.median / batches * 1e6:.0f} µs, lean {l.median / batches * 1e6:.0f} µs, "
          f"torch {t.median / batches * 1e6:.0f} µs; torch / lean {t.median / l.median:.2f}")


def sgemm_case1(rounds: int, settle: float) -> None:
    """The weight update fused into the gradient's GEMM (scipy's BLAS:
    W ← W − η·Aᵀδ in place), against the lean loop, every BLAS at one thread.

    Run last and on its own: scipy ships a second OpenBLAS with a pool of its
    own, and alternating it with numpy's two-thread pool batch by batch made
    epochs ~30× slower on this two-core machine.
    """
    from threadpoolctl import threadpool_limits

    try:
        import scipy.linalg.blas  # noqa: F401  (only: is it there?)
    except ImportError:
        print("\n(scipy not importable: no sgemm comparison)")
        return
    X, labels, Y = random_classification(4000, 784, 10)
    batches = -(-X.shape[0] // BATCH)
    _, _, init = nnapp_epoch_stepper([784, 128, 10], X, Y, epochs=1)
    with threadpool_limits(1, user_api="blas"):
        series = interleave({"lean, BLAS 1 thread": timed_call(LeanMLP(init, X, Y).epoch),
                             "lean + sgemm update, BLAS 1 thread": timed_call(LeanMLP(init, X, Y, update="sgemm").epoch),
                             "matmul floor, BLAS 1 thread": timed_call(MatmulFloor(X, init[0], init[1]).epoch)},
                            rounds, warmup=1, settle=settle)
    print("\n=== profile 5: weight update fused into the GEMM (scipy sgemm, β = 1), case 1, all BLAS 1 thread ===")
    print(series_rows(series, "ms/epoch", 1e3))
    l, g, f_ = series.values()
    print(f"  saving {(l.median - g.median) / batches * 1e6:.0f} µs/batch; sgemm variant / floor {g.median / f_.median:.2f}")


# --- main -------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="few rounds: a smoke check (< 1 minute)")
    ap.add_argument("--rounds", type=int, default=0,
                    help="timed rounds of cases 1 and 2 and of the profile (default 21; --quick 3)")
    ap.add_argument("--settle", type=float, default=0.05,
                    help="seconds of sleep before each timed item so idle worker threads stop spinning")
    ap.add_argument("--profile", action="store_true",
                    help="also show where one nnapp epoch of case 1 spends its time (about a minute more)")
    ap.add_argument("--sgemm", action="store_true",
                    help="also time the weight update fused into scipy's sgemm (run last, BLAS 1 thread)")
    ap.add_argument("--only", default="1234", help="which cases to run, e.g. 13 (0: none)")
    ap.add_argument("--wait", type=float, default=-1,
                    help="before each case, wait up to this many seconds for other processes to calm down "
                         "(default 30; --quick 5)")
    args = ap.parse_args(argv)

    torch.set_num_threads(TORCH_THREADS)
    rounds = args.rounds or (3 if args.quick else 21)
    if args.wait < 0:
        args.wait = 5.0 if args.quick else 30.0
    t_start = time.perf_counter()
    print("nnapp engine benchmark" + (" (--quick)" if args.quick else ""))
    for line in environment_lines():
        print("  " + line)
    print(f"  rounds: {rounds} (+ warm-up), interleaved in rotating order; "
          f"{args.settle:g} s of sleep before each timed item")
    print("  before: " + load_line())

    results: list[tuple[str, float, bool]] = []

    def run(fn, *fn_args) -> None:
        note = wait_for_quiet(args.wait)
        if note:
            print(f"\n  ({note})")
        with OtherLoad() as load:
            fn(*fn_args)
        print("  " + load.line())

    if "1" in args.only:
        run(case1, rounds, args.settle, results)
    if "2" in args.only:
        run(case2, rounds + (2 if args.quick else 6), args.settle, results)
    if "3" in args.only:
        if args.quick:
            run(case3, 3, args.settle, 500, 60, results)
        else:
            run(case3, 9, args.settle, 2500, 250, results)
    if "4" in args.only:
        if args.quick:
            run(case4, 1, args.settle, 0.1)
        else:
            run(case4, 3, args.settle, 1.0)
    if args.profile:
        run(profile_case1, rounds, args.settle)
    if args.sgemm:
        run(sgemm_case1, rounds, args.settle)

    print("\n=== summary ===")
    if results:
        print(format_table(
            ["target", "measured", "verdict"],
            [(name, f"{value:.2f}", verdict(ok)) for name, value, ok in results],
            "<>>",
        ))
    print("  after: " + load_line())
    print(f"total time {time.perf_counter() - t_start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
