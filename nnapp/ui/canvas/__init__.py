"""The network editor: a QGraphicsScene that mirrors a document and the view
that shows it (zoom, pan, legend)."""
