"""The step-through panel; it lives in the ``nnapp/ui/steps/`` package (see
its ``__init__``), and this module keeps ``from nnapp.ui.steps_panel import
StepsPanel`` working."""

from .steps.current_step import math_html  # noqa: F401
from .steps.export import step_text  # noqa: F401
from .steps.navigation import SHORTCUTS  # noqa: F401
from .steps.panel import StepsPanel  # noqa: F401
from .steps.sample_picker import TargetEdit  # noqa: F401
