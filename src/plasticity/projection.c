/*
 * projection.c - plastic projections through the public API: declaring one
 * (a projection of net/ with a rule attached) and switching its learning
 * on or off or scaling its rates between runs.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "equations/rule.h"

#include "plasticity/plasticity.h"

ax_status ax_projection_add_plastic(ax_network *net, ax_population from, ax_population to, const ax_connector *c, const char *receptor,
                             ax_value weight, ax_value delay, const ax_plasticity *rule, ax_projection *out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    char msg[256];
    if (!rule)
        return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: no rule given (start from ax_plasticity_defaults())");
    if (ax_plasticity_validate(rule, msg, sizeof msg))
        return ax_fail(net, AX_ERR_ARGUMENT, "connect plastic: %s", msg);
    ax_plastic *pl = calloc(1, sizeof *pl);
    if (!pl)
        return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
    pl->rule = *rule;
    ax_status st = rule->timing == AX_STDP_EQUATIONS ? ax_eqr_attach(net, pl) : AX_OK;
    if (st) {
        ax_eqr_free(pl);
        free(pl);
        return st;
    }
    /* the strings are read here and kept: the caller's need not outlive the call */
    pl->rule.rule = pl->eqr ? pl->eqr->name : NULL;
    pl->rule.rule_params = NULL;
    if (pl->eqr && rule->rule_params) {
        if (!(pl->eq_rule_params = strdup(rule->rule_params))) {
            ax_eqr_free(pl);
            free(pl);
            return ax_fail(net, AX_ERR_MEMORY, "connect plastic: out of memory");
        }
        pl->rule.rule_params = pl->eq_rule_params;
    }
    ax_projection q;
    st = ax_projection_declare(net, from, to, c, receptor, weight, delay, AX_PROJECTION_PLASTIC, &q);
    if (st) {
        ax_eqr_free(pl);
        free(pl);
        return st;
    }
    pl->on = net->pops[to]->switches.learning;   /* the target's switch (ax_population_set_switches) */
    pl->rate = 1.0;
    net->projs[q]->plastic = pl;
    if (out)
        *out = q;
    return AX_OK;
}

/* The plastic state of projection proj, brought up to date (pairs
 * completed so far keep the settings they were made under). */
static ax_status plastic_of(ax_network *net, ax_projection proj, const char *what, ax_plastic **out)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    ax_projection_data *p = ax_projection_lookup(net, proj, what);
    if (!p)
        return AX_ERR_NOT_FOUND;
    if (!p->plastic)
        return ax_fail(net, AX_ERR_ARGUMENT, "%s: projection %u (%s -> %s) is not plastic", what, proj,
                       net->pops[p->from]->name, net->pops[p->to]->name);
    if (net->core.built)
        ax_plastic_flush(net, p, net->step - 1);   /* step s ends at (s + 1) dt: the last step ends now */
    *out = p->plastic;
    return AX_OK;
}

/* An averaged projection that learns (sim/averaged_stdp.c): NULL when proj
 * is none (or no projection: plastic_of then says why). */
static ax_projection_data *averaged_learning(ax_network *net, ax_projection proj)
{
    ax_projection_data *p = net && proj < net->n_projs ? net->projs[proj] : NULL;
    return p && p->avg_stdp ? p : NULL;
}

ax_status ax_projection_set_learning(ax_network *net, ax_projection proj, bool on)
{
    ax_projection_data *avg = averaged_learning(net, proj);
    if (avg) {
        avg->avg_learning = on;
        return AX_OK;
    }
    ax_plastic *pl = NULL;
    ax_status st = plastic_of(net, proj, "set plasticity", &pl);
    if (!st)
        pl->on = on;
    return st;
}

ax_status ax_projection_set_learning_rate(ax_network *net, ax_projection proj, double rate)
{
    ax_plastic *pl = NULL;
    if (net && (!(rate >= 0) || !isfinite(rate)))
        return ax_fail(net, AX_ERR_ARGUMENT, "set learning rate: %g is not allowed (>= 0, finite)", rate);
    ax_projection_data *avg = averaged_learning(net, proj);
    if (avg) {
        avg->avg_learning_rate = rate;
        return AX_OK;
    }
    ax_status st = plastic_of(net, proj, "set learning rate", &pl);
    if (!st)
        pl->rate = rate;
    return st;
}
