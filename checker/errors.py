"""The one exception type for user-facing errors: the CLI prints it as one line, no traceback."""


class CheckerError(Exception):
    """Bad input or a model that cannot be loaded; the message names the file or value."""
