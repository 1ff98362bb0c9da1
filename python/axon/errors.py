"""The exceptions of the axon package: one class per ax_status of the library.

Each also derives from the matching built-in exception, so that ordinary
``except ValueError`` (or KeyError, MemoryError, ...) catches it.  The C
extension raises them with the library's message (ax_network_get_error).
"""


class Error(Exception):
    """Any failure reported by libaxon; ``str(e)`` is the library's message."""


class ArgumentError(Error, ValueError):
    """AX_ERR_ARGUMENT: a value outside what is allowed."""


class NotFoundError(Error, KeyError):
    """AX_ERR_NOT_FOUND: an unknown model, population, parameter, handle, ...

    A KeyError too, but ``str()`` is the plain message (KeyError would quote it).
    """

    def __str__(self):
        return Exception.__str__(self)


class OutOfMemoryError(Error, MemoryError):
    """AX_ERR_MEMORY: out of memory, or over the network's memory limit."""


class StateError(Error, RuntimeError):
    """AX_ERR_STATE: not allowed now (after the build, a closed network, ...)."""


class NumericError(Error, ArithmeticError):
    """AX_ERR_NUMERIC: a state became NaN or infinite during a run.

    ``failure`` is the dict of ax_run_failure (see ``Network.failure``), or None.
    """

    def __init__(self, message, failure=None):
        super().__init__(message)
        self.failure = failure


class FileError(Error, OSError):
    """AX_ERR_IO: a file could not be read or written."""

    def __str__(self):
        # OSError's str() would show "[Errno ...]" forms; the library's text is complete.
        return Exception.__str__(self)


class InterruptedRun(Error):
    """AX_ERR_INTERRUPTED: the run stopped early at a clean point, because a
    progress callback asked it to or ``Network.interrupt()`` was called.
    The network can be run on from there."""


__all__ = ["Error", "ArgumentError", "NotFoundError", "OutOfMemoryError", "StateError",
           "NumericError", "FileError", "InterruptedRun"]
