"""The pages of the inspector: one per kind of selection.

Each page is a form built for one selection (nothing, a neuron, a connection,
a layer, several things). :meth:`Page.refresh` shows the document's current
values again and :meth:`Page.refresh_outputs` the values of the forward pass
(z and a); the :class:`~nnapp.ui.inspector.Inspector` calls them when the
document says something changed. Pages change the document only through
:meth:`Page.push`, which goes to the editor.

The pages are modules of their own, one per kind of selection
(``inspector_summary``: nothing or several things; ``inspector_neuron``,
``inspector_connection``, ``inspector_layer``), built on :class:`Page`
(``inspector_page``); this module gathers them for the inspector. It holds
no page itself.
"""

from __future__ import annotations

from .inspector_connection import ConnectionPage
from .inspector_layer import LayerPage
from .inspector_neuron import NeuronPage, WeightDelegate
from .inspector_page import Page
from .inspector_summary import ManyPage, SummaryPage, summary_text

__all__ = ["ConnectionPage", "LayerPage", "ManyPage", "NeuronPage", "Page", "SummaryPage", "WeightDelegate",
           "summary_text"]
