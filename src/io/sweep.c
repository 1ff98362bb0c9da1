/*
 * sweep.c - the ax_sweep_ calls (axon.h, "Sweeps"): a loaded model file's
 * [sweep] table read back (load_sweep.c expanded it), which values and
 * seed each run takes, and the rebuild-free path that sets a run's values
 * on a network already built.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

static ax_status ok(ax_error *err)
{
    ax_error_ok(err);
    return AX_OK;
}

/* The table of m, or a failure naming the call. */
static ax_status sweep_of(const ax_modelfile *m, const char *caller, const ax_sweep_data **out, ax_error *err)
{
    if (!m)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "%s: the argument 'm' is NULL", caller);
    if (!m->sweep.present)
        return ax_error_fail(err, AX_ERR_NOT_FOUND, "%s: the model file %s has no [sweep] table", caller, m->file);
    *out = &m->sweep;
    return AX_OK;
}

static uint64_t combinations(const ax_sweep_data *s)
{
    uint64_t c = 1;
    for (size_t k = 0; k < s->n; k++)
        c *= s->params[k].n;
    return c;
}

ax_status ax_sweep_get_info(const ax_modelfile *m, ax_sweep_info *out, ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_get_info", &s, err);
    if (st)
        return st;
    if (!out)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_info: the argument 'out' is NULL");
    *out = (ax_sweep_info){.params = s->n, .combinations = combinations(s), .trials = s->trials, .runs = s->runs,
                           .seed = ax_network_get_seed(m->net), .rebuild_free = true,
                           .one_population = s->one_population};
    for (size_t k = 0; k < s->n; k++)
        out->rebuild_free = out->rebuild_free && s->params[k].settable;
    return ok(err);
}

ax_status ax_sweep_get_param(const ax_modelfile *m, size_t param, ax_sweep_param *out, ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_get_param", &s, err);
    if (st)
        return st;
    if (!out)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_param: the argument 'out' is NULL");
    if (param >= s->n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_param: param %zu is not allowed: the file sweeps %zu keys "
                                          "(0 .. %zu)",
                    param, s->n, s->n - 1);
    const ax_sweep_key *p = &s->params[param];
    *out = (ax_sweep_param){.key = p->key, .n_values = p->n, .rebuild_free = p->settable};
    return ok(err);
}

ax_status ax_sweep_get_value(const ax_modelfile *m, size_t param, size_t index, const char **text, double *number,
                             ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_get_value", &s, err);
    if (st)
        return st;
    if (param >= s->n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_value: param %zu is not allowed: the file sweeps %zu keys "
                                          "(0 .. %zu)",
                    param, s->n, s->n - 1);
    const ax_sweep_key *p = &s->params[param];
    if (index >= p->n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_value: index %zu is not allowed: %s has %zu values (0 .. %zu)",
                    index, p->key, p->n, p->n - 1);
    if (text)
        *text = p->texts[index];
    if (number)
        *number = p->numbers[index];
    return ok(err);
}

/* splitmix64 (Steele, Lea & Flood 2014): a bijection of 64-bit words that
 * mixes every bit of its input into every bit of its output. */
static uint64_t splitmix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

uint64_t ax_sweep_trial_seed(uint64_t seed, uint64_t trial)
{
    if (trial == 0)
        return seed;
    return splitmix64(seed + trial * 0x9E3779B97F4A7C15ull) >> 1;
}

ax_status ax_sweep_get_run(const ax_modelfile *m, uint64_t run, size_t *value_index, size_t n_params, uint64_t *trial,
                           uint64_t *seed, ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_get_run", &s, err);
    if (st)
        return st;
    if (run >= s->runs)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_run: run %llu is not allowed: the sweep has %llu runs "
                                          "(0 .. %llu)",
                    (unsigned long long)run, (unsigned long long)s->runs, (unsigned long long)(s->runs - 1));
    if (value_index && n_params < s->n)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_get_run: n_params %zu is not allowed: value_index needs room for "
                                          "the %zu swept keys",
                    n_params, s->n);
    uint64_t c = combinations(s), k = run / c, rest = run % c;
    for (size_t j = s->n; value_index && j-- > 0;) {
        value_index[j] = (size_t)(rest % s->params[j].n);
        rest /= s->params[j].n;
    }
    if (trial)
        *trial = k;
    if (seed)
        *seed = ax_sweep_trial_seed(ax_network_get_seed(m->net), k);
    return ok(err);
}

ax_status ax_sweep_apply(ax_modelfile *m, uint64_t run, ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_apply", &s, err);
    if (st)
        return st;
    if (run >= s->runs)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_apply: run %llu is not allowed: the sweep has %llu runs "
                                          "(0 .. %llu)",
                    (unsigned long long)run, (unsigned long long)s->runs, (unsigned long long)(s->runs - 1));
    for (size_t k = 0; k < s->n; k++)
        if (!s->params[k].settable)
            return ax_error_fail(err, AX_ERR_STATE, "ax_sweep_apply: %s cannot be set on a built network (only a population's "
                                           "parameters with numbers as values can): load the file with it instead",
                        s->params[k].key);
    size_t index[AX_SWEEP_MAX_KEYS];
    if ((st = ax_sweep_get_run(m, run, index, s->n, NULL, NULL, err)))
        return st;
    ax_network *net = m->net;
    if (ax_network_get_time(net) > 0 && (st = ax_network_reset(net)))
        return ax_error_fail(err, st, "ax_sweep_apply: %s", ax_network_get_error(net));
    for (size_t k = 0; k < s->n; k++) {
        const ax_sweep_key *p = &s->params[k];
        if ((st = ax_population_set_param(net, p->pop, p->param, ax_value_constant(p->numbers[index[k]]))))
            return ax_error_fail(err, st, "ax_sweep_apply: %s = %s: %s", p->key, p->texts[index[k]], ax_network_get_error(net));
    }
    return ok(err);
}

ax_status ax_sweep_apply_block(ax_modelfile *m, uint64_t first, uint64_t n_runs, ax_error *err)
{
    const ax_sweep_data *s = NULL;
    ax_status st = sweep_of(m, "ax_sweep_apply_block", &s, err);
    if (st)
        return st;
    if (!s->one_population)
        return ax_error_fail(err, AX_ERR_STATE, "ax_sweep_apply_block: the file is not one population of neurons that nothing "
                                        "connects or drives, with single values and only its parameters swept: run "
                                        "its runs one by one");
    uint64_t c = combinations(s);
    if (n_runs == 0 || first >= s->runs || n_runs > s->runs - first || first / c != (first + n_runs - 1) / c)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_apply_block: runs %llu .. %llu are not allowed: 1 or more runs of "
                                          "one trial, within 0 .. %llu (%llu combinations a trial)",
                    (unsigned long long)first, (unsigned long long)(first + n_runs - 1),
                    (unsigned long long)(s->runs - 1), (unsigned long long)c);
    ax_network *net = m->net;
    ax_population_info info;
    if ((st = ax_population_get_info(net, 0, &info)))
        return ax_error_fail(err, st, "ax_sweep_apply_block: %s", ax_network_get_error(net));
    if (info.size % n_runs != 0)
        return ax_error_fail(err, AX_ERR_ARGUMENT, "ax_sweep_apply_block: n_runs %llu is not allowed: population '%s' has %u "
                                          "neurons, not a multiple of it (load the file with its size times n_runs)",
                    (unsigned long long)n_runs, info.name, info.size);
    if (ax_network_get_time(net) > 0)
        return ax_error_fail(err, AX_ERR_STATE, "ax_sweep_apply_block: the network has run; load the file again");
    uint32_t block = (uint32_t)(info.size / n_runs);
    double *values = malloc(sizeof *values * (info.size ? info.size : 1));
    size_t index[AX_SWEEP_MAX_KEYS];
    if (!values)
        return ax_error_fail(err, AX_ERR_MEMORY, "ax_sweep_apply_block: out of memory (%u values)", info.size);
    for (size_t k = 0; k < s->n && !st; k++) {
        const ax_sweep_key *p = &s->params[k];
        for (uint64_t j = 0; j < n_runs; j++) {
            ax_sweep_get_run(m, first + j, index, AX_SWEEP_MAX_KEYS, NULL, NULL, NULL);
            for (uint32_t i = 0; i < block; i++)
                values[j * block + i] = p->numbers[index[k]];
        }
        if ((st = ax_population_set_param(net, p->pop, p->param, ax_value_array(values, info.size))))
            ax_error_fail(err, st, "ax_sweep_apply_block: %s: %s", p->key, ax_network_get_error(net));
    }
    free(values);
    return st ? st : ok(err);
}
