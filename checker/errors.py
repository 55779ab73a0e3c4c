"""The one exception type for user-facing errors: the CLI prints it as one line, no traceback."""


class CheckerError(Exception):
    """Bad input or a model that cannot be loaded; the message names the file or value."""


def first_line(exc: Exception, limit: int | None = None) -> str:
    """The first line of an exception's message (its type name if it has none), for a one-line
    error; cut to ``limit`` characters when given."""
    lines = str(exc).strip().splitlines()
    return (lines[0] if lines else type(exc).__name__)[:limit]
