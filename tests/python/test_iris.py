"""The spiking Iris classifier (examples/python/iris_classifier.py,
docs/learning.md) and the labelled-CSV reader it uses (axon.datasets).

References: sklearn.datasets.load_iris for the shipped file, R's summary of
Fisher's data for its column means, sklearn's log_loss for the loss, and
the issue's target (>= 90 % of held-out flowers right) for the classifier.
The numbers observed when the checks were written are in the comments."""
import importlib.util
import os
import subprocess
import sys

import numpy as np
import pytest

import axon


@pytest.fixture(scope="module")
def iris():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    path = os.path.join(root, "examples", "python", "iris_classifier.py")
    spec = importlib.util.spec_from_file_location("iris_classifier", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def fits(iris):
    """The quick fits (20 generations of 16) of seeds 1 to 3, shared by the tests below."""
    data = iris.load()
    return [iris.train(data, seed, **iris.QUICK) for seed in (1, 2, 3)]


# ---------------------------------------------------------------- the data


def test_the_shipped_file_is_sklearns_iris(iris):
    from sklearn.datasets import load_iris
    ref = load_iris()
    data = iris.load()
    # exact: both are the same one-decimal numbers read by a correct parser
    np.testing.assert_array_equal(data.X, ref.data)
    np.testing.assert_array_equal(data.y, ref.target)
    assert data.classes == tuple(ref.target_names)
    assert data.features == iris.FEATURES and len(data) == 150
    # R's summary(iris) (Fisher's numbers as R ships them): means to its 3 decimals
    np.testing.assert_allclose(data.X.mean(axis=0), [5.843, 3.057, 3.758, 1.199], atol=5e-4)
    assert np.bincount(data.y).tolist() == [50, 50, 50]


GOOD_HEAD = "# a comment\nsepal_length,sepal_width,petal_length,petal_width,species\n"


@pytest.mark.parametrize("text, where, fragment", [
    ("", ":1:", "empty file: a header row naming the columns"),
    ("# only a comment\n\n", ":3:", "empty file"),
    ("sepal_length,sepal_width,petal_length,species\n5.1,3.5,1.4,setosa\n", ":1:",
     "no feature column 'petal_width'"),
    ("sepal_length,sepal_width,petal_length,petal_width\n5.1,3.5,1.4,0.2\n", ":1:", "no label column 'species'"),
    ("sepal_length,sepal_width,sepal_width,petal_length,petal_width,species\n", ":1:",
     "column 'sepal_width' appears twice"),
    (GOOD_HEAD, ":2:", "no data rows after the header"),
    (GOOD_HEAD + "5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,setosa\n", ":4:",
     "4 fields, but the header names 5 columns"),
    (GOOD_HEAD + "5.1,abc,1.4,0.2,setosa\n", ":3:", "column 'sepal_width': 'abc' is not a finite number"),
    (GOOD_HEAD + "5.1,3.5,nan,0.2,setosa\n", ":3:", "column 'petal_length': 'nan' is not a finite number"),
    (GOOD_HEAD + "5.1,3.5,1.4,1e999,setosa\n", ":3:", "'1e999' is not a finite number"),
    (GOOD_HEAD + "5.1,3.5,1.4,,setosa\n", ":3:", "column 'petal_width': '' is not a finite number"),
    (GOOD_HEAD + "5.1,3.5,1.4,0.2,\n", ":3:", "the label column 'species' is empty"),
    (GOOD_HEAD + "5.1,3.5,1.4,0.2,setosa\n\n6.1,3.5,1.4,0.2,rose\n", ":5:",
     "label 'rose' is not one of the classes 'setosa', 'versicolor', 'virginica'"),
])
def test_a_bad_file_is_refused_naming_line_and_what_is_allowed(iris, tmp_path, text, where, fragment):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(axon.ArgumentError) as e:
        iris.load(path)
    assert str(e.value).startswith(str(path) + where), str(e.value)
    assert fragment in str(e.value), str(e.value)


def test_the_reader_without_a_class_list_numbers_labels_as_they_come(tmp_path):
    path = tmp_path / "two.csv"
    path.write_text("x,label,y\n1,b,2\n3,a,4\n5,b,6\n")
    d = axon.datasets.read_labelled_csv(path, label="label")
    assert d.features == ("x", "y") and d.classes == ("b", "a")
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4], [5, 6]])
    np.testing.assert_array_equal(d.y, [0, 1, 0])


def test_a_missing_file_is_a_file_error(iris, tmp_path):
    with pytest.raises(axon.FileError, match="cannot read .*nothing.csv"):
        iris.load(tmp_path / "nothing.csv")


def test_the_script_refuses_a_bad_file_before_any_network(root, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD_HEAD + "5.1,3.5,1.4,0.2,setosa\n5.1,3.5,1.4,0.2,tulip\n")
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(axon.__file__)))
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "python", "iris_classifier.py"),
                        str(tmp_path / "x.png"), "--data", str(bad)], env=env, capture_output=True, text=True,
                       timeout=120)
    assert p.returncode != 0 and f"{bad}:4: label 'tulip'" in p.stderr, p.stderr
    assert "seed" not in p.stdout and not (tmp_path / "x.png").exists()


# ------------------------------------------------------- the parts of it


def test_the_loss_is_sklearns_log_loss_of_the_softmax(iris):
    from sklearn.metrics import log_loss
    rng = np.random.default_rng(5)
    counts = rng.integers(0, 20, size=(2, 30, 3)).astype(float)
    y = rng.integers(0, 3, size=30)
    ours = iris.loss(counts, y, 2.0)
    for r in range(2):
        p = np.exp(counts[r] / 2.0)
        p /= p.sum(axis=1, keepdims=True)
        # 1e-12: two summation orders of ~30 terms of size ~10
        assert ours[r] == pytest.approx(log_loss(y, p, labels=[0, 1, 2]), abs=1e-12)
    assert iris.loss(np.ones((1, 4, 3)), np.array([0, 1, 2, 0]), 2.0)[0] == pytest.approx(np.log(3), abs=1e-15)


def test_a_tie_is_no_answer(iris):
    counts = np.array([[[5, 1, 0], [3, 3, 0], [0, 0, 0], [0, 2, 9]]])
    np.testing.assert_array_equal(iris.predict(counts), [[0, -1, -1, 2]])
    # argmax would give 0 to the tie and the silent flower: 3 of 4 right, not 2
    assert iris.accuracy(counts, np.array([0, 0, 0, 2]))[0] == 0.5


def test_receptive_fields_are_gaussians_on_the_training_range(iris):
    X = np.array([[0.0, 10.0], [4.0, 30.0]])
    enc = iris.Encoder(X, 5, 1.0)                 # centres 0, 1, .., 4 and 10, 15, .., 30
    a = enc.encode(np.array([[1.0, 17.5]]))[0]
    np.testing.assert_allclose(a[:5], np.exp(-0.5 * (1.0 - np.arange(5)) ** 2), rtol=1e-15)
    np.testing.assert_allclose(a[5:], np.exp(-0.5 * ((17.5 - np.linspace(10, 30, 5)) / 5.0) ** 2), rtol=1e-15)
    with pytest.raises(axon.ArgumentError, match="feature 0 takes one value only"):
        iris.Encoder(np.array([[1.0, 2.0], [1.0, 3.0]]), 5, 1.0)


def test_side_by_side_readouts_are_each_its_own_network(iris):
    # The generation's network scores 4 candidates at once; each must get the
    # spikes it would get alone (bit for bit: nothing crosses between them),
    # and the same for any number of threads; with the inputs' random start
    # and with current noise.
    data = iris.load()
    enc = iris.Encoder(data.X, 6, 1.0)
    a = enc.encode(data.X[::10])
    W = np.random.default_rng(1).uniform(-5e-4, 5e-4, (4, 3 * a.shape[1]))
    s = dict(iris.SETTINGS, noise_na=0.001)
    together = iris.Readouts(a, 4, s, 7).evaluate(W)
    assert together.sum() > 100                      # they fire (observed ~2500 spikes)
    alone = iris.Readouts(a, 1, s, 7).evaluate(W[2])
    np.testing.assert_array_equal(together[2], alone[0])
    two_threads = iris.Readouts(a, 4, dict(s, threads=2), 7).evaluate(W)
    np.testing.assert_array_equal(together, two_threads)
    assert not np.array_equal(together[0], together[1])   # the weights matter


# ---------------------------------------------------------- the classifier


def test_held_out_accuracy_at_least_90_percent(fits):
    # The target on one stated seed (1), at the quick settings.
    # Observed: seed 1: 0.978 held out (44 of 45), 0.952 training.
    r = fits[0]
    assert r["test_accuracy"] >= 0.9, r["test_accuracy"]
    assert r["train_accuracy"] >= 0.9, r["train_accuracy"]
    assert r["confusion"].sum() == 45 and np.trace(r["confusion"]) == round(45 * r["test_accuracy"])


def test_mean_held_out_accuracy_over_seeds(fits):
    # Observed for seeds 1-3: 0.978 each (seeds 1-5: mean 0.964, the worst
    # 0.911); logistic regression on the same splits: 0.978, 1.0, 0.978.  The
    # bounds allow 9 of the 135 wrong (3 are), at most 5 of 45 in one seed.
    acc = np.array([r["test_accuracy"] for r in fits])
    assert acc.mean() >= 0.93 and acc.min() >= 0.88, acc
    base = np.array([r["baseline"][1] for r in fits])
    assert base.mean() >= 0.9                        # the baseline is a baseline (a sanity check of the split)


def test_it_is_the_training_that_classifies(fits):
    # Generation 1 is the optimiser's random readouts: the best of 16 gets
    # about half the training flowers right (observed 0.43, 0.50, 0.48 for
    # seeds 1-3, loss 1.6-2.3); the fit lifts it above 0.9 (0.95-0.97, loss
    # 0.08-0.10).  A readout the optimiser never improved (its
    # tell ignored) would fail test_held_out_accuracy_at_least_90_percent.
    for r in fits:
        first, last = r["history"][0], r["history"][-1]
        assert first[1] < 0.7 and last[1] >= 0.9, r["history"][[0, -1]]
        assert last[0] < first[0]                    # the loss fell


def test_the_example_runs_and_draws(root, tmp_path):
    env = dict(os.environ, PYTHONPATH=os.path.dirname(os.path.dirname(axon.__file__)))
    out = tmp_path / "iris.png"
    p = subprocess.run([sys.executable, os.path.join(root, "examples", "python", "iris_classifier.py"), str(out),
                        "--seeds", "1", "--generations", "4"], env=env, capture_output=True, text=True, timeout=300)
    assert p.returncode == 0, p.stderr
    assert "held-out accuracy: mean" in p.stdout and out.stat().st_size > 10000
