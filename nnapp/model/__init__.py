"""The editable document: network, layout, data, settings; events and undoable
commands; the file format with the layout. No Qt here (checked by
import-linter).

- ``document.py``: :class:`Document`, what a window shows and a file holds;
- ``commands.py``: every edit as an undoable command;
- ``history.py``: an undo stack for code without Qt;
- ``layout.py``: columns and neuron heights;
- ``files.py``: open and save documents;
- ``data_source.py``: the data a document names, as typed values
  (``data_checks.py`` checks a file's ``"data"`` section);
- ``data.py``: reading it, through one cache, and
  :class:`~nnapp.model.data.SetData` to choose it; ``normalisation.py``:
  how its inputs are rescaled;
- ``events.py``, ``errors.py``: what views subscribe to, what edits raise.
"""
