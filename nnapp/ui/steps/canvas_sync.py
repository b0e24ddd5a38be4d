"""What the canvas shows while a student steps through a trace.

The neurons and connections the current step is about light up; the
neurons show only the activations computed so far (of the sample the step
is about); from backprop on, the δ of the neurons reached appear under
them and the ∂L/∂w of the connections reached beside their weights, and in
the update the new weights. Back and Reset take them away again. Nothing is
sent to the canvas that it already shows.
"""

from __future__ import annotations

from nnapp.model.stepping import Stepper


class CanvasSync:
    """Keeps a :class:`~nnapp.ui.canvas.scene.NetworkScene` showing a stepper's position."""

    def __init__(self, scene) -> None:
        self.scene = scene
        self.shown = False
        self._lit: tuple | None = None
        self._known: tuple | None = None
        self._marks: tuple | None = None

    def show(self, stepper: Stepper, generation: int) -> None:
        """The current step on the canvas (``generation`` changes with every new trace)."""
        if stepper.position is None:
            self.clear()
            return
        neurons, connections = stepper.lit()
        lit = (tuple(neurons), tuple(connections))
        if lit != self._lit:
            self.scene.highlight(neurons=neurons, connections=connections)
            self._lit = lit
        known = (tuple(stepper.steps.known_counts(stepper.position)), stepper.step_sample(), generation)
        if known != self._known:
            self.scene.show_partial_values(stepper.known_values())
            self._known = known
        marks = (stepper.marks_key(), generation)
        if marks != self._marks:
            self.scene.show_step_marks(stepper.canvas_marks())
            self._marks = marks
        self.shown = True

    def clear(self) -> None:
        """The canvas as usual: nothing lit, every value of the forward pass."""
        if self.shown:
            self.scene.highlight()
            self.scene.show_partial_values(None)
            self.scene.show_step_marks(None)
            self.shown = False
        self._lit = self._known = self._marks = None
