"""nnapp: a desktop lab for seeing how a neural network computes and learns."""

__version__ = "0.1.0"
