"""The list of steps of the step-through panel; it lives in ``nnapp/ui/steps/table.py``."""

from .steps.table import (
    COLUMNS,
    FORMULA,
    FUTURE,
    NUMBER,
    NUMBERS,
    NUMERIC,
    PHASE_COLORS,
    RESULT,
    SAMPLE,
    StepsTable,
    StepsTableModel,
    result_text,
)

__all__ = ["COLUMNS", "FORMULA", "FUTURE", "NUMBER", "NUMBERS", "NUMERIC", "PHASE_COLORS", "RESULT", "SAMPLE",
           "StepsTable", "StepsTableModel", "result_text"]
