/*
 * projection_info.c - a projection read back as it was declared
 * (ax_projection_count, ax_projection_get_info), so that a layer above the
 * library (the Python package, for a model file's projections) learns what
 * joins what without having made it; and the label messages name it by
 * (ax_projection_label), read the same way.  Here, above net/ and
 * plasticity/, because a projection's rule and learning switches live in
 * plasticity/.
 */
#include <stdio.h>
#include <string.h>

#include "plasticity/plasticity.h"
#include "sim/sim.h"

size_t ax_projection_count(const ax_network *net)
{
    return net ? net->n_projs : 0;
}

ax_status ax_projection_get_info(const ax_network *net, ax_projection proj, ax_projection_info *info)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    const ax_projection_data *p = ax_projection_lookup(net, proj, "projection info");
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!info)
        return ax_fail_null(net, "projection info", "info");
    memset(info, 0, sizeof *info);
    info->from = p->from;
    info->to = p->to;
    info->receptor = p->gap ? NULL : net->pops[p->to]->model->receptors[p->receptor].name;
    info->kind = p->chemical ? AX_PROJECTION_AVERAGED_CHEMICAL : p->averaged ? AX_PROJECTION_AVERAGED_GAP : p->gap ? AX_PROJECTION_GAP : p->graded ? AX_PROJECTION_GRADED
               : p->plastic ? AX_PROJECTION_PLASTIC : AX_PROJECTION_STATIC;
    info->connector = p->conn;
    if (p->plastic) {
        /* the switches as set; no flush (as the setters make): a getter changes no weight */
        info->rule = p->plastic->rule;
        info->learning = p->plastic->on;
        info->learning_rate = p->plastic->rate;
    }
    if (p->avg_stdp) {
        info->averaged_learns = true;
        info->averaged_stdp = *p->avg_stdp;
        info->learning = p->avg_learning;
        info->learning_rate = p->avg_learning_rate;
    }
    if (p->graded) {
        info->v_p = p->v_p;
        info->k_p = p->k_p;
    }
    if (p->from_train && !p->chemical)
        info->kernel = p->kernel;
    if (p->chemical)
        info->chemical = p->spec;
    info->size = p->n_total;   /* all ranks', as ax_projection_get_size */
    return AX_OK;
}

const char *ax_projection_label(const ax_network *net, uint32_t proj, char *buf, size_t len)
{
    ax_projection_info info;
    ax_population_info a, b;
    if (ax_projection_get_info(net, proj, &info) || ax_population_get_info(net, info.from, &a) ||
        ax_population_get_info(net, info.to, &b)) {
        snprintf(buf, len, "projection %u", proj);
        return buf;
    }
    return ax_projection_label_format(buf, len, proj, info.kind, a.name, b.name);
}
