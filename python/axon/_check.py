"""Small argument checks shared by the value classes: each names the class,
the argument, the value and what is allowed, as the library's messages do."""
import numbers


def number(owner, name, value):
    """`value` as a float, or TypeError naming owner.name when it is not a number."""
    if isinstance(value, (bool, str, bytes)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{owner}: {name} must be a number, not {type(value).__name__} ({value!r})")
    return float(value)


def count(owner, name, value):
    """A non-negative int (bools refused), or TypeError / ArgumentError."""
    from .errors import ArgumentError

    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{owner}: {name} must be an int, not {type(value).__name__} ({value!r})")
    if value < 0 or value >= 2 ** 64:
        raise ArgumentError(f"{owner}: {name} {value} is not allowed: 0 .. 2^64 - 1")
    return int(value)


def flag(owner, name, value):
    """A bool (also numpy's), or TypeError."""
    if not isinstance(value, bool) and type(value).__name__ != "bool_":
        raise TypeError(f"{owner}: {name} must be True or False, not {value!r}")
    return bool(value)
