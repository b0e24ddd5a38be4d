"""Autosave in the window: an edit leaves a recovery copy within the delay;
saving, undoing back to the saved state and closing remove it; Off writes
nothing; a failing write is reported once; a copy restores as the changed
document it was; the restore question answers Restore / Discard / Later."""

import threading
import time
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QMessageBox

from nnapp.engine.examples import example_path
from nnapp.engine.serialize import loads
from nnapp.model.commands import SetWeight
from nnapp.model.document import Document
from nnapp.model.files import open_example
from nnapp.model.recovery import (
    Found,
    Owner,
    find_recoveries,
    new_window_id,
    read_header,
    recovery_file,
    recovery_text,
    snapshot,
    write_recovery,
)
from nnapp.ui import autosave as autosave_module
from nnapp.ui.app import act_on_recovery, offer_recovery
from nnapp.ui.autosave import DELAY_KEY, ENABLED_KEY, Autosave
from nnapp.ui.main_window import MainWindow
from nnapp.ui.recovery_dialog import RecoveryDialog


@pytest.fixture
def folder(tmp_path):
    return tmp_path / "recovery"


@pytest.fixture
def fast_settings(settings):
    settings.setValue(DELAY_KEY, 0.1)          # a copy 0.1 s after the last change
    return settings


def make_window(qtbot, settings, folder, example="gender"):
    w = MainWindow(settings, folder)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    w.show()
    qtbot.waitExposed(w)
    if example:
        assert w.files.open_example(example)
    return w


@pytest.fixture
def win(qtbot, fast_settings, folder):
    return make_window(qtbot, fast_settings, folder)


@pytest.fixture
def make_saver(qtbot, editor):
    """Autosaves of an editor holding the gender example, with no window
    (quick to make: the rules of when to write need no window); closed at
    the end like a window's."""
    made = []

    def make(folder, settings):
        saver = Autosave(editor, folder, settings, editor)
        made.append(saver)
        return saver

    yield make
    for saver in made:
        saver.close()
        qtbot.waitUntil(lambda: not saver.pending(), timeout=3000)


@pytest.fixture
def auto(make_saver, fast_settings, folder):
    return make_saver(folder, fast_settings)


def edited(saver, value):
    doc = saver.editor.doc
    assert saver.editor.push(SetWeight(doc.neuron_ids[0][0], doc.neuron_ids[1][0], value))


def edit(window, value=0.5):
    doc = window.doc
    assert window.editor.push(SetWeight(doc.neuron_ids[0][0], doc.neuron_ids[1][0], value))


def first_weight(doc):
    return doc.weight(doc.neuron_ids[0][0], doc.neuron_ids[1][0])


def copy_holds(path, value):
    """Whether the copy at ``path`` is complete and holds ``value`` as x1 → h1."""
    if not path.exists():
        return False
    info = read_header(path)
    head, body = path.read_bytes().split(b"\n", 1)
    W = loads(body.decode("utf-8")).network.links[0].W
    return info.modified and float(W[0, 0]) == value


def test_an_edit_leaves_a_copy_within_the_delay(qtbot, auto):
    path = auto.path
    assert not path.exists()
    edited(auto, 0.5)
    qtbot.waitUntil(lambda: copy_holds(path, 0.5), timeout=3000)
    info = read_header(path)
    assert info.document_path is None and info.pid > 0
    edited(auto, 0.75)                           # a later change replaces the copy
    qtbot.waitUntil(lambda: copy_holds(path, 0.75), timeout=3000)


def test_an_unchanged_document_has_no_copy(qtbot, auto):
    auto.write_now()
    assert not auto.pending()
    assert not auto.path.exists()


def test_saving_removes_the_copy_and_the_copy_knows_the_file(qtbot, win, tmp_path):
    target = tmp_path / "mine.nnapp"
    win.files.choose_save_path = lambda *a, **k: str(target)
    assert win.files.save()
    edit(win, 0.5)
    qtbot.waitUntil(lambda: copy_holds(win.autosave.path, 0.5), timeout=3000)
    assert read_header(win.autosave.path).document_path == str(target)
    assert win.files.save()
    assert not win.autosave.path.exists()
    assert not win.autosave.pending()


def test_undoing_back_to_the_saved_state_removes_the_copy(qtbot, auto):
    edited(auto, 0.5)
    qtbot.waitUntil(lambda: auto.path.exists(), timeout=3000)
    auto.editor.stack.undo()
    assert not auto.editor.is_modified()
    qtbot.waitUntil(lambda: not auto.pending(), timeout=3000)
    assert not auto.path.exists()


def test_closing_removes_the_copy_unless_cancelled(qtbot, win):
    edit(win, 0.5)
    qtbot.waitUntil(lambda: win.autosave.path.exists(), timeout=3000)
    win.files.ask_to_save = lambda: "cancel"
    assert not win.close()
    assert win.autosave.path.exists()             # cancelled: still open, still copied
    win.files.ask_to_save = lambda: "discard"
    edit(win, 0.25)
    win.autosave.write_now()                      # a write under way while the window closes
    path = win.autosave.path
    assert win.close()
    qtbot.waitUntil(lambda: not win.autosave._busy, timeout=3000)
    assert not path.exists()
    assert list(path.parent.iterdir()) == []


def test_off_writes_nothing(qtbot, make_saver, fast_settings, folder):
    fast_settings.setValue(ENABLED_KEY, False)
    saver = make_saver(folder, fast_settings)
    edited(saver, 0.5)
    assert not saver.pending()                    # no timer was started
    saver.write_now()
    assert not saver.pending()
    assert not folder.exists()


def test_without_a_folder_nothing_is_written(qtbot, make_saver, fast_settings):
    saver = make_saver(None, fast_settings)
    edited(saver, 0.5)
    assert saver.path is None and not saver.pending()


def test_the_menu_sets_the_delay_and_turns_autosave_off(qtbot, win):
    edit(win, 0.5)
    qtbot.waitUntil(lambda: win.autosave.path.exists(), timeout=3000)
    action = win.findChild(type(win.actions["autosave"]), "action_autosave")
    assert action is not None and action.text() == "Auto&save…"
    dialog = win.show_autosave_settings()
    dialog.delay_box.setValue(7)
    dialog.accept()
    assert win.autosave._debounce.interval() == 7000
    assert win.autosave._deadline.interval() == 60_000
    dialog = win.show_autosave_settings()
    assert dialog.enabled_box.isChecked() and dialog.delay_box.value() == 7
    dialog.enabled_box.setChecked(False)
    assert not dialog.delay_box.isEnabled()
    dialog.accept()
    assert win.settings.value(ENABLED_KEY) in (False, "false")
    assert not win.autosave.enabled
    assert not win.autosave.path.exists()
    edit(win, 0.25)
    assert not win.autosave.pending()


def test_changes_that_keep_coming_are_copied_within_the_longest_gap(qtbot, auto):
    # the delay restarts with every change; the deadline does not
    auto._debounce.setInterval(10_000)
    auto._deadline.setInterval(300)
    values = iter(k / 64 for k in range(1, 1000))
    typing = QTimer()
    typing.timeout.connect(lambda: edited(auto, next(values)))   # a person who keeps editing
    start = time.monotonic()
    typing.start(50)
    qtbot.waitUntil(auto.path.exists, timeout=3000)
    typing.stop()
    assert 0.25 < time.monotonic() - start < 2    # the deadline wrote it, not the 10 s delay


def test_a_failing_write_is_reported_once_and_the_window_goes_on(qtbot, win, tmp_path):
    blocker = tmp_path / "not_a_folder"
    blocker.write_text("a file where the folder should be")
    saver = win.autosave
    saver.path = blocker / "recovery" / saver.path.name
    with qtbot.waitSignal(saver.failed, timeout=3000) as failed:
        edit(win, 0.5)
    assert failed.args[0].startswith("Autosave failed:")
    assert "save it" in failed.args[0]
    assert win.statusBar().currentMessage() == failed.args[0]
    seen = []
    saver.failed.connect(seen.append)
    edit(win, 0.25)
    saver.write_now()
    qtbot.waitUntil(lambda: not saver.pending(), timeout=3000)
    assert seen == []                             # once, not at every write
    assert first_weight(win.doc) == 0.25          # the window goes on


def test_never_two_writes_of_one_window_at_once(qtbot, auto, monkeypatch):
    active, most = [0], [0]
    lock = threading.Lock()
    real = autosave_module.write_recovery

    def slow_write(**kwargs):
        with lock:
            active[0] += 1
            most[0] = max(most[0], active[0])
        try:
            time.sleep(0.05)                      # a slow disk (on the worker thread)
            return real(**kwargs)
        finally:
            with lock:
                active[0] -= 1

    monkeypatch.setattr(autosave_module, "write_recovery", slow_write)
    for k in range(1, 6):
        edited(auto, k / 8)
        auto.write_now()
    qtbot.waitUntil(lambda: not auto.pending() and copy_holds(auto.path, 5 / 8), timeout=5000)
    assert most[0] == 1


def left_copy(folder, value, path=None, title=""):
    """The copy a crashed nnapp left: the gender example with x1 → h1 = ``value``."""
    doc = Document()
    open_example(doc, "gender")
    doc.title = title
    doc.set_path(path)
    SetWeight(doc.neuron_ids[0][0], doc.neuron_ids[1][0], value).do(doc)
    nf, notes = snapshot(doc)
    gone = Owner(pid=999_999_999, started=1, host="here")
    return write_recovery(recovery_file(folder, new_window_id(), gone.pid), recovery_text(nf),
                          document_path=path, title=title, notes=notes, owner=gone)


def test_a_copy_restores_as_the_changed_document_it_was(qtbot, fast_settings, folder, tmp_path):
    target = tmp_path / "mine.nnapp"
    target.write_text(example_path("gender").read_text(encoding="utf-8"), encoding="utf-8")
    old = left_copy(folder, 0.5, str(target), "Alice and Bob")
    found = find_recoveries(folder)
    assert [r.file for r in found.offered] == [old]
    window = make_window(qtbot, fast_settings, folder, example=None)
    [restored] = act_on_recovery(window, found, "restore")
    assert restored is window
    assert first_weight(window.doc) == 0.5
    assert window.doc.path == str(target) and window.doc.title == "Alice and Bob"
    assert window.editor.is_modified() and window.isWindowModified()
    assert window.windowTitle().startswith("mine.nnapp")
    window.editor.stack.clear()                   # nothing to undo back to a clean state
    assert window.editor.is_modified()
    # the old copy goes once the new window has written its own
    qtbot.waitUntil(lambda: not old.exists() and window.autosave.path.exists(), timeout=3000)
    assert window.files.save()                    # to the document's own file
    assert loads(target.read_text(encoding="utf-8")).network.links[0].W[0, 0] == 0.5
    assert not window.autosave.path.exists()


def test_restore_opens_a_window_per_copy_and_keeps_a_busy_window(qtbot, folder, win):
    left_copy(folder, 0.5)
    left_copy(folder, 0.25)
    found = find_recoveries(folder)
    assert len(found.offered) == 2
    restored = act_on_recovery(win, found, "restore")   # win holds the gender example
    try:
        assert len(restored) == 2 and win not in restored
        assert sorted(first_weight(w.doc) for w in restored) == [0.25, 0.5]
        assert all(w.isVisible() and w.editor.is_modified() for w in restored)
        assert first_weight(win.doc) != 0.5
    finally:
        for w in restored:
            w.close()                              # they delete themselves on close


def test_a_damaged_copy_is_reported_and_kept(qtbot, folder, win):
    bad = left_copy(folder, 0.5)
    head, body = bad.read_bytes().split(b"\n", 1)
    bad.write_bytes(head + b"\n" + body.replace(b'"network"', b'"netwerk"'))
    found = find_recoveries(folder)
    before = first_weight(win.doc)
    assert act_on_recovery(win, found, "restore") == []
    box = win.findChild(QMessageBox, "error_dialog")
    assert box is not None and "could not be restored" in box.text() and str(bad) in box.text()
    assert bad.exists() and first_weight(win.doc) == before and not win.editor.is_modified()
    box.close()


def test_discard_deletes_the_copies_and_later_keeps_them(qtbot, folder, win):
    copy = left_copy(folder, 0.5)
    damaged = folder / "nnapp-999999999-dead.recovery"
    damaged.write_text("{")
    found = find_recoveries(folder)
    assert len(found.offered) == 1 and found.damaged == [damaged]
    assert act_on_recovery(win, found, "later") == []
    assert copy.exists() and damaged.exists()
    assert act_on_recovery(win, found, "discard") == []
    assert not copy.exists() and not damaged.exists()


def test_the_live_copy_of_a_running_window_is_not_offered(qtbot, win):
    edit(win, 0.5)
    qtbot.waitUntil(lambda: win.autosave.path.exists(), timeout=3000)
    another = SimpleNamespace(autosave=SimpleNamespace(folder=win.autosave.folder))
    assert offer_recovery(another) is None        # this process is alive: nothing to offer
    assert win.autosave.path.exists()


def test_the_question_lists_each_document_and_answers(qtbot, folder, tmp_path):
    left_copy(folder, 0.5, str(tmp_path / "lesson 3.nnapp"))
    found = find_recoveries(folder)
    found = Found(found.offered, [folder / "nnapp-1-x.recovery"], ["nnapp-1-x.recovery was skipped: damaged"])
    dialog = RecoveryDialog(found)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.list.count() == 1
    line = dialog.list.item(0).text()
    assert line.startswith("lesson 3.nnapp") and f"in {tmp_path}" in line and "copied today" in line
    assert "1 damaged copy" in dialog.findChild(QLabel, "recovery_damaged").text()
    for label in dialog.findChildren(QLabel):
        assert label.width() >= min(label.sizeHint().width(), label.minimumSizeHint().width())
    dialog.grab().save(str(tmp_path / "recovery_dialog.png"))
    assert dialog.restore_button.isDefault()
    qtbot.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    assert dialog.answer == "discard" and not dialog.isVisible()

    again = RecoveryDialog(found)
    qtbot.addWidget(again)
    again.show()
    again.reject()                                 # Escape or the close button: later
    assert again.answer == "later"


def test_asked_at_start_restore_puts_the_copy_in_the_empty_window(qtbot, fast_settings, folder):
    old = left_copy(folder, 0.5)
    stale = folder / f".{old.name}.0badc0de.tmp"        # a write killed half-way
    stale.write_text("{")
    window = make_window(qtbot, fast_settings, folder, example=None)
    dialog = offer_recovery(window)
    assert dialog is not None and dialog.isVisible() and dialog.list.count() == 1
    assert not stale.exists()
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: first_weight(window.doc) == 0.5 if window.doc.layers else False, timeout=3000)
    assert window.editor.is_modified()
    assert "unsaved copy" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not old.exists(), timeout=3000)


def test_nothing_to_offer_asks_nothing(qtbot, win):
    assert offer_recovery(win) is None
