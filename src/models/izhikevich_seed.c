/*
 * izhikevich_seed.c - the two Izhikevich cells of the seed simulator (a
 * Rust SNN library), both the Izhikevich (2003) quadratic membrane slowed
 * by a factor c_m:
 *
 * IzhikevichScaled - its IzhikevichNeuron, the default cell of its
 * lattices, Hopfield and pool examples: the 2003 equations with time-scale
 * factors, w a current,
 *     c_m dv/dt = 0.04 v^2 + 5 v + 140 - w + I
 *     tau_w dw/dt = a (b v - w)
 * with the seed's defaults a 0.02, b 0.2, c -55 mV, d 8, v_th 30 mV,
 * c_m 100, tau_w 1 (its tau_m), v -65 mV, w 30.  Fixed points: w = b v,
 * 0.04 v^2 + (5 - b) v + 140 + I = 0: at I = 0 a stable rest at -70 mV and
 * a saddle at -50 mV (rheobase I = (5 - b)^2 / 0.16 - 140 = 4 at b = 0.2,
 * 0.004 nA).  Its time scale is c_m times the paper's: at c_m = 100 a
 * spike's upstroke takes about 100 ms.  The seed's gap conductance 7 (its
 * current units, pA / mV) is 0.007 uS here (docs/lattices.md).
 *
 * IzhikevichLeaky - its LeakyIzhikevichNeuron: w acts as a conductance
 * towards e_l instead of as a current.
 *
 * Equations
 *     c_m dv/dt = 0.04 v^2 + 5 v + 140 - w (v - e_l) + I      (v in mV, t in ms)
 *     tau_w dw/dt = a (b v - w)
 *     I = 1000 (i_offset + I_inj): currents in nA, as in `Izhikevich`
 *         (PyNN's convention, 1 nA = 1000 in the equation).
 * A spike of weight x (mV) at either receptor: v += x (voltage jumps, as
 * `Izhikevich`).  When v >= v_th: spike, v = c, w += d.
 * c_m and tau_w are dimensionless time-scale factors, as in the seed,
 * where every Izhikevich model multiplies dv by dt / c_m and dw by
 * dt / tau_m (tau_m = 10 for the leaky model, 1 for the plain one: w is
 * ten times slower here).  tau_w = 1 gives dw/dt = a (b v - w).
 *
 * Fixed points: w = b v and (0.04 - b) v^2 + (5 + b e_l) v + 140 + I = 0.
 * With the seed's b = 0.2 > 0.04 the lower root (-63.73 mV at I = 0) is a
 * saddle, not a rest state, for any I: a trajectory either fires or runs
 * away below it towards -infinity.  There v keeps near v ~ w / 0.04,
 * where 0.04 v^2 and -w v balance, and w relaxes towards b v ~ 25 b w,
 * so it grows as exp((25 b - 1) a t / tau_w).  Without input, from the
 * seed's initial state, v passes -100 mV at 676 ms, -1000 mV at 954 ms
 * and -4e6 mV at 2 s.  The seed's cell thus needs a drive: it fires from
 * between 0.015 and 0.02 nA (at 0.02 nA: first spike after 743 ms;
 * 3.0 Hz).  For b < 0.04 the lower root is a stable rest up to the
 * rheobase I = (5 + b e_l)^2 / (4 (0.04 - b)) - 140, where it meets
 * the saddle.  With the seed's defaults the steady rate under DC is not
 * monotone in I (3.24 Hz at 0.1 nA, 3.20 Hz at 0.3 nA, then rising to
 * 8.7 Hz at 3 nA); the latency of the first spike falls monotonically.
 *
 * Parameters (the seed's defaults): a 0.02 /ms, b 0.2 /(ms mV),
 *     c -55 mV, d 8 /ms, v_th 30 mV, c_m 100, tau_w 10, e_l -65 mV,
 *     i_offset 0 nA
 * State (the seed's v_init, w_init): v -65 mV, w 30 /ms.
 *
 * Method: RK4 on (v, w) with dt, then this step's input jumps, then the
 * threshold, as `Izhikevich` (the seed uses forward Euler with dv and dw
 * from the old values, then the threshold; RK4 converges to the ODEs as
 * dt shrinks, at fourth order between spikes).  Spikes fall on the dt
 * grid: the reset comes at the end of the step that crossed v_th, so the
 * first spike is late by 0 to dt and a steady interval long by up to
 * about dt (at dt = 0.1 ms rates 0.004-0.04 % low; tests/
 * test_izhikevich_leaky.c against tests/reference/make_izhikevich_leaky.py).
 * A step is stiff when z = dt |0.08 v + 5 - w| / c_m exceeds 1 (RK4 is
 * stable below 2.78): never for the default c_m = 100 while the cell
 * fires, but with small c_m and large w, or when v runs away.  Such a
 * step is split into ceil(z) RK4 sub-steps in a second pass over the few
 * neurons that need it, so the vectorised pass stays plain RK4.  Past
 * z = 1000 (v below about -2.5e7 mV with the defaults: at 2.2 s without
 * input) v is set to -infinity, which stops the run with a numerical
 * error rather than spending ever more sub-steps.
 *
 * IzhikevichScaled is integrated the same way (the stiffness of its step
 * is z = dt |0.08 v + 5| / c_m).  The seed's forward Euler differs from
 * RK4 at first order in dt / c_m: at c_m = 100 and dt = 0.1 ms its first
 * spikes fall within 0.1 ms of these and its intervals are 0 - 0.18 %
 * longer (0.0045 - 0.5 nA, tests/test_izhikevich_seed.c).
 *
 * Reference: Izhikevich EM (2003) Simple model of spiking neurons. IEEE
 * Trans Neural Netw 14:1569-1572; the seed's IzhikevichNeuron and
 * LeakyIzhikevichNeuron.
 */
#include "core/model_util.h"

#include <math.h>

/* Parameters: IzhikevichLeaky has all; IzhikevichScaled the same less
 * e_l, so its i_offset is at index E_L. */
enum { A, B, C, D, V_TH, C_M, TAU_W, E_L, I_OFFSET };
enum { V, W };

#define SHARED_PARAMS(tau_w_default)                                                                           \
    {"a", "/ms", 0.02, -INFINITY, INFINITY, 0, "rate of the recovery variable w"},                             \
    {"b", "/(ms mV)", 0.2, -INFINITY, INFINITY, 0, "sensitivity of w to v (w relaxes to b v)"},                \
    {"c", "mV", -55.0, -INFINITY, INFINITY, 0, "reset value of v (below v_th)"},                               \
    {"d", "/ms", 8.0, -INFINITY, INFINITY, 0, "increment of w at a spike"},                                    \
    {"v_th", "mV", 30.0, -INFINITY, INFINITY, 0, "spike threshold (peak) of v"},                              \
    {"c_m", "", 100.0, 0.0, INFINITY, AX_PARAM_GT_MIN,                                                         \
     "time-scale factor of v (the seed's c_m): dv/dt is divided by it"},                                       \
    {"tau_w", "", tau_w_default, 0.0, INFINITY, AX_PARAM_GT_MIN,                                              \
     "time-scale factor of w (the seed's tau_m): dw/dt is divided by it"}

static const ax_param_info leaky_params[] = {
    SHARED_PARAMS(10.0),
    {"e_l", "mV", -65.0, -INFINITY, INFINITY, 0, "reversal potential of the recovery conductance"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current (1 nA = 1000 in the equation)"},
};

static const ax_param_info scaled_params[] = {
    SHARED_PARAMS(1.0),
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current (1 nA = 1000 in the equation)"},
};

static const ax_var_info leaky_vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"w", "/ms", 30.0, "recovery conductance"},
};

static const ax_var_info scaled_vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"w", "", 30.0, "recovery current (in the equation's units, as I)"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "mV", AX_RECEPTOR_EXPECTS_POSITIVE, "jump of v"},
    {"inhibitory", "mV", AX_RECEPTOR_EXPECTS_NEGATIVE, "jump of v (use negative weights)"},
};

static int check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double c = AX_PARAM(p, C, i), th = AX_PARAM(p, V_TH, i);
        if (!(c < th)) {
            snprintf(msg, len, "the reset c (%g mV) must be below v_th (%g mV) (neuron %u)", c, th, i);
            return -1;
        }
    }
    return 0;
}

/* c_m dv/dt, written as `Izhikevich` writes its right-hand side: w a
 * conductance towards e_l (leaky) or a current. */
AX_INLINE double cm_dv_dt(int leaky, double v, double w, double e_l, double I)
{
    return (0.04 * v + 5.0) * v + 140.0 - (leaky ? w * (v - e_l) : w) + I;
}

/* One RK4 step of h on (v, w); k = 1 / c_m, a_w = a / tau_w. */
AX_INLINE void rk4(int leaky, double *v, double *w, double h, double k, double a_w, double b, double e_l, double I)
{
    double v0 = *v, w0 = *w;
    double kv1 = k * cm_dv_dt(leaky, v0, w0, e_l, I), kw1 = a_w * (b * v0 - w0);
    double v2 = v0 + 0.5 * h * kv1, w2 = w0 + 0.5 * h * kw1;
    double kv2 = k * cm_dv_dt(leaky, v2, w2, e_l, I), kw2 = a_w * (b * v2 - w2);
    double v3 = v0 + 0.5 * h * kv2, w3 = w0 + 0.5 * h * kw2;
    double kv3 = k * cm_dv_dt(leaky, v3, w3, e_l, I), kw3 = a_w * (b * v3 - w3);
    double v4 = v0 + h * kv3, w4 = w0 + h * kw3;
    double kv4 = k * cm_dv_dt(leaky, v4, w4, e_l, I), kw4 = a_w * (b * v4 - w4);
    *v = v0 + h / 6.0 * (kv1 + 2.0 * kv2 + 2.0 * kv3 + kv4);
    *w = w0 + h / 6.0 * (kw1 + 2.0 * kw2 + 2.0 * kw3 + kw4);
}

/* A step is stiff when h |d(dv/dt)/dv| = h |0.08 v + 5 - w| / c_m (leaky;
 * |0.08 v + 5| / c_m scaled) at its start exceeds Z_MAX (RK4 is stable up
 * to 2.78; the margin covers the change of v within the step): it is then
 * split into ceil(z / Z_MAX) sub-steps, up to MAX_SUBSTEPS.  Beyond that v
 * has run away (the leaky cell below its saddle: v ~ w / 0.04 ->
 * -infinity; the scaled one under a huge current) and is set to
 * -infinity, which stops the run with a numerical error. */
#define Z_MAX 1.0
#define MAX_SUBSTEPS 1000

/* One step for neurons [begin, end).  The fast pass (fixup = 0) takes one
 * RK4 step per neuron and vectorises; it leaves the rare stiff neurons
 * untouched and says whether there were any.  The fix-up pass (fixup = 1)
 * then advances just those with sub-steps. */
AX_INLINE int body_impl(int leaky, const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup)
{
    const int i_off = leaky ? I_OFFSET : E_L;
    const double h = p->dt;
    const double *pa = p->param[A], *pb = p->param[B], *pc = p->param[C], *pd = p->param[D];
    const double *pth = p->param[V_TH], *pcm = p->param[C_M], *ptw = p->param[TAU_W];
    const double *pel = leaky ? p->param[E_L] : NULL, *pi = p->param[i_off];
    double *restrict v = p->state[V], *restrict w = p->state[W];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    /* local copies of uniform values: loop-invariant, so the loop vectorises */
    const double a_w0 = pa[0] / ptw[0], k0 = 1.0 / pcm[0];
    const double b0 = pb[0], c0 = pc[0], d0 = pd[0], th0 = pth[0], el0 = leaky ? pel[0] : 0.0, i0 = pi[0];
    int any_stiff = 0;
/* parameter k of neuron i: its own value, or the uniform one x0 */
#define P(k, x0, arr) (het && p->per_neuron[k] ? (arr)[i] : (x0))
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        /* k = 1 / c_m and a_w = a / tau_w: the rates of v and w */
        double k = het ? 1.0 / P(C_M, pcm[0], pcm) : k0;
        double v0 = v[i], w0 = w[i];
        double z = h * fabs(0.08 * v0 + 5.0 - (leaky ? w0 : 0.0)) * k;
        int stiff = z > Z_MAX;
        if (fixup && !stiff)
            continue;
        double a_w = het ? P(A, pa[0], pa) / P(TAU_W, ptw[0], ptw) : a_w0;
        double b = P(B, b0, pb), c = P(C, c0, pc), d = P(D, d0, pd), th = P(V_TH, th0, pth);
        double el = leaky ? P(E_L, el0, pel) : 0.0;
        double I = 1000.0 * (P(i_off, i0, pi) + cur[i]);
        double vn = v0, wn = w0;
        if (!fixup) {
            rk4(leaky, &vn, &wn, h, k, a_w, b, el, I);
        } else if (z > MAX_SUBSTEPS * Z_MAX) {
            vn = -INFINITY;
        } else {
            int n = (int)ceil(z / Z_MAX);
            for (int s = 0; s < n; s++)
                rk4(leaky, &vn, &wn, h / n, k, a_w, b, el, I);
        }
        vn += in_e[i] + in_i[i];
        int fire = vn >= th;
        double v_n = fire ? c : vn, w_n = fire ? wn + d : wn;
        if (!fixup) {
            any_stiff |= stiff;
            v_n = stiff ? v0 : v_n;
            w_n = stiff ? w0 : w_n;
            fire = stiff ? 0 : fire;
        }
        /* consumed, except by stiff neurons in the fast pass */
        int keep = !fixup && stiff;
        in_e[i] = keep ? in_e[i] : 0.0;
        in_i[i] = keep ? in_i[i] : 0.0;
        v[i] = v_n;
        w[i] = w_n;
        spiked[i] = (uint32_t)fire;
    }
#undef P
    return any_stiff;
}

static int body_leaky(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup)
{
    return body_impl(1, p, begin, end, het, fixup);
}

static int body_scaled(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup)
{
    return body_impl(0, p, begin, end, het, fixup);
}

static void update_leaky(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH_TWO_PASS(body_leaky, p, begin, end);
}

static void update_scaled(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH_TWO_PASS(body_scaled, p, begin, end);
}

const ax_model ax_model_IzhikevichLeaky = {
    .name = "IzhikevichLeaky",
    .doc = "Leaky Izhikevich hybrid of the seed simulator (its LeakyIzhikevichNeuron): c_m dv/dt = 0.04 v^2 + 5 v "
           "+ 140 - w (v - e_l) + I, tau_w dw/dt = a (b v - w), v >= v_th: v = c, w += d; w is a conductance "
           "towards e_l. Currents in nA (1 nA = 1000 in the equation), voltage-jump synapses, RK4 integration "
           "(sub-stepped where stiff). With the seed's b = 0.2 there is no stable rest: below the saddle v runs "
           "away to -infinity, so the cell needs a drive (it fires from 0.015-0.02 nA on).",
    .params = leaky_params, .n_params = AX_COUNT(leaky_params),
    .vars = leaky_vars, .n_vars = AX_COUNT(leaky_vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check,
    .update = update_leaky,
};

const ax_model ax_model_IzhikevichScaled = {
    .name = "IzhikevichScaled",
    .doc = "Izhikevich (2003) with time-scale factors, the seed simulator's IzhikevichNeuron (the cell of its "
           "lattices): c_m dv/dt = 0.04 v^2 + 5 v + 140 - w + I, tau_w dw/dt = a (b v - w), v >= v_th: v = c, "
           "w += d; the seed's defaults (c_m = 100: a hundred times slower than the paper). Currents in nA "
           "(1 nA = 1000 in the equation, so the seed's I and gap conductance 7 are pA and nS), voltage-jump "
           "synapses, RK4 integration (sub-stepped where stiff; the seed uses forward Euler). Rest -70 mV, "
           "rheobase 0.004 nA.",
    .params = scaled_params, .n_params = AX_COUNT(scaled_params),
    .vars = scaled_vars, .n_vars = AX_COUNT(scaled_vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check,
    .update = update_scaled,
};
