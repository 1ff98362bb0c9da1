"""axon.datasets: reading labelled data sets (docs/learning.md).

A labelled CSV file is a header row naming the columns, then one row per
sample: numbers in the feature columns and a class name in the label
column.  Lines starting with ``#`` (the file's source, its units) and blank
lines are skipped.  Everything is checked before a value is returned, so a
bad file fails before any network is built, with ``path:line:`` and what
is allowed.  The Iris data set ships in this form (examples/data/iris.csv).
"""
import math
import os
import re

import numpy as np

from .errors import ArgumentError, FileError

__all__ = ['LabelledData', 'read_labelled_csv']

# a plain decimal number, as C's strtod reads it (no '1_0', 'nan', 'inf', '0x1p3')
_NUMBER = re.compile(r'[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?')


class LabelledData:
    """What read_labelled_csv returns.

    X: float64 array (samples, features); y: int64 array (samples,), the
    index of each sample's class in ``classes``; features: the feature
    columns' names, in X's column order; classes: the class names;
    path: the file read.
    """

    def __init__(self, X, y, features, classes, path):
        self.X, self.y, self.features, self.classes, self.path = X, y, tuple(features), tuple(classes), path

    def __len__(self):
        return len(self.y)

    def __repr__(self):
        return (f"LabelledData({self.path!r}: {len(self.y)} samples, features {', '.join(self.features)}, "
                f"classes {', '.join(self.classes)})")


def _names(seq):
    return ', '.join(repr(s) for s in seq)


def read_labelled_csv(path, label='species', features=None, classes=None):
    """Reads a labelled CSV file into a LabelledData (X, y, features, classes).

    label: the name of the label column.
    features: the feature columns to read, in this order (None: every
        column but the label, in the file's order); a name the header lacks
        is an error, so a file missing a column is refused.
    classes: the allowed class names, in the order that numbers them (y
        is the index into it); None: the labels found, in order of first
        appearance.

    Raises axon.FileError when the file cannot be read, and
    axon.ArgumentError (a ValueError) naming ``path:line`` for: an empty
    file (no header), a header without the label or a requested feature, a
    repeated or empty column name, a row with another number of fields than
    the header, a value that is not a finite number, an empty label, a label
    not in ``classes``, and a file without data rows.
    """
    path = os.fspath(path)
    if not isinstance(label, str) or not label:
        raise ArgumentError(f"read_labelled_csv: label = {label!r}: the name of a column is needed")
    try:
        with open(path, encoding='utf-8') as f:
            lines = f.read().splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise FileError(f"read_labelled_csv: cannot read {path!r}: {e.strerror if isinstance(e, OSError) else e}")
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.lstrip().startswith('#')]
    if not rows:
        raise ArgumentError(f"{path}:{len(lines) + 1}: empty file: a header row naming the columns (one of them "
                            f"{label!r}) and data rows are needed")
    head_line, head = rows[0]
    columns = [c.strip() for c in head.split(',')]
    for j, c in enumerate(columns):
        if not c:
            raise ArgumentError(f"{path}:{head_line}: column {j + 1} of the header has no name")
        if c in columns[:j]:
            raise ArgumentError(f"{path}:{head_line}: column {c!r} appears twice in the header")
    if label not in columns:
        raise ArgumentError(f"{path}:{head_line}: the header has no label column {label!r} (columns: "
                            f"{_names(columns)})")
    if features is None:
        features = [c for c in columns if c != label]
    else:
        features = list(features)
        for name in features:
            if name not in columns or name == label:
                raise ArgumentError(f"{path}:{head_line}: the header has no feature column {name!r} (columns: "
                                    f"{_names(columns)}; needed: {_names(features)})")
    if not features:
        raise ArgumentError(f"{path}:{head_line}: no feature column: the header names only {label!r}")
    if classes is not None:
        classes = [str(c) for c in classes]
        if not classes or len(set(classes)) != len(classes):
            raise ArgumentError(f"read_labelled_csv: classes = {classes!r}: distinct names, at least one, are needed")
    if len(rows) == 1:
        raise ArgumentError(f"{path}:{head_line}: no data rows after the header")
    fcol = [columns.index(name) for name in features]
    lcol = columns.index(label)
    found = list(classes) if classes is not None else []
    X = np.empty((len(rows) - 1, len(features)))
    y = np.empty(len(rows) - 1, dtype=np.int64)
    for r, (n, line) in enumerate(rows[1:]):
        fields = [s.strip() for s in line.split(',')]
        if len(fields) != len(columns):
            raise ArgumentError(f"{path}:{n}: {len(fields)} fields, but the header names {len(columns)} columns "
                                f"({_names(columns)})")
        for j, c in enumerate(fcol):
            v = float(fields[c]) if _NUMBER.fullmatch(fields[c]) else math.nan
            if not math.isfinite(v):
                raise ArgumentError(f"{path}:{n}: column {columns[c]!r}: {fields[c]!r} is not a finite number")
            X[r, j] = v
        name = fields[lcol]
        if not name:
            raise ArgumentError(f"{path}:{n}: the label column {label!r} is empty: every row needs a class")
        if name not in found:
            if classes is not None:
                raise ArgumentError(f"{path}:{n}: label {name!r} is not one of the classes {_names(classes)}")
            found.append(name)
        y[r] = found.index(name)
    return LabelledData(X, y, features, found, path)
