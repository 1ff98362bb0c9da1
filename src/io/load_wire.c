/*
 * load_wire.c - [[projections]] (with from_list files), [[inputs]] and
 * [[record]] of a model file.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

/* The entries of an array of tables, e.g. [[projections]]. */
static bool table_list(load_ctx *c, const toml_value *doc, const char *key, const toml_value ***items, size_t *n)
{
    const toml_entry *e = ax_toml_get_entry(doc, key);
    *items = NULL;
    *n = 0;
    if (!e)
        return true;
    if (e->value->type != TOML_ARRAY)
        return ax_load_fail(c, e->value->pos, key, "expected [[%s]] tables (an array of tables); got a %s", key,
                         ax_toml_type_name(e->value->type));
    for (size_t k = 0; k < e->value->u.array.n; k++)
        if (e->value->u.array.items[k]->type != TOML_TABLE)
            return ax_load_fail(c, e->value->u.array.items[k]->pos, key, "element %zu is a %s, not a table", k,
                             ax_toml_type_name(e->value->u.array.items[k]->type));
    *items = (const toml_value **)e->value->u.array.items;
    *n = e->value->u.array.n;
    return true;
}

/* receptor: given, or "excitatory" when the target model has it. */
static bool receptor_of(load_ctx *c, const toml_value *t, const char *path, ax_population target, const char **out)
{
    bool found;
    if (!ax_load_string(c, t, "receptor", path, out, &found))
        return false;
    if (found)
        return true;
    ax_population_info info;
    ax_population_get_info(c->net, target, &info);
    for (uint32_t r = 0; r < info.model->n_receptors; r++)
        if (strcmp(info.model->receptors[r].name, "excitatory") == 0) {
            *out = "excitatory";
            return true;
        }
    char list[300] = "", where[256];
    for (uint32_t r = 0; r < info.model->n_receptors; r++) {
        ax_append(list, sizeof list, r ? ", " : "");
        ax_append(list, sizeof list, info.model->receptors[r].name);
    }
    return ax_load_fail(c, t->pos, ax_load_path(where, sizeof where, path, "receptor"),
                     "this key is required: population '%s' (%s) has the receptors %s", info.name, info.model->name,
                     *list ? list : "(none: it is a spike source)");
}

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

static bool list_fail(load_ctx *c, const char *file, size_t line, const char *fmt, const char *detail)
{
    c->failed = true;
    c->err->status = AX_ERR_ARGUMENT;
    snprintf(c->err->message, sizeof c->err->message, "%.500s:%zu: %s%s", file, line, fmt, detail ? detail : "");
    return false;
}

/* Rows "source,target[,weight[,delay]]"; an optional header line, blank
 * lines and lines starting with # are skipped. */
static bool read_pairs(load_ctx *c, const char *path, uint32_t n_from, uint32_t n_to, pair_list *l, toml_pos pos,
                       const char *where)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return ax_load_fail(c, pos, where, "cannot open the connection list %s: %s", path, strerror(errno));
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    bool ok = true;
    l->cols = 0;
    while (ok && getline(&line, &cap, f) > 0) {
        lineno++;
        char *p = line;
        while (isspace((unsigned char)*p))
            p++;
        if (!*p || *p == '#')
            continue;
        double x[4];
        int n = 0;
        char *end = p;
        while (n < 5) {
            double v = strtod(p, &end);
            if (end == p)
                break;
            if (n < 4)
                x[n] = v;
            n++;
            while (*end == ' ' || *end == '\t')
                end++;
            if (*end != ',')
                break;
            p = end + 1;
        }
        while (isspace((unsigned char)*end))
            end++;
        if (n == 0 && l->n == 0 && l->cols == 0 && lineno == 1)
            continue;   /* a header */
        if (*end || n < 2 || n > 4) {
            ok = list_fail(c, path, lineno, "expected source,target[,weight[,delay]] (numbers)", NULL);
            break;
        }
        if (l->cols && n != l->cols) {
            char msg[64];
            snprintf(msg, sizeof msg, " (earlier rows have %d)", l->cols);
            ok = list_fail(c, path, lineno, "this row has a different number of columns", msg);
            break;
        }
        l->cols = n;
        if (x[0] < 0 || x[0] != floor(x[0]) || x[0] >= n_from || x[1] < 0 || x[1] != floor(x[1]) || x[1] >= n_to) {
            char msg[160];
            snprintf(msg, sizeof msg, ": sources are 0 .. %u and targets 0 .. %u", n_from - 1, n_to - 1);
            ok = list_fail(c, path, lineno, "the source or target index is not a neuron of its population", msg);
            break;
        }
        if (l->n == l->cap) {
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
            if (!s || !t || !w || !d) {
                ok = list_fail(c, path, lineno, "out of memory", NULL);
                break;
            }
            l->cap = nc;
        }
        l->src[l->n] = (uint32_t)x[0];
        l->tgt[l->n] = (uint32_t)x[1];
        l->w[l->n] = n > 2 ? x[2] : 0;
        l->d[l->n] = n > 3 ? x[3] : 0;
        l->n++;
    }
    free(line);
    if (ok && ferror(f))
        ok = list_fail(c, path, lineno, "read error", NULL);
    fclose(f);
    return ok;
}

/* ------------------------------------------------------------------ */
/* [[projections]]                                                      */
/* ------------------------------------------------------------------ */

static const char *const projection_keys[] = {"name", "from", "to", "connector", "receptor", "weight", "delay",
                                              "synapse", NULL};
static const char *const connector_keys[] = {"all_to_all", "one_to_one", "fixed_probability", "fixed_indegree",
                                             "fixed_outdegree", "fixed_total", "from_list", "allow_self",
                                             "allow_multiple", NULL};

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
                         "fixed_probability, fixed_indegree, fixed_outdegree, fixed_total, from_list");
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
    return true;
}

/* What `synapse` asks for. */
typedef struct synapse_spec {
    const char *kind;         /* static, gap, graded, plastic */
    double v_p, k_p;          /* graded */
    ax_plasticity rule;       /* plastic */
} synapse_spec;

/* synapse = "static" | "gap" | "graded" | "stdp" | "tsodyks_markram"
 *         | { graded = { v_p, k_p } } | { stdp = {...}, tsodyks_markram = {...} }. */
static bool load_synapse(load_ctx *c, const toml_value *t, const char *path, synapse_spec *out)
{
    static const char *const release_keys[] = {"v_p", "k_p", NULL};
    char where[256];
    const toml_entry *e = ax_toml_get_entry(t, "synapse");
    *out = (synapse_spec){"static", 2.0, 5.0, ax_plasticity_defaults()};
    if (!e)
        return true;
    ax_load_path(where, sizeof where, path, "synapse");
    if (e->value->type == TOML_TABLE) {
        const toml_value *g = ax_toml_get(e->value, "graded");
        if (!g) {
            out->kind = "plastic";
            return ax_load_plasticity(c, e->value, where, &out->rule);
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
    if (strcmp(s, "static") && strcmp(s, "gap") && strcmp(s, "graded"))
        return ax_load_fail(c, e->value->pos, where,
                         "unknown synapse type '%s'; allowed: static, gap, graded, stdp, tsodyks_markram, or a "
                         "table { stdp = {...}, tsodyks_markram = {...} } or { graded = {...} }", s);
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
        return ax_load_fail(c, t->pos, path, "out of memory");
    }
    mf->proj_names[mf->n_projs] = copy;
    mf->proj_handles[mf->n_projs] = handle;
    mf->proj_plastic[mf->n_projs++] = plastic;
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
    if (gap || graded) {
        /* no delay: they act every step */
        const toml_entry *d = ax_toml_get_entry(t, "delay");
        if (d)
            return ax_load_fail(c, d->value->pos, ax_load_path(where, sizeof where, path, "delay"),
                             "%s no delay: %s every step, from v at the step's start (weight = %s)",
                             gap ? "gap junctions have" : "graded release has",
                             gap ? "they couple v both ways" : "it releases transmitter",
                             gap ? "conductance, uS" : "fraction of T_max");
    }
    if (gap) {
        /* electrical synapses: weight = conductance, no receptor, no delay */
        const char *const not_for_gaps[] = {"receptor", "delay"};
        for (int k = 0; k < 2; k++)
            if (ax_toml_get_entry(t, not_for_gaps[k]))
                return ax_load_fail(c, ax_toml_get_entry(t, not_for_gaps[k])->value->pos,
                                 ax_load_path(where, sizeof where, path, not_for_gaps[k]),
                                 "gap junctions have no %s: they couple v both ways every step (weight = conductance, "
                                 "uS)", not_for_gaps[k]);
        receptor = NULL;
    } else if (!receptor_of(c, t, path, to, &receptor)) {
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
        ok = read_pairs(c, file, fi.size, ti.size, &list, list_pos, where);
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
    if (ok && (gap       ? ax_projection_add_gap(c->net, from, to, &conn, weight, &handle)
               : graded  ? ax_projection_add_graded(c->net, from, to, &conn, receptor, weight, syn.v_p, syn.k_p, &handle)
               : plastic ? ax_projection_add_plastic(c->net, from, to, &conn, receptor, weight, delay, &syn.rule, &handle)
                         : ax_projection_add(c->net, from, to, &conn, receptor, weight, delay, &handle)) != AX_OK) {
        /* place the message at the key it is about */
        const char *msg = ax_network_get_error(c->net);
        const char *key = strstr(msg, "delay") ? "delay" : strstr(msg, "weight") ? "weight"
                          : strstr(msg, "receptor") ? "receptor" : "connector";
        const toml_entry *e = ax_toml_get_entry(t, key);
        ok = ax_load_fail(c, e ? e->value->pos : t->pos, ax_load_path(where, sizeof where, path, key), "%s", msg);
    }
    free(w_owned);
    free(d_owned);
    pair_list_free(&list);
    return ok && note_projection(c, t, path, handle, plastic);
}

bool ax_load_projections(load_ctx *c, const toml_value *doc)
{
    const toml_value **items;
    size_t n;
    if (!table_list(c, doc, "projections", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_projection(c, items[k], k))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* [[inputs]]                                                           */
/* ------------------------------------------------------------------ */

static const char *const input_kinds[] = {"dc", "step", "ac", "noise", "poisson", NULL};
static const char *const keys_dc[] = {"kind", "target", "neurons", "start", "stop", "amplitude", NULL};
static const char *const keys_step[] = {"kind", "target", "neurons", "start", "stop", "times", "amplitudes", NULL};
static const char *const keys_ac[] = {"kind", "target", "neurons", "start", "stop", "amplitude", "frequency",
                                      "phase", "offset", NULL};
static const char *const keys_noise[] = {"kind", "target", "neurons", "start", "stop", "mean", "std", "interval",
                                         NULL};
static const char *const keys_poisson[] = {"kind", "target", "neurons", "start", "stop", "sources", "rate",
                                           "weight", "receptor", NULL};

static bool number_array(load_ctx *c, const toml_value *t, const char *key, const char *path, double **out,
                         size_t *n)
{
    const toml_entry *e = ax_toml_get_entry(t, key);
    char where[256];
    ax_load_path(where, sizeof where, path, key);
    if (!e)
        return ax_load_fail(c, t->pos, where, "this key is required");
    ax_value v;
    if (e->value->type != TOML_ARRAY)
        return ax_load_fail(c, e->value->pos, where, "expected an array of numbers; got a %s",
                         ax_toml_type_name(e->value->type));
    if (!ax_load_value(c, e->value, where, &v, out))
        return false;
    *n = v.n;
    return true;
}

static bool load_input(load_ctx *c, const toml_value *t, size_t index)
{
    char path[64], where[256];
    snprintf(path, sizeof path, "inputs[%zu]", index);
    const char *kind;
    if (!ax_load_string(c, t, "kind", path, &kind, NULL))
        return false;
    int k = -1;
    for (int i = 0; input_kinds[i]; i++)
        if (!strcmp(kind, input_kinds[i]))
            k = i;
    if (k < 0) {
        ax_suggest s;
        char hint[96];
        ax_suggest_init(&s, kind);
        for (int i = 0; input_kinds[i]; i++)
            ax_suggest_add(&s, input_kinds[i]);
        return ax_load_fail(c, ax_toml_get_entry(t, "kind")->value->pos, ax_load_path(where, sizeof where, path, "kind"),
                         "unknown kind '%s'%s; allowed: dc, step, ac, noise, poisson", kind,
                         ax_suggest_text(&s, hint, sizeof hint));
    }
    const char *const *keys[] = {keys_dc, keys_step, keys_ac, keys_noise, keys_poisson};
    if (!ax_load_check_keys(c, t, path, keys[k]))
        return false;
    ax_population target;
    if (!ax_load_population_ref(c, t, "target", path, &target))
        return false;
    ax_input_spec spec;
    memset(&spec, 0, sizeof spec);
    spec.kind = (ax_input_kind[]){AX_INPUT_DC, AX_INPUT_STEP, AX_INPUT_AC, AX_INPUT_NOISE, AX_INPUT_POISSON}[k];
    bool found;
    if (!ax_load_number(c, t, "start", path, &spec.start, &found) || !ax_load_number(c, t, "stop", path, &spec.stop, &found))
        return false;
    double *times = NULL, *amps = NULL;
    size_t nt = 0, na = 0;
    bool ok = true;
    switch (spec.kind) {
    case AX_INPUT_DC:
        ok = ax_load_number(c, t, "amplitude", path, &spec.amplitude, NULL);
        break;
    case AX_INPUT_STEP:
        ok = number_array(c, t, "times", path, &times, &nt) && number_array(c, t, "amplitudes", path, &amps, &na);
        if (ok && nt != na)
            ok = ax_load_fail(c, ax_toml_get_entry(t, "amplitudes")->value->pos,
                           ax_load_path(where, sizeof where, path, "amplitudes"),
                           "%zu amplitudes for %zu times; give one amplitude per time", na, nt);
        spec.times = times;
        spec.amplitudes = amps;
        spec.n_times = nt;
        break;
    case AX_INPUT_AC:
        ok = ax_load_number(c, t, "amplitude", path, &spec.amplitude, NULL) &&
             ax_load_number(c, t, "frequency", path, &spec.frequency, NULL) &&
             ax_load_number(c, t, "phase", path, &spec.phase, &found) &&
             ax_load_number(c, t, "offset", path, &spec.offset, &found);
        break;
    case AX_INPUT_NOISE:
        ok = ax_load_number(c, t, "mean", path, &spec.mean, &found) && ax_load_number(c, t, "std", path, &spec.std, NULL) &&
             ax_load_number(c, t, "interval", path, &spec.interval, &found);
        break;
    case AX_INPUT_POISSON:
        ok = ax_load_number(c, t, "sources", path, &spec.sources, NULL) &&
             ax_load_number(c, t, "rate", path, &spec.rate, NULL) && ax_load_number(c, t, "weight", path, &spec.weight, NULL) &&
             receptor_of(c, t, path, target, &spec.receptor);
        break;
    }
    ax_neurons sel = AX_ALL_NEURONS;
    uint32_t *owned = NULL;
    const toml_entry *ne = ax_toml_get_entry(t, "neurons");
    if (ok && ne)
        ok = ax_load_neurons(c, ne->value, ax_load_path(where, sizeof where, path, "neurons"), &sel, &owned);
    if (ok && ax_input_add(c->net, target, sel, &spec, NULL) != AX_OK)
        ok = ax_load_fail_api(c, t->pos, path);
    free(owned);
    free(times);
    free(amps);
    return ok;
}

bool ax_load_inputs(load_ctx *c, const toml_value *doc)
{
    const toml_value **items;
    size_t n;
    if (!table_list(c, doc, "inputs", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_input(c, items[k], k))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* [[record]]                                                           */
/* ------------------------------------------------------------------ */

static const char *const record_keys[] = {"population", "variables", "neurons", "interval", "format", "projection",
                                          NULL};
static const char *const weight_record_keys[] = {"projection", "weights", "interval", "at", "histogram", "final",
                                                 "format", NULL};

/* State variables are recorded for the first few neurons unless told
 * otherwise: every neuron of a large population at every step would fill
 * the disk. */
#define DEFAULT_TRACED 10

static bool add_output(load_ctx *c, toml_pos pos, const char *path, ax_recorder rec, const char *pop,
                       const char *var, bool npy)
{
    ax_modelfile *m = c->mf;
    char file[512], times[512];
    snprintf(file, sizeof file, "%s.%s.%s", pop, var ? var : "spikes", npy ? "npy" : "csv");
    snprintf(times, sizeof times, "%s.%s.times.npy", pop, var);
    for (size_t k = 0; k < m->n_outputs; k++)
        if (strcmp(m->outputs[k].file, file) == 0)
            return ax_load_fail(c, pos, path, "%s of population '%s' is recorded twice (the file %s)",
                             var ? var : "spikes", pop, file);
    ax_output *o = realloc(m->outputs, (m->n_outputs + 1) * sizeof *o);
    if (!o)
        return ax_load_fail(c, pos, path, "out of memory");
    m->outputs = o;
    o = &m->outputs[m->n_outputs];
    memset(o, 0, sizeof *o);
    o->rec = rec;
    o->spikes = var == NULL;
    o->kind = var ? AX_OUT_TRACE : AX_OUT_SPIKES;
    o->npy = npy;
    o->file = strdup(file);
    o->times_file = npy ? strdup(times) : NULL;
    m->n_outputs++;
    if (!o->file || (npy && !o->times_file))
        return ax_load_fail(c, pos, path, "out of memory");
    return true;
}

/* A weight output "<proj>.<what>.<ext>" (and its times file for NPY). */
static bool add_weight_output(load_ctx *c, toml_pos pos, const char *path, ax_output_kind kind, ax_recorder rec,
                              ax_projection proj, const char *name, const char *what, bool npy)
{
    ax_modelfile *m = c->mf;
    char file[512], times[512];
    snprintf(file, sizeof file, "%s.%s.%s", name, what, npy ? "npy" : "csv");
    snprintf(times, sizeof times, "%s.%s.times.npy", name, what);
    for (size_t k = 0; k < m->n_outputs; k++)
        if (strcmp(m->outputs[k].file, file) == 0)
            return ax_load_fail(c, pos, path, "projection '%s' is recorded twice this way (the file %s)", name, file);
    ax_output *o = realloc(m->outputs, (m->n_outputs + 1) * sizeof *o);
    if (!o)
        return ax_load_fail(c, pos, path, "out of memory");
    m->outputs = o;
    o = &m->outputs[m->n_outputs];
    memset(o, 0, sizeof *o);
    o->rec = rec;
    o->proj = proj;
    o->kind = kind;
    o->npy = npy;
    o->file = strdup(file);
    o->times_file = npy ? strdup(times) : NULL;
    m->n_outputs++;
    if (!o->file || (npy && !o->times_file))
        return ax_load_fail(c, pos, path, "out of memory");
    return true;
}

/* "all", a list of synapse positions or { first = N }; the list goes to *owned. */
static bool load_synapses(load_ctx *c, const toml_value *v, const char *path, ax_synapses *out, uint64_t **owned)
{
    *owned = NULL;
    if (v->type == TOML_STRING && strcmp(v->u.string.ptr, "all") == 0) {
        *out = AX_ALL_SYNAPSES;
        return true;
    }
    if (v->type == TOML_TABLE) {
        const toml_entry *e = v->u.table.n == 1 ? &v->u.table.entries[0] : NULL;
        if (!e || strcmp(e->key, "first") != 0 || e->value->type != TOML_INTEGER || e->value->u.integer < 1)
            return ax_load_fail(c, v->pos, path, "weights as a table must be { first = N } with N >= 1");
        *out = ax_synapses_first((size_t)e->value->u.integer);
        return true;
    }
    if (v->type == TOML_ARRAY) {
        size_t n = v->u.array.n;
        if (n == 0)
            return ax_load_fail(c, v->pos, path, "the list of synapses is empty");
        uint64_t *list = malloc(n * sizeof *list);
        if (!list)
            return ax_load_fail(c, v->pos, path, "out of memory");
        for (size_t k = 0; k < n; k++) {
            const toml_value *x = v->u.array.items[k];
            if (x->type != TOML_INTEGER || x->u.integer < 0) {
                free(list);
                return ax_load_fail(c, x->pos, path,
                                 "synapse indices are whole numbers >= 0, positions in the order of the "
                                 "projection's synapses (element %zu)", k);
            }
            list[k] = (uint64_t)x->u.integer;
        }
        *owned = list;
        *out = ax_synapses_list(list, n);
        return true;
    }
    return ax_load_fail(c, v->pos, path, "weights are \"all\", a list of synapse indices, or { first = N }; got a %s",
                     ax_toml_type_name(v->type));
}

/* Synapses whose weights are traced when `weights` is not given: every
 * synapse at every sample would fill the disk. */
#define DEFAULT_TRACED_SYNAPSES 10

/* { projection = "ff", weights = ..., interval = ... | at = [...], histogram = { bins, range }, final, format } */
static bool load_weight_record(load_ctx *c, const toml_value *t, const char *path)
{
    char where[256];
    if (!ax_load_check_keys(c, t, path, weight_record_keys))
        return false;
    ax_modelfile *mf = c->mf;
    const char *name, *format = "csv";
    double interval = 0;
    bool has_interval, has_format, final = false, has_final;
    if (!ax_load_string(c, t, "projection", path, &name, NULL) || !ax_load_string(c, t, "format", path, &format, &has_format) ||
        !ax_load_number(c, t, "interval", path, &interval, &has_interval) ||
        !ax_load_bool(c, t, "final", path, &final, &has_final))
        return false;
    const toml_value *pv = ax_toml_get_entry(t, "projection")->value;
    size_t j = 0;
    while (j < mf->n_projs && !(mf->proj_names[j] && strcmp(mf->proj_names[j], name) == 0))
        j++;
    if (j == mf->n_projs) {
        char list[512] = "";
        for (size_t k = 0; k < mf->n_projs; k++)
            if (mf->proj_names[k] && strlen(list) + strlen(mf->proj_names[k]) + 3 < sizeof list)
                snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", *list ? ", " : "",
                         mf->proj_names[k]);
        return ax_load_fail(c, pv->pos, ax_load_path(where, sizeof where, path, "projection"),
                         "no projection is named '%s' (give the projection a `name`)%s%s", name,
                         *list ? "; named: " : "", list);
    }
    if (!mf->proj_plastic[j])
        return ax_load_fail(c, pv->pos, ax_load_path(where, sizeof where, path, "projection"),
                         "projection '%s' is not plastic: its weights do not change", name);
    ax_projection proj = mf->proj_handles[j];
    if (strcmp(format, "csv") && strcmp(format, "npy"))
        return ax_load_fail(c, ax_toml_get_entry(t, "format")->value->pos, ax_load_path(where, sizeof where, path, "format"),
                         "unknown format '%s'; allowed: csv, npy", format);
    const toml_entry *ae = ax_toml_get_entry(t, "at"), *we = ax_toml_get_entry(t, "weights");
    const toml_entry *he = ax_toml_get_entry(t, "histogram");
    if (has_interval && ae)
        return ax_load_fail(c, ae->value->pos, ax_load_path(where, sizeof where, path, "at"),
                         "give either `interval` or `at`, not both");
    if (!has_interval && !ae) {
        if (!has_final || we || he)
            return ax_load_fail(c, t->pos, path,
                             "say when: `interval = MS` (a trace), `at = [MS, ...]` (snapshots) or `final = true` "
                             "(the weights at the end)");
    }
    ax_weight_spec spec = {.interval_ms = interval};
    uint64_t *owned = NULL;
    double *times = NULL;
    bool ok = true;
    if (he) {
        long long bins = 0;
        static const char *const hist_keys[] = {"bins", "range", NULL};
        ax_load_path(where, sizeof where, path, "histogram");
        if (he->value->type != TOML_TABLE)
            return ax_load_fail(c, he->value->pos, where, "expected a table such as { bins = 50 }");
        if (!ax_load_check_keys(c, he->value, where, hist_keys) || !ax_load_integer(c, he->value, "bins", where, &bins, NULL))
            return false;
        const toml_entry *re = ax_toml_get_entry(he->value, "range");
        if (bins < 1 || bins > 100000)
            return ax_load_fail(c, ax_toml_get_entry(he->value, "bins")->value->pos, where, "bins = %lld: 1 to 100000", bins);
        spec.bins = (uint32_t)bins;
        if (re) {
            const toml_value *r = re->value;
            if (r->type != TOML_ARRAY || r->u.array.n != 2 ||
                (r->u.array.items[0]->type != TOML_FLOAT && r->u.array.items[0]->type != TOML_INTEGER) ||
                (r->u.array.items[1]->type != TOML_FLOAT && r->u.array.items[1]->type != TOML_INTEGER))
                return ax_load_fail(c, r->pos, where, "range must be [low, high]");
            for (int k = 0; k < 2; k++) {
                const toml_value *x = r->u.array.items[k];
                double d = x->type == TOML_FLOAT ? x->u.number : (double)x->u.integer;
                *(k ? &spec.high : &spec.low) = d;
            }
            if (!(spec.low < spec.high))
                return ax_load_fail(c, r->pos, where, "range [%g, %g]: need low < high", spec.low, spec.high);
        }
    }
    if (we) {
        if (!load_synapses(c, we->value, ax_load_path(where, sizeof where, path, "weights"), &spec.synapses, &owned))
            return false;
    } else if (has_interval && !he) {
        spec.synapses = ax_synapses_first(DEFAULT_TRACED_SYNAPSES);
    }
    if (ae) {
        const toml_value *a = ae->value;
        ax_load_path(where, sizeof where, path, "at");
        if (a->type != TOML_ARRAY || a->u.array.n == 0)
            ok = ax_load_fail(c, a->pos, where, "expected a list of times in ms, such as [0.0, 1000.0]");
        if (ok && !(times = malloc(a->u.array.n * sizeof *times)))
            ok = ax_load_fail(c, a->pos, where, "out of memory");
        for (size_t k = 0; ok && k < a->u.array.n; k++) {
            const toml_value *x = a->u.array.items[k];
            if (x->type != TOML_FLOAT && x->type != TOML_INTEGER)
                ok = ax_load_fail(c, x->pos, where, "element %zu is a %s; times are numbers (ms)", k,
                               ax_toml_type_name(x->type));
            else
                times[k] = x->type == TOML_FLOAT ? x->u.number : (double)x->u.integer;
        }
        spec.times_ms = times;
        spec.n_times = ok ? a->u.array.n : 0;
    }
    if (ok && (has_interval || ae)) {
        ax_recorder rec;
        ax_status st = ax_recorder_add_weights(c->net, proj, &spec, &rec);
        if (st) {
            const char *msg = ax_network_get_error(c->net);
            const char *key = strstr(msg, "interval") ? "interval"
                              : strstr(msg, "time ") ? "at"
                              : strstr(msg, "synapse") ? "weights"
                              : strstr(msg, "histogram") ? "histogram"
                                                         : "projection";
            const toml_entry *e = ax_toml_get_entry(t, key);
            ok = ax_load_fail(c, e ? e->value->pos : t->pos, ax_load_path(where, sizeof where, path, key), "%s", msg);
        } else {
            bool npy = strcmp(format, "npy") == 0;
            if (he)
                ok = add_weight_output(c, t->pos, path, AX_OUT_WEIGHT_HIST, rec, proj, name, "weight_hist", false);
            else
                ok = add_weight_output(c, t->pos, path, AX_OUT_WEIGHTS, rec, proj, name,
                                       has_interval ? "weight_trace" : "weight_snapshots", npy);
        }
    }
    free(owned);
    free(times);
    if (ok && final)
        ok = add_weight_output(c, ax_toml_get_entry(t, "final")->value->pos, ax_load_path(where, sizeof where, path, "final"),
                               AX_OUT_SYNAPSES, 0, proj, name, "weights", false);
    return ok;
}

static bool load_record(load_ctx *c, const toml_value *t, size_t index)
{
    char path[64], where[256];
    snprintf(path, sizeof path, "record[%zu]", index);
    if (t->type == TOML_TABLE && ax_toml_get_entry(t, "projection"))
        return load_weight_record(c, t, path);
    if (!ax_load_check_keys(c, t, path, record_keys))
        return false;
    ax_population pop;
    if (!ax_load_population_ref(c, t, "population", path, &pop))
        return false;
    ax_population_info info;
    ax_population_get_info(c->net, pop, &info);
    const toml_entry *ve = ax_toml_get_entry(t, "variables");
    ax_load_path(where, sizeof where, path, "variables");
    if (!ve)
        return ax_load_fail(c, t->pos, where, "this key is required (e.g. [\"spikes\", \"v\"])");
    const toml_value *vars = ve->value;
    size_t nv = vars->type == TOML_ARRAY ? vars->u.array.n : 1;
    if (vars->type != TOML_ARRAY && vars->type != TOML_STRING)
        return ax_load_fail(c, vars->pos, where, "expected a list of names such as [\"spikes\", \"v\"]");
    const char *format = "csv";
    double interval = 0;
    bool found;
    if (!ax_load_string(c, t, "format", path, &format, &found) ||
        !ax_load_number(c, t, "interval", path, &interval, &found))
        return false;
    if (strcmp(format, "csv") && strcmp(format, "npy"))
        return ax_load_fail(c, ax_toml_get_entry(t, "format")->value->pos, ax_load_path(where, sizeof where, path, "format"),
                         "unknown format '%s'; allowed: csv, npy", format);
    const toml_entry *ne = ax_toml_get_entry(t, "neurons");
    for (size_t k = 0; k < nv; k++) {
        const toml_value *v = vars->type == TOML_ARRAY ? vars->u.array.items[k] : vars;
        ax_load_path(where, sizeof where, path, "variables");
        if (v->type != TOML_STRING)
            return ax_load_fail(c, v->pos, where, "element %zu is a %s; names are strings", k, ax_toml_type_name(v->type));
        const char *name = v->u.string.ptr;
        bool spikes = strcmp(name, "spikes") == 0;
        ax_neurons sel = spikes ? AX_ALL_NEURONS : ax_neurons_first(info.size < DEFAULT_TRACED ? info.size : DEFAULT_TRACED);
        uint32_t *owned = NULL;
        if (ne && !ax_load_neurons(c, ne->value, ax_load_path(where, sizeof where, path, "neurons"), &sel, &owned))
            return false;
        ax_recorder rec;
        ax_status st = spikes ? ax_recorder_add_spikes(c->net, pop, sel, &rec)
                              : ax_recorder_add_state(c->net, pop, name, sel, interval, &rec);
        free(owned);
        if (st) {
            const char *msg = ax_network_get_error(c->net);
            const char *key = strstr(msg, "interval") ? "interval" : strstr(msg, "neuron") ? "neurons" : "variables";
            const toml_entry *e = ax_toml_get_entry(t, key);
            return ax_load_fail(c, strcmp(key, "variables") == 0 ? v->pos : e ? e->value->pos : t->pos,
                             ax_load_path(where, sizeof where, path, key), "%s", msg);
        }
        if (!add_output(c, v->pos, ax_load_path(where, sizeof where, path, "variables"), rec, info.name,
                        spikes ? NULL : name, !spikes && strcmp(format, "npy") == 0))
            return false;
    }
    return true;
}

bool ax_load_records(load_ctx *c, const toml_value *doc)
{
    const toml_value **items;
    size_t n;
    if (!table_list(c, doc, "record", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_record(c, items[k], k))
            return false;
    return true;
}
