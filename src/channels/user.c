/*
 * user.c - ion channels defined at run time (ax_channel_define, the
 * [channels.NAME] tables of a model file):
 *
 *   I = gbar x_1^p_1 ... x_k^p_k (E - v)
 *
 * where each gate x follows rates alpha(v), beta(v), or a steady state
 * inf(v) and time constant tau(v), written as expressions of v and the
 * channel's parameters (core/expr.h).  The channel is an ax_channel like
 * the library's: cells find it by name (ax_channel_lookup), read its
 * parameters and gates from its tables, and call its step.
 *
 * Integration is that of the library (channel.h): each gate advanced by
 * exponential Euler with the rates at v(t), via ax_gate_step for
 * alpha/beta, so a user channel with a library channel's equations
 * computes the same numbers up to rounding; an instantaneous gate is
 * inf at v extrapolated to the step's middle, as CaT's s_inf.
 *
 * step() evaluates the compiled expressions over blocks of
 * AX_EXPR_BLOCK neurons: the interpreter's dispatch is paid once per
 * instruction and block, the loops inside vectorise.  Its scratch (the
 * expression registers and a block of rates) lives on the stack of the
 * call, so concurrent calls on disjoint neuron ranges share nothing but
 * the read-only compiled code.
 *
 * At definition, every expression is evaluated on v = -150 .. 100 mV in
 * steps of 0.01 mV with the default parameters.  A removable singularity
 * written plainly, 0.1 (v + 40) / (1 - exp(-(v + 40) / 10)), is 0/0 = NaN
 * at v = -40 exactly; a simulation would almost never land there, but
 * near it the quotient loses digits to cancellation, so such a channel is
 * refused with the v and the advice to write vtrap(-(v + 40), 10).  The
 * same pass catches divisions by zero, and the two things that make the
 * exponential step grow instead of decay: negative rates and time
 * constants that are not positive.  A steady state is not held to
 * [0, 1]: fitted formulas overshoot a little (Connor-Stevens' a_inf
 * reaches 1.013 at 65 mV) and the step is stable for any finite value.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "channels/channel.h"
#include "core/alloc.h"
#include "core/error.h"
#include "core/expr.h"

#define MAX_POWER 8
#define V_LOW (-150.0)            /* the checked range of v, mV */
#define V_HIGH 100.0
#define V_STEPS 25000             /* 0.01 mV apart */
#define V_INIT (-65.0)            /* gates start at their steady state here */

typedef enum { GATE_RATES, GATE_INF_TAU, GATE_INSTANT } gate_kind;

typedef struct user_gate {
    gate_kind kind;
    unsigned power;
    ax_expr *f, *g;               /* alpha and beta, or inf and tau (NULL if instantaneous) */
} user_gate;

typedef struct user_channel {
    ax_channel channel;           /* first: the network frees through it; channel.impl = this */
    uint32_t gbar, e_rev;         /* indices of the conductance and reversal parameters */
    user_gate gate[AX_CHANNEL_MAX_GATES];
    ax_param_info params[AX_CHANNEL_MAX_PARAMS];
    ax_var_info gates[AX_CHANNEL_MAX_GATES];
    char **strings;               /* every string the tables point to */
    uint32_t n_strings;
} user_channel;

void ax_user_channel_free(ax_channel *ch)
{
    user_channel *u = (user_channel *)ch;
    if (!u)
        return;
    for (uint32_t k = 0; k < AX_CHANNEL_MAX_GATES; k++) {
        ax_expr_free(u->gate[k].f);
        ax_expr_free(u->gate[k].g);
    }
    for (uint32_t k = 0; k < u->n_strings; k++)
        free(u->strings[k]);
    free(u->strings);
    free(u);
}

const ax_channel *ax_channel_lookup(const ax_network *net, const char *name)
{
    const ax_channel *ch = ax_channel_find(name);
    for (uint32_t k = 0; !ch && net && name && k < ax_core_of(net)->n_channels; k++)
        if (strcmp(ax_core_of(net)->channels[k]->name, name) == 0)
            ch = ax_core_of(net)->channels[k];
    return ch;
}

/* ------------------------------------------------------------------ */
/* The step                                                             */
/* ------------------------------------------------------------------ */

/* One block of neurons [b, b + n). */
static void step_block(const user_channel *u, const ax_channel_ctx *c, int het, uint32_t b, uint32_t n,
                       const double *const *var, const double *const *var_mid, uint32_t per_neuron,
                       ax_expr_scratch scratch)
{
    double f[AX_EXPR_BLOCK], g[AX_EXPR_BLOCK], cond[AX_EXPR_BLOCK];
    const double *gbar = c->param[u->gbar], *e = c->param[u->e_rev];
    const double h = c->h;
    for (uint32_t j = 0; j < n; j++)
        cond[j] = het ? gbar[b + j] : gbar[0];
    for (uint32_t q = 0; q < u->channel.n_gates; q++) {
        const user_gate *gt = &u->gate[q];
        double *x = c->gate[q] + b;
        if (gt->kind == GATE_INSTANT) {
            ax_expr_eval_block(gt->f, var_mid, per_neuron, b, n, f, scratch);
            AX_SIMD
            for (uint32_t j = 0; j < n; j++)
                x[j] = f[j];
        } else {
            ax_expr_eval_block(gt->f, var, per_neuron, b, n, f, scratch);
            ax_expr_eval_block(gt->g, var, per_neuron, b, n, g, scratch);
            if (gt->kind == GATE_RATES) {
                AX_SIMD
                for (uint32_t j = 0; j < n; j++)
                    x[j] = ax_gate_step(x[j], f[j], g[j], h);
            } else {
                AX_SIMD
                for (uint32_t j = 0; j < n; j++)
                    x[j] = f[j] + (x[j] - f[j]) * ax_exp(-h / g[j]);
            }
        }
        for (unsigned p = 0; p < gt->power; p++) {
            AX_SIMD
            for (uint32_t j = 0; j < n; j++)
                cond[j] *= x[j];
        }
    }
    double *restrict gs = c->g + b, *restrict ge = c->g_e + b;
    if (het) {
        AX_SIMD
        for (uint32_t j = 0; j < n; j++) {
            gs[j] += cond[j];
            ge[j] += cond[j] * e[b + j];
        }
    } else {
        AX_SIMD
        for (uint32_t j = 0; j < n; j++) {
            gs[j] += cond[j];
            ge[j] += cond[j] * e[0];
        }
    }
}

static void step(const ax_channel_ctx *c, int het)
{
    const user_channel *u = c->impl;
    /* expression variables: v (or v at the step's middle), then the parameters */
    const double *var[1 + AX_CHANNEL_MAX_PARAMS], *var_mid[1 + AX_CHANNEL_MAX_PARAMS];
    var[0] = c->v;
    var_mid[0] = c->v_mid;
    for (uint32_t k = 0; k < u->channel.n_params; k++)
        var[1 + k] = var_mid[1 + k] = c->param[k];
    uint32_t per_neuron = het ? ~0u : 1u;
    ax_expr_scratch scratch;
    for (uint32_t b = c->begin; b < c->end; b += AX_EXPR_BLOCK) {
        uint32_t n = c->end - b < AX_EXPR_BLOCK ? c->end - b : AX_EXPR_BLOCK;
        step_block(u, c, het, b, n, var, var_mid, per_neuron, scratch);
    }
}

/* ------------------------------------------------------------------ */
/* Definition                                                           */
/* ------------------------------------------------------------------ */

static const char *keep(user_channel *u, const char *s)
{
    if (!s)
        s = "";
    char **grown = realloc(u->strings, (u->n_strings + 1) * sizeof *grown);
    if (!grown)
        return NULL;
    u->strings = grown;
    return (u->strings[u->n_strings] = strdup(s)) ? u->strings[u->n_strings++] : NULL;
}

static int valid_name(const char *s)
{
    if (!s || !*s || strlen(s) > 64 || !((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '_'))
            return 0;
    return 1;
}

static int find(const ax_param_info *params, uint32_t n, const char *name)
{
    for (uint32_t k = 0; name && k < n; k++)
        if (strcmp(params[k].name, name) == 0)
            return (int)k;
    return -1;
}

/* Fails with "define channel 'NAME': <path>: <message>". */
#define FAIL(path, ...) fail(net, def->name, path, __VA_ARGS__)
static ax_status fail(ax_network *net, const char *channel, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static ax_status fail(ax_network *net, const char *channel, const char *path, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ax_fail(net, AX_ERR_ARGUMENT, "define channel '%s': %s%s%s", channel ? channel : "(null)", path,
                   *path ? ": " : "", msg);
}

static ax_status check_params(ax_network *net, const ax_channel_def *def, user_channel *u)
{
    if (def->n_params > AX_CHANNEL_MAX_PARAMS || (def->n_params && !def->params))
        return FAIL("params", "%u parameters: 0 to %d allowed", def->n_params, AX_CHANNEL_MAX_PARAMS);
    for (uint32_t k = 0; k < def->n_params; k++) {
        const ax_param_info *p = &def->params[k];
        char path[100];
        snprintf(path, sizeof path, "params.%s", p->name ? p->name : "(null)");
        if (!valid_name(p->name))
            return FAIL("params", "parameter %u: '%s' is not a name (letters, digits, '_', at most 64)", k,
                        p->name ? p->name : "(null)");
        if (find(def->params, k, p->name) >= 0)
            return FAIL(path, "defined twice");
        if (ax_cell_reserved_name(p->name))
            return FAIL(path, "'%s' is the cell's own; a channel's parameters need other names", p->name);
        if (ax_expr_is_function(p->name))
            return FAIL(path, "'%s' is a function of the expressions; choose another name", p->name);
        double x = p->value;
        bool lo = p->flags & AX_PARAM_GT_MIN ? x > p->min : x >= p->min, hi = p->flags & AX_PARAM_LT_MAX ? x < p->max : x <= p->max;
        if (!isfinite(x) || !lo || !hi)
            return FAIL(path, "the default %g lies outside the allowed range [%g, %g]", x, p->min, p->max);
        u->params[k] = *p;
        if (!(u->params[k].name = keep(u, p->name)) || !(u->params[k].unit = keep(u, p->unit)) ||
            !(u->params[k].doc = keep(u, p->doc && *p->doc ? p->doc : "parameter of a user-defined channel")))
            return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': out of memory", def->name);
    }
    int gi = find(def->params, def->n_params, def->conductance);
    int ei = find(def->params, def->n_params, def->reversal);
    if (gi < 0)
        return FAIL("conductance", "'%s' is not one of the channel's parameters",
                    def->conductance ? def->conductance : "(null)");
    if (ei < 0)
        return FAIL("reversal", "'%s' is not one of the channel's parameters", def->reversal ? def->reversal : "(null)");
    if (strcmp(u->params[gi].unit, "uS") || u->params[gi].min < 0)
        return FAIL("conductance", "parameter '%s' must have unit \"uS\" (per 1e-3 cm2 of membrane: 1 uS = 1 mS/cm2) "
                    "and min >= 0 (has \"%s\", min %g)", def->conductance, u->params[gi].unit, u->params[gi].min);
    if (strcmp(u->params[ei].unit, "mV"))
        return FAIL("reversal", "parameter '%s' must have unit \"mV\" (has \"%s\")", def->reversal,
                    u->params[ei].unit);
    u->gbar = (uint32_t)gi;
    u->e_rev = (uint32_t)ei;
    return AX_OK;
}

/* The hint for a NaN or infinite rate function. */
static const char *const VTRAP_HINT =
    "if it is a removable 0/0 such as x / (exp(x / k) - 1), write it vtrap(x, k) (x / (1 - exp(-x / k)) is "
    "vtrap(-x, k), (exp(x) - 1) / x is exprel(x))";

/* Evaluates the gate's expressions on the v grid with the default
 * parameters, refuses values that make no sense, and returns the steady
 * state at V_INIT in *x0. */
static ax_status check_gate(ax_network *net, const ax_channel_def *def, const user_channel *u, uint32_t q,
                            const char *gate_path, double *x0)
{
    const user_gate *gt = &u->gate[q];
    const ax_gate_def *gd = &def->gates[q];
    uint32_t n = V_STEPS + 1;
    double *v = malloc(n * sizeof *v), *f = malloc(n * sizeof *f), *g = malloc(n * sizeof *g);
    if (!v || !f || !g) {
        free(v), free(f), free(g);
        return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': out of memory", def->name);
    }
    for (uint32_t i = 0; i < n; i++)   /* exact decimals: -150, -149.99, ... */
        v[i] = (V_LOW * 100.0 + i) / 100.0;
    const double *var[1 + AX_CHANNEL_MAX_PARAMS];
    double defaults[AX_CHANNEL_MAX_PARAMS];
    var[0] = v;
    for (uint32_t k = 0; k < u->channel.n_params; k++) {
        defaults[k] = u->params[k].value;
        var[1 + k] = &defaults[k];
    }
    ax_expr_eval(gt->f, var, 1u, 0, n, f);
    if (gt->g)
        ax_expr_eval(gt->g, var, 1u, 0, n, g);
    const char *fk = gt->kind == GATE_RATES ? "alpha" : "inf", *gk = gt->kind == GATE_RATES ? "beta" : "tau";
    const char *ft = gt->kind == GATE_RATES ? gd->alpha : gd->inf, *gtext = gt->kind == GATE_RATES ? gd->beta : gd->tau;
    char path[120];
    ax_status st = AX_OK;
    for (uint32_t i = 0; i < n && st == AX_OK; i++) {
        for (int w = 0; w < (gt->g ? 2 : 1) && st == AX_OK; w++) {
            double y = w ? g[i] : f[i];
            snprintf(path, sizeof path, "%s.%s", gate_path, w ? gk : fk);
            const char *text = w ? gtext : ft;
            if (!isfinite(y))
                st = FAIL(path, "'%s' is %s at v = %g mV (default parameters); %s", text,
                          isnan(y) ? "NaN" : "infinite (a division by zero or an overflow)", v[i], VTRAP_HINT);
            else if (gt->kind == GATE_RATES && y < 0)
                st = FAIL(path, "'%s' is %g at v = %g mV (default parameters): a rate must be >= 0", text, y, v[i]);
            else if (gt->kind == GATE_INF_TAU && w && !(y > 0))
                st = FAIL(path, "'%s' is %g at v = %g mV (default parameters): a time constant must be > 0", text, y,
                          v[i]);
        }
        if (st == AX_OK && gt->kind == GATE_RATES && !(f[i] + g[i] > 0))
            st = FAIL(gate_path, "alpha + beta is 0 at v = %g mV (default parameters): the steady state "
                      "alpha / (alpha + beta) is undefined", v[i]);
    }
    uint32_t i0 = (uint32_t)((V_INIT - V_LOW) * 100.0);
    *x0 = gt->kind == GATE_RATES ? f[i0] / (f[i0] + g[i0]) : f[i0];
    free(v), free(f), free(g);
    return st;
}

static ax_status compile(ax_network *net, const ax_channel_def *def, const char *path, const char *text,
                         const char *const *names, uint32_t n_names, ax_expr **out)
{
    char msg[700];
    *out = ax_expr_compile(text, names, n_names, msg, sizeof msg);
    if (!*out && strncmp(msg, AX_EXPR_NO_MEMORY, strlen(AX_EXPR_NO_MEMORY)) == 0)
        return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': %s: %s", def->name, path, msg);
    return *out ? AX_OK : FAIL(path, "%s", msg);
}

static ax_status define_gate(ax_network *net, const ax_channel_def *def, user_channel *u, uint32_t q,
                             const char *const *names, uint32_t n_names)
{
    const ax_gate_def *gd = &def->gates[q];
    char path[100];
    snprintf(path, sizeof path, "gates.%s", gd->name ? gd->name : "(null)");
    if (!valid_name(gd->name))
        return FAIL("gates", "gate %u: '%s' is not a name (letters, digits, '_', at most 64)", q,
                    gd->name ? gd->name : "(null)");
    for (uint32_t k = 0; k < q; k++)
        if (strcmp(def->gates[k].name, gd->name) == 0)
            return FAIL(path, "defined twice");
    if (find(u->params, def->n_params, gd->name) >= 0 || ax_cell_reserved_name(gd->name))
        return FAIL(path, "'%s' is already a parameter's name (the channel's or the cell's)", gd->name);
    if (gd->power < 1 || gd->power > MAX_POWER) {
        char where[120];
        snprintf(where, sizeof where, "%s.power", path);
        return FAIL(where, "%d is not allowed: the gate's exponent in the conductance is an integer 1 .. %d",
                    gd->power, MAX_POWER);
    }
    bool rates = gd->alpha || gd->beta, steady = gd->inf || gd->tau;
    if (rates && steady)
        return FAIL(path, "give alpha and beta, or inf and tau, not both");
    if (!rates && !steady)
        return FAIL(path, "give alpha and beta, or inf and tau (or inf alone: an instantaneous gate)");
    if (rates && !(gd->alpha && gd->beta))
        return FAIL(path, "%s needs %s", gd->alpha ? "alpha" : "beta", gd->alpha ? "beta" : "alpha");
    if (gd->tau && !gd->inf)
        return FAIL(path, "tau needs inf");
    user_gate *gt = &u->gate[q];
    gt->kind = rates ? GATE_RATES : gd->tau ? GATE_INF_TAU : GATE_INSTANT;
    gt->power = (unsigned)gd->power;
    char fp[120], gp[120];
    snprintf(fp, sizeof fp, "%s.%s", path, rates ? "alpha" : "inf");
    snprintf(gp, sizeof gp, "%s.%s", path, rates ? "beta" : "tau");
    ax_status st = compile(net, def, fp, rates ? gd->alpha : gd->inf, names, n_names, &gt->f);
    if (!st && gt->kind != GATE_INSTANT)
        st = compile(net, def, gp, rates ? gd->beta : gd->tau, names, n_names, &gt->g);
    double x0 = 0;
    if (!st)
        st = check_gate(net, def, u, q, path, &x0);
    if (st)
        return st;
    char doc[160];
    snprintf(doc, sizeof doc, "gate of channel %s", def->name);
    u->gates[q] = (ax_var_info){keep(u, gd->name), keep(u, ""), x0, keep(u, gd->doc && *gd->doc ? gd->doc : doc)};
    if (!u->gates[q].name || !u->gates[q].unit || !u->gates[q].doc)
        return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': out of memory", def->name);
    return AX_OK;
}

/* The doc of a channel without one: its conductance, e.g.
 * "User-defined channel: I = gbar_A a^3 b (e_rev_A - v)". */
static const char *default_doc(user_channel *u, const ax_channel_def *def)
{
    char doc[600];
    snprintf(doc, sizeof doc, "User-defined channel: I = %s", def->conductance);
    for (uint32_t q = 0; q < def->n_gates; q++) {
        char part[100];
        if (def->gates[q].power > 1)
            snprintf(part, sizeof part, " %s^%d", def->gates[q].name, def->gates[q].power);
        else
            snprintf(part, sizeof part, " %s", def->gates[q].name);
        ax_append(doc, sizeof doc, part);
    }
    ax_append(doc, sizeof doc, " (");
    ax_append(doc, sizeof doc, def->reversal);
    ax_append(doc, sizeof doc, " - v).");
    return keep(u, doc);
}

static ax_status define(ax_network *net, const ax_channel_def *def, user_channel *u)
{
    if (!valid_name(def->name))
        return ax_fail(net, AX_ERR_ARGUMENT, "define channel: '%s' is not a name (letters, digits, '_', at most 64)",
                       def->name ? def->name : "(null)");
    if (ax_channel_lookup(net, def->name))
        return FAIL("", "a channel of this name already exists%s (`axon channels` lists the library)",
                    ax_channel_find(def->name) ? " in the library" : " on this network");
    ax_status st = check_params(net, def, u);
    if (st)
        return st;
    if (def->n_gates > AX_CHANNEL_MAX_GATES || (def->n_gates && !def->gates))
        return FAIL("gates", "%u gates: 0 to %d allowed", def->n_gates, AX_CHANNEL_MAX_GATES);
    const char *names[1 + AX_CHANNEL_MAX_PARAMS] = {"v"};
    for (uint32_t k = 0; k < def->n_params; k++)
        names[1 + k] = u->params[k].name;
    u->channel.n_params = def->n_params;
    for (uint32_t q = 0; q < def->n_gates; q++)
        if ((st = define_gate(net, def, u, q, names, 1 + def->n_params)))
            return st;
    u->channel.name = keep(u, def->name);
    u->channel.doc = def->doc && *def->doc ? keep(u, def->doc) : default_doc(u, def);
    if (!u->channel.name || !u->channel.doc)
        return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': out of memory", def->name);
    u->channel.params = u->params;
    u->channel.gates = u->gates;
    u->channel.n_gates = def->n_gates;
    u->channel.step = step;
    u->channel.impl = u;
    return AX_OK;
}

ax_status ax_channel_define(ax_network *net, const ax_channel_def *def)
{
    if (!net)
        return AX_ERR_ARGUMENT;
    if (!def)
        return ax_fail_null(net, "define channel", "def");
    user_channel *u = calloc(1, sizeof *u);
    size_t cap = ax_core_of(net)->cap_channels;
    if (!u || ax_grow((void **)&ax_core_of(net)->channels, &cap, ax_core_of(net)->n_channels + 1, sizeof *ax_core_of(net)->channels)) {
        free(u);
        return ax_fail(net, AX_ERR_MEMORY, "define channel '%s': out of memory", def->name ? def->name : "");
    }
    ax_core_of(net)->cap_channels = (uint32_t)cap;
    ax_status st = define(net, def, u);
    if (st) {
        ax_user_channel_free(&u->channel);
        return st;
    }
    ax_core_of(net)->channels[ax_core_of(net)->n_channels++] = &u->channel;
    return AX_OK;
}

/* The catalogue: the library's channels, then net's in the order of
 * definition. */
size_t ax_channel_count(const ax_network *net)
{
    return ax_channel_library_size() + (net ? ax_core_of(net)->n_channels : 0);
}

ax_status ax_channel_get_info(const ax_network *net, size_t index, ax_channel_info *out)
{
    size_t lib = ax_channel_library_size(), n = ax_channel_count(net);
    if (index >= n)
        return ax_fail(net, AX_ERR_ARGUMENT, "channel info: index %zu is past the end of the catalogue (%zu "
                             "channels)", index, n);
    if (!out)
        return ax_fail_null(net, "channel info", "out");
    const ax_channel *ch = index < lib ? ax_channel_at(index) : ax_core_of(net)->channels[index - lib];
    *out = (ax_channel_info){ch->name, ch->doc, ch->params, ch->n_params, ch->gates, ch->n_gates};
    return AX_OK;
}
