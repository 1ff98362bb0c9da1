"""Model files (docs/model-file.md): ``axon.load(path)`` and ``axon.loads(text)``.

``set`` holds overrides applied to the file before it is read, as
``axon run --set key.path=value`` does: {"simulation.duration": 200,
"projections.0.weight": 0.5}.  Values are numbers, strings, bools, lists
and dicts, written as TOML here.
"""
import json
import math
import numbers

from . import _axon


def toml_value(value, key="value"):
    """The TOML text of a Python value (str, bool, number, list/tuple, dict)."""
    if isinstance(value, bool) or type(value).__name__ == "bool_":
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        x = float(value)
        if math.isnan(x):
            return "nan"
        if math.isinf(x):
            return "inf" if x > 0 else "-inf"
        return repr(x)
    if isinstance(value, str):
        # A JSON string is a valid TOML basic string (same escapes, \uXXXX included).
        return json.dumps(value)
    if isinstance(value, (list, tuple)) or type(value).__name__ == "ndarray":
        return "[" + ", ".join(toml_value(v, key) for v in list(value)) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(str(k))} = {toml_value(v, key)}" for k, v in value.items()) + " }"
    raise TypeError(f"set: the value of {key!r} must be a number, string, bool, list or dict, "
                    f"not {type(value).__name__} ({value!r})")


def _overrides(set):
    if set is None:
        return []
    if not isinstance(set, dict):
        raise TypeError(f"set must be a dict of 'key.path': value, not {type(set).__name__}")
    out = []
    for key, value in set.items():
        if not isinstance(key, str):
            raise TypeError(f"set: keys must be str key paths such as 'simulation.duration', not {key!r}")
        out.append(f"{key}={toml_value(value, key)}")
    return out


def load(path, set=None):
    """Read a model file: a ModelFile whose network is declared, not yet built.

    Errors (FileError, ArgumentError, ...) carry "file:line:col: key.path: what is wrong".
    """
    import os

    return _axon.ModelFile._load(os.fspath(path), _overrides(set))


def loads(text, name="model", dir=".", set=None):
    """Read a model file from a string; `name` stands for the file in messages,
    relative paths (from_list files) are taken from `dir`."""
    import os

    if not isinstance(text, str):
        raise TypeError(f"loads: text must be a str, not {type(text).__name__}")
    return _axon.ModelFile._loads(text, str(name), os.fspath(dir), _overrides(set))


__all__ = ["load", "loads"]
