"""Opening what a lesson or a task asks for, and checking a lesson against its documents.

:func:`open_lesson` puts a lesson's :class:`~.lesson_file.OpenSpec` into a
document: the example (read and prepared apart, then installed in one
step, so a spec that does not fit leaves the document as it was), then
the data, the parameters by name and the input, through the document's
commands. :func:`lesson_commands` gives the same changes of an open
document as one undoable :class:`~nnapp.model.commands.Macro` (for a task
that sets parameters without opening an example). The window does the
rest of a spec itself: the target (``Stepper.set_target``), the dock, the
descent controls.

:func:`lesson_problems` opens every document a lesson's tasks work on and
lists the names its checks, selections and parameters use that are not
there: a teacher's typo shows when the lesson is loaded, not when a
student is stuck.
"""

from __future__ import annotations

from nnapp.text import tr

from .. import commands as C
from ..data import SetData
from ..document import Document
from ..errors import ShapeMismatch, UnknownItem
from ..files import open_example
from .checks import name_problems
from .lesson_file import Lesson, OpenSpec
from .network_checks import neuron_id


def _parameter_commands(doc: Document, spec: OpenSpec) -> list[C.Command]:
    """The SetWeight and SetBias commands of ``spec.parameters``; every name is
    looked up first, so an unknown one raises before anything changes."""
    if not spec.parameters:
        return []
    net = doc.network()
    refs = {} if net is None else {ref.name: ref for ref in net.parameters()}
    commands: list[C.Command] = []
    for name, value in spec.parameters:
        ref = refs.get(name)
        if ref is None:
            raise UnknownItem(tr("this network has no parameter called {name}").format(name=name))
        dst = doc.neuron_ids[ref.layer][ref.j]
        if ref.kind == "w":
            commands.append(C.SetWeight(doc.neuron_ids[ref.src_layer][ref.i], dst, value))
        else:
            commands.append(C.SetBias(dst, value))
    return commands


def lesson_commands(doc: Document, spec: OpenSpec) -> C.Macro | None:
    """The data and parameters of ``spec`` as one undoable edit of ``doc`` (not
    done yet); None when it changes neither. The example and the input are
    not in it (see :func:`open_lesson`).

    Raises
    ------
    UnknownItem
        A parameter the network does not have.
    """
    commands: list[C.Command] = []
    if spec.data is not None:
        commands.append(SetData({"dataset": spec.data}))
    commands += _parameter_commands(doc, spec)
    return C.Macro(tr("Set up the lesson"), commands) if commands else None


def prepare(doc: Document, spec: OpenSpec) -> None:
    """Give an open document the data, parameters and input of ``spec``.

    Raises
    ------
    EditError
        (UnknownItem, ShapeMismatch, ValueRefused) A parameter the network
        does not have, data that does not fit it, or an input of the wrong
        length; the document is as it was.
    """
    if spec.input is not None and len(spec.input) != len(doc.input):
        raise ShapeMismatch(tr("the lesson gives {n} input values; the network has {size} inputs")
                            .format(n=len(spec.input), size=len(doc.input)))
    macro = lesson_commands(doc, spec)
    if macro is not None:
        macro.do(doc)
    if spec.input is not None:
        doc.set_input(spec.input)


def open_lesson(doc: Document, spec: OpenSpec) -> list[str]:
    """Open what ``spec`` asks for in ``doc``: its example (when it names one),
    then its data, parameters and input.

    The example is read and prepared in a document of its own and put into
    ``doc`` in one step (``doc`` emits ``reset``); a spec that does not fit
    its example raises and leaves ``doc`` as it was. Without an example the
    spec is applied to ``doc`` as it is.

    Returns
    -------
    list of str
        Notes from opening the example (see :func:`~nnapp.model.files.open_document`).

    Raises
    ------
    ExampleError, FileFormatError
        The example does not exist or cannot be read.
    EditError
        The spec does not fit the network.
    """
    if spec.example is None:
        prepare(doc, spec)
        return []
    staged = Document()
    notes = open_example(staged, spec.example)
    prepare(staged, spec)
    doc.replace(staged.network(), staged.layout, staged.neuron_ids, training=staged.training,
                data=staged.data_source, title=staged.title, description=staged.description, extra=staged.extra,
                input_values=staged.input.tolist(), path=None)
    return notes


def lesson_problems(lesson: Lesson) -> list[str]:
    """What in ``lesson`` does not fit the documents it opens, one sentence each.

    Each task is checked on the document it begins with: its own example,
    or the lesson's (prepared as the lesson says). Tasks of a lesson that
    opens no example are not checked (they work on any document).
    """
    problems: list[str] = []
    opened: dict[int, Document | None] = {}

    def opened_for(spec: OpenSpec) -> Document | None:
        if id(spec) not in opened:
            doc: Document | None = Document()
            try:
                open_lesson(doc, spec)
            except Exception as e:  # noqa: BLE001 - a spec that does not fit its example: say why
                problems.append(tr("{example} cannot be opened as the lesson says: {problem}")
                                .format(example=spec.example, problem=e))
                doc = None
            opened[id(spec)] = doc
        return opened[id(spec)]

    if lesson.open.example is not None:
        opened_for(lesson.open)
    for task in lesson.tasks:
        own = task.open is not None and task.open.example is not None
        spec = task.open if own else lesson.open
        if spec.example is None:
            continue
        doc = opened_for(spec)
        if doc is None:
            continue
        if task.open is not None and not own:
            try:
                lesson_commands(doc, task.open)
            except Exception as e:  # noqa: BLE001 - a parameter the network does not have
                problems.append(tr("task {task}: {problem}").format(task=task.id, problem=e))
        for problem in name_problems(task.check, doc):
            problems.append(tr("task {task}: {problem}").format(task=task.id, problem=problem))
        if task.select is not None and neuron_id(doc, task.select) is None and not _is_parameter(doc, task.select):
            problems.append(tr("task {task}: {name} is not in this network").format(task=task.id, name=task.select))
    return problems


def _is_parameter(doc: Document, name: str) -> bool:
    net = doc.network()
    return net is not None and any(ref.name == name for ref in net.parameters())


__all__ = ["lesson_commands", "lesson_problems", "open_lesson", "prepare"]
