"""Export a network as one readable Python file that needs only numpy.

:func:`numpy_source` writes the file's text: the weights as literals (each
float's ``repr``, so the values are exact, in the network's dtype), a
``predict(x)`` that runs the forward pass layer by layer with the app's
names (``a_x``, ``z_h``, ``a_h``, ``W_x_h``, ``b_h``; comments give the
layer and the step panel's formula), and a ``__main__`` block reading
``--input 2,3`` (semicolons separate samples). The maths is
``propagation.forward``'s, call for call, so the outputs agree to the last
bit or nearly: z = Σ over incoming links a_src @ W + b (skip links in the
order of their source layer; a masked link's W is multiplied by its mask,
whose absent connections already hold 0), a = f(z).

:func:`write_numpy_export` writes the file; for a network with more than
:data:`LITERAL_LIMIT` parameters the arrays go to a sidecar ``.npz`` next to
it (``np.savez``, read back with ``allow_pickle=False``) instead of literals.

The generated file is code: its comments and messages are English and
symbols, like the formulas of the step panel. This module writes no other
format and knows nothing of the command line.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import numpy as np

from .activations import ACTIVATIONS, LEAKY_SLOPE, sigmoid_limit
from .network import Network, neuron_prefix

LITERAL_LIMIT = 10_000
"""Networks with more parameters than this keep their arrays in a ``.npz``."""

_WIDTH = 100
_SHOWN_TERMS = 4


def _tag(k: int, n_layers: int) -> str:
    """The layer's short name in variable names: x, h (h1, h2 … when there are
    several hidden layers), o."""
    return neuron_prefix(k, n_layers).rstrip("_")


def _neurons(n: int) -> str:
    return f"{n} neuron" if n == 1 else f"{n} neurons"


def _names(net: Network) -> dict[str, np.ndarray]:
    """Every array the forward pass needs, under its variable name, in order."""
    L = len(net.layers)
    arrays: dict[str, np.ndarray] = {}
    for d in range(1, L):
        for li, s in net.incoming(d):
            link = net.links[li]
            arrays[f"W_{_tag(s, L)}_{_tag(d, L)}"] = link.W
            if link.mask is not None:
                arrays[f"mask_{_tag(s, L)}_{_tag(d, L)}"] = link.mask
        arrays[f"b_{_tag(d, L)}"] = net.layers[d].bias
    return arrays


def numpy_arrays(net: Network) -> dict[str, np.ndarray]:
    """The arrays of the export by variable name (what the ``.npz`` holds)."""
    return {k: np.array(v, dtype=v.dtype) for k, v in _names(net).items()}


def _literal(values: np.ndarray, indent: int) -> str:
    """A nested list literal of ``values`` (1-D or 2-D), each float its exact repr."""
    pad = " " * indent

    def row(r) -> str:
        items = [repr(bool(v)) if values.dtype == bool else repr(float(v)) for v in r]
        lines = textwrap.wrap(", ".join(items), _WIDTH - indent - 1, break_long_words=False,
                              break_on_hyphens=False)
        return ("\n" + pad + " ").join(lines)

    if values.ndim == 1:
        return "[" + row(values) + "]"
    return "[\n" + "".join(pad + "[" + row(r) + "],\n" for r in values) + "]"


def _sum_formula(net: Network, d: int) -> str:
    """The step panel's sum of the first neuron of layer ``d``: z_h1 = w1·x1 + … + b1."""
    names = net.all_neuron_names()
    ends = net.link_ends()
    w_before = sum(link.n_connections() for link, (_, dst) in zip(net.links, ends) if dst < d)
    terms = []
    for li, s in net.incoming(d):
        for i in np.flatnonzero(net.links[li].connected()[:, 0]):
            terms.append(f"w{w_before + len(terms) + 1}·{names[s][i]}")
    if len(terms) > _SHOWN_TERMS:
        terms = terms[:_SHOWN_TERMS - 1] + ["…", terms[-1]]
    b = 1 + sum(layer.size for layer in net.layers[1:d])
    name = names[d][0]
    return f"z_{name} = " + " + ".join(terms + [f"b{b}"])


def _activation_lines(act_name: str, z: str, a: str, dtype) -> list[str]:
    if act_name == "identity":
        return [f"{a} = {z}"]
    if act_name == "sigmoid":
        limit = sigmoid_limit(dtype)
        return [f"{a} = 1.0 / (1.0 + np.exp(-np.clip({z}, {-limit!r}, {limit!r})))"
                f"  # z clipped to ±{limit:g} so e^(−z) never overflows"]
    if act_name == "tanh":
        return [f"{a} = np.tanh({z})"]
    if act_name == "relu":
        return [f"{a} = np.maximum({z}, 0.0)"]
    if act_name == "leaky_relu":
        return [f"{a} = np.fmax({z}, LEAKY_SLOPE * {z})  # z where z > 0, LEAKY_SLOPE·z elsewhere"]
    if act_name == "softmax":
        return [f"e = np.exp({z} - {z}.max(axis=1, keepdims=True))  # shifted by the row maximum: no overflow",
                f"{a} = e / e.sum(axis=1, keepdims=True)"]
    if act_name == "step":
        return [f"{a} = ({z} >= 0).astype(DTYPE)"]
    raise ValueError(f"the numpy export does not know the activation {act_name!r}")


def _activation_step(net: Network, d: int) -> str:
    """The step panel's activation formula of the first neuron of layer ``d``."""
    act = ACTIVATIONS[net.layers[d].activation]
    names = net.neuron_names(d)
    name = names[0]
    if act.name == "identity":
        return f"{name} = z_{name}"
    if act.name == "softmax":
        shown = [f"e^(z_{n})" for n in names]
        if len(shown) > _SHOWN_TERMS:
            shown = shown[:_SHOWN_TERMS - 1] + ["…", shown[-1]]
        return f"{name} = e^(z_{name}) / ({' + '.join(shown)}); {act.formula}"
    return f"{name} = {act.shown_as}(z_{name}); {act.formula}"


def numpy_source(net: Network, *, npz_name: str | None = None) -> str:
    """The text of a self-contained Python file computing ``net``'s outputs.

    Parameters
    ----------
    net : Network
    npz_name : str or None
        None: the arrays are written as literals. Otherwise the file name
        (no folder) of the ``.npz`` beside the ``.py`` that holds them.

    Returns
    -------
    str
        Python source; it imports only ``argparse``, ``pathlib`` and numpy.
    """
    net.validate()
    for layer in net.layers[1:]:
        _activation_lines(layer.activation, "z", "a", net.dtype)   # refuse an unknown activation early
    L = len(net.layers)
    dtype_name = np.dtype(net.dtype).name
    arrays = _names(net)
    out: list[str] = []
    w = out.append
    w('"""A neural network exported from nnapp as plain numpy.')
    w("")
    w(f"Network: {net.summary()}; numbers in {dtype_name}.")
    w("Layers: " + ", ".join(f"{_tag(k, L)} = {net.layer_title(k)} ({layer.size})"
                             for k, layer in enumerate(net.layers)) + ".")
    w("")
    w("Use it from Python: predict(x) takes an array of shape (n_samples, n_inputs)")
    w("and returns the outputs, shape (n_samples, n_outputs). From a shell:")
    w("")
    if net.n_inputs <= 8:
        w(f"    python this_file.py --input {','.join(['1'] * net.n_inputs)}")
        w("")
        w("(semicolons separate samples; quote them in a shell). Only numpy is needed.")
    else:
        w(f"    python this_file.py --input x1,x2,…,x{net.n_inputs}")
        w("")
        w(f"({net.n_inputs} numbers a sample; semicolons separate samples, quoted in a shell).")
        w("Only numpy is needed.")
    w('"""')
    w("")
    w("import argparse")
    if npz_name is not None:
        w("from pathlib import Path")
    w("")
    w("import numpy as np")
    w("")
    w(f"DTYPE = np.{dtype_name}")
    w(f"N_INPUTS = {net.n_inputs}")
    w(f"N_OUTPUTS = {net.n_outputs}")
    if any(layer.activation == "leaky_relu" for layer in net.layers[1:]):
        w(f"LEAKY_SLOPE = {LEAKY_SLOPE!r}")
    w("")
    w("# --- the parameters ------------------------------------------------------------")
    w("# W_s_d[i, j] is the weight from neuron i of layer s to neuron j of layer d;")
    w("# mask_s_d says which connections exist (an absent one holds W = 0);")
    w("# b_d[j] is the bias of neuron j of layer d.")
    if npz_name is not None:
        w(f"# The arrays are in {npz_name}, beside this file.")
        w(f"with np.load(Path(__file__).with_name({npz_name!r}), allow_pickle=False) as _npz:")
        w("    _ARRAYS = {name: _npz[name] for name in _npz.files}")
    for d in range(1, L):
        layer = net.layers[d]
        w("")
        w(f"# layer {d}: {net.layer_title(d)} ({_neurons(layer.size)}, {layer.activation})")
        for li, s in net.incoming(d):
            link = net.links[li]
            var = f"W_{_tag(s, L)}_{_tag(d, L)}"
            note = f"# link {net.layer_title(s)} → {net.layer_title(d)}, shape {link.W.shape}"
            if link.mask is not None:
                note += f", {link.n_connections()} of {link.W.size} connections"
            if link.trainable is not None and not link.trainable.all():
                frozen = int(np.count_nonzero(link.connected() & ~link.trainable))
                note += f", {frozen} frozen in nnapp (the same in the forward pass)"
            w(note)
            for key in (var, f"mask_{_tag(s, L)}_{_tag(d, L)}"):
                if key not in arrays:
                    continue
                if npz_name is not None:
                    w(f"{key} = _ARRAYS[{key!r}]")
                elif key.startswith("mask"):
                    w(f"{key} = np.array({_literal(arrays[key], 4)}, dtype=bool)")
                else:
                    w(f"{key} = np.array({_literal(arrays[key], 4)}, dtype=DTYPE)")
        bvar = f"b_{_tag(d, L)}"
        if layer.bias_trainable is not None and not layer.bias_trainable.all():
            w(f"# {int(np.count_nonzero(~layer.bias_trainable))} of the biases frozen in nnapp")
        if npz_name is not None:
            w(f"{bvar} = _ARRAYS[{bvar!r}]")
        else:
            w(f"{bvar} = np.array({_literal(arrays[bvar], 4)}, dtype=DTYPE)")
    w("")
    w("")
    w("def predict(x):")
    w('    """The outputs for inputs ``x``, shape (n_samples, N_INPUTS) or (N_INPUTS,);')
    w('    returns shape (n_samples, N_OUTPUTS)."""')
    x = f"a_{_tag(0, L)}"
    w(f"    {x} = np.asarray(x, dtype=DTYPE)")
    w(f"    if {x}.ndim == 1:")
    w(f"        {x} = {x}[None, :]")
    w(f"    if {x}.ndim != 2 or {x}.shape[1] != N_INPUTS:")
    w(f'        raise ValueError(f"expected {{N_INPUTS}} inputs per sample, got shape {{{x}.shape}}")')
    for d in range(1, L):
        layer = net.layers[d]
        t = _tag(d, L)
        w("")
        w(f"    # layer {d}: {net.layer_title(d)}, {_neurons(layer.size)}")
        terms = []
        for li, s in net.incoming(d):
            src = _tag(s, L)
            weights = f"W_{src}_{t}"
            if net.links[li].mask is not None:
                weights = f"({weights} * mask_{src}_{t})"
            terms.append(f"a_{src} @ {weights}")
        shown = " + ".join(terms) if terms else "0"
        w(f"    # z_{t} = {shown} + b_{t}, the weighted sums (step panel: {_sum_formula(net, d)})")
        if terms:
            w(f"    z_{t} = {' + '.join(terms)} + b_{t}")
        else:
            w(f"    z_{t} = np.zeros((a_{_tag(0, L)}.shape[0], {layer.size}), dtype=DTYPE) + b_{t}")
        w(f"    # a_{t} = {ACTIVATIONS[layer.activation].shown_as}(z_{t}), the outputs "
          f"(step panel: {_activation_step(net, d)})")
        for line in _activation_lines(layer.activation, f"z_{t}", f"a_{t}", net.dtype):
            w("    " + line)
    w(f"    return a_{_tag(L - 1, L)}")
    w("")
    w("")
    w("def _samples(text):")
    w('    """"2,3" → [[2, 3]]; "2,3;1,0" → [[2, 3], [1, 0]] ("−" is read as a minus sign)."""')
    w("    rows = []")
    w('    for part in text.replace("\\u2212", "-").split(";"):')
    w('        values = [float(v) for v in part.replace(",", " ").split()]')
    w("        if len(values) != N_INPUTS:")
    w('            raise argparse.ArgumentTypeError(f"each sample needs {N_INPUTS} numbers: {part.strip()!r}")')
    w("        rows.append(values)")
    w("    return np.array(rows, dtype=DTYPE)")
    w("")
    w("")
    w('if __name__ == "__main__":')
    w("    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])")
    w('    parser.add_argument("--input", required=True, type=_samples, metavar="X",')
    w('                        help="the inputs, e.g. 2,3; semicolons separate samples: \'2,3;1,0\'")')
    w("    args = parser.parse_args()")
    w("    for row in predict(args.input):")
    w('        print(" ".join(repr(float(v)) for v in row))')
    return "\n".join(out) + "\n"


def write_numpy_export(net: Network, path, *, literal_limit: int = LITERAL_LIMIT) -> list[Path]:
    """Write ``net`` as a numpy-only Python file at ``path``; return the paths written.

    With more than ``literal_limit`` parameters the arrays go to
    ``path`` with the suffix ``.npz`` (the ``.py`` loads them from beside
    itself), so the list has two paths; otherwise one.
    """
    path = Path(path)
    written: list[Path] = []
    npz_name = None
    if net.n_parameters() > literal_limit:
        npz = path.with_suffix(".npz")
        if npz == path:
            npz = path.with_name(path.name + ".npz")
        npz_name = npz.name
        with open(npz, "wb") as f:     # a file object: np.savez adds no second suffix
            np.savez(f, **numpy_arrays(net))
        written.append(npz)
    text = numpy_source(net, npz_name=npz_name)
    path.write_text(text, encoding="utf-8")
    return [path] + written
