"""A training run away from the window's thread: the loop that drives a
trainer (pause, step, stop, new settings between batches), the process it
can run in, and the spare process kept ready for the next run. No Qt here:
the window's worker (``nnapp.ui.training.worker``) wraps them in signals."""
