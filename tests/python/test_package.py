"""The package imports from the build and is the library it was built from."""
import os
import re

import axon


def test_version_is_the_headers(root):
    with open(os.path.join(root, "include", "axon.h")) as f:
        m = re.search(r'#define AX_VERSION "([^"]+)"', f.read())
    assert m and axon.__version__ == m.group(1)


def test_package_comes_from_the_build(root):
    assert os.path.realpath(axon.__file__).startswith(os.path.realpath(root))


def test_pyNN_axon_comes_from_the_build(root):
    """Even where `make install-python` put a copy into Debian's pyNN."""
    import pyNN.axon

    assert os.path.realpath(pyNN.axon.__file__).startswith(os.path.realpath(root))
