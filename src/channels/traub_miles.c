/*
 * Na, K - the sodium and delayed-rectifier potassium channels of
 * Traub & Miles (1991, Neuronal Networks of the Hippocampus), as in PyNN's
 * HH_cond_exp, NEST's hh_cond_exp_traub and Brian2's COBAHH example.
 * With u = v - v_offset (mV):
 *
 *   I_Na = gbar_Na m^3 h (e_rev_Na - v)          I_K = gbar_K n^4 (e_rev_K - v)
 *   alpha_m = 0.32 (13 - u) / (exp((13 - u) / 4) - 1)
 *   beta_m  = 0.28 (u - 40) / (exp((u - 40) / 5) - 1)
 *   alpha_h = 0.128 exp((17 - u) / 18)           beta_h = 4 / (1 + exp((40 - u) / 5))
 *   alpha_n = 0.032 (15 - u) / (exp((15 - u) / 5) - 1)
 *   beta_n  = 0.5 exp((10 - u) / 40)             (1/ms)
 *
 * Parameters read: gbar_Na, e_rev_Na (Na); gbar_K, e_rev_K (K);
 * v_offset (both).  Gates: m, h (Na); n (K).  Defaults for a cell built
 * from channels: Pospischil et al. (2008)'s regular-spiking cell
 * (gbar_Na 50, gbar_K 5 uS per 1e-3 cm2, v_offset -56.2 mV, e_rev_K
 * -90 mV); HH_cond_exp has PyNN's.
 *
 * Cost.  These two channels are most of the time of an HH network (Brian2's
 * COBAHH benchmark), and what costs is the exponentials (~40 vector
 * operations each) and divisions.  So:
 *  - All rates but alpha_h come from one exponential, w = exp((10 - u) / 40)
 *    (beta_n = 0.5 w), through exp((15 - u)/5) = e w^8, exp((40 - u)/5) =
 *    e^6 w^8 and exp((13 - u)/4) = e^(3/4) w^10: two exponentials for the
 *    five rates instead of five.  The powers multiply w's error by up to ten
 *    (~2e-15 relative), so the z / (exp(z) - 1) quotients take their series
 *    up to |z| < 0.1 (core/vmath.h).  One gate step is as accurate as
 *    with five exponentials: against the rates evaluated in long double,
 *    for -300 <= u <= 300 mV, m, h and n are within 5e-15, 4e-16 and 6e-14
 *    relative (the latter where n is tiny), as before.
 *  - Each gate's rates are kept as fractions and combined: with
 *    alpha = a / A and beta = b / B, x_inf = a B / (a B + b A) and
 *    alpha + beta = (a B + b A) / (A B): two divisions per gate, not three.
 *  - A cell whose channels list Na directly followed by K runs the two as
 *    one loop, the channel Na_K below (channel_cell.c chooses it): v and w
 *    once, the conductance sums once.  The arithmetic of each neuron is the
 *    same as with the two loops, so the results are the same to the bit.
 * The products of the fractions overflow, and the rates turn NaN, below
 * u = -1,500 mV (the run then stops with an error), far outside any
 * physiological voltage.
 */
#include "channels/channel.h"

/* w = exp((10 - u) / 40), from which the rates are built (above). */
AX_INLINE double tm_w(double u) { return ax_exp((10.0 - u) * 0.025); }

/* Advances m and h of one neuron by dt at u = v - v_offset. */
AX_INLINE void tm_na_gates(double u, double w, double dt, double *m, double *hg)
{
    const double e6 = 403.4287934927351, e3_4 = 2.117000016612675;   /* e^6, e^(3/4) */
    double w2 = w * w, w4 = w2 * w2, w8 = w4 * w4, f = w8 * e6;       /* f = exp((40 - u) / 5) */
    double a, A, b, B;
    /* alpha_m = 1.28 z / (exp(z) - 1), z = (13 - u) / 4; beta_m = 1.4 z' / (exp(z') - 1)
     * with z' = (u - 40) / 5, written as 1.4 f (-z') / (f - 1) since exp(-z') = f */
    ax_z_over_em1_frac((13.0 - u) * 0.25, w8 * w2 * e3_4, &a, &A);
    ax_z_over_em1_frac((40.0 - u) * 0.2, f, &b, &B);
    a *= 1.28;
    b *= 1.4 * f;
    double p = a * B, s = p + b * A;
    double x_inf = p / s, k = -dt * (s / (A * B));   /* <= 0: the decay needs no overflow check */
    *m = x_inf + (*m - x_inf) * ax_exp_upto709(k);
    /* alpha_h = 0.128 exp((17 - u) / 18), beta_h = 4 / (1 + f) */
    double ah = 0.128 * ax_exp((17.0 - u) * (1.0 / 18.0)), C = 1.0 + f;
    p = ah * C;
    s = p + 4.0;
    x_inf = p / s;
    k = -dt * (s / C);
    *hg = x_inf + (*hg - x_inf) * ax_exp_upto709(k);
}

/* Returns n of one neuron advanced by dt at u = v - v_offset. */
AX_INLINE double tm_k_gate(double u, double w, double dt, double n)
{
    const double e1 = 2.718281828459045;
    double w2 = w * w, w4 = w2 * w2, w8 = w4 * w4;
    double a, A;
    /* alpha_n = 0.16 z / (exp(z) - 1), z = (15 - u) / 5; beta_n = 0.5 w */
    ax_z_over_em1_frac((15.0 - u) * 0.2, w8 * e1, &a, &A);
    a *= 0.16;
    double s = a + 0.5 * w * A;
    double x_inf = a / s, k = -dt * (s / A);
    return x_inf + (n - x_inf) * ax_exp_upto709(k);
}

static const ax_param_info na_params[] = {
    {"gbar_Na", "uS", 50.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"v_offset", "mV", -56.2, -INFINITY, INFINITY, 0, "shifts the Na and K kinetics (V_T)"},
};
static const ax_var_info na_gates[] = {
    {"m", "", 0.002197925209, "Na activation"},
    {"h", "", 0.9995700328, "Na inactivation"},
};

AX_INLINE void na_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict vt = c->param[2];
    const double *restrict v = c->v;
    double *restrict m = c->gate[0], *restrict hg = c->gate[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (size_t i = c->begin; i < c->end; i++) {
        double u = v[i] - (het ? vt[i] : vt[0]), mi = m[i], hi = hg[i];
        tm_na_gates(u, tm_w(u), h, &mi, &hi);
        m[i] = mi;
        hg[i] = hi;
        double gi = (het ? gbar[i] : gbar[0]) * mi * mi * mi * hi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void na_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(na_body, c, het); }

const ax_channel ax_channel_Na = {
    .name = "Na",
    .doc = "Traub-Miles fast sodium channel (Traub & Miles 1991; PyNN HH_cond_exp, NEST hh_cond_exp_traub): "
           "I = gbar_Na m^3 h (e_rev_Na - v); with u = v - v_offset, alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1), "
           "beta_m = 0.28 (u - 40) / (exp((u - 40)/5) - 1), alpha_h = 0.128 exp((17 - u)/18), "
           "beta_h = 4 / (1 + exp((40 - u)/5)) (1/ms).",
    .params = na_params, .n_params = AX_COUNT(na_params),
    .gates = na_gates, .n_gates = AX_COUNT(na_gates),
    .step = na_step,
};

static const ax_param_info k_params[] = {
    {"gbar_K", "uS", 5.0, 0.0, INFINITY, 0, "maximal delayed-rectifier potassium conductance"},
    {"e_rev_K", "mV", -90.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"v_offset", "mV", -56.2, -INFINITY, INFINITY, 0, "shifts the Na and K kinetics (V_T)"},
};
static const ax_var_info k_gates[] = {
    {"n", "", 0.008157843591, "K activation"},
};

AX_INLINE void k_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict vt = c->param[2];
    const double *restrict v = c->v;
    double *restrict n = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (size_t i = c->begin; i < c->end; i++) {
        double u = v[i] - (het ? vt[i] : vt[0]);
        double ni = tm_k_gate(u, tm_w(u), h, n[i]), n2 = ni * ni;
        n[i] = ni;
        double gi = (het ? gbar[i] : gbar[0]) * n2 * n2;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void k_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(k_body, c, het); }

const ax_channel ax_channel_K = {
    .name = "K",
    .doc = "Traub-Miles delayed-rectifier potassium channel (Traub & Miles 1991; PyNN HH_cond_exp, NEST "
           "hh_cond_exp_traub): I = gbar_K n^4 (e_rev_K - v); with u = v - v_offset, "
           "alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1), beta_n = 0.5 exp((10 - u)/40) (1/ms).",
    .params = k_params, .n_params = AX_COUNT(k_params),
    .gates = k_gates, .n_gates = AX_COUNT(k_gates),
    .step = k_step,
};

/* Na directly followed by K, in one loop (see the top of the file).  Not in
 * the catalogue: channel_cell.c substitutes it for the pair. */
static const ax_param_info na_k_params[] = {
    {"gbar_Na", "uS", 50.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"v_offset", "mV", -56.2, -INFINITY, INFINITY, 0, "shifts the Na and K kinetics (V_T)"},
    {"gbar_K", "uS", 5.0, 0.0, INFINITY, 0, "maximal delayed-rectifier potassium conductance"},
    {"e_rev_K", "mV", -90.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
};
static const ax_var_info na_k_gates[] = {
    {"m", "", 0.002197925209, "Na activation"},
    {"h", "", 0.9995700328, "Na inactivation"},
    {"n", "", 0.008157843591, "K activation"},
};

AX_INLINE void na_k_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gna = c->param[0], *restrict ena = c->param[1], *restrict vt = c->param[2];
    const double *restrict gk = c->param[3], *restrict ek = c->param[4];
    const double *restrict v = c->v;
    double *restrict m = c->gate[0], *restrict hg = c->gate[1], *restrict n = c->gate[2];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (size_t i = c->begin; i < c->end; i++) {
        double u = v[i] - (het ? vt[i] : vt[0]), w = tm_w(u), mi = m[i], hi = hg[i];
        tm_na_gates(u, w, h, &mi, &hi);
        double ni = tm_k_gate(u, w, h, n[i]), n2 = ni * ni;
        m[i] = mi;
        hg[i] = hi;
        n[i] = ni;
        double g_na = (het ? gna[i] : gna[0]) * mi * mi * mi * hi, g_k = (het ? gk[i] : gk[0]) * n2 * n2;
        /* summed in the order of the two separate loops */
        g[i] = g[i] + g_na + g_k;
        g_e[i] = g_e[i] + g_na * (het ? ena[i] : ena[0]) + g_k * (het ? ek[i] : ek[0]);
    }
}

static void na_k_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(na_k_body, c, het); }

const ax_channel ax_channel_Na_K = {
    .name = "Na+K",
    .doc = "Na and K of Traub & Miles (1991) in one loop; what a cell runs for Na followed by K.",
    .params = na_k_params, .n_params = AX_COUNT(na_k_params),
    .gates = na_k_gates, .n_gates = AX_COUNT(na_k_gates),
    .step = na_k_step,
};
