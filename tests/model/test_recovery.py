"""Recovery files: written atomically, listed only when their process is gone,
read back as the document that was open (path, title, data, arrays)."""

import json
import os

import numpy as np
import pytest

from nnapp.engine.examples import example_path
from nnapp.engine.serialize import loads
from nnapp.model import recovery
from nnapp.model.commands import SetWeight
from nnapp.model.document import Document
from nnapp.model.files import install, load_into
from nnapp.model.recovery import (
    Owner,
    RecoveryDamaged,
    find_recoveries,
    read_header,
    read_recovery,
    recovery_file,
    recovery_text,
    remove_recovery,
    remove_stale_temp_files,
    snapshot,
    write_recovery,
)

DEAD = Owner(pid=999_999_999, started=1, host="here")


def nobody_alive(pid, started):
    return False


def gender_document(path=None):
    doc = Document()
    load_into(doc, loads(example_path("gender").read_text(encoding="utf-8")), path)
    return doc


def write_copy(folder, doc, window="w1", owner=DEAD, modified=True):
    nf, notes = snapshot(doc)
    target = recovery_file(folder, window, owner.pid)
    return write_recovery(target, recovery_text(nf), document_path=doc.path, title=doc.title,
                          modified=modified, notes=notes, owner=owner)


def test_a_copy_reads_back_as_the_edited_document_with_its_path_and_title(tmp_path):
    own = tmp_path / "mine.nnapp"
    doc = gender_document(str(own))
    doc.title = "Alice and Bob"
    src, dst = doc.neuron_ids[0][0], doc.neuron_ids[1][0]
    SetWeight(src, dst, 0.125).do(doc)
    written = write_copy(tmp_path / "rec", doc)

    found = find_recoveries(tmp_path / "rec", nobody_alive)
    assert [r.file for r in found.offered] == [written]
    info = found.offered[0]
    assert (info.document_path, info.title, info.modified) == (str(own), "Alice and Bob", True)
    assert info.display_name() == "mine.nnapp"

    again = Document()
    notes = install(again, read_recovery(info))
    assert notes == []
    assert again.path == str(own)
    assert again.title == "Alice and Bob"
    assert again.weight(again.neuron_ids[0][0], again.neuron_ids[1][0]) == 0.125
    assert again.state() == doc.state()
    assert again.data == doc.data


def test_an_untitled_document_is_offered_as_untitled(tmp_path):
    doc = gender_document()
    doc.title = ""
    write_copy(tmp_path, doc)
    info = find_recoveries(tmp_path, nobody_alive).offered[0]
    assert info.document_path is None
    assert info.display_name() == "Untitled"


def test_a_copy_of_a_running_process_is_not_offered(tmp_path):
    doc = gender_document()
    mine = Owner.current()
    write_copy(tmp_path, doc, "live", owner=mine)
    write_copy(tmp_path, doc, "gone", owner=DEAD)
    found = find_recoveries(tmp_path)          # the real check of processes
    assert [r.window for r in found.offered] == ["gone"]


def test_a_reused_process_id_does_not_hide_a_copy(tmp_path):
    # this process's own id, but a start time that is not this process's: the
    # writer was another process that had the same id before
    me = Owner.current()
    if me.started is None:
        pytest.skip("process start times are read from /proc (Linux)")
    write_copy(tmp_path, gender_document(), owner=Owner(os.getppid(), me.started + 12345, me.host))
    assert len(find_recoveries(tmp_path).offered) == 1


def test_a_half_written_copy_is_never_offered(tmp_path):
    # a writer killed mid-write leaves only its hidden temporary file
    doc = gender_document()
    text = recovery_text(snapshot(doc)[0])
    half = tmp_path / f".nnapp-{DEAD.pid}-w1.recovery.0badc0de.tmp"
    half.write_text(text[: len(text) // 2], encoding="utf-8")
    found = find_recoveries(tmp_path, nobody_alive)
    assert found.offered == [] and found.damaged == []
    assert remove_stale_temp_files(tmp_path, nobody_alive) == 1
    assert not half.exists()


def test_a_temporary_file_of_a_running_writer_is_kept(tmp_path):
    busy = tmp_path / f".nnapp-{os.getpid()}-w1.recovery.0badc0de.tmp"
    busy.write_text("{", encoding="utf-8")
    assert remove_stale_temp_files(tmp_path) == 0
    assert busy.exists()


def test_a_truncated_copy_is_skipped_with_a_note(tmp_path):
    good = write_copy(tmp_path, gender_document(), "good")
    bad = write_copy(tmp_path, gender_document(), "bad")
    raw = bad.read_bytes()
    bad.write_bytes(raw[: len(raw) - 40])        # the end of the document is lost
    found = find_recoveries(tmp_path, nobody_alive)
    assert [r.file for r in found.offered] == [good]
    assert found.damaged == [bad]
    assert len(found.notes) == 1 and bad.name in found.notes[0] and "bytes of document" in found.notes[0]


@pytest.mark.parametrize("content", [b"", b"no header at all", b'{"kind": "something else"}\n{}',
                                     b'{"kind": "nnapp-recovery", "version": 1}\n', b"\xff\xfe\n"])
def test_files_that_are_not_recovery_files_are_skipped_with_a_note(tmp_path, content):
    (tmp_path / f"nnapp-{DEAD.pid}-x.recovery").write_bytes(content)
    found = find_recoveries(tmp_path, nobody_alive)
    assert found.offered == []
    assert len(found.notes) == 1 and "was skipped" in found.notes[0]


def test_a_copy_whose_document_is_damaged_says_why_when_read(tmp_path):
    doc = gender_document()
    target = recovery_file(tmp_path, "w1", DEAD.pid)
    write_recovery(target, '{"format_version": 1, "network": 3}\n', document_path=None, title="", owner=DEAD)
    info = read_header(target)
    with pytest.raises(RecoveryDamaged, match="network"):
        read_recovery(info)
    assert doc.network() is not None


def test_writing_again_replaces_the_copy_and_leaves_no_temporary_file(tmp_path):
    doc = gender_document()
    write_copy(tmp_path, doc)
    doc.title = "second"
    write_copy(tmp_path, doc)
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"nnapp-{DEAD.pid}-w1.recovery"]
    assert find_recoveries(tmp_path, nobody_alive).offered[0].title == "second"


def test_a_failed_write_keeps_the_previous_copy(tmp_path):
    doc = gender_document()
    target = write_copy(tmp_path, doc)
    before = target.read_bytes()
    with pytest.raises(UnicodeEncodeError):
        write_recovery(target, "\ud800", document_path=None, title="", owner=DEAD)
    assert target.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_folder_that_cannot_be_written_raises_oserror(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    with pytest.raises(OSError):
        write_recovery(recovery_file(blocker / "rec", "w1"), "{}", document_path=None, title="")


def test_removing_is_quiet_when_already_gone(tmp_path):
    target = write_copy(tmp_path, gender_document())
    remove_recovery(target)
    remove_recovery(target)
    assert not target.exists()


def test_the_header_is_one_json_line_that_gives_the_document_length(tmp_path):
    target = write_copy(tmp_path, gender_document())
    head, body = target.read_bytes().split(b"\n", 1)
    header = json.loads(head)
    assert header["kind"] == "nnapp-recovery" and header["pid"] == DEAD.pid
    assert header["length"] == len(body)
    assert loads(body.decode("utf-8")).network.n_inputs == 2


def test_data_that_no_longer_fits_is_left_out_with_a_note(tmp_path):
    doc = gender_document()
    doc.data = {"inputs": [[1.0, 2.0, 3.0]], "targets": [[1.0]]}   # three columns, two inputs
    nf, notes = snapshot(doc)
    assert nf.data is None and len(notes) == 1 and "data" in notes[0]
    assert doc.data == {"inputs": [[1.0, 2.0, 3.0]], "targets": [[1.0]]}
    write_copy(tmp_path, doc)
    info = find_recoveries(tmp_path, nobody_alive).offered[0]
    again = Document()
    assert install(again, read_recovery(info)) == notes


def test_a_document_without_a_network_has_no_copy():
    doc = Document()
    assert snapshot(doc) is None


def test_the_snapshot_does_not_share_arrays_with_the_document():
    doc = gender_document()
    nf, _ = snapshot(doc)
    before = nf.network.links[0].W.copy()
    doc.links[0].W[...] = 7.0
    assert np.array_equal(nf.network.links[0].W, before)


def test_newest_copy_comes_first(tmp_path, monkeypatch):
    doc = gender_document()
    clock = iter([100.0, 300.0, 200.0])
    monkeypatch.setattr(recovery.time, "time", lambda: next(clock))
    for window in ("a", "b", "c"):
        write_copy(tmp_path, doc, window)
    assert [r.window for r in find_recoveries(tmp_path, nobody_alive).offered] == ["b", "c", "a"]


def test_window_ids_are_checked():
    with pytest.raises(ValueError):
        recovery_file("/tmp", "../x")
