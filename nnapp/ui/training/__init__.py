"""Training in the window: the worker thread, the controller that ties it to
the document, and the panel of settings and buttons."""
