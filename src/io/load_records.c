/*
 * load_records.c - [[record]] of a model file: spike, state and weight
 * recorders, and the output files they are written to.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

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

/* Appends a file to write after the run: recorder rec's (CSV, or NPY
 * with its times file), or the final synapses of proj. */
static bool push_output(load_ctx *c, toml_pos pos, const char *path, ax_recorder rec, ax_projection proj,
                        bool synapses, const char *file, const char *times, bool npy)
{
    ax_modelfile *m = c->mf;
    ax_output *o = realloc(m->outputs, (m->n_outputs + 1) * sizeof *o);
    if (!o)
        return ax_load_fail_memory(c, pos, path);
    m->outputs = o;
    o = &m->outputs[m->n_outputs];
    memset(o, 0, sizeof *o);
    o->rec = rec;
    o->proj = proj;
    o->synapses = synapses;
    o->npy = npy;
    o->file = strdup(file);
    o->times_file = npy ? strdup(times) : NULL;
    m->n_outputs++;
    if (!o->file || (npy && !o->times_file))
        return ax_load_fail_memory(c, pos, path);
    return true;
}

/* The output "<pop>.<var or spikes>.<ext>" of a population's recorder. */
static bool add_output(load_ctx *c, toml_pos pos, const char *path, ax_recorder rec, const char *pop,
                       const char *var, bool npy)
{
    const ax_modelfile *m = c->mf;
    char file[512], times[512];
    snprintf(file, sizeof file, "%s.%s.%s", pop, var ? var : "spikes", npy ? "npy" : "csv");
    snprintf(times, sizeof times, "%s.%s.times.npy", pop, var);
    for (size_t k = 0; k < m->n_outputs; k++)
        if (strcmp(m->outputs[k].file, file) == 0)
            return ax_load_fail(c, pos, path, "%s of population '%s' is recorded twice (the file %s)",
                             var ? var : "spikes", pop, file);
    return push_output(c, pos, path, rec, 0, false, file, times, npy);
}

bool ax_load_record_output(load_ctx *c, toml_pos pos, const char *path, ax_recorder rec, const char *pop,
                           const char *what, bool npy)
{
    return add_output(c, pos, path, rec, pop, what, npy);
}

bool ax_load_positions_output(load_ctx *c, toml_pos pos, const char *path, ax_population pop, const char *file)
{
    if (!push_output(c, pos, path, 0, 0, false, file, NULL, false))
        return false;
    c->mf->outputs[c->mf->n_outputs - 1].positions = true;
    c->mf->outputs[c->mf->n_outputs - 1].pop = pop;
    return true;
}

bool ax_load_synapses_output(load_ctx *c, toml_pos pos, const char *path, ax_projection proj, const char *file)
{
    return push_output(c, pos, path, 0, proj, true, file, NULL, false);
}

/* A weight output "<proj>.<what>.<ext>" (and its times file for NPY); the
 * final synapses when `synapses`. */
static bool add_weight_output(load_ctx *c, toml_pos pos, const char *path, bool synapses, ax_recorder rec,
                              ax_projection proj, const char *name, const char *what, bool npy)
{
    const ax_modelfile *m = c->mf;
    char file[512], times[512];
    snprintf(file, sizeof file, "%s.%s.%s", name, what, npy ? "npy" : "csv");
    snprintf(times, sizeof times, "%s.%s.times.npy", name, what);
    for (size_t k = 0; k < m->n_outputs; k++)
        if (strcmp(m->outputs[k].file, file) == 0)
            return ax_load_fail(c, pos, path, "projection '%s' is recorded twice this way (the file %s)", name, file);
    return push_output(c, pos, path, rec, proj, synapses, file, times, npy);
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
            return ax_load_fail_memory(c, v->pos, path);
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
            ok = ax_load_fail_memory(c, a->pos, where);
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
            ok = ax_load_fail_api(c, st, e ? e->value->pos : t->pos, ax_load_path(where, sizeof where, path, key));
        } else {
            bool npy = strcmp(format, "npy") == 0;
            if (he)
                ok = add_weight_output(c, t->pos, path, false, rec, proj, name, "weight_hist", false);
            else
                ok = add_weight_output(c, t->pos, path, false, rec, proj, name,
                                       has_interval ? "weight_trace" : "weight_snapshots", npy);
        }
    }
    free(owned);
    free(times);
    if (ok && final)
        ok = add_weight_output(c, ax_toml_get_entry(t, "final")->value->pos, ax_load_path(where, sizeof where, path, "final"),
                               true, 0, proj, name, "weights", false);
    return ok;
}

static bool load_record(load_ctx *c, const toml_value *t, size_t index)
{
    char path[64], where[256];
    snprintf(path, sizeof path, "record[%zu]", index);
    if (t->type == TOML_TABLE && ax_toml_get_entry(t, "projection"))
        return load_weight_record(c, t, path);
    if (t->type == TOML_TABLE && ax_toml_get_entry(t, "signal"))
        return ax_load_signal_record(c, t, path);
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
            return ax_load_fail_api(c, st, strcmp(key, "variables") == 0 ? v->pos : e ? e->value->pos : t->pos,
                                    ax_load_path(where, sizeof where, path, key));
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
    if (!ax_load_table_list(c, doc, "record", &items, &n))
        return false;
    for (size_t k = 0; k < n; k++)
        if (!load_record(c, items[k], k))
            return false;
    return true;
}
