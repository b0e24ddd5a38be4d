"""The editable document: network, layout, data, settings; events and undoable
commands; the file format. No Qt here (checked by import-linter)."""
