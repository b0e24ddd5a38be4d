"""Copy the current step as text; export every step as a worksheet.

The worksheet is the command line's (``nnapp trace … --format markdown`` or
``latex``; for a mini-batch ``--rows``), with the panel's decimals and the
same title, so a file saved here and one printed there are the same.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QToolButton, QWidget

from nnapp.engine.steps import Step, render_latex, render_markdown
from nnapp.engine.worksheet import worksheet_title
from nnapp.model.stepping import Stepper
from nnapp.text import plural, tr


def step_text(step: Step, decimals: int) -> str:
    """One step as plain text, as Copy puts it on the clipboard::

        ∂L/∂w1 = x1 · δ_h1
               = (−2) · (−0.0107)
               = 0.0215
    """
    value = step.result_at(decimals)
    if step.kind == "input":
        return tr("{formula} = {value}   (input)").format(formula=step.formula, value=value)
    pad = " " * (len(step.label) + 1)              # below the "=" (or "←") after the label
    lines = [step.formula]
    numbers = step.numbers_at(decimals)
    if numbers and numbers != f"= {value}":
        lines.append(pad + numbers)
    lines.append(f"{pad}= {value}")
    if step.note:
        lines.append(f"({step.note})")
    return "\n".join(lines)


class StepsExport(QObject):
    """The Copy, Markdown… and LaTeX… buttons and what they do.

    Parameters
    ----------
    panel : StepsPanel
        For its stepper, decimals and document.

    Signals
    -------
    message(str)
        What was copied or written, for the status bar.
    failed(str)
        Why a file could not be written.
    """

    message = Signal(str)
    failed = Signal(str)

    def __init__(self, panel) -> None:
        super().__init__(panel)
        self.panel = panel
        self.copy_button = self._button("steps_copy", tr("Copy"), tr("Copy the current step (formula, numbers, result) as text"),
                                        self.copy_step)
        self.markdown_button = self._button(
            "steps_export_md", tr("Markdown…"),
            tr("Save every step as a printable worksheet in Markdown (as 'nnapp trace --format markdown')"),
            lambda: self.ask_export("markdown"))
        self.latex_button = self._button("steps_export_tex", tr("LaTeX…"),
                                         tr("Save every step as LaTeX tables (as 'nnapp trace --format latex')"),
                                         lambda: self.ask_export("latex"))

    def _button(self, name: str, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    @property
    def stepper(self) -> Stepper:
        return self.panel.stepper

    def enable(self) -> None:
        s = self.stepper
        self.copy_button.setEnabled(s.current is not None)
        self.markdown_button.setEnabled(s.trace is not None)
        self.latex_button.setEnabled(s.trace is not None)

    # --- copy -------------------------------------------------------------------------

    def step_text(self) -> str:
        step = self.stepper.current
        return "" if step is None else step_text(step, self.panel.decimals)

    def copy_step(self) -> None:
        """Put the current step on the clipboard as text."""
        text = self.step_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.message.emit(tr("Copied step {value}").format(value=self.stepper.position + 1))

    # --- export -----------------------------------------------------------------------

    def title(self) -> str:
        """The worksheet's title, as the command line writes it."""
        doc = self.panel.doc
        name = doc.title or (Path(doc.path).stem if doc.path else tr("Network"))
        s = self.stepper
        return worksheet_title(name, s.trace, "" if s.in_batch else s.current_sample().label)

    def export_text(self, kind: str) -> str:
        """Every step as a Markdown worksheet or a LaTeX fragment, with the
        panel's decimals (the command line's ``trace`` gives the same)."""
        self.panel.catch_up()
        t, steps = self.stepper.trace, self.stepper.steps
        if t is None:
            return ""
        d = self.panel.decimals
        if kind == "latex":
            return render_latex(t, steps, d, title=self.title())
        return render_markdown(t, steps, d, title=self.title())

    def export(self, kind: str, path: str) -> None:
        """Write :meth:`export_text` to ``path``."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            text = self.export_text(kind)
            Path(path).write_text(text, encoding="utf-8")
        except OSError as e:
            self.failed.emit(tr("Could not write {path}: {value}").format(path=path, value=e.strerror or e))
            return
        finally:
            QApplication.restoreOverrideCursor()
        n = len(self.stepper)
        self.message.emit(plural(n, "Wrote {n:,} step to {path}", "Wrote {n:,} steps to {path}").format(n=n, path=path))

    def ask_export(self, kind: str) -> None:
        if self.stepper.trace is None:
            return
        doc = self.panel.doc
        suffix, what = (".tex", tr("LaTeX (*.tex)")) if kind == "latex" else (".md", tr("Markdown (*.md)"))
        stem = Path(doc.path).stem if doc.path else (doc.title or "steps").replace(" ", "_")
        start = str(Path(doc.path).parent / f"{stem}-steps{suffix}") if doc.path else f"{stem}-steps{suffix}"
        parent = self.panel if isinstance(self.panel, QWidget) else None
        path, _ = QFileDialog.getSaveFileName(parent, tr("Export the steps"), start, what)
        if path:
            self.export(kind, path)
