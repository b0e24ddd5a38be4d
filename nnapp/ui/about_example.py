"""The "About this example" view: the network's title and description, the
first thing a student reads when an example opens.

The description is plain text from the file (paragraphs separated by blank
lines). Edit turns the text into a text box; Save pushes one undoable
:class:`~nnapp.model.describe.SetDescription`, Cancel drops the changes.
The view follows the document: it shows the text again when the document is
replaced and after every command (undo and redo included).
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from nnapp.model.describe import SetDescription

from .editor import Editor
from nnapp.text import marked, tr

EMPTY_TEXT = (marked("This network has no description yet. Press Edit to write what it is for and where "
              "to begin; it is saved with the file."))


def description_html(text: str) -> str:
    """Plain text as rich text: blank lines start paragraphs, single line
    breaks stay line breaks, everything else is escaped."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(p).replace(chr(10), '<br>')}</p>" for p in paragraphs)


class AboutExample(QWidget):
    """The document's title and description, and a way to edit the
    description (a refused edit is reported by the editor)."""

    def __init__(self, editor: Editor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.doc = editor.doc
        self.setObjectName("about_example")

        self.title = QLabel()
        self.title.setObjectName("about_title")
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)

        self.text = QTextBrowser()
        self.text.setObjectName("about_text")
        self.text.setOpenLinks(False)

        self.box = QPlainTextEdit()
        self.box.setObjectName("about_editor")
        self.box.setPlaceholderText(tr("What this network is for, its formula and numbers, where to click next"))
        self.box.hide()

        self.edit_button = QPushButton(tr("Edit"))
        self.edit_button.setObjectName("about_edit")
        self.edit_button.setToolTip(tr("Write or change this text (saved with the file; Undo takes it back)"))
        self.edit_button.clicked.connect(self.start_editing)
        self.save_button = QPushButton(tr("Save text"))
        self.save_button.setObjectName("about_save")
        self.save_button.setToolTip(tr("Keep the text as the network's description"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(tr("Cancel"))
        self.cancel_button.setObjectName("about_cancel")
        self.cancel_button.setToolTip(tr("Drop the changes to the text"))
        self.cancel_button.clicked.connect(self.cancel)

        buttons = QHBoxLayout()
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.box, 1)
        layout.addLayout(buttons)

        events = self.doc.events
        events.reset.connect(self._on_reset)
        events.description_changed.connect(self._on_description)
        self.destroyed.connect(lambda *_: (events.reset.disconnect(self._on_reset),
                                           events.description_changed.disconnect(self._on_description)))
        self._show_editing(False)
        self.refresh()

    # --- public ---------------------------------------------------------------------

    def is_editing(self) -> bool:
        return self.box.isVisibleTo(self)

    def start_editing(self) -> None:
        """The text in a box to change."""
        self.box.setPlainText(self.doc.description)
        self._show_editing(True)
        self.box.setFocus()

    def save(self) -> bool:
        """Make the box's text the description (one undoable edit); True
        when it was (or nothing changed)."""
        text = self.box.toPlainText().rstrip()
        if text != self.doc.description and not self.editor.push(SetDescription(text)):
            return False
        self._show_editing(False)
        self.refresh()
        return True

    def cancel(self) -> None:
        self._show_editing(False)
        self.refresh()

    def refresh(self) -> None:
        """Show the document's title and description."""
        doc = self.doc
        self.title.setText(doc.title or tr("About this network"))
        if doc.description.strip():
            self.text.setHtml(description_html(doc.description))
        else:
            self.text.setHtml(f"<p><i>{html.escape(tr(EMPTY_TEXT))}</i></p>")

    def plain_text(self) -> str:
        """What the view shows, as plain text."""
        return self.text.toPlainText()

    # --- inside -----------------------------------------------------------------------

    def _on_description(self, _text: str) -> None:
        self.refresh()

    def _on_reset(self) -> None:
        self._show_editing(False)
        self.refresh()

    def _show_editing(self, editing: bool) -> None:
        self.text.setVisible(not editing)
        self.box.setVisible(editing)
        self.edit_button.setVisible(not editing)
        self.save_button.setVisible(editing)
        self.cancel_button.setVisible(editing)
