/*
 * warnings.c - the warnings that the declared network itself shows, before
 * anything runs (axon.h, "Warnings"; docs/warnings.md): weights against
 * their receptor's sign convention, drives above their model's
 * drive_limit, more threads than cores.  Each check reads the
 * descriptors' own hints (receptor flags, ax_model.drive_limit), so a new
 * model gets them by filling its tables, not by a case here.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <omp.h>

#include "core/values.h"
#include "core/warning.h"
#include "net/net.h"

/* ---- the sign of weights ---- */

/* "positive" or "negative": the sign of w when r's convention expects the
 * other one; NULL when w agrees with it (or r has none). */
static const char *sign_conflict(const ax_receptor_info *r, double w)
{
    if ((r->flags & AX_RECEPTOR_EXPECTS_NEGATIVE) && w > 0)
        return "positive";
    if ((r->flags & AX_RECEPTOR_EXPECTS_POSITIVE) && w < 0)
        return "negative";
    return NULL;
}

/* ", or connect to receptor 'excitatory', which takes positive weights, ...":
 * a receptor of the same model whose convention is the sign w has, if any. */
static void other_receptor(const ax_model *m, double w, char *buf, size_t len)
{
    unsigned want = w > 0 ? AX_RECEPTOR_EXPECTS_POSITIVE : AX_RECEPTOR_EXPECTS_NEGATIVE;
    buf[0] = '\0';
    for (uint32_t r = 0; r < m->n_receptors; r++)
        if (m->receptors[r].flags & want) {
            snprintf(buf, len, ", or connect to receptor '%s', which takes %s weights, if that is what is meant",
                     m->receptors[r].name, w > 0 ? "positive" : "negative");
            return;
        }
}

static void check_projection_sign(ax_network *net, const ax_projection_data *p)
{
    if (!ax_projection_spiking(p))
        return;   /* gap junctions and graded release have no sign convention */
    const ax_population_data *to = net->pops[p->to];
    const ax_receptor_info *r = &to->model->receptors[p->receptor];
    double w, lo, hi;
    char d[128], mean[64] = "", other[160];
    ax_projection_weights_now(p, &w, &lo, &hi, d, sizeof d);
    const char *sign = sign_conflict(r, w);
    if (!sign)
        return;
    if (p->weights_set || p->weight.kind != AX_VALUE_CONSTANT)
        snprintf(mean, sizeof mean, " (%g on average)", w);
    other_receptor(to->model, w, other, sizeof other);
    ax_warning x = ax_warning_of(AX_WARNING_WEIGHT_SIGN);
    x.projection = p->index;
    x.population = p->to;
    x.value = w;
    ax_warn(net, &x, 0,
            "projection %u (%s -> %s): weight %s%s%s%s is %s, but receptor '%s' of %s takes %s weights by "
            "convention, so these synapses act against what the receptor stands for; give the weight the other "
            "sign%s",
            p->index, net->pops[p->from]->name, to->name, d, *r->weight_unit ? " " : "", r->weight_unit, mean, sign,
            r->name, to->model->name,
            *sign == 'p' ? "negative" : "positive", other);
}

static void check_poisson_sign(ax_network *net, const ax_input_data *in)
{
    if (in->spec.kind != AX_INPUT_POISSON)
        return;
    const ax_population_data *to = net->pops[in->pop];
    const ax_receptor_info *r = &to->model->receptors[in->receptor];
    const char *sign = sign_conflict(r, in->spec.weight);
    if (!sign)
        return;
    char other[160];
    other_receptor(to->model, in->spec.weight, other, sizeof other);
    ax_warning x = ax_warning_of(AX_WARNING_WEIGHT_SIGN);
    x.input = in->index;
    x.population = in->pop;
    x.value = in->spec.weight;
    ax_warn(net, &x, 0,
            "input %u (poisson onto population '%s'): weight %g%s%s is %s, but receptor '%s' of %s takes %s weights "
            "by convention, so this drive acts against what the receptor stands for; give the weight the other "
            "sign%s",
            in->index, to->name, in->spec.weight, *r->weight_unit ? " " : "", r->weight_unit, sign, r->name,
            to->model->name,
            *sign == 'p' ? "negative" : "positive", other);
}

/* ---- the units of drives ---- */

static void check_param_drives(ax_network *net, const ax_population_data *p)
{
    const ax_model *m = p->model;
    if (!(m->drive_limit > 0))
        return;
    for (uint32_t k = 0; k < m->n_params; k++) {
        if (strcmp(m->params[k].unit, "nA") != 0)
            continue;
        uint32_t n = p->per_neuron[k] ? p->size : 1, worst = 0;
        for (uint32_t i = 1; i < n; i++)
            if (fabs(p->param[k][i]) > fabs(p->param[k][worst]))
                worst = i;
        double x = p->param[k][worst];
        if (!(fabs(x) > m->drive_limit))
            continue;
        char where[48] = "";
        if (p->per_neuron[k])
            snprintf(where, sizeof where, " (neuron %u, the largest)", worst);
        ax_warning w = ax_warning_of(AX_WARNING_DRIVE_UNITS);
        w.population = p->index;
        w.neuron = p->per_neuron[k] ? (int64_t)worst : -1;
        w.value = x;
        ax_warn(net, &w, k,
                "population '%s' (%s): %s = %g nA%s is beyond %g nA, where a drive of %s is almost surely written "
                "in another convention: %s",
                p->name, m->name, m->params[k].name, x, where, m->drive_limit, m->name,
                m->drive_hint ? m->drive_hint : "check its units");
    }
}

/* The largest current an input injects (nA, absolute), and how it was
 * given. */
static double input_peak(const ax_input_data *in, char *how, size_t len)
{
    const ax_input_spec *s = &in->spec;
    double peak = 0;
    switch (s->kind) {
    case AX_INPUT_DC:
        snprintf(how, len, "dc of %g nA", s->amplitude);
        return fabs(s->amplitude);
    case AX_INPUT_STEP:
        for (size_t k = 0; k < s->n_times; k++)
            if (fabs(in->amplitudes[k]) > peak)
                peak = fabs(in->amplitudes[k]);
        snprintf(how, len, "step amplitudes up to %g nA", peak);
        return peak;
    case AX_INPUT_AC:
        snprintf(how, len, "ac of offset %g nA and amplitude %g nA", s->offset, s->amplitude);
        return fabs(s->offset) + fabs(s->amplitude);
    case AX_INPUT_NOISE:
        snprintf(how, len, "noise of mean %g nA and std %g nA", s->mean, s->std);
        return fabs(s->mean) + s->std;
    case AX_INPUT_POISSON: break;
    }
    return 0;
}

static void check_input_drive(ax_network *net, const ax_input_data *in)
{
    const ax_population_data *p = net->pops[in->pop];
    const ax_model *m = p->model;
    char how[128] = "";
    double peak = input_peak(in, how, sizeof how);
    if (!(m->drive_limit > 0) || !(peak > m->drive_limit))
        return;
    ax_warning w = ax_warning_of(AX_WARNING_DRIVE_UNITS);
    w.input = in->index;
    w.population = p->index;
    w.value = peak;
    ax_warn(net, &w, 0,
            "input %u (onto population '%s' (%s)): a %s reaches %g nA, beyond %g nA, where a drive of %s is "
            "almost surely written in another convention: %s",
            in->index, p->name, m->name, how, peak, m->drive_limit, m->name,
            m->drive_hint ? m->drive_hint : "check its units");
}

/* ---- threads ---- */

static void check_threads(ax_network *net)
{
    /* the cores this process may run on: what threads = 0 uses */
    int cores = omp_get_num_procs();
    if (net->threads <= cores)
        return;
    ax_warning w = ax_warning_of(AX_WARNING_THREADS_OVER_CORES);
    w.value = net->threads;
    ax_warn(net, &w, 0,
            "the network runs %d threads on %d core%s: threads that share a core wait for each other at every "
            "window, so the run is slower than with %d; give threads = 0 (one per core) or at most %d",
            net->threads, cores, cores == 1 ? "" : "s", cores, cores);
}

void ax_warnings_check_declared(ax_network *net)
{
    for (uint32_t k = 0; k < net->n_projs; k++)
        check_projection_sign(net, net->projs[k]);
    for (uint32_t k = 0; k < net->n_inputs; k++) {
        check_poisson_sign(net, net->inputs[k]);
        check_input_drive(net, net->inputs[k]);
    }
    for (uint32_t k = 0; k < net->n_pops; k++)
        check_param_drives(net, net->pops[k]);
    check_threads(net);
}
