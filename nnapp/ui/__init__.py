"""The Qt window of nnapp (PySide6, pyqtgraph). Only this layer imports Qt."""
