"""The printable forms of a trace's steps: plain text, a Markdown worksheet, LaTeX tables.

:func:`render_text` (a terminal listing), :func:`render_markdown` (a
printable worksheet for a class) and :func:`render_latex` (a LaTeX fragment
of the same tables) print each step from its record's fields (its symbols,
its numbers at the decimals asked for, its value, its note and whether it is
frozen); :func:`describe_trace` says what was traced. This is the top layer
of the steps: it reads records and never changes them.
"""

from __future__ import annotations

import re

from ..batch_trace import BatchTrace
from nnapp.text import counted, list_separator, tr, tr_in

from ..losses import get_loss
from ..trace import Trace
from .dispatch import build_steps
from .record import PHASE_TITLES, Step, fmt


def _show_note(step: Step, seen: set[str]) -> bool:
    """Whether a listing prints the step's note: explanations once, "frozen" always."""
    if not step.note:
        return False
    if step.frozen:
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
        return tr("Sample {number} of {n}: {label}").format(number=sample + 1, n=trace.n, label=trace.labels[sample])
    if phase == "loss":
        return (tr("The batch: the mean of the samples' losses") if trace.averaged
                else tr("The batch: the sum of the samples' losses"))
    if phase == "backward":
        return (tr("The batch: each gradient is the mean of the samples' gradients") if trace.averaged
                else tr("The batch: each gradient is the sum of the samples' gradients"))
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
            title = tr(PHASE_TITLES[phase])
            lines += [title, "─" * len(title)]
        if heading:
            if phase is None:
                lines.append("")
            lines.append(f"{heading}:")
        head = f"{s.index + 1:>{width}}. "
        pad = " " * len(head)
        value = s.result_at(decimals)
        if s.kind == "input":
            lines.append(tr("{head}{formula} = {value}   (input)").format(head=head, formula=s.formula, value=value))
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
    return [(what, f"{words}: {maths}" if words and maths else words or maths)
            for what, words, maths in _trace_facts(trace, decimals)]


def _trace_facts(trace: Trace, decimals: int | None) -> list[tuple[str, str, str]]:
    """The rows of :func:`describe_trace` as (what, words, maths): the value
    in words, in symbols, or both (the loss: its name, then its formula), so
    a renderer sets each part as it should without reading the text."""
    net = trace.network
    names = net.all_neuron_names()
    outs = names[-1]
    ys = ["y" if len(outs) == 1 else f"y_{n}" for n in outs]

    def values(symbols, row) -> str:
        return list_separator().join(f"{n} = {fmt(v, decimals)}" for n, v in zip(symbols, row))

    rows = [(tr("Network"), net.summary(), "")]
    if isinstance(trace, BatchTrace):
        samples = counted(trace.n, "sample", "samples", grouped=False)
        rows.append((tr("Mini-batch"),
                     (tr("{samples}; the batch's loss and gradients are the mean of the samples' own") if trace.averaged
                      else tr("{samples}; the batch's loss and gradients are the sum of the samples' own"))
                     .format(samples=samples), ""))
        for s, label in enumerate(trace.labels):
            rows.append((tr("Sample {number} ({label})").format(number=s + 1, label=label), "",
                         f"{values(names[0], trace.X[s])}; {values(ys, trace.Y[s])}"))
    else:
        rows.append((tr("Inputs"), "", values(names[0], trace.x)))
        if trace.y is not None:
            rows.append((tr("Target"), "", values(ys, trace.y)))
    if trace.y is not None:
        loss = get_loss(trace.loss)
        rows.append((tr("Loss"), f"{tr(loss.title)} ({loss.name})", loss.formula))
    if trace.after is not None:
        text = f"η = {fmt(trace.learning_rate, None)}"
        if trace.l2:
            text += tr(", L2 decay λ = {l2}").format(l2=fmt(trace.l2, None))
        rows.append((tr("Learning rate"), "", text))
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
            where = tr("bias of {neuron}").format(neuron=names[r.layer][r.j])
        rows.append((r.name, where, fmt(net.get(r), decimals), "" if net.is_trainable(r) else tr("frozen")))
    return rows


def render_markdown(
    trace: Trace,
    steps: list[Step] | None = None,
    decimals: int | None = 4,
    title: str | None = None,
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
    title : str or None
        The top heading (None: "One training step by hand").
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
    if title is None:
        title = tr("One training step by hand")
    out = [f"# {title}", ""]
    for what, value in describe_trace(trace, decimals):
        out.append(f"- **{what}:** {_md_cell(value)}")
    out.append("")
    out += ["## " + tr("Parameters before the step"), "",
            "| {} | {} | {} | |".format(tr_in("column", "parameter"), tr_in("column", "connection"),
                                             tr_in("column", "value")), "|---|---|---:|---|"]
    for name, where, value, frozen in _parameter_rows(trace, decimals):
        out.append(f"| {name} | {_md_cell(where)} | {value} | {frozen} |")
    out.append("")
    header = "| # | {} | {} | {} | {} |".format(tr("step"), tr("formula"), tr("numbers"), tr("result")) + (
        " {} |".format(tr("your answer")) if answer_column else "")
    rule = "|---:|---|---|---|---:|" + ("---|" if answer_column else "")
    number = 0
    seen: set[str] = set()
    for phase, heading, group, s in _groups(steps, trace):
        if phase is not None:
            number += 1
            out += ["", f"## {number}. {tr(PHASE_TITLES[phase])}"]
        if heading:
            out += ["", f"### {_md_cell(heading)}"]
        if group:
            out += ["", header, rule]
        numbers = "" if hide_results else _md_code(s.numbers_at(decimals))
        result = "" if hide_results else s.result_at(decimals)
        formula = s.formula if s.kind != "input" else tr("{formula} (input)").format(formula=s.formula)
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


_WORDS = re.compile(r"(?<![\\\w])([^\W\d_]{2,}(?: [^\W\d_]{2,})+|[А-Яа-яЁё]+(?: [А-Яа-яЁё]+)*)(?![\w{])")
_WORD_BEFORE_NUMBER = re.compile(r"\(([^\W\d_]{2,}) (?=[−\d-])")


def _latex_math(text: str) -> str:
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
    # words inside a formula ("… (12 more terms)", "+ 12 more terms (sum 0.5)", in any language)
    # in text mode: runs of two or more words, any Cyrillic word, and the word before a number in "("
    text = _WORDS.sub(lambda m: f"\\text{{ {m.group(1)} }}", text)
    text = _WORD_BEFORE_NUMBER.sub(lambda m: f"(\\text{{{m.group(1)} }}", text)
    # a decimal comma is not punctuation: 0,25 → 0{,}25
    text = re.sub(r"(?<=\d),(?=\d)", "{,}", text)
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
    title: str | None = None,
) -> str:
    """A LaTeX fragment (``\\section*`` and a ``tabular`` per phase) of the steps.

    Needs only standard LaTeX (amsmath for ``\\tfrac``); paste it into a
    document body.
    """
    if steps is None:
        steps = build_steps(trace, decimals=decimals)
    if title is None:
        title = tr("One training step by hand")
    out = [f"\\section*{{{_latex_text(title)}}}", "\\begin{itemize}"]
    for what, words, maths in _trace_facts(trace, decimals):
        text = ": ".join(([_latex_text(words)] if words else []) + ([f"${_latex_math(maths)}$"] if maths else []))
        out.append(f"  \\item \\textbf{{{_latex_text(what)}:}} {text}")
    out.append("\\end{itemize}")
    open_table = False
    for phase, heading, group, s in _groups(steps, trace):
        if group and open_table:
            out += ["\\end{tabular}", ""]
        if phase is not None:
            out.append(f"\\subsection*{{{tr(PHASE_TITLES[phase])}}}")
        if heading:
            out.append(f"\\subsubsection*{{{_latex_text(heading)}}}")
        if group:
            out += ["\\begin{tabular}{r l l r}",
                    "\\# & {} & {} & {} \\\\ \\hline".format(tr("formula"), tr("numbers"), tr("result"))]
            open_table = True
        numbers = s.numbers_at(decimals)
        numbers = f"${_latex_math(numbers)}$" if numbers else ""
        out.append(
            f"{s.index + 1} & ${_latex_math(s.formula)}$ & {numbers} & "
            f"${_latex_math(s.result_at(decimals))}$ \\\\"
        )
    if open_table:
        out.append("\\end{tabular}")
    return "\n".join(out) + "\n"


__all__ = ["describe_trace", "render_latex", "render_markdown", "render_text", "sample_heading"]
