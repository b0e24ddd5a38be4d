"""What a person reads, on its way out of the program.

Every layer (engine, model, command line, window) builds its messages in
lower case, so they can be joined into longer sentences ("cannot open
x.nnapp: the file is empty"); where one is shown on its own it passes
through :func:`sentence`.

This module is also the one place a translation hooks in. Every text a
person reads is made through one of these functions, where it is written:

- :func:`tr` marks a message: ``tr("the file is empty")``, or with named
  places filled in *after* the translation,
  ``tr("cannot open {name}: {why}").format(name=..., why=...)`` (never an
  f-string inside ``tr``: the catalogue holds the text with its places);
- :func:`plural` chooses between the forms of a text that depends on a
  number, both written out in full: ``plural(n, "{n} epoch", "{n} epochs")``
  (a plural is never made by adding "s" to a word: Russian has three forms,
  and the catalogue gives them from the English pair);
- :func:`counted` is the common case, the number (with a thousands
  separator) and the noun: ``counted(n, "drawing", "drawings")`` →
  "1 drawing", "2,400 drawings".

English needs no catalogue (:class:`gettext.NullTranslations`, the texts
as written); :func:`nnapp.language.use_language` installs another
language's catalogue and decimal sign (:func:`decimal`). In a language whose
decimal sign is a comma, the numbers filled into a translated text's places
are written that way too ("{loss:.4f}" gives "0,2310", "{n:,}" gives
"60 000"); a place with ``!r`` keeps what a person typed as it was.

A text kept in a constant is marked with :func:`marked` where it is
written and translated with ``tr(CONSTANT)`` where it is used. To
extract the texts, give the extractor these keywords: ``tr``, ``marked``,
``tr_in:1c,2``, ``plural:2,3`` and ``counted:2,3`` (xgettext: ``--keyword=tr
--keyword=marked --keyword=tr_in:1c,2 --keyword=plural:2,3
--keyword=counted:2,3``; Babel: ``pybabel extract -k tr -k marked
-k tr_in:1c,2 -k plural:2,3 -k counted:2,3``).
"""

from __future__ import annotations

import gettext
import numbers
import string

_catalogue: gettext.NullTranslations = gettext.NullTranslations()
_decimal_sign = "."


class _LocalNumbers(string.Formatter):
    """``str.format`` whose numbers use the language's decimal sign and
    thousands separator ("{loss:.4f}" → "0,2310", "{n:,}" → "60 000")."""

    def format_field(self, value, format_spec: str) -> str:
        text = format(value, format_spec)
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return text  # texts, and !r / !s conversions, stay as they are
        return decimal(text)


_LOCAL_NUMBERS = _LocalNumbers()


class _Text(str):
    """A translated text whose :meth:`format` writes its numbers as the
    language does (only where the decimal sign is not "."; English texts
    are plain ``str``)."""

    __slots__ = ()

    def format(self, /, *args, **kwargs) -> str:
        return _LOCAL_NUMBERS.vformat(str(self), args, kwargs)


def _local(text: str) -> str:
    return text if _decimal_sign == "." else _Text(text)


def use_catalogue(catalogue: gettext.NullTranslations | None, *, decimal_sign: str = ".") -> None:
    """Read every later text from ``catalogue`` (``None``: English as written)
    and write numbers for people with ``decimal_sign`` between their whole
    part and their fraction (:func:`decimal`). :func:`nnapp.language.use_language`
    calls this with the catalogue of a language."""
    global _catalogue, _decimal_sign
    _catalogue = catalogue if catalogue is not None else gettext.NullTranslations()
    _decimal_sign = decimal_sign


def decimal(number: str) -> str:
    """One number as Python writes it ("0.7216", "2,400") as the language
    writes it for a person: its decimal sign and its thousands separator
    ("0,7216" and "2 400", a narrow no-break space, in Russian).

    Only for numbers a person reads; numbers written to files, to be typed
    back or to be read by other programs keep ".".

    Examples
    --------
    >>> decimal("0.7216")
    '0.7216'
    """
    return number if _decimal_sign == "." else number.replace(",", "\u202f").replace(".", _decimal_sign)


def list_separator() -> str:
    """What separates the numbers of a list a person reads: ", ", or "; "
    where the decimal sign is a comma ("[0,5; 0,25]")."""
    return ", " if _decimal_sign == "." else "; "


def tr(message: str) -> str:
    """The text ``message`` in the program's language (a marked string).

    ``message`` is a literal; places in it (``{name}``) are filled with
    ``.format`` after this call, so the catalogue holds the whole sentence.

    Examples
    --------
    >>> tr("the file is empty")
    'the file is empty'
    >>> tr("cannot open {name}").format(name="x.nnapp")
    'cannot open x.nnapp'
    """
    return _local(_catalogue.gettext(message))


def tr_known(text: str) -> str:
    """``text`` from one of nnapp's own resource files (a built-in example's
    title or description) in the program's language when the catalogue has
    it, else as it is: a student's own title stays as they wrote it.

    Examples
    --------
    >>> tr_known("My own network")
    'My own network'
    """
    return _catalogue.gettext(text) if text else text


def tr_in(context: str, message: str) -> str:
    """:func:`tr` for a short text that means different things in different
    places (gettext's ``pgettext``): ``tr_in("step note", "input")`` is
    translated apart from the noun "input" of "3 inputs".

    Examples
    --------
    >>> tr_in("step note", "input")
    'input'
    """
    return _local(_catalogue.pgettext(context, message))


def marked(message: str) -> str:
    """``message`` unchanged, marked for the catalogue: for a text kept in a
    constant and translated where it is used, with ``tr(CONSTANT)``
    (gettext's ``N_``).

    Examples
    --------
    >>> FROZEN = marked("frozen")
    >>> tr(FROZEN)
    'frozen'
    """
    return message


def plural(n: int, singular: str, plural: str) -> str:
    """The form of a text for the number ``n``: ``singular`` for one,
    ``plural`` otherwise in English (the catalogue knows the forms of other
    languages). Both forms are written out whole; places such as ``{n}``
    are filled in afterwards with ``.format``.

    Examples
    --------
    >>> plural(1, "{n} epoch", "{n} epochs").format(n=1)
    '1 epoch'
    >>> plural(3, "it was", "they were")
    'they were'
    """
    return _local(_catalogue.ngettext(singular, plural, int(n)))


def counted(n: int, singular: str, plural_form: str, *, grouped: bool = True) -> str:
    """``n`` and the noun in the form for ``n``: "1 drawing", "2,400 drawings".

    ``grouped`` writes the number with a thousands separator (the default);
    ``grouped=False`` writes its digits alone ("5000 rows"), as the file and
    command-line messages do.

    Examples
    --------
    >>> counted(1, "drawing", "drawings"), counted(2400, "test row", "test rows")
    ('1 drawing', '2,400 test rows')
    >>> counted(5000, "row", "rows", grouped=False)
    '5000 rows'
    """
    number = grouped_number(n) if grouped else f"{n}"
    return f"{number} {plural(n, singular, plural_form)}"


def grouped_number(n: int) -> str:
    """A whole number with its thousands grouped: "2,400" in English, "2 400"
    (a narrow no-break space) where the decimal sign is a comma.

    Examples
    --------
    >>> grouped_number(2400)
    '2,400'
    """
    return decimal(f"{int(n):,}")


def sentence(text: str) -> str:
    """``text`` without spaces at its ends and with its first letter in
    upper case ("" stays "").

    Examples
    --------
    >>> sentence(" the data has 3 columns")
    'The data has 3 columns'
    """
    text = text.strip()
    return text[:1].upper() + text[1:]


__all__ = ["counted", "decimal", "grouped_number", "list_separator", "marked", "plural", "sentence", "tr", "tr_in", "tr_known", "use_catalogue"]
