"""The text of an equation model from the forms Network.define_equations takes.

The library reads each part of a model as lines (docs/equations.md); from
Python the declarations may also be dicts, the equations and the reset lists
of lines, the receptors a dict and the refractory period a number.  This
module turns them into the library's text - one line per entry, in order, so
the library's "parameters:3:10" is the third entry - and leaves every check
of the content to the library.  Wrong Python types raise TypeError naming
the argument; what no text could say (a doc over two lines) ArgumentError.
"""
import math
import numbers

from .errors import ArgumentError

CALL = "define_equations"

# The fields of ax_equations, in order: the C extension reads the tuple of
# texts() in this order.
FIELDS = ("parameters", "state", "equations", "threshold", "reset", "refractory", "receptors", "method",
          "detect", "doc")

_ENTRY_KEYS = ("value", "unit", "doc", "bounds")


def _type_error(what, allowed, value):
    return TypeError(f"{CALL}: {what} must be {allowed}, not {type(value).__name__}")


def _number(x, what):
    """A finite number written so that the library reads the same double."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise _type_error(what, "a number (or a str)", x)
    x = float(x)
    if not math.isfinite(x):
        raise ArgumentError(f"{CALL}: {what} = {x}: must be finite")
    return repr(x)


def _one_line(text, what, why):
    if "\n" in text or "\r" in text:
        raise ArgumentError(f"{CALL}: {what} {text!r} has a line break: {why}")
    return text


def _value(x, what):
    """A default: a number, or (for state) an expression of parameters as str."""
    return x.strip() if isinstance(x, str) else _number(x, what)


def _entry(name, spec, field):
    """One declaration line, NAME = VALUE [: UNIT [(BOUNDS)]] [# doc]."""
    what = f"{field}[{name!r}]"
    unit = doc = bounds = None
    if isinstance(spec, dict):
        unknown = [k for k in spec if k not in _ENTRY_KEYS]
        if unknown:
            raise ArgumentError(f"{CALL}: {what}: unknown key {unknown[0]!r}; allowed: {', '.join(_ENTRY_KEYS)}")
        if "value" not in spec:
            raise ArgumentError(f"{CALL}: {what} has no 'value' (the default)")
        value, unit, doc, bounds = (spec.get(k) for k in _ENTRY_KEYS)
    elif isinstance(spec, (tuple, list)):
        if len(spec) != 2:
            raise ArgumentError(f"{CALL}: {what}: a tuple is (value, unit), got {len(spec)} items")
        value, unit = spec
    else:
        value = spec
    line = f"{name} = {_value(value, what + ' value')}"
    for part, text in (("unit", unit), ("doc", doc), ("bounds", bounds)):
        if text is not None and not isinstance(text, str):
            raise _type_error(f"{what} {part}", "a str", text)
    if bounds is not None and field != "parameters":
        raise ArgumentError(f"{CALL}: {what}: bounds are for parameters only")
    if unit or bounds:
        line += f" : {unit or '1'}"
    if bounds:
        line += f" ({_one_line(bounds, what + ' bounds', 'bounds are one line, such as > 0')})"
    if doc:
        line += f"  # {_one_line(doc, what + ' doc', 'a doc is one line')}"
    return line


def _declarations(obj, field):
    if isinstance(obj, str):
        return obj
    if not isinstance(obj, dict):
        raise _type_error(field, "a str or a dict {name: value}", obj)
    for name in obj:
        if not isinstance(name, str):
            raise _type_error(f"each name of {field}", "a str", name)
    return "\n".join(_entry(name, spec, field) for name, spec in obj.items())


def _lines(obj, field):
    if isinstance(obj, str):
        return obj
    if not isinstance(obj, (list, tuple)):
        raise _type_error(field, "a str or a list of str", obj)
    for i, line in enumerate(obj):
        if not isinstance(line, str):
            raise _type_error(f"{field}[{i}]", "a str", line)
    return "\n".join(obj)


def _receptors(obj, field):
    if isinstance(obj, str):
        return obj
    if not isinstance(obj, dict):
        raise _type_error("receptors", "a str or a dict {name: statements}", obj)
    lines = []
    for name, statements in obj.items():
        if not isinstance(name, str):
            raise _type_error("each name of receptors", "a str", name)
        if not isinstance(statements, str):
            raise _type_error(f"receptors[{name!r}]", "a str", statements)
        lines.append(f"{name}: " + _one_line(statements, f"receptors[{name!r}]",
                                             "separate a receptor's statements with ';'"))
    return "\n".join(lines)


def _refractory(obj, field):
    return obj if isinstance(obj, str) else _number(obj, field)


def _text(obj, field):
    if not isinstance(obj, str):
        raise _type_error(field, "a str", obj)
    return obj


_CONVERT = {"parameters": _declarations, "state": _declarations, "equations": _lines, "reset": _lines,
            "receptors": _receptors, "refractory": _refractory}


def texts(*values):
    """The fields of ax_equations (None where not given) from the arguments
    of define_equations, in the order of FIELDS."""
    return tuple(None if obj is None else _CONVERT.get(field, _text)(obj, field)
                 for field, obj in zip(FIELDS, values))


# The fields of ax_plasticity_equations, in order (rule_texts).
RULE_FIELDS = ("parameters", "pre", "post", "on_pre", "on_post", "doc")
RULE_CALL = "define_plasticity_equations"
_RULE_CONVERT = {"parameters": _declarations, "pre": _lines, "post": _lines, "on_pre": _lines, "on_post": _lines}


def rule_texts(*values):
    """The fields of ax_plasticity_equations (None where not given) from the
    arguments of define_plasticity_equations, in the order of RULE_FIELDS."""
    try:
        return tuple(None if obj is None else _RULE_CONVERT.get(field, _text)(obj, field)
                     for field, obj in zip(RULE_FIELDS, values))
    except (TypeError, ArgumentError) as e:
        message = str(e)
        if message.startswith(CALL + ":"):
            message = RULE_CALL + message[len(CALL):]
        raise type(e)(message) from None


def rule_params(params):
    """A projection's rule_params, "NAME = VALUE, ..." from a dict {name: number}."""
    if params is None or isinstance(params, str):
        return params
    if not isinstance(params, dict):
        raise TypeError(f"Plasticity: rule_params must be a dict {{name: number}} or a str, not "
                        f"{type(params).__name__}")
    parts = []
    for name, value in params.items():
        if not isinstance(name, str):
            raise TypeError(f"Plasticity: each name of rule_params must be a str, not {type(name).__name__}")
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            raise TypeError(f"Plasticity: rule_params[{name!r}] must be a number, not {type(value).__name__}")
        parts.append(f"{name} = {float(value)!r}")
    return ", ".join(parts)
