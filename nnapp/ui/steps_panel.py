"""The step-through panel; it lives in the ``nnapp/ui/steps/`` package (see
its ``__init__``), and this module keeps ``from nnapp.ui.steps_panel import
StepsPanel`` working."""

from .steps.current_step import math_html
from .steps.export import step_text
from .steps.navigation import SHORTCUTS
from .steps.panel import StepsPanel
from .steps.sample_picker import TargetEdit

__all__ = ["SHORTCUTS", "StepsPanel", "TargetEdit", "math_html", "step_text"]
