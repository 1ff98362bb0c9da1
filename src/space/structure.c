/*
 * structure.c - the ax_structure values: constructors, checks, and the
 * positions they give.  Everything here is a pure function of the value,
 * the population size and (for random kinds) the seed, so positions never
 * depend on threads or on the order of calls.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/rng.h"
#include "space/space.h"

static ax_structure blank(ax_structure_kind kind)
{
    ax_structure s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.dims = 3;
    s.n[0] = s.n[1] = s.n[2] = 1;
    return s;
}

ax_structure ax_structure_grid(int dims, const uint64_t *n, double spacing, const double *origin)
{
    ax_structure s = blank(AX_STRUCTURE_GRID);
    s.dims = dims;
    s.spacing = spacing;
    /* out-of-range dims are kept for the check to name, and then n and
     * origin are not read at all: the caller's arrays may be shorter */
    for (int k = 0; dims <= 3 && k < dims; k++) {
        s.n[k] = n ? n[k] : 0;
        s.origin[k] = origin ? origin[k] : 0.0;
    }
    return s;
}

ax_structure ax_structure_random_box(const double low[3], const double high[3])
{
    ax_structure s = blank(AX_STRUCTURE_RANDOM_BOX);
    for (int k = 0; k < 3; k++) {
        s.low[k] = low ? low[k] : NAN;
        s.high[k] = high ? high[k] : NAN;
    }
    return s;
}

static ax_structure round_one(ax_structure_kind kind, const double center[3], double radius)
{
    ax_structure s = blank(kind);
    for (int k = 0; k < 3; k++)
        s.center[k] = center ? center[k] : 0.0;
    s.radius = radius;
    return s;
}

ax_structure ax_structure_random_disk(const double center[3], double radius)
{
    return round_one(AX_STRUCTURE_RANDOM_DISK, center, radius);
}

ax_structure ax_structure_random_sphere(const double center[3], double radius)
{
    return round_one(AX_STRUCTURE_RANDOM_SPHERE, center, radius);
}

ax_structure ax_structure_from_positions(const double *xyz, size_t n_xyz)
{
    ax_structure s = blank(AX_STRUCTURE_POSITIONS);
    s.xyz = xyz;
    s.n_xyz = n_xyz;
    return s;
}

static const char axis[3] = {'x', 'y', 'z'};

static int finite3(const double *v, const char *what, char *msg, size_t len)
{
    for (int k = 0; k < 3; k++)
        if (!isfinite(v[k])) {
            snprintf(msg, len, "%s %c = %g is not a finite number", what, axis[k], v[k]);
            return -1;
        }
    return 0;
}

static int check_grid(const ax_structure *s, uint32_t size, const char *name, char *msg, size_t len)
{
    if (s->dims < 1 || s->dims > 3) {
        snprintf(msg, len, "a grid has 1, 2 or 3 axes, not %d", s->dims);
        return -1;
    }
    double total = 1;
    for (int k = 0; k < s->dims; k++) {
        if (s->n[k] < 1) {
            snprintf(msg, len, "grid axis %d has %llu neurons; each axis has at least 1", k,
                     (unsigned long long)s->n[k]);
            return -1;
        }
        total *= (double)s->n[k];
    }
    for (int k = s->dims; k < 3; k++)
        if (s->n[k] != 1) {
            snprintf(msg, len, "a %d-D grid has no axis %d (n[%d] = %llu; it must be 1)", s->dims, k, k,
                     (unsigned long long)s->n[k]);
            return -1;
        }
    if (total != (double)size) {
        char shape[96];
        if (s->dims == 1)
            snprintf(shape, sizeof shape, "[%llu]", (unsigned long long)s->n[0]);
        else if (s->dims == 2)
            snprintf(shape, sizeof shape, "[%llu, %llu]", (unsigned long long)s->n[0], (unsigned long long)s->n[1]);
        else
            snprintf(shape, sizeof shape, "[%llu, %llu, %llu]", (unsigned long long)s->n[0],
                     (unsigned long long)s->n[1], (unsigned long long)s->n[2]);
        snprintf(msg, len, "the grid %s has %.0f neurons but population '%s' has %u", shape, total, name, size);
        return -1;
    }
    if (!(isfinite(s->spacing) && s->spacing > 0)) {
        snprintf(msg, len, "grid spacing = %g; it must be a finite number > 0", s->spacing);
        return -1;
    }
    return finite3(s->origin, "grid origin", msg, len);
}

int ax_structure_check(const ax_structure *s, uint32_t size, const char *name, char *msg, size_t len)
{
    switch (s->kind) {
    case AX_STRUCTURE_GRID:
        return check_grid(s, size, name, msg, len);
    case AX_STRUCTURE_RANDOM_BOX:
        if (finite3(s->low, "box low", msg, len) || finite3(s->high, "box high", msg, len))
            return -1;
        for (int k = 0; k < 3; k++)
            if (s->low[k] > s->high[k]) {
                snprintf(msg, len, "box low %c = %g is above high %c = %g", axis[k], s->low[k], axis[k],
                         s->high[k]);
                return -1;
            }
        return 0;
    case AX_STRUCTURE_RANDOM_DISK:
    case AX_STRUCTURE_RANDOM_SPHERE:
        if (finite3(s->center, "center", msg, len))
            return -1;
        if (!(isfinite(s->radius) && s->radius > 0)) {
            snprintf(msg, len, "radius = %g; it must be a finite number > 0", s->radius);
            return -1;
        }
        return 0;
    case AX_STRUCTURE_POSITIONS:
        if (!s->xyz) {
            snprintf(msg, len, "the positions array is NULL");
            return -1;
        }
        if (s->n_xyz != 3 * (size_t)size) {
            snprintf(msg, len, "%zu numbers were given; population '%s' of %u neurons needs %zu (x, y, z each)",
                     s->n_xyz, name, size, 3 * (size_t)size);
            return -1;
        }
        for (size_t i = 0; i < s->n_xyz; i++)
            if (!isfinite(s->xyz[i])) {
                snprintf(msg, len, "neuron %zu: %c = %g is not a finite number", i / 3, axis[i % 3], s->xyz[i]);
                return -1;
            }
        return 0;
    }
    snprintf(msg, len, "unknown structure kind %d", (int)s->kind);
    return -1;
}

void ax_structure_fill(const ax_structure *s, uint32_t size, uint64_t seed, uint32_t pop_index, double *xyz)
{
    uint32_t purpose = ax_purpose(AX_RNG_SPACE, pop_index);
    for (uint32_t i = 0; i < size; i++) {
        double *p = xyz + 3 * (size_t)i;
        ax_rng r;
        ax_rng_init(&r, seed, purpose, i, 0);
        switch (s->kind) {
        case AX_STRUCTURE_GRID: {
            /* row-major: the last axis runs fastest */
            uint64_t c = i % s->n[2], b = (i / s->n[2]) % s->n[1], a = i / (s->n[2] * s->n[1]);
            p[0] = s->origin[0] + s->spacing * (double)a;
            p[1] = s->origin[1] + s->spacing * (double)b;
            p[2] = s->origin[2] + s->spacing * (double)c;
            break;
        }
        case AX_STRUCTURE_RANDOM_BOX:
            for (int k = 0; k < 3; k++)
                p[k] = s->low[k] + (s->high[k] - s->low[k]) * ax_rng_uniform(&r);
            break;
        case AX_STRUCTURE_RANDOM_DISK: {
            /* r = R sqrt(u): the area within r grows as r^2 */
            double rad = s->radius * sqrt(ax_rng_uniform(&r)), phi = 2 * M_PI * ax_rng_uniform(&r);
            p[0] = s->center[0] + rad * cos(phi);
            p[1] = s->center[1] + rad * sin(phi);
            p[2] = s->center[2];
            break;
        }
        case AX_STRUCTURE_RANDOM_SPHERE: {
            /* an isotropic direction (normalised normals) at r = R cbrt(u): volume grows as r^3 */
            double g[3], norm;
            do {
                g[0] = ax_rng_normal(&r);
                g[1] = ax_rng_normal(&r);
                g[2] = ax_rng_normal(&r);
                norm = sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
            } while (norm < 1e-300);
            double rad = s->radius * cbrt(ax_rng_uniform(&r));
            for (int k = 0; k < 3; k++)
                p[k] = s->center[k] + rad * g[k] / norm;
            break;
        }
        case AX_STRUCTURE_POSITIONS:
            memcpy(p, s->xyz + 3 * (size_t)i, 3 * sizeof *p);
            break;
        }
    }
}
