"""One exception tree for kzgloss; each class carries its exit code and the context a user needs.

``cli.main()`` turns a :class:`KzglossError` into ``Error: <message>`` on stderr and exits with
the class's ``exit_code``. The codes follow the table in the README:

==== ==========================================================
0    success
1    findings at or above ``--fail-on``; nothing found by ``lookup``
2    usage error (click's own code)
3    invalid input data (glossary file, .po, TMX, text to check)
4    database or schema state
70   internal error (a bug), only from ``main()``
==== ==========================================================
"""

from __future__ import annotations

__all__ = [
    "KzglossError",
    "UsageError",
    "NotFoundError",
    "InputError",
    "GlossaryError",
    "CatalogError",
    "DatabaseError",
]


class KzglossError(Exception):
    """Base class of every error kzgloss reports to a user."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(KzglossError):
    """A bad option value that click itself could not catch (unknown scheme, bad date)."""

    exit_code = 2


class NotFoundError(KzglossError):
    """A lookup or a named concept found nothing."""

    exit_code = 1


class InputError(KzglossError):
    """Invalid input data, located by ``path`` and ``line`` when they are known.

    >>> print(InputError('unknown status "x"', path="a.toml", line=3))
    a.toml:3: unknown status "x"
    """

    exit_code = 3

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        self.path = path
        self.line = line
        self.column = column
        self.field = field
        self.value = value
        self.reason = message
        where = ""
        if path is not None:
            where = str(path)
            if line is not None:
                where += f":{line}"
                if column is not None:
                    where += f":{column}"
            where += ": "
        super().__init__(where + message)


class GlossaryError(InputError):
    """A glossary file (TOML) that cannot be loaded: names file, line, concept and field."""


class CatalogError(InputError):
    """A gettext catalog, TMX file or other interchange file that is not valid."""


class DatabaseError(KzglossError):
    """The database cannot be opened, or its schema is newer than this kzgloss."""

    exit_code = 4
