"""Test setup: the package is the one `make python` built (PYTHONPATH=build/python),
and pyNN.axon is found next to it (build/python/pyNN/axon) without installing it:
first, so that a pyNN.axon installed earlier (make install-python) does not
stand in for the one being tested."""
import os

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BUILD = os.path.join(ROOT, os.environ.get("AXON_BUILD", "build"))

try:
    import pyNN

    _backend = os.path.join(BUILD, "python", "pyNN")
    if os.path.isdir(os.path.join(_backend, "axon")) and _backend not in pyNN.__path__:
        pyNN.__path__.insert(0, _backend)
except ImportError:  # pragma: no cover - python3-pynn is installed by make test
    pass


@pytest.fixture
def root():
    """The repository's root folder."""
    return ROOT
