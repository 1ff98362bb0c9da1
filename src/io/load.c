/*
 * load.c - reading a model file (docs/model-file.md): the document, command-
 * line overrides, [simulation] and [populations]; the wiring sections are
 * in load_wire.c.  The result is a declared network plus what to run and
 * write.
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
/* Overrides: "key.path=value"                                          */
/* ------------------------------------------------------------------ */

/* The value text as TOML, or as a plain string when it is not TOML. */
static toml_value *override_value(load_ctx *c, const char *path, const char *text)
{
    size_t n = strlen(text);
    char *doc = malloc(n + 8);
    if (!doc) {
        ax_load_fail_memory(c, (toml_pos){0, 0}, path);
        return NULL;
    }
    snprintf(doc, n + 8, "v = %s\n", text);
    toml_error err;
    toml_value *parsed = ax_toml_parse(doc, strlen(doc), &err);
    free(doc);
    toml_value *v = parsed ? ax_toml_take(parsed, "v") : NULL;
    ax_toml_free(parsed);
    if (v)
        return v;
    if (!parsed && err.out_of_memory) {   /* not a sign that the text is no TOML */
        ax_load_fail_memory(c, (toml_pos){0, 0}, path);
        return NULL;
    }
    if (strchr("[{\"'", text[0]) && text[0]) {
        ax_load_fail(c, (toml_pos){0, 0}, path, "'%s' is not a TOML value: %s", text, err.message);
        return NULL;
    }
    v = ax_toml_new_table((toml_pos){0, 0});   /* reuse as a string holder */
    if (!v) {
        ax_load_fail_memory(c, (toml_pos){0, 0}, path);
        return NULL;
    }
    v->type = TOML_STRING;
    v->u.string.ptr = strdup(text);
    v->u.string.len = n;
    if (!v->u.string.ptr) {
        free(v);
        ax_load_fail_memory(c, (toml_pos){0, 0}, path);
        return NULL;
    }
    return v;
}

static bool apply_override(load_ctx *c, toml_value *doc, const char *text)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text)
        return ax_load_fail(c, (toml_pos){0, 0}, text, "an override is key.path=value");
    char path[256];
    if ((size_t)(eq - text) >= sizeof path)
        return ax_load_fail(c, (toml_pos){0, 0}, text, "the key path is too long");
    memcpy(path, text, (size_t)(eq - text));
    path[eq - text] = '\0';
    toml_value *v = override_value(c, path, eq + 1);
    if (!v)
        return false;
    ax_toml_set_pos(v, (toml_pos){0, 0});
    /* walk the parts; numbers index arrays of tables */
    toml_value *t = doc;
    char parts[256];
    snprintf(parts, sizeof parts, "%s", path);
    char *save = NULL, *part = strtok_r(parts, ".", &save);
    while (part) {
        char *next = strtok_r(NULL, ".", &save);
        if (!next)
            break;
        toml_value *child = (toml_value *)ax_toml_get(t, part);
        if (t->type == TOML_ARRAY) {
            char *end;
            long idx = strtol(part, &end, 10);
            if (*end || idx < 0 || (size_t)idx >= t->u.array.n) {
                ax_toml_free(v);
                return ax_load_fail(c, (toml_pos){0, 0}, path, "'%s' is not an index of the array (0 .. %zu)", part,
                                 t->u.array.n ? t->u.array.n - 1 : 0);
            }
            child = t->u.array.items[idx];
        } else if (!child) {
            child = ax_toml_new_table((toml_pos){0, 0});
            if (!child || !ax_toml_set(t, part, child, (toml_pos){0, 0})) {
                ax_toml_free(v);
                return ax_load_fail_memory(c, (toml_pos){0, 0}, path);
            }
        }
        if (child->type != TOML_TABLE && child->type != TOML_ARRAY) {
            ax_toml_free(v);
            return ax_load_fail(c, (toml_pos){0, 0}, path, "'%s' is a %s in the file, not a table", part,
                             ax_toml_type_name(child->type));
        }
        t = child;
        part = next;
    }
    if (!part || t->type != TOML_TABLE) {
        ax_toml_free(v);
        return ax_load_fail(c, (toml_pos){0, 0}, path, "the path must end with a key of a table");
    }
    if (!ax_toml_set(t, part, v, (toml_pos){0, 0}))
        return ax_load_fail_memory(c, (toml_pos){0, 0}, path);
    return true;
}

/* ------------------------------------------------------------------ */
/* [simulation]                                                        */
/* ------------------------------------------------------------------ */

static const char *const simulation_keys[] = {"dt", "duration", "seed", "threads", "output", "silence_warnings", NULL};

static bool load_simulation(load_ctx *c, const toml_value *doc, const char *default_name)
{
    const toml_value *sim = NULL;
    bool found;
    if (!ax_load_table(c, doc, "simulation", "", &sim, &found))
        return false;
    toml_value empty = {.type = TOML_TABLE, .pos = {1, 1}};
    if (!found)
        sim = &empty;
    if (!ax_load_check_keys(c, sim, "simulation", simulation_keys))
        return false;
    double dt = 0.1, duration = NAN;
    long long seed = 1, threads = 0;
    const char *output = NULL;
    bool has, has_duration;
    if (!ax_load_number(c, sim, "dt", "simulation", &dt, &has) ||
        !ax_load_number(c, sim, "duration", "simulation", &duration, &has_duration) ||
        !ax_load_integer(c, sim, "seed", "simulation", &seed, &has) ||
        !ax_load_integer(c, sim, "threads", "simulation", &threads, &has) ||
        !ax_load_string(c, sim, "output", "simulation", &output, &has))
        return false;
    const toml_entry *e;
    if (!(dt > 0 && dt <= 10) && (e = ax_toml_get_entry(sim, "dt")))
        return ax_load_fail(c, e->value->pos, "simulation.dt", "%g ms is not allowed: must be > 0 and <= 10 ms", dt);
    if (seed < 0 && (e = ax_toml_get_entry(sim, "seed")))
        return ax_load_fail(c, e->value->pos, "simulation.seed", "%lld is not allowed: must be >= 0", seed);
    if ((threads < 0 || threads > 1024) && (e = ax_toml_get_entry(sim, "threads")))
        return ax_load_fail(c, e->value->pos, "simulation.threads", "%lld is not allowed: 0 (all cores) .. 1024",
                         threads);
    ax_error err;
    c->net = ax_network_create(dt, (uint64_t)seed, (int)threads, &err);
    if (!c->net)
        return ax_load_fail_as(c, err.status, sim->pos, "simulation", "%s", err.message);
    c->mf->net = c->net;
    c->mf->duration_ms = duration;
    c->mf->simulation_pos = found ? sim->pos : (toml_pos){0, 0};
    ax_status st;
    if (c->memory_limit && (st = ax_network_set_memory_limit(c->net, c->memory_limit)))
        return ax_load_fail_api(c, st, sim->pos, "simulation");
    /* the rule of ax_network_run, applied where the value is written */
    if (has_duration) {
        e = ax_toml_get_entry(sim, "duration");
        c->mf->duration_pos = e->value->pos;
        if ((st = ax_network_validate_duration(c->net, duration)))
            return ax_load_fail_api(c, st, e->value->pos, "simulation.duration");
    }
    if (!ax_load_silence_warnings(c, sim))
        return false;
    char buf[4096];
    if (!output)
        snprintf(buf, sizeof buf, "axon-out/%s", c->mf->name ? c->mf->name : default_name);
    c->mf->output_dir = strdup(output ? output : buf);
    return c->mf->output_dir || ax_load_fail_memory(c, sim->pos, "simulation");
}

/* ------------------------------------------------------------------ */
/* [populations]                                                       */
/* ------------------------------------------------------------------ */
/* [analysis]: what `axon run` analyses at the end of the run          */
/* ------------------------------------------------------------------ */

static const char *const analysis_keys[] = {"enabled", "pictures", "bin", "sample", "seed", NULL};

static bool load_analysis(load_ctx *c, const toml_value *doc)
{
    ax_modelfile_analysis *a = &c->mf->analysis;
    *a = (ax_modelfile_analysis){.enabled = false, .pictures = true, .bin_ms = 5, .sample = 50, .seed = 1};
    const toml_value *t = NULL;
    bool found, has;
    if (!ax_load_table(c, doc, "analysis", "", &t, &found))
        return false;
    if (!found)
        return true;
    long long sample = 50, seed = 1;
    a->enabled = true;
    if (!ax_load_check_keys(c, t, "analysis", analysis_keys) ||
        !ax_load_bool(c, t, "enabled", "analysis", &a->enabled, &has) ||
        !ax_load_bool(c, t, "pictures", "analysis", &a->pictures, &has) ||
        !ax_load_number(c, t, "bin", "analysis", &a->bin_ms, &has) ||
        !ax_load_integer(c, t, "sample", "analysis", &sample, &has) ||
        !ax_load_integer(c, t, "seed", "analysis", &seed, &has))
        return false;
    const toml_entry *e;
    if (!(a->bin_ms > 0 && isfinite(a->bin_ms)) && (e = ax_toml_get_entry(t, "bin")))
        return ax_load_fail(c, e->value->pos, "analysis.bin", "%g ms is not allowed: must be > 0", a->bin_ms);
    if (sample < 1 && (e = ax_toml_get_entry(t, "sample")))
        return ax_load_fail(c, e->value->pos, "analysis.sample", "%lld is not allowed: must be >= 1 (neurons)",
                            sample);
    if (seed < 0 && (e = ax_toml_get_entry(t, "seed")))
        return ax_load_fail(c, e->value->pos, "analysis.seed", "%lld is not allowed: must be >= 0", seed);
    a->sample = (uint64_t)sample;
    a->seed = (uint64_t)seed;
    return true;
}

/* ------------------------------------------------------------------ */

static const char *const population_keys[] = {"model", "channels", "receptors", "size", "params", "init", "structure",
                                              "switches", NULL};
static const char *const switch_keys[] = {"electrical", "chemical", "learning", NULL};

/* switches = { electrical = bool, chemical = bool, learning = bool } (each default true). */
static bool load_switches(load_ctx *c, const toml_value *t, const char *path, ax_population pop)
{
    const toml_value *sw;
    bool found, given;
    char where[256];
    if (!ax_load_table(c, t, "switches", path, &sw, &found))
        return false;
    if (!found)
        return true;
    ax_load_path(where, sizeof where, path, "switches");
    ax_population_switches s = {true, true, true};
    if (!ax_load_check_keys(c, sw, where, switch_keys) || !ax_load_bool(c, sw, "electrical", where, &s.electrical, &given) ||
        !ax_load_bool(c, sw, "chemical", where, &s.chemical, &given) ||
        !ax_load_bool(c, sw, "learning", where, &s.learning, &given))
        return false;
    ax_status st = ax_population_set_switches(c->net, pop, s);
    return st ? ax_load_fail_api(c, st, sw->pos, where) : true;
}

/* spike_times: one list for every neuron, or one list per neuron. */
static bool load_spike_times(load_ctx *c, ax_population pop, uint32_t size, const toml_value *v, const char *path)
{
    if (v->type != TOML_ARRAY)
        return ax_load_fail(c, v->pos, path, "expected an array of times (ms), or one array per neuron");
    bool per_neuron = v->u.array.n > 0 && v->u.array.items[0]->type == TOML_ARRAY;
    if (per_neuron && v->u.array.n != size)
        return ax_load_fail(c, v->pos, path, "%zu lists of times were given for %u neurons", v->u.array.n, size);
    for (uint32_t i = 0; i < size; i++) {
        const toml_value *list = per_neuron ? v->u.array.items[i] : v;
        if (list->type != TOML_ARRAY)
            return ax_load_fail(c, list->pos, path, "element %u is a %s; give an array of times for every neuron", i,
                             ax_toml_type_name(list->type));
        ax_value times;
        double *owned;
        if (!ax_load_value(c, list, path, &times, &owned))
            return false;
        ax_status st = ax_population_set_spike_times(c->net, pop, i, owned, times.n);
        free(owned);
        if (st)
            return ax_load_fail_api(c, st, list->pos, path);
    }
    return true;
}

/* channels = ["Na", "K", "leak"]: defines the cell model "cell_<population>"
 * (ax_model_define_cell) and names it in *model. */
static bool load_cell(load_ctx *c, const toml_entry *e, const toml_value *t, const char *path, char *model,
                      size_t len)
{
    const toml_entry *ch = ax_toml_get_entry(t, "channels");
    char where[300];
    ax_load_path(where, sizeof where, path, "channels");
    if (ax_toml_get_entry(t, "model"))
        return ax_load_fail(c, ax_toml_get_entry(t, "model")->pos, path,
                         "give either 'model' or 'channels' (a cell built from ion channels), not both");
    const toml_value *a = ch->value;
    if (a->type != TOML_ARRAY || a->u.array.n == 0 || a->u.array.n > 16)
        return ax_load_fail(c, a->pos, where, "expected an array of 1 to 16 channel names (see `axon channels`)");
    const char *names[16];
    for (size_t k = 0; k < a->u.array.n; k++) {
        if (a->u.array.items[k]->type != TOML_STRING)
            return ax_load_fail(c, a->u.array.items[k]->pos, where, "channel names are strings; element %zu is a %s", k,
                             ax_toml_type_name(a->u.array.items[k]->type));
        names[k] = a->u.array.items[k]->u.string.ptr;
    }
    snprintf(model, len, "cell_%s", e->key);
    for (char *p = model; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
            *p = '_';
    ax_status st = ax_model_define_cell(c->net, model, names, a->u.array.n);
    if (st)
        return ax_load_fail_api(c, st, a->pos, where);
    return true;
}

/* receptors = ["AMPA", "NMDA"]: the model *model with these receptors
 * attached (ax_model_define_with_receptors), named <model>_AMPA_NMDA; populations
 * asking for the same combination share it.  *model is replaced. */
static bool load_receptors(load_ctx *c, const toml_value *t, const char *path, char *model, size_t len)
{
    const toml_value *a = ax_toml_get_entry(t, "receptors")->value;
    char where[300], name[160];
    ax_load_path(where, sizeof where, path, "receptors");
    if (a->type != TOML_ARRAY || a->u.array.n == 0 || a->u.array.n > 8)
        return ax_load_fail(c, a->pos, where, "expected an array of 1 to 8 receptor names (AMPA, NMDA, GABAa, GABAb)");
    const char *names[8];
    snprintf(name, sizeof name, "%s", model);
    for (size_t k = 0; k < a->u.array.n; k++) {
        if (a->u.array.items[k]->type != TOML_STRING)
            return ax_load_fail(c, a->u.array.items[k]->pos, where, "receptor names are strings; element %zu is a %s", k,
                             ax_toml_type_name(a->u.array.items[k]->type));
        names[k] = a->u.array.items[k]->u.string.ptr;
        size_t used = strlen(name);
        snprintf(name + used, sizeof name - used, "_%s", names[k]);
    }
    ax_status st = ax_model_find(c->net, name) ? AX_OK
                   : ax_model_define_with_receptors(c->net, name, model, names, a->u.array.n);
    if (st)
        return ax_load_fail_api(c, st, a->pos, where);
    snprintf(model, len, "%s", name);
    return true;
}

static bool load_population(load_ctx *c, const toml_entry *e)
{
    char path[256], where[300];
    ax_load_path(path, sizeof path, "populations", e->key);
    const toml_value *t = e->value;
    if (t->type != TOML_TABLE)
        return ax_load_fail(c, e->pos, path, "a population is a table (model, size, params, init); got a %s",
                         ax_toml_type_name(t->type));
    if (!ax_load_check_keys(c, t, path, population_keys))
        return false;
    const char *model;
    char cell[160];
    long long size;
    if (ax_toml_get_entry(t, "channels")) {
        if (!load_cell(c, e, t, path, cell, sizeof cell))
            return false;
        model = cell;
    } else if (!ax_load_string(c, t, "model", path, &model, NULL)) {
        return false;
    }
    if (ax_toml_get_entry(t, "receptors")) {
        if (model != cell)
            snprintf(cell, sizeof cell, "%s", model);
        if (!ax_model_find(c->net, cell)) {
            const toml_entry *me = ax_toml_get_entry(t, "model");
            char where2[300];
            return ax_load_fail(c, me ? me->value->pos : e->pos, ax_load_path(where2, sizeof where2, path, "model"),
                             "unknown model '%s' (see `axon models`)", cell);
        }
        if (!load_receptors(c, t, path, cell, sizeof cell))
            return false;
        model = cell;
    }
    if (!ax_load_integer(c, t, "size", path, &size, NULL))
        return false;
    ax_population pop;
    ax_status st = ax_population_add(c->net, e->key, model, size, &pop);
    if (st) {
        const char *msg = ax_network_get_error(c->net);
        const char *key = strstr(msg, "unknown model") ? "model" : strstr(msg, "size") ? "size" : NULL;
        toml_pos pos = key ? ax_toml_get_entry(t, key)->value->pos : e->pos;
        return ax_load_fail_api(c, st, pos, key ? ax_load_path(where, sizeof where, path, key) : path);
    }
    if (pop < c->mf->n_pop_pos)
        c->mf->pop_pos[pop] = e->pos;   /* one population per entry, in order */
    const toml_entry *se = ax_toml_get_entry(t, "structure");
    if (se && !ax_load_structure(c, se->value, ax_load_path(where, sizeof where, path, "structure"), pop, (uint32_t)size))
        return false;
    if (!load_switches(c, t, path, pop))
        return false;
    const toml_value *params = NULL, *init = NULL;
    bool found;
    if (!ax_load_table(c, t, "params", path, &params, &found) || !ax_load_table(c, t, "init", path, &init, &found))
        return false;
    const ax_model *m = ax_model_find(c->net, model);
    for (size_t k = 0; params && k < params->u.table.n; k++) {
        const toml_entry *p = &params->u.table.entries[k];
        snprintf(where, sizeof where, "%s.params.%s", path, p->key);
        if ((m->flags & AX_MODEL_SPIKE_TIMES) && strcmp(p->key, "spike_times") == 0) {
            if (!load_spike_times(c, pop, (uint32_t)size, p->value, where))
                return false;
            continue;
        }
        ax_value v;
        double *owned;
        if (!ax_load_value(c, p->value, where, &v, &owned))
            return false;
        st = ax_population_set_param(c->net, pop, p->key, v);
        free(owned);
        if (st)
            return ax_load_fail_api(c, st, st == AX_ERR_NOT_FOUND ? p->pos : p->value->pos, where);
    }
    for (size_t k = 0; init && k < init->u.table.n; k++) {
        const toml_entry *p = &init->u.table.entries[k];
        snprintf(where, sizeof where, "%s.init.%s", path, p->key);
        ax_value v;
        double *owned;
        if (!ax_load_value(c, p->value, where, &v, &owned))
            return false;
        st = ax_population_set_state(c->net, pop, p->key, v);
        free(owned);
        if (st)
            return ax_load_fail_api(c, st, st == AX_ERR_NOT_FOUND ? p->pos : p->value->pos, where);
    }
    return true;
}

static bool load_populations(load_ctx *c, const toml_value *doc)
{
    const toml_value *pops;
    if (!ax_load_table(c, doc, "populations", "", &pops, NULL))
        return false;
    if (pops->u.table.n == 0)
        return ax_load_fail(c, pops->pos, "populations", "the model declares no population");
    if (!(c->mf->pop_pos = calloc(pops->u.table.n, sizeof *c->mf->pop_pos)))
        return ax_load_fail_memory(c, pops->pos, "populations");
    c->mf->n_pop_pos = pops->u.table.n;
    for (size_t k = 0; k < pops->u.table.n; k++)
        if (!load_population(c, &pops->u.table.entries[k]))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* The document                                                        */
/* ------------------------------------------------------------------ */

static const char *const top_keys[] = {"name",   "simulation", "populations", "projections",
                                       "inputs", "record",     "channels",    "neurons",  "schedule", "modulators",
                                       "analysis", "sweep", "fit", "plasticity", NULL};

/* The file name without folder and .toml. */
static void base_name(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    snprintf(out, len, "%s", slash ? slash + 1 : path);
    size_t n = strlen(out);
    if (n > 5 && strcmp(out + n - 5, ".toml") == 0)
        out[n - 5] = '\0';
}

ax_modelfile *ax_modelfile_load_bounded(const char *text, const char *file, const char *dir,
                                        const char *const *overrides, size_t n_overrides, uint64_t memory_limit,
                                        ax_error *err)
{
    ax_error dummy;
    err = err ? err : &dummy;
    err->status = AX_OK;
    err->message[0] = '\0';
    const char *bad = !text ? "text" : !file ? "name" : n_overrides && !overrides ? "overrides" : NULL;
    for (size_t k = 0; !bad && k < n_overrides; k++)
        bad = overrides[k] ? NULL : "an entry of overrides";
    if (bad) {
        err->status = AX_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "load model file: the argument '%s' is NULL", bad);
        return NULL;
    }
    load_ctx c = {file, dir && *dir ? dir : ".", NULL, NULL, err, false, memory_limit, text};
    c.mf = calloc(1, sizeof *c.mf);
    if (!c.mf || !(c.mf->file = strdup(file))) {
        snprintf(err->message, sizeof err->message, "%s: out of memory", file);
        err->status = AX_ERR_MEMORY;
        free(c.mf);
        return NULL;
    }
    toml_error terr;
    toml_value *doc = ax_toml_parse(text, strlen(text), &terr);
    if (!doc) {
        snprintf(err->message, sizeof err->message, "%s:%u:%u: %s", file, terr.pos.line, terr.pos.col,
                 terr.message);
        err->status = terr.out_of_memory ? AX_ERR_MEMORY : AX_ERR_ARGUMENT;
        ax_modelfile_free(c.mf);
        return NULL;
    }
    bool ok = true;
    for (size_t k = 0; ok && k < n_overrides; k++)
        ok = apply_override(&c, doc, overrides[k]);
    char base[256];
    base_name(file, base, sizeof base);
    const char *name = NULL;
    bool has_name;
    ok = ok && ax_load_check_keys(&c, doc, "", top_keys) && ax_load_string(&c, doc, "name", "", &name, &has_name);
    if (ok && !(c.mf->name = strdup(has_name ? name : base)))
        ok = ax_load_fail_memory(&c, doc->pos, "name");
    ok = ok && load_simulation(&c, doc, base) && ax_load_channels(&c, doc) && ax_load_neuron_models(&c, doc) &&
         load_populations(&c, doc) && ax_load_modulators(&c, doc) && ax_load_rules(&c, doc) &&
         ax_load_projections(&c, doc) && ax_load_schedule(&c, doc) && ax_load_inputs(&c, doc) &&
         ax_load_records(&c, doc) && load_analysis(&c, doc) && ax_load_sweep(&c, doc) && ax_load_fit(&c, doc);
    ax_toml_free(doc);
    if (!ok) {
        if (err->status == AX_OK)
            err->status = AX_ERR_ARGUMENT;
        ax_modelfile_free(c.mf);
        return NULL;
    }
    return c.mf;
}

/* Under mpirun every rank loads the file itself (ax_modelfile_load runs on
 * every rank): the ranks then agree on the outcome, so that a file missing
 * or different on one node stops every rank with that rank's message
 * rather than leaving the others waiting for it in the build, and compare
 * a hash of the text and the overrides, so that ranks given different
 * models say so before they build different parts of different networks.
 * With one rank: m as it is, no MPI call. */
static ax_modelfile *agree_across_ranks(ax_modelfile *m, const char *text, const char *file,
                                        const char *const *overrides, size_t n_overrides, ax_error *err)
{
    ax_mpi_info info;
    if (ax_mpi_get_info(&info, NULL) != AX_OK || info.ranks == 1)
        return m;
    ax_status st = m ? AX_OK : err->status ? err->status : AX_ERR_ARGUMENT;
    /* what every rank must have alike: the text, then each override, NUL-separated */
    size_t n = 0, at = 0;
    char *same = NULL;
    if (!st) {
        n = strlen(text) + 1;
        for (size_t k = 0; k < n_overrides; k++)
            n += strlen(overrides[k]) + 1;
        if (!(same = malloc(n)))
            st = ax_error_fail(err, AX_ERR_MEMORY, "%s: out of memory comparing the model file across ranks", file);
        for (size_t k = 0; same && k <= n_overrides; k++) {
            const char *piece = k == 0 ? text : overrides[k - 1];
            size_t len = strlen(piece) + 1;
            memcpy(same + at, piece, len);
            at += len;
        }
    }
    if (!(st = ax_mpi_agree(st, err))) {
        char what[1200];
        snprintf(what, sizeof what, "model file %s (its text and --set overrides)", file);
        st = ax_mpi_check_same(same, n, what, err);
    }
    free(same);
    if (st) {
        ax_modelfile_free(m);
        return NULL;
    }
    return m;
}

ax_modelfile *ax_modelfile_load_string(const char *text, const char *file, const char *dir,
                                    const char *const *overrides, size_t n_overrides, ax_error *err)
{
    ax_error dummy;
    err = err ? err : &dummy;
    ax_modelfile *m = ax_modelfile_load_bounded(text, file, dir, overrides, n_overrides, 0, err);
    return agree_across_ranks(m, text, file ? file : "", overrides, n_overrides, err);
}

/* The file's text (into *text, the caller frees it) and the model file of this rank. */
static ax_modelfile *load_file(const char *path, const char *const *overrides, size_t n_overrides, ax_error *err,
                               char **text_out)
{
    if (!path) {
        err->status = AX_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "load model file: the argument 'path' is NULL");
        return NULL;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        err->status = errno == ENOMEM ? AX_ERR_MEMORY : AX_ERR_IO;
        snprintf(err->message, sizeof err->message, "%s: cannot open the model file: %s", path,
                 errno == ENOMEM ? "out of memory" : strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *text = malloc(cap);
    for (size_t got; text && (got = fread(text + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *bigger = cap < (1u << 30) ? realloc(text, cap *= 2) : NULL;
            if (!bigger) {
                free(text);
                text = NULL;
            } else {
                text = bigger;
            }
        }
    }
    int bad = ferror(f);
    fclose(f);
    if (!text || bad) {
        err->status = text ? AX_ERR_IO : AX_ERR_MEMORY;
        free(text);
        snprintf(err->message, sizeof err->message, "%s: cannot read the model file%s", path,
                 text ? "" : " (too large, or out of memory)");
        return NULL;
    }
    text[n] = '\0';
    if (strlen(text) != n) {
        free(text);
        err->status = AX_ERR_ARGUMENT;
        snprintf(err->message, sizeof err->message, "%s: the file contains a NUL byte; is it a text file?", path);
        return NULL;
    }
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    *text_out = text;
    return ax_modelfile_load_bounded(text, path, dir, overrides, n_overrides, 0, err);
}

ax_modelfile *ax_modelfile_load(const char *path, const char *const *overrides, size_t n_overrides, ax_error *err)
{
    ax_error dummy;
    err = err ? err : &dummy;
    char *text = NULL;
    ax_modelfile *m = load_file(path, overrides, n_overrides, err, &text);
    m = agree_across_ranks(m, text, path ? path : "", overrides, n_overrides, err);
    free(text);
    return m;
}
