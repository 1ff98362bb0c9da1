/*
 * positions.c - ax_population_set_structure / _get_positions: a
 * population's positions, computed when the structure is set so that they
 * can be read (and later used by spatial connectors) before the build.
 * They are kept until the network is freed; they are no state of the
 * simulation, so a reset or a checkpoint leaves them alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/error.h"
#include "record/record.h"
#include "space/space.h"

ax_status ax_population_set_structure(ax_network *net, ax_population pop, const ax_structure *structure)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_population_data *p = ax_population_lookup(net, pop, "set structure");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!structure)
        return ax_fail_null(net, "set structure", "structure");
    if (net->core.built)
        return ax_fail(net, AX_ERR_STATE,
                       "set structure of '%s': the network is already built; positions are given before", p->name);
    char msg[300];
    if (ax_structure_check(structure, p->size, p->name, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "set structure of '%s': %s", p->name, msg);
    /* a replaced structure gives its bytes back first; a failure restores the account */
    double bytes = 3.0 * sizeof(double) * p->size;
    uint64_t planned_before = net->core.memory_planned;
    if (p->positions)
        net->core.memory_planned -= (uint64_t)bytes;
    char what[160];
    snprintf(what, sizeof what, "set structure of '%s' (positions)", p->name);
    ax_status st = ax_plan_memory(net, bytes, what);
    double *xyz = st ? NULL : ax_alloc(net, 3 * (size_t)p->size, sizeof *xyz, what);
    if (!xyz) {
        net->core.memory_planned = planned_before;
        return st ? st : AX_ERR_MEMORY;
    }
    ax_structure_fill(structure, p->size, net->seed, p->index, xyz);
    if (!p->positions)
        p->planned += (uint64_t)bytes;   /* ax_population_remove gives it back */
    free(p->positions);
    p->positions = xyz;
    return AX_OK;
}

bool ax_population_has_positions(const ax_network *net, ax_population pop)
{
    return net && pop < net->n_pops && net->pops[pop]->positions;
}

ax_status ax_population_get_positions(const ax_network *net, ax_population pop, double *xyz, size_t n)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "get positions");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!xyz)
        return ax_fail_null(net, "get positions", "xyz");
    if (!p->positions)
        return ax_fail(net, AX_ERR_STATE, "get positions: population '%s' has no structure (ax_population_set_structure)",
                       p->name);
    if (n != 3 * (size_t)p->size)
        return ax_fail(net, AX_ERR_ARGUMENT, "get positions: population '%s' has %u neurons (%zu numbers), the buffer holds %zu",
                       p->name, p->size, 3 * (size_t)p->size, n);
    memcpy(xyz, p->positions, n * sizeof *xyz);
    return AX_OK;
}

ax_status ax_population_write_positions_csv(const ax_network *net, ax_population pop, const char *path)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_population_data *p = ax_population_lookup_const(net, pop, "write positions");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!path)
        return ax_fail_null(net, "write positions", "path");
    if (!p->positions)
        return ax_fail(net, AX_ERR_STATE, "write positions: population '%s' has no structure", p->name);
    /* under MPI every rank has the positions; rank 0 writes them */
    ax_out_file o;
    ax_status st = AX_OK;
    if (net->rank == 0 && !(st = ax_out_open(net, &o, path))) {
        fprintf(o.f, "x,y,z\n");
        for (size_t i = 0; i < 3 * (size_t)p->size; i += 3)
            fprintf(o.f, "%.17g,%.17g,%.17g\n", p->positions[i], p->positions[i + 1], p->positions[i + 2]);
        st = ax_out_close(net, &o);
    }
    return ax_record_agree_root(net, st);
}
