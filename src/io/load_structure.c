/*
 * load_structure.c - `structure` of [populations.NAME]: a grid, random
 * positions in a box, disk or ball, or positions from a CSV file, turned
 * into ax_population_set_structure.  The C API checks the values (grid
 * size against the population, radius > 0); its message is placed at the
 * structure's line.  A population with a structure gets the output
 * <pop>.positions.csv.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "io/table.h"

static const char *const grid_keys[] = {"grid", "spacing", "origin", NULL};
static const char *const box_keys[] = {"random", "low", "high", NULL};
static const char *const round_keys[] = {"random", "center", "radius", NULL};
static const char *const file_keys[] = {"positions", NULL};

static bool load_grid(load_ctx *c, const toml_value *t, const char *path, ax_structure *out)
{
    char where[300];
    ax_load_path(where, sizeof where, path, "grid");
    const toml_value *a = ax_toml_get(t, "grid");
    if (a->type != TOML_ARRAY || a->u.array.n < 1 || a->u.array.n > 3)
        return ax_load_fail(c, a->pos, where, "expected [n], [rows, cols] or [a, b, c]: 1 to 3 whole numbers");
    uint64_t n[3];
    for (size_t k = 0; k < a->u.array.n; k++) {
        const toml_value *v = a->u.array.items[k];
        if (v->type != TOML_INTEGER || v->u.integer < 1)
            return ax_load_fail(c, v->pos, where, "element %zu must be a whole number >= 1", k);
        n[k] = (uint64_t)v->u.integer;
    }
    int dims = (int)a->u.array.n;
    double spacing = 1.0, origin[3] = {0, 0, 0};
    bool found;
    if (!ax_load_number(c, t, "spacing", path, &spacing, &found) ||
        !ax_load_coords(c, t, "origin", path, 1, dims, origin, NULL, &found))
        return false;
    *out = ax_structure_grid(dims, n, spacing, origin);
    return true;
}

static bool load_random(load_ctx *c, const toml_value *t, const char *path, ax_structure *out)
{
    const char *kind;
    if (!ax_load_string(c, t, "random", path, &kind, NULL))
        return false;
    char where[300];
    ax_load_path(where, sizeof where, path, "random");
    bool box = !strcmp(kind, "box"), disk = !strcmp(kind, "disk"), sphere = !strcmp(kind, "sphere");
    if (!box && !disk && !sphere)
        return ax_load_fail(c, ax_toml_get(t, "random")->pos, where, "unknown '%s'; expected box, disk or sphere",
                            kind);
    if (!ax_load_check_keys(c, t, path, box ? box_keys : round_keys))
        return false;
    if (box) {
        double low[3], high[3];
        int nl, nh;
        if (!ax_load_coords(c, t, "low", path, 1, 3, low, &nl, NULL) || !ax_load_coords(c, t, "high", path, 1, 3, high, &nh, NULL))
            return false;
        if (nl != nh)
            return ax_load_fail(c, ax_toml_get(t, "high")->pos, ax_load_path(where, sizeof where, path, "high"),
                                "high has %d coordinates and low %d; give both the same", nh, nl);
        *out = ax_structure_random_box(low, high);
        return true;
    }
    double center[3] = {0, 0, 0}, radius;
    bool found;
    if (!ax_load_coords(c, t, "center", path, 1, 3, center, NULL, &found) || !ax_load_number(c, t, "radius", path, &radius, NULL))
        return false;
    *out = disk ? ax_structure_random_disk(center, radius) : ax_structure_random_sphere(center, radius);
    return true;
}

/* A positions file: one row per neuron, header x,y,z (or x,y or x) or none,
 * read by io/table.c; *xyz gets 3 numbers per neuron. */
static bool read_positions(load_ctx *c, const char *file, uint32_t size, toml_pos pos, const char *where,
                           double **xyz)
{
    ax_table t;
    double *out = calloc(3 * (size_t)size, sizeof *out);
    if (!out)
        return ax_load_fail_memory(c, pos, where);
    bool ok = ax_table_open(&t, file, AX_TABLE_MAX_BYTES, AX_TABLE_MAYBE_HEADER | AX_TABLE_COMMENTS) == AX_OK;
    static const char *const names[3] = {"x", "y", "z"};
    for (size_t k = 0; ok && k < t.n_columns; k++)
        if (k >= 3 || strcmp(ax_table_column(&t, k), names[k]) != 0) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, k, "the header is x, x,y or x,y,z");
            ok = false;
        }
    int r = 0;
    while (ok && (r = ax_table_next(&t)) > 0) {
        if (t.n_fields > 3) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "%zu fields; expected x[,y[,z]]", t.n_fields);
            break;
        }
        if (t.rows > size) {
            ax_table_fail(&t, AX_ERR_ARGUMENT, SIZE_MAX, "more rows than the %u neurons of the population", size);
            break;
        }
        double *p = out + 3 * (size_t)(t.rows - 1);
        bool bad = false;
        for (size_t k = 0; k < t.n_fields && !bad; k++)
            bad = ax_table_number(&t, k, &p[k]) != AX_OK;
        if (bad)
            break;
    }
    if (t.status) {
        if (t.failed_line == 0) {
            ok = ax_load_fail_as(c, t.status, pos, where, "the positions file %s", t.message);
        } else {
            c->failed = true;
            c->err->status = t.status;
            snprintf(c->err->message, sizeof c->err->message, "%.600s (the positions of %.100s, %.160s:%u:%u)",
                     t.message, where, c->file, pos.line, pos.col);
            ok = false;
        }
    } else if (ok && t.rows != size) {
        ok = ax_load_fail(c, pos, where, "the positions file %s has %llu rows; the population has %u neurons",
                          t.name, (unsigned long long)t.rows, size);
    }
    ax_table_close(&t);
    if (!ok)
        free(out);
    else
        *xyz = out;
    return ok;
}

bool ax_load_structure(load_ctx *c, const toml_value *t, const char *path, ax_population pop, uint32_t size)
{
    if (t->type != TOML_TABLE)
        return ax_load_fail(c, t->pos, path,
                            "expected a table: { grid = [rows, cols] }, { random = \"box\", ... } or "
                            "{ positions = \"file.csv\" }; got a %s",
                            ax_toml_type_name(t->type));
    bool grid = ax_toml_get(t, "grid"), random = ax_toml_get(t, "random"), file = ax_toml_get(t, "positions");
    if (grid + random + file != 1)
        return ax_load_fail(c, t->pos, path, "give exactly one of grid, random or positions");
    ax_structure s;
    double *xyz = NULL;
    if (grid) {
        if (!ax_load_check_keys(c, t, path, grid_keys) || !load_grid(c, t, path, &s))
            return false;
    } else if (random) {
        if (!load_random(c, t, path, &s))
            return false;
    } else {
        const char *name;
        char where[300], full[4096];
        if (!ax_load_check_keys(c, t, path, file_keys) || !ax_load_string(c, t, "positions", path, &name, NULL))
            return false;
        if (name[0] == '/')
            snprintf(full, sizeof full, "%s", name);
        else
            snprintf(full, sizeof full, "%s/%s", c->dir, name);
        if (!read_positions(c, full, size, ax_toml_get(t, "positions")->pos,
                            ax_load_path(where, sizeof where, path, "positions"), &xyz))
            return false;
        s = ax_structure_from_positions(xyz, 3 * (size_t)size);
    }
    ax_status st = ax_population_set_structure(c->net, pop, &s);
    free(xyz);
    if (st) {
        /* the message names what is wrong; place it at that key where one is */
        const char *msg = ax_network_get_error(c->net), *key = NULL;
        static const char *const keys[] = {"spacing", "origin", "radius", "center", "low", "high", "grid"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys && !key; k++)
            if (strstr(msg, keys[k]) && ax_toml_get(t, keys[k]))
                key = keys[k];
        char where[300];
        return ax_load_fail_api(c, st, key ? ax_toml_get(t, key)->pos : t->pos,
                                key ? ax_load_path(where, sizeof where, path, key) : path);
    }
    char out[512];
    ax_population_info info;
    ax_population_get_info(c->net, pop, &info);
    snprintf(out, sizeof out, "%s.positions.csv", info.name);
    return ax_load_positions_output(c, t->pos, path, pop, out);
}
