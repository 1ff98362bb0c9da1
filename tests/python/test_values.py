"""Values: numbers, arrays and distributions drawn by the library from the
seed.  Moments are compared with the distributions' closed forms within
tolerances derived from the sample size; shapes with scipy's KS test."""
import math

import numpy as np
import pytest
from scipy import stats

import axon

N = 20000


def draw(dist, seed=11, threads=1, n=N):
    """n draws of `dist`: a parameter without range limits set from it."""
    net = axon.Network(seed=seed, threads=threads)
    pop = net.add_population("P", "IF_curr_exp", n)
    pop.set(i_offset=dist)
    return pop.get("i_offset")


def assert_mean(x, mean, sd):
    # 5 standard errors: a false alarm about once in 3.5 million
    assert abs(x.mean() - mean) < 5 * sd / math.sqrt(len(x)), (x.mean(), mean)


def assert_sd(x, sd):
    # the sample variance's standard error, 2 sigma^4 / (n - 1) for a normal,
    # is larger for heavier tails: allow 8 of them
    se = sd * sd * math.sqrt(2.0 / (len(x) - 1))
    assert abs(x.var(ddof=1) - sd * sd) < 8 * se * max(1.0, stats.kurtosis(x) / 2 + 1), (x.std(), sd)


def assert_ks(x, cdf):
    assert stats.kstest(x, cdf).pvalue > 1e-6


def test_uniform():
    x = draw(axon.Uniform(-2.0, 3.0))
    assert x.min() >= -2.0 and x.max() <= 3.0
    assert_mean(x, 0.5, 5 / math.sqrt(12))
    assert_sd(x, 5 / math.sqrt(12))
    assert_ks(x, stats.uniform(-2.0, 5.0).cdf)


def test_normal():
    x = draw(axon.Normal(1.5, 0.25))
    assert_mean(x, 1.5, 0.25)
    assert_sd(x, 0.25)
    assert_ks(x, stats.norm(1.5, 0.25).cdf)


def test_normal_clipped():
    d = stats.truncnorm((-0.5 - 0.0) / 1.0, (2.0 - 0.0) / 1.0, loc=0.0, scale=1.0)
    x = draw(axon.NormalClipped(0.0, 1.0, -0.5, 2.0))
    assert x.min() >= -0.5 and x.max() <= 2.0
    assert_mean(x, d.mean(), d.std())
    assert_sd(x, d.std())
    assert_ks(x, d.cdf)


def test_lognormal():
    x = draw(axon.LogNormal(-1.0, 0.5))
    assert x.min() > 0
    assert_mean(np.log(x), -1.0, 0.5)
    assert_sd(np.log(x), 0.5)
    assert_ks(x, stats.lognorm(s=0.5, scale=math.exp(-1.0)).cdf)


def test_exponential():
    x = draw(axon.Exponential(2.0))
    assert x.min() >= 0
    assert_mean(x, 2.0, 2.0)
    assert_ks(x, stats.expon(scale=2.0).cdf)


def test_draws_depend_on_the_seed_only():
    a = draw(axon.Normal(0, 1), seed=5, threads=1, n=1000)
    b = draw(axon.Normal(0, 1), seed=5, threads=2, n=1000)
    c = draw(axon.Normal(0, 1), seed=6, threads=1, n=1000)
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)
    assert len(np.unique(a)) == 1000


@pytest.mark.parametrize("value", [2, 2.0, np.float32(2.0), np.int64(2), np.array(2.0), True + 1])
def test_numbers(value):
    x = draw(value, n=3)
    assert list(x) == [2.0, 2.0, 2.0]


@pytest.mark.parametrize("values", [[1, 2, 3], (1.0, 2.0, 3.0), np.array([1, 2, 3], dtype=np.int32),
                                    np.array([1, 2, 3], dtype=np.float32), np.arange(1.0, 6.0)[::2] * [1, 1, 1] / [1, 1, 1]])
def test_arrays_one_value_per_neuron(values):
    x = draw(values, n=3)
    assert x.dtype == np.float64 and list(x) == list(np.asarray(values, dtype=np.float64))


def test_strided_array():
    a = np.arange(12.0)[::4]   # 0, 4, 8: not contiguous
    assert list(draw(a, n=3)) == [0.0, 4.0, 8.0]


@pytest.mark.parametrize("bad, error", [
    ("1.0", TypeError), (None, TypeError), (True, TypeError), (1j, TypeError), ({"a": 1}, TypeError),
    (["a", "b", "c"], TypeError), (object(), TypeError),
    ([1.0, 2.0], axon.ArgumentError), ([], axon.ArgumentError), (np.zeros((3, 1)), axon.ArgumentError),
    (float("nan"), axon.ArgumentError), ([0.0, float("inf"), 0.0], axon.ArgumentError),
    (axon.Normal(0, -1), axon.ArgumentError), (axon.Uniform(2, 1), axon.ArgumentError),
    (axon.Exponential(0), axon.ArgumentError), (axon.NormalClipped(0, 1, 3, 2), axon.ArgumentError),
])
def test_bad_values(bad, error):
    net = axon.Network()
    pop = net.add_population("P", "IF_curr_exp", 3)
    with pytest.raises(error) as e:
        pop.set(i_offset=bad)
    assert "i_offset" in str(e.value)
    assert np.all(pop.get("i_offset") == 0.0)   # a failed call changes nothing


def test_distribution_classes():
    d = axon.NormalClipped(1, 2, -3, 4)
    assert (d.mean, d.sd, d.low, d.high) == (1.0, 2.0, -3.0, 4.0)
    assert d == axon.NormalClipped(1.0, 2.0, -3.0, 4.0) and d != axon.NormalClipped(1, 2, -3, 5)
    assert hash(d) == hash(axon.NormalClipped(1.0, 2.0, -3.0, 4.0))
    assert repr(d) == "axon.NormalClipped(mean=1.0, sd=2.0, low=-3.0, high=4.0)"
    with pytest.raises(AttributeError):
        d.mean = 3
    with pytest.raises(TypeError, match="Uniform: low must be a number"):
        axon.Uniform("a", 1)
    with pytest.raises(TypeError):
        axon.Exponential()
    assert axon.LogNormal(0, 1).sigma == 1.0 and axon.Exponential(3).mean == 3.0
    assert isinstance(axon.Uniform(0, 1), axon.Distribution)
