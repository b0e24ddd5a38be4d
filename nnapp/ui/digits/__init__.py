"""Views for digit networks: the digit pad and the panels that show how a digit network reads pictures.

Each module is imported on its own (``from nnapp.ui.digits.pad_panel import DigitPanel``); this
package file imports nothing, so one view never loads another.
"""
