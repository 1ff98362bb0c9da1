/*
 * load_projections.c - [[projections]] of a model file: connectors (with
 * from_list files), synapse kinds (static, gap, averaged_gap, graded, plastic), weights
 * and delays, through the public API.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"
#include "io/table.h"

/* ------------------------------------------------------------------ */
/* from_list files                                                      */
/* ------------------------------------------------------------------ */

typedef struct pair_list {
    uint32_t *src, *tgt;
    double *w, *d;
    size_t n, cap;
    int cols;             /* 2, 3 (weight) or 4 (weight, delay) */
} pair_list;

static void pair_list_free(pair_list *l)
{
    free(l->src);
    free(l->tgt);
    free(l->w);
    free(l->d);
}

static bool grow(pair_list *l)
{
    size_t nc = l->cap ? 2 * l->cap : 1024;
    uint32_t *s = realloc(l->src, nc * sizeof *s);
    if (s)
        l->src = s;
    uint32_t *t = realloc(l->tgt, nc * sizeof *t);
    if (t)
        l->tgt = t;
    double *w = realloc(l->w, nc * sizeof *w);
    if (w)
        l->w = w;
    double *d = realloc(l->d, nc * sizeof *d);
    if (d)
        l->d = d;
    if (!s || !t || !w || !d)
        return false;
    l->cap = nc;
    return true;
}

/* Rows "source,target[,weight[,delay]]" (io/table.h: an optional header,
 * blank lines and # comments; every row as wide as the first). */
static bool read_pairs(load_ctx *c, const char *path, const ax_population_info *from, const ax_population_info *to,
                       pair_list *l, toml_pos pos, const char *where)
{
    ax_table t;
    char sources[200], targets[200];
    snprintf(sources, sizeof sources, "sources (neurons of '%.80s')", from->name);
    snprintf(targets, sizeof targets, "targets (neurons of '%.80s')", to->name);
    bool ok = ax_table_open(&t, path, AX_TABLE_MAX_BYTES, AX_TABLE_MAYBE_HEADER | AX_TABLE_COMMENTS) == AX_OK;
    l->cols = 0;
    int r = 0;
    while (ok && (r = ax_table_next(&t)) > 0) {
        if (!l->cols && (t.n_fields < 2 || t.n_fields > 4)) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "%zu fields; expected source,target[,weight[,delay]]",
                          t.n_fields);
            break;
        }
        l->cols = (int)t.n_fields;
        if (l->n == l->cap && !grow(l)) {
            ax_table_fail(&t, AX_ERR_MEMORY, SIZE_MAX, "out of memory");
            break;
        }
        double w = 0, d = 0;
        if (ax_table_index(&t, 0, from->size, sources, &l->src[l->n]) ||
            ax_table_index(&t, 1, to->size, targets, &l->tgt[l->n]) ||
            (l->cols > 2 && ax_table_number(&t, 2, &w)) || (l->cols > 3 && ax_table_number(&t, 3, &d)))
            break;
        l->w[l->n] = w;
        l->d[l->n] = d;
        l->n++;
    }
    if (t.status) {
        /* a file that cannot be opened is placed at from_list; what is wrong inside, in the file */
        if (t.failed_line == 0) {
            /* the file as a whole: "NAME: what"; the message names the list once */
            const char *what = t.message + strnlen(t.name, sizeof t.name) + 2;
            if (strncmp(what, "cannot open: ", 13) == 0)
                ok = ax_load_fail_as(c, t.status, pos, where, "cannot open the connection list %s: %s", t.name,
                                     what + 13);
            else
                ok = ax_load_fail_as(c, t.status, pos, where, "the connection list %s", t.message);
        } else {
            c->failed = true;
            c->err->status = t.status;
            snprintf(c->err->message, sizeof c->err->message, "%.600s (the connection list of %.100s, %.160s:%u:%u)",
                     t.message, where, c->file, pos.line, pos.col);
            ok = false;
        }
    }
    ax_table_close(&t);
    return ok && !t.status;
}

/* ------------------------------------------------------------------ */
/* [[projections]]                                                      */
/* ------------------------------------------------------------------ */

static const char *const projection_keys[] = {"name", "from", "to", "connector", "receptor", "weight", "delay",
                                              "synapse", "write_connections", "weights_from", NULL};
static const char *const connector_keys[] = {"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                             "fixed_outdegree", "fixed_total", "from_list", "distance",
                                             "allow_self", "allow_multiple", NULL};

/* distance = { radius, p | kernel + p0 + sigma/lambda | probability,
 *              shape, extent, periodic, in_degree } */
static bool load_distance(load_ctx *c, const toml_value *t, const char *path, ax_connector *out)
{
    static const char *const keys[] = {"radius", "p", "shape", "extent", "periodic", "kernel", "p0",
                                       "sigma", "lambda", "probability", "in_degree", NULL};
    char where[300];
    if (t->type != TOML_TABLE)
        return ax_load_fail(c, t->pos, path, "expected a table: distance = { radius = 3.0, p = 0.5 }");
    if (!ax_load_check_keys(c, t, path, keys))
        return false;
    *out = ax_connector_distance(0, 1.0);
    const char *shape = "disk", *kernel = NULL, *prob = NULL;
    bool found_r, found_p, found_p0, found_s, found_l, found;
    double radius = 0, p = 1.0, p0 = 1.0, sigma = 0, lambda = 0;
    bool f_shape, f_kernel, f_prob;
    if (!ax_load_string(c, t, "shape", path, &shape, &f_shape) ||
        !ax_load_string(c, t, "kernel", path, &kernel, &f_kernel) ||
        !ax_load_string(c, t, "probability", path, &prob, &f_prob) ||
        !ax_load_number(c, t, "radius", path, &radius, &found_r) || !ax_load_number(c, t, "p", path, &p, &found_p) ||
        !ax_load_number(c, t, "p0", path, &p0, &found_p0) || !ax_load_number(c, t, "sigma", path, &sigma, &found_s) ||
        !ax_load_number(c, t, "lambda", path, &lambda, &found_l) ||
        !ax_load_coords(c, t, "extent", path, 1, 3, out->extent, NULL, &found) ||
        !ax_load_coords(c, t, "periodic", path, 1, 3, out->periodic, NULL, &found))
        return false;
    (void)found;
    long long in_degree = 0;
    bool f_indeg;
    if (!ax_load_integer(c, t, "in_degree", path, &in_degree, &f_indeg))
        return false;
    if (f_indeg) {
        const toml_entry *ie = ax_toml_get_entry(t, "in_degree");
        if (in_degree < 0)
            return ax_load_fail(c, ie->value->pos, ax_load_path(where, sizeof where, path, "in_degree"),
                                "%lld is not allowed: must be >= 0", in_degree);
        if (found_p)
            return ax_load_fail(c, t->pos, path,
                                "p is a probability per candidate; with in_degree the kernel only weighs the "
                                "candidates: give kernel (with sigma or lambda) or probability, or neither "
                                "(uniform)");
        out->fixed_indegree = true;
        out->n = (uint64_t)in_degree;
    }
    if (!f_shape)
        shape = "disk";
    if (!f_kernel)
        kernel = NULL;
    if (!f_prob)
        prob = NULL;
    const toml_entry *se = ax_toml_get_entry(t, "shape");
    if (!strcmp(shape, "disk") || !strcmp(shape, "ball"))
        out->shape = AX_SHAPE_DISK;
    else if (!strcmp(shape, "box") || !strcmp(shape, "square"))
        out->shape = AX_SHAPE_BOX;
    else if (!strcmp(shape, "chebyshev"))
        out->shape = AX_SHAPE_CHEBYSHEV;
    else
        return ax_load_fail(c, se->value->pos, ax_load_path(where, sizeof where, path, "shape"),
                            "unknown shape '%s': disk (or ball), box (or square), chebyshev", shape);
    const toml_entry *ee = ax_toml_get_entry(t, "extent");
    if (out->shape == AX_SHAPE_BOX) {
        if (!ee && !found_r)
            return ax_load_fail(c, t->pos, path, "a box needs extent = [half-width x, y, z] (or radius for all axes)");
        if (ee && found_r)
            return ax_load_fail(c, ee->value->pos, ax_load_path(where, sizeof where, path, "extent"),
                                "give extent or radius, not both");
        if (!ee)
            out->extent[0] = out->extent[1] = out->extent[2] = radius;
    } else {
        if (ee)
            return ax_load_fail(c, ee->value->pos, ax_load_path(where, sizeof where, path, "extent"),
                                "extent is for shape = \"box\"; a %s has a radius", shape);
        if (!found_r)
            return ax_load_fail(c, t->pos, path, "'radius' is missing");
        out->radius = radius;
    }
    const toml_entry *ke = ax_toml_get_entry(t, "kernel");
    int rules = (kernel != NULL) + (prob != NULL) + found_p;
    if (rules > 1)
        return ax_load_fail(c, t->pos, path, "give one of p, kernel (with p0 and sigma or lambda) or probability");
    if (!kernel && (found_p0 || found_s || found_l))
        return ax_load_fail(c, t->pos, path, "p0, sigma and lambda belong to a kernel: kernel = \"gaussian\" "
                                             "(p0, sigma) or \"exponential\" (p0, lambda)");
    if (prob) {
        out->kernel = AX_KERNEL_EXPRESSION;
        out->probability = prob;
    } else if (kernel) {
        out->p = p0;
        if (!strcmp(kernel, "gaussian")) {
            if (!found_s || found_l)
                return ax_load_fail(c, ke->value->pos, ax_load_path(where, sizeof where, path, "kernel"),
                                    "a gaussian kernel takes sigma (and p0, default 1), not lambda");
            out->kernel = AX_KERNEL_GAUSSIAN;
            out->width = sigma;
        } else if (!strcmp(kernel, "exponential")) {
            if (!found_l || found_s)
                return ax_load_fail(c, ke->value->pos, ax_load_path(where, sizeof where, path, "kernel"),
                                    "an exponential kernel takes lambda (and p0, default 1), not sigma");
            out->kernel = AX_KERNEL_EXPONENTIAL;
            out->width = lambda;
        } else {
            return ax_load_fail(c, ke->value->pos, ax_load_path(where, sizeof where, path, "kernel"),
                                "unknown kernel '%s': gaussian, exponential (or probability = \"expression of d\")",
                                kernel);
        }
    } else {
        out->p = p;
    }
    return true;
}

static bool load_connector(load_ctx *c, const toml_value *ct, const char *path, ax_connector *out,
                           const char **list_file, toml_pos *list_pos)
{
    if (!ax_load_check_keys(c, ct, path, connector_keys))
        return false;
    const toml_entry *rule = NULL;
    for (size_t k = 0; k < ct->u.table.n; k++) {
        const toml_entry *e = &ct->u.table.entries[k];
        if (!strcmp(e->key, "allow_self") || !strcmp(e->key, "allow_multiple"))
            continue;
        if (rule)
            return ax_load_fail(c, e->pos, path, "a connector has one rule; both %s and %s are given", rule->key,
                             e->key);
        rule = e;
    }
    if (!rule)
        return ax_load_fail(c, ct->pos, path, "no connection rule given; one of all_to_all, one_to_one, "
                         "fixed_probability, fixed_indegree, fixed_outdegree, fixed_total, from_list, distance");
    char where[256];
    ax_load_path(where, sizeof where, path, rule->key);
    const char *k = rule->key;
    long long n = 0;
    double p = 0;
    *list_file = NULL;
    if (!strcmp(k, "all_to_all") || !strcmp(k, "one_to_one")) {
        bool yes;
        if (!ax_load_bool(c, ct, k, path, &yes, NULL))
            return false;
        if (!yes)
            return ax_load_fail(c, rule->value->pos, where, "write %s = true, or choose another rule", k);
        *out = !strcmp(k, "all_to_all") ? ax_connector_all_to_all() : ax_connector_one_to_one();
    } else if (!strcmp(k, "fixed_probability")) {
        if (!ax_load_number(c, ct, k, path, &p, NULL))
            return false;
        *out = ax_connector_fixed_probability(p);
    } else if (!strcmp(k, "from_list")) {
        if (!ax_load_string(c, ct, k, path, list_file, NULL))
            return false;
        *list_pos = rule->value->pos;
        *out = ax_connector_from_list(NULL, NULL, 0);
    } else if (!strcmp(k, "distance")) {
        if (!load_distance(c, rule->value, where, out))
            return false;
    } else {
        if (!ax_load_integer(c, ct, k, path, &n, NULL))
            return false;
        if (n < 0)
            return ax_load_fail(c, rule->value->pos, where, "%lld is not allowed: must be >= 0", n);
        *out = !strcmp(k, "fixed_indegree") ? ax_connector_fixed_indegree((uint64_t)n)
               : !strcmp(k, "fixed_outdegree") ? ax_connector_fixed_outdegree((uint64_t)n)
                                               : ax_connector_fixed_total((uint64_t)n);
    }
    bool found, flag;
    if (!ax_load_bool(c, ct, "allow_self", path, &flag, &found))
        return false;
    if (found)
        out->allow_self = flag;
    if (!ax_load_bool(c, ct, "allow_multiple", path, &flag, &found))
        return false;
    if (found)
        out->allow_multiple = flag;
    if (found && flag && out->kind == AX_CONNECTOR_DISTANCE && !out->fixed_indegree)
        return ax_load_fail(c, ct->pos, path,
                            "allow_multiple is for a distance connector with in_degree (each candidate "
                            "of a probability rule is connected at most once)");
    return true;
}

/* What `synapse` asks for. */
typedef struct synapse_spec {
    const char *kind;         /* static, gap, averaged_gap, graded, plastic */
    double v_p, k_p;          /* graded */
    ax_plasticity rule;       /* plastic */
    char rule_params[4096];   /* plastic, a rule written as equations: its params as text */
    bool has_kernel;          /* averaged_gap from a spike source: its kernel given */
    ax_spike_kernel kernel;
    ax_averaged_chemical chemical;   /* averaged_chemical */
    bool learns;              /* averaged_gap, averaged_chemical: stdp given */
    ax_averaged_stdp stdp;
} synapse_spec;

/* An averaged coupling's `stdp = true | false | { a_plus, a_minus, tau_plus, tau_minus }`
 * (the seed's lattice STDP, ax_projection_set_averaged_stdp). */
static bool load_averaged_stdp(load_ctx *c, const toml_value *g, const char *where, synapse_spec *out)
{
    static const char *const stdp_keys[] = {"a_plus", "a_minus", "tau_plus", "tau_minus", NULL};
    const toml_value *v = ax_toml_get(g, "stdp");
    out->stdp = ax_averaged_stdp_defaults();
    if (!v)
        return true;
    char sub[256];
    ax_load_path(sub, sizeof sub, where, "stdp");
    if (v->type == TOML_BOOL) {
        out->learns = v->u.boolean;
        return true;
    }
    if (v->type != TOML_TABLE)
        return ax_load_fail(c, v->pos, sub, "expected true, false or a table { a_plus, a_minus, tau_plus, tau_minus }, "
                            "got %s", ax_toml_type_name(v->type));
    bool given;
    out->learns = true;
    return ax_load_check_keys(c, v, sub, stdp_keys) && ax_load_number(c, v, "a_plus", sub, &out->stdp.a_plus, &given) &&
           ax_load_number(c, v, "a_minus", sub, &out->stdp.a_minus, &given) &&
           ax_load_number(c, v, "tau_plus", sub, &out->stdp.tau_plus, &given) &&
           ax_load_number(c, v, "tau_minus", sub, &out->stdp.tau_minus, &given);
}

/* { averaged_chemical = { transmitter = "AMPA" | "NMDA" | "GABA", t_max, clearance, g, e_rev, mg, stdp } }. */
static bool load_chemical(load_ctx *c, const toml_value *e, const char *where, synapse_spec *out)
{
    static const char *const chemical_keys[] = {"transmitter", "t_max", "clearance", "g", "e_rev", "mg", "stdp", NULL};
    static const char *const names[] = {"AMPA", "NMDA", "GABA"};
    char sub[256];
    const toml_value *g = ax_toml_get(e, "averaged_chemical");
    ax_load_path(sub, sizeof sub, where, "averaged_chemical");
    if (e->u.table.n != 1)
        return ax_load_fail(c, e->pos, where, "averaged chemical coupling has no other settings: { averaged_chemical "
                            "= { transmitter = \"AMPA\", g = 0.001, ... } }");
    if (g->type != TOML_TABLE)
        return ax_load_fail(c, g->pos, sub, "expected a table { transmitter, t_max, clearance, g, e_rev, mg }, got %s",
                            ax_toml_type_name(g->type));
    const char *name;
    bool given;
    if (!ax_load_check_keys(c, g, sub, chemical_keys) || !ax_load_string(c, g, "transmitter", sub, &name, NULL))
        return false;
    int x = 0;
    while (x < 3 && strcmp(name, names[x]))
        x++;
    if (x == 3)
        return ax_load_fail(c, ax_toml_get_entry(g, "transmitter")->value->pos, sub,
                            "transmitter '%s' is not one of AMPA, NMDA, GABA", name);
    ax_averaged_chemical *s = &out->chemical;
    *s = ax_averaged_chemical_defaults((ax_transmitter)x);
    out->kind = "averaged_chemical";
    return load_averaged_stdp(c, g, sub, out) && ax_load_number(c, g, "t_max", sub, &s->t_max, &given) &&
           ax_load_number(c, g, "clearance", sub, &s->clearance, &given) &&
           ax_load_number(c, g, "g", sub, &s->g, &given) && ax_load_number(c, g, "e_rev", sub, &s->e_rev, &given) &&
           ax_load_number(c, g, "mg", sub, &s->mg, &given);
}

/* { averaged_gap = { kernel = "delta_dirac" | "exponential", v_max, v_rest, decay, stdp } }. */
static bool load_kernel(load_ctx *c, const toml_value *e, const char *where, synapse_spec *out)
{
    static const char *const kernel_keys[] = {"kernel", "v_max", "v_rest", "decay", "stdp", NULL};
    char sub[256];
    const toml_value *g = ax_toml_get(e, "averaged_gap");
    ax_load_path(sub, sizeof sub, where, "averaged_gap");
    if (e->u.table.n != 1)
        return ax_load_fail(c, e->pos, where, "an averaged gap has no other settings: { averaged_gap = { kernel = "
                            "\"delta_dirac\", v_max = 30.0, v_rest = 0.0, decay = 10000.0 } }");
    if (g->type != TOML_TABLE)
        return ax_load_fail(c, g->pos, sub, "expected a table { kernel, v_max, v_rest, decay }, got %s",
                            ax_toml_type_name(g->type));
    const char *shape;
    bool found, given;
    out->kind = "averaged_gap";
    out->has_kernel = ax_toml_get(g, "kernel") || ax_toml_get(g, "v_max") || ax_toml_get(g, "v_rest") ||
                      ax_toml_get(g, "decay");   /* stdp alone is no kernel */
    out->kernel = ax_spike_kernel_defaults();
    if (!ax_load_check_keys(c, g, sub, kernel_keys) || !load_averaged_stdp(c, g, sub, out) ||
        !ax_load_string(c, g, "kernel", sub, &shape, &found) ||
        !ax_load_number(c, g, "v_max", sub, &out->kernel.v_max, &given) ||
        !ax_load_number(c, g, "v_rest", sub, &out->kernel.v_rest, &given) ||
        !ax_load_number(c, g, "decay", sub, &out->kernel.decay, &given))
        return false;
    if (found && strcmp(shape, "delta_dirac") == 0)
        out->kernel.shape = AX_SPIKE_KERNEL_DELTA_DIRAC;
    else if (found && strcmp(shape, "exponential") == 0)
        out->kernel.shape = AX_SPIKE_KERNEL_EXPONENTIAL;
    else if (found)
        return ax_load_fail(c, ax_toml_get_entry(g, "kernel")->value->pos, sub,
                            "kernel '%s' is not one of delta_dirac, exponential", shape);
    if (!(out->kernel.decay > 0.0))
        return ax_load_fail(c, ax_toml_get_entry(g, "decay")->value->pos, sub, "decay must be > 0, got %g",
                            out->kernel.decay);
    return true;
}

/* synapse = "static" | "gap" | "averaged_gap" | "graded" | "stdp" | "tsodyks_markram"
 *         | { graded = { v_p, k_p } } | { averaged_gap = {...} }
 *         | { stdp = {...}, tsodyks_markram = {...} }. */
static bool load_synapse(load_ctx *c, const toml_value *t, const char *path, synapse_spec *out)
{
    static const char *const release_keys[] = {"v_p", "k_p", NULL};
    char where[256];
    const toml_entry *e = ax_toml_get_entry(t, "synapse");
    *out = (synapse_spec){"static", 2.0, 5.0, ax_plasticity_defaults(), "", false, ax_spike_kernel_defaults(),
                          ax_averaged_chemical_defaults(AX_TRANSMITTER_AMPA), false, ax_averaged_stdp_defaults()};
    if (!e)
        return true;
    ax_load_path(where, sizeof where, path, "synapse");
    if (e->value->type == TOML_TABLE) {
        if (ax_toml_get(e->value, "averaged_gap"))
            return load_kernel(c, e->value, where, out);
        if (ax_toml_get(e->value, "averaged_chemical"))
            return load_chemical(c, e->value, where, out);
        const toml_value *g = ax_toml_get(e->value, "graded");
        if (!g) {
            out->kind = "plastic";
            return ax_load_plasticity(c, e->value, where, &out->rule, out->rule_params, sizeof out->rule_params);
        }
        if (e->value->u.table.n != 1)
            return ax_load_fail(c, e->value->pos, where,
                             "graded release has no other settings: { graded = { v_p = 2.0, k_p = 5.0 } }");
        char sub[256];
        ax_load_path(sub, sizeof sub, where, "graded");
        if (g->type != TOML_TABLE)
            return ax_load_fail(c, g->pos, sub, "expected a table { v_p = mV, k_p = mV }, got %s",
                             ax_toml_type_name(g->type));
        bool found;
        if (!ax_load_check_keys(c, g, sub, release_keys) || !ax_load_number(c, g, "v_p", sub, &out->v_p, &found) ||
            !ax_load_number(c, g, "k_p", sub, &out->k_p, &found))
            return false;
        if (!(out->k_p > 0.0))
            return ax_load_fail(c, ax_toml_get_entry(g, "k_p")->value->pos, sub, "k_p must be > 0 mV, got %g", out->k_p);
        out->kind = "graded";
        return true;
    }
    const char *s;
    bool found;
    if (!ax_load_string(c, t, "synapse", path, &s, &found))
        return false;
    if (strcmp(s, "stdp") == 0 || strcmp(s, "tsodyks_markram") == 0) {
        /* the defaults of one part */
        out->kind = "plastic";
        if (s[0] == 't')
            out->rule.timing = AX_STDP_NONE, out->rule.tsodyks_markram = true;
        return true;
    }
    if (strcmp(s, "static") && strcmp(s, "gap") && strcmp(s, "averaged_gap") && strcmp(s, "graded"))
        return ax_load_fail(c, e->value->pos, where,
                         "unknown synapse type '%s'; allowed: static, gap, averaged_gap, graded, stdp, "
                         "tsodyks_markram, or a table { stdp = {...}, tsodyks_markram = {...} }, { graded = {...} }, "
                         "{ averaged_gap = {...} } or { averaged_chemical = {...} }", s);
    out->kind = s;
    return true;
}

/* Remembers projection `index` of the file: its name, handle and kind. */
static bool note_projection(load_ctx *c, const toml_value *t, const char *path, ax_projection handle, bool plastic)
{
    ax_modelfile *mf = c->mf;
    const char *name;
    bool named;
    char where[256];
    if (!ax_load_string(c, t, "name", path, &name, &named))
        return false;
    for (size_t k = 0; named && k < mf->n_projs; k++)
        if (mf->proj_names[k] && strcmp(mf->proj_names[k], name) == 0)
            return ax_load_fail(c, ax_toml_get_entry(t, "name")->value->pos, ax_load_path(where, sizeof where, path, "name"),
                             "projections[%zu] has this name already", k);
    size_t n = mf->n_projs + 1;
    char **names = realloc(mf->proj_names, n * sizeof *names);
    if (names)
        mf->proj_names = names;
    ax_projection *handles = realloc(mf->proj_handles, n * sizeof *handles);
    if (handles)
        mf->proj_handles = handles;
    bool *kinds = realloc(mf->proj_plastic, n * sizeof *kinds);
    if (kinds)
        mf->proj_plastic = kinds;
    char *copy = named ? strdup(name) : NULL;
    if (!names || !handles || !kinds || (named && !copy)) {
        free(copy);
        return ax_load_fail_memory(c, t->pos, path);
    }
    mf->proj_names[mf->n_projs] = copy;
    mf->proj_handles[mf->n_projs] = handle;
    mf->proj_plastic[mf->n_projs++] = plastic;
    return true;
}

/* write_connections = true: the synapses to <name>.connections.csv (for
 * pictures of who connects to whom, `axon plot --connections`); a name is
 * needed for the file's name. */
static bool connections_output(load_ctx *c, const toml_value *t, const char *path, ax_projection handle)
{
    bool write = false, found;
    char where[256];
    if (!ax_load_bool(c, t, "write_connections", path, &write, &found))
        return false;
    if (!write)
        return true;
    const toml_entry *e = ax_toml_get_entry(t, "write_connections");
    const char *name = c->mf->proj_names[c->mf->n_projs - 1];
    if (!name)
        return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, "write_connections"),
                            "the file is named after the projection: give it a `name` (the file is then "
                            "<name>.connections.csv)");
    char file[512];
    snprintf(file, sizeof file, "%s.connections.csv", name);
    return ax_load_synapses_output(c, e->value->pos, ax_load_path(where, sizeof where, path, "write_connections"),
                                   handle, file);
}

/* `weights_from = "file"`: the file to import after the build (its format
 * from the extension, checked now; the file itself when it is read). */
static bool note_weights_from(load_ctx *c, const toml_value *t, const char *path, size_t index, ax_projection handle)
{
    const char *file;
    bool given;
    char where[256];
    ax_load_path(where, sizeof where, path, "weights_from");
    if (!ax_load_string(c, t, "weights_from", path, &file, &given))
        return false;
    if (!given)
        return true;
    toml_pos pos = ax_toml_get_entry(t, "weights_from")->value->pos;
    ax_graph_format format;
    ax_status st = ax_graph_format_from_path(c->net, file, &format);
    if (st)
        return ax_load_fail_api(c, st, pos, where);
    ax_modelfile *mf = c->mf;
    ax_weights_file *w = realloc(mf->weights, (mf->n_weights + 1) * sizeof *w);
    if (!w)
        return ax_load_fail_memory(c, pos, where);
    mf->weights = w;
    size_t len = strlen(c->dir) + strlen(file) + 2;
    char *full = malloc(len);
    if (!full)
        return ax_load_fail_memory(c, pos, where);
    if (file[0] == '/')
        snprintf(full, len, "%s", file);
    else
        snprintf(full, len, "%s/%s", c->dir, file);
    mf->weights[mf->n_weights++] = (ax_weights_file){handle, full, format, pos, index};
    return true;
}

static bool load_projection(load_ctx *c, const toml_value *t, size_t index)
{
    char path[64], where[256];
    snprintf(path, sizeof path, "projections[%zu]", index);
    if (!ax_load_check_keys(c, t, path, projection_keys))
        return false;
    ax_population from, to;
    const char *receptor, *list_file = NULL;
    synapse_spec syn;
    if (!ax_load_population_ref(c, t, "from", path, &from) || !ax_load_population_ref(c, t, "to", path, &to) ||
        !load_synapse(c, t, path, &syn))
        return false;
    const char *synapse = syn.kind;
    bool gap = strcmp(synapse, "gap") == 0, graded = strcmp(synapse, "graded") == 0;
    bool chemical = strcmp(synapse, "averaged_chemical") == 0;
    bool averaged = strcmp(synapse, "averaged_gap") == 0 || chemical;
    if (gap || graded || averaged) {
        /* no delay: they act every step */
        const toml_entry *d = ax_toml_get_entry(t, "delay");
        if (d)
            return ax_load_fail(c, d->value->pos, ax_load_path(where, sizeof where, path, "delay"),
                             "%s no delay: %s every step, from the state at the step's start (weight = %s)",
                             gap        ? "gap junctions have"
                             : chemical ? "averaged chemical coupling has"
                             : averaged ? "averaged gaps have"
                                        : "graded release has",
                             gap ? "they couple v both ways" : averaged ? "it couples" : "it releases transmitter",
                             gap        ? "conductance, uS"
                             : chemical ? "a signed scale of the transmitter"
                             : averaged ? "conductance, uS, signed"
                                        : "fraction of T_max");
    }
    if (gap || averaged) {
        /* electrical synapses: weight = conductance, no receptor */
        const toml_entry *r = ax_toml_get_entry(t, "receptor");
        if (r)
            return ax_load_fail(c, r->value->pos, ax_load_path(where, sizeof where, path, "receptor"),
                                "%s no receptor: they add a current to v every step (weight = conductance, uS)",
                                gap ? "gap junctions have" : chemical ? "averaged chemical coupling has" : "averaged gaps have");
        receptor = NULL;
    } else if (!ax_load_receptor(c, t, path, to, &receptor)) {
        return false;
    }
    const toml_value *ct;
    if (!ax_load_table(c, t, "connector", path, &ct, NULL))
        return false;
    ax_connector conn;
    toml_pos list_pos = {0, 0};
    if (!load_connector(c, ct, ax_load_path(where, sizeof where, path, "connector"), &conn, &list_file, &list_pos))
        return false;

    const toml_entry *we = ax_toml_get_entry(t, "weight"), *de = ax_toml_get_entry(t, "delay");
    ax_value weight = ax_value_constant(0), delay = ax_value_constant(ax_network_get_dt(c->net));
    double *w_owned = NULL, *d_owned = NULL;
    pair_list list = {0};
    bool ok = true;
    if (list_file) {
        char file[4096];
        if (list_file[0] == '/')
            snprintf(file, sizeof file, "%s", list_file);
        else
            snprintf(file, sizeof file, "%s/%s", c->dir, list_file);
        ax_population_info fi, ti;
        ax_population_get_info(c->net, from, &fi);
        ax_population_get_info(c->net, to, &ti);
        ax_load_path(where, sizeof where, path, "connector.from_list");
        ok = read_pairs(c, file, &fi, &ti, &list, list_pos, where);
        if (ok && list.cols >= 3 && we)
            ok = ax_load_fail(c, we->pos, ax_load_path(where, sizeof where, path, "weight"),
                           "the weights are given both here and in %s (column 3); keep one", list_file);
        if (ok && list.cols >= 4 && de)
            ok = ax_load_fail(c, de->pos, ax_load_path(where, sizeof where, path, "delay"),
                           "the delays are given both here and in %s (column 4); keep one", list_file);
        if (ok && list.cols >= 3)
            weight = ax_value_array(list.w, list.n);
        if (ok && list.cols >= 4)
            delay = ax_value_array(list.d, list.n);
        conn.sources = list.src;
        conn.targets = list.tgt;
        conn.n_pairs = list.n;
    }
    if (ok && !we && !(list_file && list.cols >= 3))
        ok = ax_load_fail(c, t->pos, ax_load_path(where, sizeof where, path, "weight"), "this key is required");
    if (ok && we)
        ok = ax_load_value(c, we->value, ax_load_path(where, sizeof where, path, "weight"), &weight, &w_owned);
    if (ok && de)
        ok = ax_load_value(c, de->value, ax_load_path(where, sizeof where, path, "delay"), &delay, &d_owned);
    bool plastic = strcmp(synapse, "plastic") == 0;
    ax_projection handle = 0;
    ax_status st = !ok      ? AX_OK
                   : gap     ? ax_projection_add_gap(c->net, from, to, &conn, weight, &handle)
                   : chemical ? ax_projection_add_averaged_chemical(c->net, from, to, &conn, weight, &syn.chemical, &handle)
                   : averaged ? ax_projection_add_averaged_gap(c->net, from, to, &conn, weight,
                                                               syn.has_kernel ? &syn.kernel : NULL, &handle)
                   : graded  ? ax_projection_add_graded(c->net, from, to, &conn, receptor, weight, syn.v_p, syn.k_p, &handle)
                   : plastic ? ax_projection_add_plastic(c->net, from, to, &conn, receptor, weight, delay, &syn.rule, &handle)
                             : ax_projection_add(c->net, from, to, &conn, receptor, weight, delay, &handle);
    if (!st && ok && syn.learns)
        st = ax_projection_set_averaged_stdp(c->net, handle, &syn.stdp);
    if (st && syn.learns && strstr(ax_network_get_error(c->net), "averaged stdp")) {
        ok = ax_load_fail_api(c, st, ax_toml_get_entry(t, "synapse")->value->pos,
                              ax_load_path(where, sizeof where, path, "synapse"));
        st = AX_OK;
    }
    if (st && plastic && syn.rule.timing == AX_STDP_EQUATIONS &&
        ax_load_rule_failure(c, st, ax_toml_get(t, "synapse"), ax_load_path(where, sizeof where, path, "synapse"))) {
        ok = false;
        st = AX_OK;
    }
    if (st) {
        /* place the message at the key it is about */
        const char *msg = ax_network_get_error(c->net);
        const char *key = strstr(msg, "delay") ? "delay" : strstr(msg, "weight") ? "weight"
                          : strstr(msg, "receptor") ? "receptor" : "connector";
        const toml_entry *e = ax_toml_get_entry(t, key);
        ok = ax_load_fail_api(c, st, e ? e->value->pos : t->pos, ax_load_path(where, sizeof where, path, key));
    }
    free(w_owned);
    free(d_owned);
    pair_list_free(&list);
    return ok && note_projection(c, t, path, handle, plastic || syn.learns) && connections_output(c, t, path, handle) &&
           note_weights_from(c, t, path, index, handle);
}

bool ax_load_projections(load_ctx *c, const toml_value *doc)
{
    const toml_value **items;
    size_t n;
    if (!ax_load_table_list(c, doc, "projections", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_projection(c, items[k], k))
            return false;
    return true;
}
