/*
 * load_fit.c - the [fit] table of a model file (docs/fitting.md, "Fits"):
 * which neuron is fitted (a population of the file), its free parameters
 * and bounds, the current-step protocols, the target (spike data files or a
 * reference model), the objective's terms and the optimiser.  Everything is
 * checked here, when the file is loaded, so that `axon check` and `axon fit`
 * refuse a bad table at its file:line:col before anything is simulated; the
 * data files are read here too (sorted, non-empty, one train per protocol).
 * ax_fit_get_table, at the end, hands the result to `axon fit`.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"
#include "io/table.h"

#define MAX_PROTOCOLS 256
#define MAX_FREE 64

/* Remembers a block for ax_fit_data_free; false (block freed) when out of memory. */
static bool keep(load_ctx *c, void *block, toml_pos pos)
{
    ax_fit_data *d = &c->mf->fit;
    if (!block)
        return ax_load_fail_memory(c, pos, "fit");
    void **k = realloc(d->owned, (d->n_owned + 1) * sizeof *k);
    if (!k) {
        free(block);
        return ax_load_fail_memory(c, pos, "fit");
    }
    d->owned = k;
    d->owned[d->n_owned++] = block;
    return true;
}

static void *alloc(load_ctx *c, size_t n, size_t size, toml_pos pos)
{
    void *p = calloc(n ? n : 1, size);
    return keep(c, p, pos) ? p : NULL;
}

static const char *copy(load_ctx *c, const char *s, toml_pos pos)
{
    char *p = strdup(s);
    return keep(c, p, pos) ? p : NULL;
}

void ax_fit_data_free(ax_fit_data *d)
{
    for (size_t k = 0; k < d->n_owned; k++)
        free(d->owned[k]);
    free(d->owned);
    free((void *)d->table.target_spikes.offsets);
    free((void *)d->table.target_spikes.times_ms);
    *d = (ax_fit_data){0};
}

/* Fails unless t is a table, naming path. */
static bool need_table(load_ctx *c, const toml_value *t, const char *path)
{
    return t->type == TOML_TABLE || ax_load_fail(c, t->pos, path, "must be a table, not %s %s",
                                                 t->type == TOML_ARRAY || t->type == TOML_INTEGER ? "an" : "a",
                                                 ax_toml_type_name(t->type));
}

/* The names in `list` (NULL-terminated) as "a, b, c". */
static void names(char *buf, size_t len, const char *const *list)
{
    buf[0] = '\0';
    for (const char *const *n = list; *n; n++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", n == list ? "" : ", ", *n);
}

/* The index of t[key] among `list`, or a failure naming the allowed ones. */
static bool choice(load_ctx *c, const toml_value *t, const char *key, const char *path, const char *const *list,
                   int *out, bool *found)
{
    const char *s = NULL;
    if (!ax_load_string(c, t, key, path, &s, found))
        return false;
    if (!s)
        return true;   /* absent, and optional */
    for (int k = 0; list[k]; k++)
        if (strcmp(s, list[k]) == 0) {
            *out = k;
            return true;
        }
    char all[256], where[256];
    names(all, sizeof all, list);
    return ax_load_fail(c, ax_toml_get(t, key)->pos, ax_load_path(where, sizeof where, path, key),
                        "unknown %s '%s'; allowed: %s", key, s, all);
}

/* The model's parameter list, for messages. */
static void model_params(const ax_model *m, char *buf, size_t len)
{
    buf[0] = '\0';
    for (uint32_t k = 0; k < m->n_params; k++)
        snprintf(buf + strlen(buf), len - strlen(buf), "%s%s", k ? ", " : "", m->params[k].name);
}

static int param_index(const ax_model *m, const char *name)
{
    for (uint32_t k = 0; k < m->n_params; k++)
        if (strcmp(m->params[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* The fitted neuron: the population, its model and its values. */
static bool load_neuron(load_ctx *c, const toml_value *fit, const toml_value *doc)
{
    ax_fit_table *t = &c->mf->fit.table;
    const char *pop_name = NULL;
    bool found;
    if (!ax_load_string(c, fit, "population", "fit", &pop_name, &found))
        return false;
    const toml_value *pops = ax_toml_get(doc, "populations");
    if (!found) {
        if (pops->u.table.n != 1)
            return ax_load_fail(c, fit->pos, "fit.population", "the file has %zu populations: say which one is "
                                "the fitted neuron", pops->u.table.n);
        pop_name = pops->u.table.entries[0].key;
    }
    ax_population pop;
    ax_population_info info;
    toml_pos pos = found ? ax_toml_get(fit, "population")->pos : fit->pos;
    if (ax_population_find(c->net, pop_name, &pop) != AX_OK)
        return ax_load_fail(c, pos, "fit.population", "no population '%s' in the file", pop_name);
    ax_population_get_info(c->net, pop, &info);
    const ax_model *m = ax_model_find(NULL, info.model->name);
    if (!m || m != info.model)
        return ax_load_fail(c, pos, "fit.population", "'%s' is a %s, which is not a built-in neuron model: a fit "
                            "runs built-in models only (axon models)", pop_name, info.model->name);
    if (m->flags & AX_MODEL_SPIKE_SOURCE)
        return ax_load_fail(c, pos, "fit.population", "'%s' is a spike source (%s): a fit needs a neuron model",
                            pop_name, m->name);
    if (info.size != 1)
        return ax_load_fail(c, pos, "fit.population", "'%s' has %u neurons: the fitted neuron is a population of "
                            "size 1", pop_name, info.size);
    if (!(t->population = copy(c, pop_name, pos)) || !(t->model = copy(c, m->name, pos)))
        return false;
    c->mf->fit.pop = pop;
    return true;
}

/* The evaluator's reserved free parameter (include/axon.h, "Whole
 * generations"): each candidate's factor on the protocols' currents. */
static const ax_param_info input_scale = {"input_scale", "", 1.0, 0.0, INFINITY, 0,
                                          "the factor of every protocol's current for this candidate"};

/* [fit.free]: NAME = { lo, hi, log }. */
static bool load_free(load_ctx *c, const toml_value *fit)
{
    ax_fit_table *t = &c->mf->fit.table;
    const toml_value *fr;
    if (!ax_load_table(c, fit, "free", "fit", &fr, NULL))
        return false;
    size_t n = fr->u.table.n;
    if (n == 0 || n > MAX_FREE)
        return ax_load_fail(c, fr->pos, "fit.free", "%zu free parameters: 1 .. %d are allowed", n, MAX_FREE);
    const ax_model *m = ax_model_find(NULL, t->model);
    const char **nm = alloc(c, n, sizeof *nm, fr->pos);
    double *lo = alloc(c, n, sizeof *lo, fr->pos), *hi = alloc(c, n, sizeof *hi, fr->pos);
    int *lg = alloc(c, n, sizeof *lg, fr->pos);
    if (!nm || !lo || !hi || !lg)
        return false;
    static const char *const keys[] = {"lo", "hi", "log", NULL};
    for (size_t k = 0; k < n; k++) {
        const toml_entry *e = &fr->u.table.entries[k];
        char path[256], list[2048];
        ax_load_path(path, sizeof path, "fit.free", e->key);
        bool scale = strcmp(e->key, input_scale.name) == 0;
        int idx = scale ? -1 : param_index(m, e->key);
        if (idx < 0 && !scale) {
            model_params(m, list, sizeof list);
            return ax_load_fail(c, e->pos, path, "%s has no parameter '%s'; its parameters: %s (and input_scale, "
                                "the factor of the protocols' currents)", m->name, e->key, list);
        }
        bool log = false, has_log;
        if (!need_table(c, e->value, path) || !ax_load_check_keys(c, e->value, path, keys) ||
            !ax_load_number(c, e->value, "lo", path, &lo[k], NULL) ||
            !ax_load_number(c, e->value, "hi", path, &hi[k], NULL) ||
            !ax_load_bool(c, e->value, "log", path, &log, &has_log))
            return false;
        if (!(lo[k] < hi[k]))
            return ax_load_fail(c, e->value->pos, path, "lo = %g, hi = %g: lo < hi is needed", lo[k], hi[k]);
        if (log && lo[k] <= 0)
            return ax_load_fail(c, e->value->pos, path, "log = true with lo = %g: a log-scaled range needs lo > 0",
                                lo[k]);
        const ax_param_info *p = scale ? &input_scale : &m->params[idx];
        if (lo[k] < p->min || hi[k] > p->max || ((p->flags & AX_PARAM_GT_MIN) && lo[k] == p->min) ||
            ((p->flags & AX_PARAM_LT_MAX) && hi[k] == p->max))
            return ax_load_fail(c, e->value->pos, path, "[%g, %g] leaves the range of %s's '%s' (%s%g, %g%s)",
                                lo[k], hi[k], m->name, e->key, (p->flags & AX_PARAM_GT_MIN) ? "(" : "[", p->min,
                                p->max, (p->flags & AX_PARAM_LT_MAX) ? ")" : "]");
        nm[k] = p->name;
        lg[k] = log;
    }
    t->free = nm, t->lower = lo, t->upper = hi, t->log_scale = lg, t->n_free = n;
    /* the base values: every other parameter, as the population has it */
    const char **bn = alloc(c, m->n_params, sizeof *bn, fr->pos);
    double *bv = alloc(c, m->n_params, sizeof *bv, fr->pos);
    if (!bn || !bv)
        return false;
    size_t nb = 0;
    for (uint32_t k = 0; k < m->n_params; k++) {
        bool is_free = false;
        for (size_t j = 0; j < n; j++)
            is_free = is_free || nm[j] == m->params[k].name;
        if (is_free)
            continue;
        if (ax_population_get_values(c->net, c->mf->fit.pop, m->params[k].name, &bv[nb], 1) != AX_OK)
            return ax_load_fail(c, fit->pos, "fit.population", "the value of '%s' cannot be read: %s",
                                m->params[k].name, ax_network_get_error(c->net));
        bn[nb++] = m->params[k].name;
    }
    t->base_names = bn, t->base_values = bv, t->n_base = nb;
    return true;
}

/* [[fit.protocols]]: current steps. */
static bool load_protocols(load_ctx *c, const toml_value *fit)
{
    ax_fit_table *t = &c->mf->fit.table;
    const toml_value *list = ax_toml_get(fit, "protocols");
    if (!list)
        return ax_load_fail(c, fit->pos, "fit.protocols", "missing: at least one [[fit.protocols]] (a current "
                            "step: amplitude, onset, duration, run)");
    if (list->type != TOML_ARRAY || list->u.array.n == 0 || list->u.array.n > MAX_PROTOCOLS)
        return ax_load_fail(c, list->pos, "fit.protocols", "must be an array of 1 .. %d tables ([[fit.protocols]])",
                            MAX_PROTOCOLS);
    size_t n = list->u.array.n;
    ax_fit_protocol *pr = alloc(c, n, sizeof *pr, list->pos);
    if (!pr)
        return false;
    static const char *const keys[] = {"amplitude", "onset", "duration", "run", NULL};
    for (size_t k = 0; k < n; k++) {
        const toml_value *v = list->u.array.items[k];
        char path[64];
        snprintf(path, sizeof path, "fit.protocols.%zu", k);
        bool has_onset, has_dur;
        pr[k].onset_ms = 0;
        if (!need_table(c, v, path) || !ax_load_check_keys(c, v, path, keys) ||
            !ax_load_number(c, v, "amplitude", path, &pr[k].amplitude_na, NULL) ||
            !ax_load_number(c, v, "run", path, &pr[k].run_ms, NULL) ||
            !ax_load_number(c, v, "onset", path, &pr[k].onset_ms, &has_onset) ||
            !ax_load_number(c, v, "duration", path, &pr[k].duration_ms, &has_dur))
            return false;
        if (!has_dur)
            pr[k].duration_ms = pr[k].run_ms - pr[k].onset_ms;
        double steps = pr[k].run_ms / t->dt_ms;
        if (!(pr[k].run_ms > 0) || fabs(steps - round(steps)) > 1e-9 * steps)
            return ax_load_fail(c, ax_toml_get(v, "run")->pos, path, "run = %g ms: must be > 0 and a multiple of "
                                "dt = %g ms", pr[k].run_ms, t->dt_ms);
        if (pr[k].onset_ms < 0 || pr[k].duration_ms < 0)
            return ax_load_fail(c, v->pos, path, "onset = %g, duration = %g: both must be >= 0", pr[k].onset_ms,
                                pr[k].duration_ms);
    }
    t->protocols = pr, t->n_protocols = n;
    return true;
}

/* The model file's folder joined to a relative path. */
static const char *data_path(load_ctx *c, const char *file, toml_pos pos)
{
    if (file[0] == '/')
        return copy(c, file, pos);
    size_t len = strlen(c->dir) + strlen(file) + 2;
    char *p = malloc(len);
    if (p)
        snprintf(p, len, "%s/%s", c->dir, file);
    return keep(c, p, pos) ? p : NULL;
}

/* The file names of a key that is a string or an array of n strings. */
static bool file_list(load_ctx *c, const toml_value *v, const char *path, size_t n, const char ***out, size_t *count)
{
    size_t k = v->type == TOML_ARRAY ? v->u.array.n : 1;
    if (v->type == TOML_ARRAY && k != n)
        return ax_load_fail(c, v->pos, path, "%zu files for %zu protocols: give one file per protocol, or one "
                            "file for all", k, n);
    const char **f = alloc(c, k, sizeof *f, v->pos);
    if (!f)
        return false;
    for (size_t j = 0; j < k; j++) {
        const toml_value *s = v->type == TOML_ARRAY ? v->u.array.items[j] : v;
        if (s->type != TOML_STRING)
            return ax_load_fail(c, s->pos, path, "a file name (string) or an array of them is needed, not %s",
                                ax_toml_type_name(s->type));
        if (!(f[j] = data_path(c, s->u.string.ptr, s->pos)))
            return false;
    }
    *out = f, *count = k;
    return true;
}

/* One spike file (axon's "time_ms,neuron"): its spikes into the trains
 * first .. first + n_ids - 1 (neuron id k to train first + k), sorted in
 * time per neuron, each within its protocol's run. */
typedef struct spike_list {
    double *t;
    uint32_t *train;
    size_t n, cap;
} spike_list;

static bool read_spikes(load_ctx *c, const char *file, toml_pos pos, const char *path, size_t first, size_t n_ids,
                        spike_list *s)
{
    const ax_fit_table *ft = &c->mf->fit.table;
    ax_table t;
    double *last = calloc(n_ids, sizeof *last);
    if (!last)
        return ax_load_fail_memory(c, pos, path);
    for (size_t k = 0; k < n_ids; k++)
        last[k] = -1;
    bool ok = ax_table_open(&t, file, AX_TABLE_MAX_BYTES, AX_TABLE_HEADER) == AX_OK;
    if (ok && (t.n_columns != 2 || strcmp(ax_table_column(&t, 0), "time_ms") || strcmp(ax_table_column(&t, 1),
                                                                                           "neuron")))
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "the header must be 'time_ms,neuron' (axon's spike files)"),
            ok = false;
    size_t rows = 0;
    int r = 0;
    while (ok && (r = ax_table_next(&t)) == 1) {
        double time;
        uint32_t id;
        if (ax_table_time(&t, 0, &time) || ax_table_index(&t, 1, n_ids, n_ids == 1 ? "the neuron of a file of one "
                                                          "protocol (0)" : "the protocols (one neuron each)", &id)) {
            ok = false;
            break;
        }
        if (time < last[id]) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "%g ms comes after %g ms for neuron %u: the spikes must be sorted "
                          "in time", time, last[id], id);
            ok = false;
            break;
        }
        double run = ft->protocols[first + id].run_ms;
        if (time > run) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "%g ms is after the end of protocol %zu's run (%g ms)", time,
                          first + id, run);
            ok = false;
            break;
        }
        last[id] = time;
        if (s->n == s->cap) {
            size_t cap = s->cap ? 2 * s->cap : 256;
            double *nt = realloc(s->t, cap * sizeof *nt);
            if (nt)
                s->t = nt;
            uint32_t *ni = nt ? realloc(s->train, cap * sizeof *ni) : NULL;
            if (ni)
                s->train = ni;
            if (!nt || !ni) {
                free(last);
                ax_table_close(&t);
                return ax_load_fail_memory(c, pos, path);
            }
            s->cap = cap;
        }
        s->t[s->n] = time;
        s->train[s->n++] = (uint32_t)(first + id);
        rows++;
    }
    if (ok && r == -1)
        ok = false;
    if (ok && rows == 0)
        ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "no spikes: the file is empty"), ok = false;
    free(last);
    if (!ok) {
        char msg[1200];
        snprintf(msg, sizeof msg, "%s", t.message);
        ax_status st = t.status == AX_ERR_MEMORY ? AX_ERR_MEMORY : AX_ERR_ARGUMENT;   /* memory is no mistake */
        ax_table_close(&t);
        return ax_load_fail_as(c, st, pos, path, "%s", msg);
    }
    ax_table_close(&t);
    return true;
}

/* spikes = FILE or [FILE per protocol] into table.target_spikes. */
static bool load_spike_data(load_ctx *c, const toml_value *v, const char *path)
{
    ax_fit_table *ft = &c->mf->fit.table;
    size_t P = ft->n_protocols, n_files;
    const char **files;
    if (!file_list(c, v, path, P, &files, &n_files))
        return false;
    spike_list s = {0};
    for (size_t f = 0; f < n_files; f++)
        if (!read_spikes(c, files[f], v->type == TOML_ARRAY ? v->u.array.items[f]->pos : v->pos, path,
                         n_files == 1 ? 0 : f, n_files == 1 ? P : 1, &s)) {
            free(s.t), free(s.train);
            return false;
        }
    size_t *off = calloc(P + 1, sizeof *off);
    double *times = malloc((s.n ? s.n : 1) * sizeof *times);
    if (!off || !times) {
        free(off), free(times), free(s.t), free(s.train);
        return ax_load_fail_memory(c, v->pos, path);
    }
    for (size_t k = 0; k < s.n; k++)
        off[s.train[k] + 1]++;
    for (size_t p = 0; p < P; p++)
        off[p + 1] += off[p];
    size_t *fill = calloc(P, sizeof *fill);
    if (!fill) {
        free(off), free(times), free(s.t), free(s.train);
        return ax_load_fail_memory(c, v->pos, path);
    }
    for (size_t k = 0; k < s.n; k++)   /* stable: each train keeps the file's (sorted) order */
        times[off[s.train[k]] + fill[s.train[k]]++] = s.t[k];
    free(fill), free(s.t), free(s.train);
    double longest = 0;
    for (size_t p = 0; p < P; p++)
        longest = fmax(longest, ft->protocols[p].run_ms);
    ft->target_spikes = (ax_spike_trains){P, off, times, 0, longest};
    return true;
}

/* voltage = [FILE per protocol]: axon's trace files (time_ms and one value column), sampled every dt from dt. */
static bool load_voltage(load_ctx *c, const toml_value *v, const char *path)
{
    ax_fit_table *ft = &c->mf->fit.table;
    size_t P = ft->n_protocols, n_files;
    const char **files;
    if (!file_list(c, v, path, P, &files, &n_files))
        return false;
    if (n_files != P)
        return ax_load_fail(c, v->pos, path, "one voltage file per protocol is needed (%zu protocols)", P);
    double **vs = alloc(c, P, sizeof *vs, v->pos);
    size_t *ns = alloc(c, P, sizeof *ns, v->pos);
    if (!vs || !ns)
        return false;
    double dt = 0;
    for (size_t p = 0; p < P; p++) {
        toml_pos pos = v->type == TOML_ARRAY ? v->u.array.items[p]->pos : v->pos;
        size_t n = (size_t)llround(ft->protocols[p].run_ms / ft->dt_ms);
        if (!(vs[p] = alloc(c, n, sizeof *vs[p], pos)))
            return false;
        ax_table t;
        bool ok = ax_table_open(&t, files[p], AX_TABLE_MAX_BYTES, AX_TABLE_HEADER) == AX_OK;
        if (ok && (t.n_columns != 2 || strcmp(ax_table_column(&t, 0), "time_ms")))
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "the header must be 'time_ms,<neuron>' (axon's trace file "
                          "of one neuron)"), ok = false;
        size_t k = 0;
        int r = 0;
        while (ok && (r = ax_table_next(&t)) == 1) {
            double time, value;
            if (ax_table_time(&t, 0, &time) || ax_table_number(&t, 1, &value)) {
                ok = false;
                break;
            }
            if (k == 0 && p == 0)
                dt = time;
            if (!(dt > 0) || fabs(time - (double)(k + 1) * dt) > 1e-9 * time || k >= n) {
                ax_table_fail(&t, AX_ERR_ARGUMENT, 0, "sample %zu at %g ms: the samples must be at dt, 2 dt, ... "
                              "(dt = %g ms, the first file's first time), within the run (%g ms)", k, time, dt,
                              ft->protocols[p].run_ms);
                ok = false;
                break;
            }
            vs[p][k++] = value;
        }
        if (ok && r == -1)
            ok = false;
        if (ok && k == 0)
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "no samples: the file is empty"), ok = false;
        if (!ok) {
            char msg[1200];
            snprintf(msg, sizeof msg, "%s", t.message);
            ax_status st = t.status == AX_ERR_MEMORY ? AX_ERR_MEMORY : AX_ERR_ARGUMENT;   /* memory is no mistake */
            ax_table_close(&t);
            return ax_load_fail_as(c, st, pos, path, "%s", msg);
        }
        ax_table_close(&t);
        double expected = floor(ft->protocols[p].run_ms / dt + 1e-9);
        if ((double)k != expected)
            return ax_load_fail(c, pos, path, "%s has %zu samples; a run of %g ms sampled every %g ms has %.0f",
                                files[p], k, ft->protocols[p].run_ms, dt, expected);
        ns[p] = k;
    }
    ft->target_v = (const double *const *)vs, ft->n_target_v = ns, ft->target_v_dt_ms = dt;
    return true;
}

/* [fit.target]: spike data (and voltage) files, or a reference model. */
static bool load_target(load_ctx *c, const toml_value *fit)
{
    ax_fit_table *ft = &c->mf->fit.table;
    const toml_value *tg;
    if (!ax_load_table(c, fit, "target", "fit", &tg, NULL))
        return false;
    static const char *const keys[] = {"spikes", "voltage", "model", "params", NULL};
    if (!ax_load_check_keys(c, tg, "fit.target", keys))
        return false;
    const toml_value *spikes = ax_toml_get(tg, "spikes"), *model = ax_toml_get(tg, "model");
    if (!spikes == !model)
        return ax_load_fail(c, tg->pos, "fit.target", "give either `spikes` (data files) or `model` (a reference "
                            "model simulated under the protocols)%s", spikes ? ", not both" : "");
    if (spikes) {
        const toml_value *v = ax_toml_get(tg, "voltage");
        if (ax_toml_get(tg, "params"))
            return ax_load_fail(c, ax_toml_get(tg, "params")->pos, "fit.target.params", "`params` goes with "
                                "`model`, not with spike data");
        ft->target = AX_FIT_TARGET_SPIKES;
        return load_spike_data(c, spikes, "fit.target.spikes") && (!v || load_voltage(c, v, "fit.target.voltage"));
    }
    if (ax_toml_get(tg, "voltage"))
        return ax_load_fail(c, ax_toml_get(tg, "voltage")->pos, "fit.target.voltage", "`voltage` goes with `spikes`:"
                            " a reference model's voltage is simulated");
    const char *name;
    if (!ax_load_string(c, tg, "model", "fit.target", &name, NULL))
        return false;
    const ax_model *m = ax_model_find(NULL, name);
    if (!m || (m->flags & AX_MODEL_SPIKE_SOURCE))
        return ax_load_fail(c, model->pos, "fit.target.model", "'%s' is not a built-in neuron model (axon models)",
                            name);
    ft->target = AX_FIT_TARGET_MODEL;
    if (!(ft->target_model = copy(c, m->name, model->pos)))
        return false;
    const toml_value *params = NULL;
    bool found;
    if (!ax_load_table(c, tg, "params", "fit.target", &params, &found))
        return false;
    size_t n = found ? params->u.table.n : 0;
    const char **nm = alloc(c, n, sizeof *nm, tg->pos);
    double *val = alloc(c, n, sizeof *val, tg->pos);
    if (!nm || !val)
        return false;
    for (size_t k = 0; k < n; k++) {
        const toml_entry *e = &params->u.table.entries[k];
        char path[256], list[2048];
        ax_load_path(path, sizeof path, "fit.target.params", e->key);
        int idx = param_index(m, e->key);
        if (idx < 0) {
            model_params(m, list, sizeof list);
            return ax_load_fail(c, e->pos, path, "%s has no parameter '%s'; its parameters: %s", m->name, e->key,
                                list);
        }
        if (!ax_load_number(c, params, e->key, "fit.target.params", &val[k], NULL))
            return false;
        const ax_param_info *p = &m->params[idx];
        if (val[k] < p->min || val[k] > p->max || ((p->flags & AX_PARAM_GT_MIN) && val[k] == p->min) ||
            ((p->flags & AX_PARAM_LT_MAX) && val[k] == p->max))
            return ax_load_fail(c, e->value->pos, path, "%g is outside the range of %s's '%s' (%s%g, %g%s)", val[k],
                                m->name, e->key, (p->flags & AX_PARAM_GT_MIN) ? "(" : "[", p->min, p->max,
                                (p->flags & AX_PARAM_LT_MAX) ? ")" : "]");
        nm[k] = p->name;
    }
    ft->target_names = nm, ft->target_values = val, ft->n_target = n;
    return true;
}

/* [[fit.objective]]: weighted terms, each applied to every protocol. */
static bool load_objective(load_ctx *c, const toml_value *fit)
{
    ax_fit_table *ft = &c->mf->fit.table;
    const toml_value *list = ax_toml_get(fit, "objective");
    if (!list)
        return ax_load_fail(c, fit->pos, "fit.objective", "missing: at least one [[fit.objective]] term (kind = "
                            "gamma, spike_distance, summary, trace or feature)");
    if (list->type != TOML_ARRAY || list->u.array.n == 0 || list->u.array.n > 64)
        return ax_load_fail(c, list->pos, "fit.objective", "must be an array of 1 .. 64 tables ([[fit.objective]])");
    size_t n = list->u.array.n;
    ax_fit_term *terms = alloc(c, n, sizeof *terms, list->pos);
    if (!terms)
        return false;
    static const char *const kinds[] = {"gamma", "spike_distance", "summary", "trace", "feature", NULL};
    static const ax_objective_kind kind_of[] = {AX_TERM_GAMMA, AX_TERM_SPIKE_DISTANCE, AX_TERM_SUMMARY,
                                                AX_TERM_TRACE, AX_TERM_FEATURE};
    static const char *const features[] = {"rate", "latency", "adaptation", "cv", NULL};
    static const char *const keys[] = {"kind", "weight", "delta", "skip_before", "skip_after", "feature", "scale",
                                       "absolute", "penalty", NULL};
    ft->needs = 0;
    for (size_t k = 0; k < n; k++) {
        const toml_value *v = list->u.array.items[k];
        char path[64];
        snprintf(path, sizeof path, "fit.objective.%zu", k);
        int kind = 0;
        bool has;
        ax_fit_term *t = &terms[k];
        *t = (ax_fit_term){.weight = 1, .delta_ms = 4};
        if (!need_table(c, v, path) || !ax_load_check_keys(c, v, path, keys) ||
            !choice(c, v, "kind", path, kinds, &kind, NULL) || !ax_load_number(c, v, "weight", path, &t->weight, &has))
            return false;
        t->kind = kind_of[kind];
        if (t->weight < 0)
            return ax_load_fail(c, ax_toml_get(v, "weight")->pos, path, "weight = %g: must be >= 0", t->weight);
        /* keys another kind reads are refused, so that a misplaced one is not silently ignored */
        static const char *const reads[][5] = {{"delta"}, {NULL}, {NULL}, {"skip_before", "skip_after"},
                                               {"feature", "scale", "absolute", "penalty"}};
        for (size_t j = 2; keys[j]; j++) {
            const toml_entry *e = ax_toml_get_entry(v, keys[j]);
            bool read = false;
            for (size_t r = 0; r < 4 && reads[kind][r]; r++)
                read = read || strcmp(reads[kind][r], keys[j]) == 0;
            if (e && !read) {
                char where[256];
                return ax_load_fail(c, e->pos, ax_load_path(where, sizeof where, path, keys[j]), "kind '%s' does "
                                    "not read '%s'", kinds[kind], keys[j]);
            }
        }
        if (t->kind == AX_TERM_GAMMA) {
            if (!ax_load_number(c, v, "delta", path, &t->delta_ms, &has))
                return false;
            if (!(t->delta_ms > 0))
                return ax_load_fail(c, ax_toml_get(v, "delta")->pos, path, "delta = %g ms: must be > 0", t->delta_ms);
        }
        if (t->kind == AX_TERM_TRACE) {
            if (!ax_load_number(c, v, "skip_before", path, &t->skip_before_ms, &has) ||
                !ax_load_number(c, v, "skip_after", path, &t->skip_after_ms, &has))
                return false;
            if (t->skip_before_ms < 0 || t->skip_after_ms < 0)
                return ax_load_fail(c, v->pos, path, "skip_before = %g, skip_after = %g ms: must be >= 0",
                                    t->skip_before_ms, t->skip_after_ms);
            if (ft->target == AX_FIT_TARGET_SPIKES && !ft->target_v)
                return ax_load_fail(c, ax_toml_get(v, "kind")->pos, path, "kind 'trace' needs the target's voltage, "
                                    "and the target is spike data only: add fit.target.voltage files (one per "
                                    "protocol), or use a spike objective (gamma, spike_distance, summary, feature)");
        }
        if (t->kind == AX_TERM_FEATURE) {
            int f = 0;
            t->feature.penalty = 250;
            if (!choice(c, v, "feature", path, features, &f, NULL) ||
                !ax_load_number(c, v, "scale", path, &t->feature.scale, NULL) ||
                !ax_load_bool(c, v, "absolute", path, &t->feature.absolute, &has) ||
                !ax_load_number(c, v, "penalty", path, &t->feature.penalty, &has))
                return false;
            t->feature.feature = (ax_feature)f;
            if (!(t->feature.scale > 0) || t->feature.penalty < 0)
                return ax_load_fail(c, v->pos, path, "scale = %g, penalty = %g: scale must be > 0, penalty >= 0",
                                    t->feature.scale, t->feature.penalty);
        }
        ft->needs |= t->kind == AX_TERM_TRACE ? AX_OBJECTIVE_NEEDS_VOLTAGE : AX_OBJECTIVE_NEEDS_SPIKES;
    }
    ft->terms = terms, ft->n_terms = n;
    return true;
}

/* [fit.optimizer]: the kind and its settings (ax_optimizer_options). */
static bool load_optimizer(load_ctx *c, const toml_value *fit)
{
    ax_fit_table *ft = &c->mf->fit.table;
    const toml_value *o = NULL;
    bool found, has_kind;
    if (!ax_load_table(c, fit, "optimizer", "fit", &o, &found))
        return false;
    static const char *const kinds[] = {"bit_ga", "real_ga", "de", "cma_es", NULL};
    static const ax_optimizer_kind kind_of[] = {AX_OPTIMIZER_BIT_GA, AX_OPTIMIZER_REAL_GA, AX_OPTIMIZER_DE,
                                                AX_OPTIMIZER_CMA_ES};
    static const char *const keys[] = {"kind", "population", "tournament", "r_cross", "r_mut", "elites", "n_bits",
                                       "eta_cross", "eta_mut", "F", "CR", "sigma0", NULL};
    int kind = 3;   /* CMA-ES */
    if (found && (!ax_load_check_keys(c, o, "fit.optimizer", keys) ||
                  !choice(c, o, "kind", "fit.optimizer", kinds, &kind, &has_kind)))
        return false;
    ax_optimizer_options *op = &ft->optimizer;
    ax_optimizer_defaults(kind_of[kind], op, NULL);
    if (found) {
        long long pop = 0, tour = op->tournament, elites = (long long)op->elites, bits = op->n_bits;
        bool h;
        if (!ax_load_integer(c, o, "population", "fit.optimizer", &pop, &h) ||
            !ax_load_integer(c, o, "tournament", "fit.optimizer", &tour, &h) ||
            !ax_load_integer(c, o, "elites", "fit.optimizer", &elites, &h) ||
            !ax_load_integer(c, o, "n_bits", "fit.optimizer", &bits, &h) ||
            !ax_load_number(c, o, "r_cross", "fit.optimizer", &op->r_cross, &h) ||
            !ax_load_number(c, o, "r_mut", "fit.optimizer", &op->r_mut, &h) ||
            !ax_load_number(c, o, "eta_cross", "fit.optimizer", &op->eta_cross, &h) ||
            !ax_load_number(c, o, "eta_mut", "fit.optimizer", &op->eta_mut, &h) ||
            !ax_load_number(c, o, "F", "fit.optimizer", &op->de_f, &h) ||
            !ax_load_number(c, o, "CR", "fit.optimizer", &op->de_cr, &h) ||
            !ax_load_number(c, o, "sigma0", "fit.optimizer", &op->sigma0, &h))
            return false;
        if (pop < 0 || tour < 0 || elites < 0 || bits < 0 || pop > 1000000 || tour > 1000000 || bits > 1000)
            return ax_load_fail(c, o->pos, "fit.optimizer", "population, tournament, elites and n_bits must be whole "
                                "numbers >= 0 (population <= 10^6)");
        op->pop_size = (size_t)pop, op->tournament = (unsigned)tour, op->elites = (size_t)elites;
        op->n_bits = (unsigned)bits;
    }
    op->n_params = ft->n_free, op->lower = ft->lower, op->upper = ft->upper, op->log_scale = ft->log_scale;
    return true;
}

bool ax_load_fit(load_ctx *c, const toml_value *doc)
{
    const toml_value *fit;
    bool found;
    if (!ax_load_table(c, doc, "fit", "", &fit, &found) || !found)
        return !c->failed;
    ax_fit_data *d = &c->mf->fit;
    ax_fit_table *ft = &d->table;
    d->present = true;
    static const char *const keys[] = {"population", "free", "protocols", "target", "objective", "optimizer",
                                       "budget", "seed", "threads", "stop_early", "chunk", "record", NULL};
    if (!ax_load_check_keys(c, fit, "fit", keys))
        return false;
    ft->dt_ms = ax_network_get_dt(c->net);
    long long budget = 0, seed = (long long)ax_network_get_seed(c->net), threads = 0;
    bool h;
    if (!load_neuron(c, fit, doc) || !load_free(c, fit) || !load_protocols(c, fit) || !load_target(c, fit) ||
        !load_objective(c, fit) || !load_optimizer(c, fit) ||
        !ax_load_integer(c, fit, "budget", "fit", &budget, NULL) ||
        !ax_load_integer(c, fit, "seed", "fit", &seed, &h) ||
        !ax_load_integer(c, fit, "threads", "fit", &threads, &h) ||
        !ax_load_bool(c, fit, "stop_early", "fit", &ft->stop_early, &h) ||
        !ax_load_number(c, fit, "chunk", "fit", &ft->chunk_ms, &h) ||
        !ax_load_number(c, fit, "record", "fit", &ft->record_ms, &h))
        return false;
    if (budget <= 0)
        return ax_load_fail(c, ax_toml_get(fit, "budget")->pos, "fit.budget", "%lld evaluations: the budget must be "
                            "> 0", budget);
    if (seed < 0)
        return ax_load_fail(c, ax_toml_get(fit, "seed")->pos, "fit.seed", "%lld: must be >= 0", seed);
    if (threads < 0 || threads > 4096)
        return ax_load_fail(c, ax_toml_get(fit, "threads")->pos, "fit.threads", "%lld: 0 (all cores) .. 4096",
                            threads);
    ft->optimizer.budget = (uint64_t)budget, ft->optimizer.seed = (uint64_t)seed, ft->threads = (int)threads;
    if (!ax_toml_get(fit, "chunk"))   /* about 10 ms, on the dt grid */
        ft->chunk_ms = ft->stop_early ? ft->dt_ms * fmax(1, round(10 / ft->dt_ms)) : 0;
    double chunk_steps = ft->chunk_ms / ft->dt_ms;
    if (ft->chunk_ms < 0 || fabs(chunk_steps - round(chunk_steps)) > 1e-9 * chunk_steps)
        return ax_load_fail(c, ax_toml_get(fit, "chunk")->pos, "fit.chunk", "%g ms: must be >= 0 and a multiple of "
                            "dt = %g ms", ft->chunk_ms, ft->dt_ms);
    if (!ax_toml_get(fit, "record"))
        ft->record_ms = ft->target_v ? ft->target_v_dt_ms : ft->dt_ms;
    double rec_steps = ft->record_ms / ft->dt_ms;
    if (!(ft->record_ms > 0) || fabs(rec_steps - round(rec_steps)) > 1e-9 * rec_steps)
        return ax_load_fail(c, ax_toml_get(fit, "record")->pos, "fit.record", "%g ms: must be > 0 and a multiple of "
                            "dt = %g ms", ft->record_ms, ft->dt_ms);
    if (ft->target_v && fabs(ft->record_ms - ft->target_v_dt_ms) > 1e-12 * ft->record_ms)
        return ax_load_fail(c, fit->pos, "fit.record", "%g ms, but the voltage files are sampled every %g ms: they "
                            "must agree", ft->record_ms, ft->target_v_dt_ms);
    /* the optimiser's own checks (population sizes, probabilities, ...), at the table */
    ax_optimizer *opt = NULL;
    ax_error e;
    ax_optimizer_options probe = ft->optimizer;
    probe.budget = 1;
    if (ax_optimizer_create(&probe, &opt, &e) != AX_OK)
        return ax_load_fail_as(c, e.status, ax_toml_get(fit, "optimizer") ? ax_toml_get(fit, "optimizer")->pos :
                               fit->pos, "fit.optimizer", "%s", e.message);
    ax_optimizer_free(opt);
    return true;
}

ax_status ax_fit_get_table(const ax_modelfile *m, const ax_fit_table **out, ax_error *err)
{
    if (!m)
        return ax_error_null(err, "ax_fit_get_table", "m");
    if (!out)
        return ax_error_null(err, "ax_fit_get_table", "out");
    if (!m->fit.present)
        return ax_error_fail(err, AX_ERR_NOT_FOUND, "ax_fit_get_table: the model file %s has no [fit] table",
                             m->file);
    *out = &m->fit.table;
    ax_error_ok(err);
    return AX_OK;
}
