/*
 * integrate.c - step 1 of an equation model's update over a block (see
 * step.c): the exact set by its propagators, the rest by Euler, RK2, RK4
 * (the exact set at the stage times), exponential Euler or adaptive RK45,
 * and the white noise by Euler-Maruyama; and the block programs' pointers
 * and runs that the update shares.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng.h"
#include "core/scalar_functions.h"
#include "equations/integrate.h"

/* RK45 tolerances (per variable, in its unit): absolute and relative. */
#define RK45_ATOL 1e-6
#define RK45_RTOL 1e-6
#define RK45_MAX_STEPS 100000

void eq_bind_derived(const eq_data *d, scratch *s, int program, size_t i0)
{
    const eq_program *pr = d->pr[program];
    for (uint32_t k = 0; pr && k < pr->n_derived; k++)
        s->ptr[d->derived_slot + program * EQ_MAX_DERIVED + k] = pr->derived[k] + i0;
}

/* Runs a program over the block; scalars: t, then what rand() draws from
 * (the step, the block's first global id, the seed's two halves). */
void eq_run(const eq_data *d, scratch *s, int program, size_t i0, const double *t, uint32_t n)
{
    eq_bind_derived(d, s, program, i0);
    const double scalars[EQ_SCALARS] = {*t, s->rand_key[0], s->rand_key[1], s->rand_key[2], s->rand_key[3]};
    eq_program_run(d->pr[program], s->ptr, scalars, n, s->regs);
}

/* The exact set at time h (or h/2) from x0, into out[ODE index].  A
 * refractory neuron whose held variables drive others takes the
 * propagators in which the held ones are constant. */
static void exact_step(const eq_data *d, scratch *s, const double *props, size_t i0, uint32_t n,
                       double (*out)[EQ_BLOCK], const double *current)
{
    const eq_model *m = d->m;
    uint32_t ne = d->ne;
    size_t each = (size_t)ne * ne + 2 * ne;
    for (uint32_t r = 0; r < ne; r++) {
        double *o = out[m->exact_ode[r]];
        if (!d->prop_per_neuron) {
            const double *P = props, *q = P + ne * ne, *rr = q + ne;
            double qr = q[r], ir = rr[r];
            SIMD for (uint32_t j = 0; j < n; j++) o[j] = qr + ir * current[j];
            for (uint32_t c = 0; c < ne; c++) {
                double pc = P[r * ne + c];
                if (pc == 0.0)
                    continue;
                const double *x = s->x0[m->exact_ode[c]];
                SIMD for (uint32_t j = 0; j < n; j++) o[j] += pc * x[j];
            }
        } else {
            for (uint32_t j = 0; j < n; j++) {
                const double *P = props + (i0 + j) * each, *q = P + ne * ne, *rr = q + ne;
                double acc = q[r] + rr[r] * current[j];
                for (uint32_t c = 0; c < ne; c++)
                    acc += P[r * ne + c] * s->x0[m->exact_ode[c]][j];
                o[j] = acc;
            }
        }
    }
    if (!d->held_offset)
        return;
    const double *refrac = s->ptr[m->refrac_state];
    for (uint32_t j = 0; j < n; j++) {
        if (!(refrac[j] > 0.0))
            continue;
        const double *P = props + d->held_offset + (d->prop_per_neuron ? (i0 + j) * each : 0);
        const double *q = P + ne * ne, *rr = q + ne;
        for (uint32_t r = 0; r < ne; r++) {
            double acc = q[r] + rr[r] * current[j];
            for (uint32_t c = 0; c < ne; c++)
                acc += P[r * ne + c] * s->x0[m->exact_ode[c]][j];
            out[m->exact_ode[r]][j] = acc;
        }
    }
}

/* Points the state slots of the ODEs at `x` (stage values); the others at
 * their arrays. */
static void bind_stage(const eq_data *d, scratch *s, double (*x)[EQ_BLOCK])
{
    const eq_model *m = d->m;
    for (uint32_t o = 0; o < m->n_odes; o++)
        s->ptr[state_of(m, o)] = x[o];
}

void eq_bind_arrays(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0)
{
    const eq_model *m = d->m;
    for (uint32_t v = 0; v < m->n_states; v++)
        s->ptr[v] = p->state[v] + i0;
    for (uint32_t k = 0; k < m->n_params; k++)
        s->ptr[d->param_slot + k] = p->per_neuron[k] ? p->param[k] + i0 : NULL;
    s->ptr[d->current_slot] = p->current + i0;
    for (uint32_t r = 0; r < m->n_receptors; r++)
        s->ptr[d->input_slot + r] = p->input[r] + i0;
}

/* Derivatives of the rest at stage values x (exact ones in x as well) at
 * time t, into k[rest index].  A variable held while refractory has
 * derivative 0 in a refractory neuron, so that the stages of the others
 * see it held, as it is (AdEx's w sees v at v_reset, as in the built-in). */
static void derivs(const eq_data *d, scratch *s, double (*x)[EQ_BLOCK], double t, size_t i0, uint32_t n,
                   double (*k)[EQ_BLOCK])
{
    const eq_model *m = d->m;
    bind_stage(d, s, x);
    eq_run(d, s, P_DERIV, i0, &t, n);
    const double *refrac = m->refrac_state >= 0 ? s->ptr[m->refrac_state] : NULL;
    for (uint32_t r = 0; r < d->n_rest; r++) {
        double *kr = k[r];
        memcpy(kr, s->regs[d->pr[P_DERIV]->out[r]], n * sizeof(double));
        if (refrac && m->odes[d->rest[r]].unless_refractory)
            SIMD for (uint32_t j = 0; j < n; j++) kr[j] = refrac[j] > 0.0 ? 0.0 : kr[j];
    }
}

/* x_out[rest] = x0 + h * sum c_k k_k, exact ones from `exact` (or kept). */
static void combine(const eq_data *d, scratch *s, uint32_t n, double (*out)[EQ_BLOCK], const double *c,
                    int stages, double h)
{
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        double *y = out[o];
        const double *x = s->x0[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = 0.0;
        for (int q = 0; q < stages; q++) {
            if (c[q] == 0.0)
                continue;
            double cq = c[q];
            const double *kq = s->k[q][r];
            SIMD for (uint32_t j = 0; j < n; j++) y[j] += cq * kq[j];
        }
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h * y[j];
    }
}

void eq_integrate_rk(const eq_data *d, scratch *s, int method, double t, double h, size_t i0, uint32_t n,
                         const double *current)
{
    const eq_model *m = d->m;
    /* the exact set at the end of the step */
    if (d->ne)
        exact_step(d, s, d->prop, i0, n, s->xn, current);
    if (method == M_EULER) {
        derivs(d, s, s->x0, t, i0, n, s->k[0]);
        static const double c1[1] = {1.0};
        combine(d, s, n, s->xn, c1, 1, h);
        return;
    }
    /* the exact set at the middle, for the stages */
    double (*mid)[EQ_BLOCK] = s->xs;
    if (d->ne) {
        double (*half)[EQ_BLOCK] = (double (*)[EQ_BLOCK])s->k[6];
        exact_step(d, s, d->prop_half, i0, n, half, current);
        for (uint32_t r = 0; r < d->ne; r++)
            memcpy(mid[m->exact_ode[r]], half[m->exact_ode[r]], n * sizeof(double));
    }
    derivs(d, s, s->x0, t, i0, n, s->k[0]);
    static const double half1[1] = {0.5};
    combine(d, s, n, mid, half1, 1, h);
    if (method == M_RK2) {
        derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[1]);
        static const double c2[2] = {0.0, 1.0};
        combine(d, s, n, s->xn, c2, 2, h);
        return;
    }
    derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[1]);
    static const double c_2[2] = {0.0, 0.5};
    combine(d, s, n, mid, c_2, 2, h);
    derivs(d, s, mid, t + 0.5 * h, i0, n, s->k[2]);
    /* the fourth stage at the end: the exact set's end values are in xn */
    static const double c_3[3] = {0.0, 0.0, 1.0};
    double (*end)[EQ_BLOCK] = mid;
    for (uint32_t r = 0; r < d->ne; r++)
        memcpy(end[m->exact_ode[r]], s->xn[m->exact_ode[r]], n * sizeof(double));
    combine(d, s, n, end, c_3, 3, h);
    derivs(d, s, end, t + h, i0, n, s->k[3]);
    /* x0 + h / 6 (k1 + 2 k2 + 2 k3 + k4), in this order: the arithmetic of
     * the built-in RK4 models, so that a model copied as equations gives
     * their bits */
    double h6 = h / 6.0;
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        const double *k1 = s->k[0][r], *k2 = s->k[1][r], *k3 = s->k[2][r], *k4 = s->k[3][r], *x = s->x0[o];
        double *y = s->xn[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h6 * (k1[j] + 2.0 * k2[j] + 2.0 * k3[j] + k4[j]);
    }
}

void eq_integrate_exp_euler(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n,
                                const double *current)
{
    if (d->ne)
        exact_step(d, s, d->prop, i0, n, s->xn, current);
    if (!d->n_rest)
        return;
    eq_run(d, s, P_EE, i0, &t, n);
    const eq_program *pr = d->pr[P_EE];
    for (uint32_t r = 0; r < d->n_rest; r++) {
        uint32_t o = d->rest[r];
        const double *A = s->regs[pr->out[2 * r]], *B = s->regs[pr->out[2 * r + 1]];
        const double *x = s->x0[o];
        double *y = s->xn[o];
        SIMD for (uint32_t j = 0; j < n; j++) y[j] = x[j] + h * (A[j] * x[j] + B[j]) * f_exprel(A[j] * h);
    }
}

/* Dormand-Prince 5(4), each neuron with its own step size within [t, t+h]. */
void eq_integrate_rk45(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n)
{
    static const double c[7] = {0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1};
    static const double a[7][6] = {
        {0},
        {1.0 / 5},
        {3.0 / 40, 9.0 / 40},
        {44.0 / 45, -56.0 / 15, 32.0 / 9},
        {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
        {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
        {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}};
    static const double e[7] = {71.0 / 57600, 0, -71.0 / 16695, 71.0 / 1920, -17253.0 / 339200, 22.0 / 525,
                                -1.0 / 40};
    const eq_model *m = d->m;
    double *tt = s->aux[0], *hh = s->aux[1], *err = s->aux[2];
    for (uint32_t j = 0; j < n; j++) {
        tt[j] = 0.0;
        hh[j] = h;
    }
    for (uint32_t o = 0; o < m->n_odes; o++)
        memcpy(s->xn[o], s->x0[o], n * sizeof(double));
    for (int iter = 0; iter < RK45_MAX_STEPS; iter++) {
        bool active = false;
        for (uint32_t j = 0; j < n; j++) {
            if (tt[j] >= h) {
                hh[j] = 0.0;
                continue;
            }
            active = true;
            if (tt[j] + hh[j] > h)
                hh[j] = h - tt[j];
        }
        if (!active)
            return;
        /* stages from xn (the accepted values) with per-neuron steps and
         * times */
        s->ptr[d->time_slot] = s->stage_time;
        for (int q = 0; q < 7; q++) {
            for (uint32_t j = 0; j < n; j++)
                s->stage_time[j] = t + tt[j] + c[q] * hh[j];
            for (uint32_t r = 0; r < d->n_rest; r++) {
                uint32_t o = d->rest[r];
                for (uint32_t j = 0; j < n; j++) {
                    double acc = 0.0;
                    for (int p = 0; p < q; p++)
                        acc += a[q][p] * s->k[p][r][j];
                    s->xs[o][j] = s->xn[o][j] + hh[j] * acc;
                }
            }
            derivs(d, s, s->xs, t, i0, n, s->k[q]);
        }
        for (uint32_t j = 0; j < n; j++)
            err[j] = 0.0;
        for (uint32_t r = 0; r < d->n_rest; r++) {
            uint32_t o = d->rest[r];
            for (uint32_t j = 0; j < n; j++) {
                double ej = 0.0;
                for (int q = 0; q < 7; q++)
                    ej += e[q] * s->k[q][r][j];
                ej *= hh[j];
                double scale = RK45_ATOL + RK45_RTOL * fmax(fabs(s->xn[o][j]), fabs(s->xs[o][j]));
                double ratio = fabs(ej) / scale;
                err[j] = ratio > err[j] || ratio != ratio ? ratio : err[j];
            }
        }
        for (uint32_t j = 0; j < n; j++) {
            if (hh[j] == 0.0)
                continue;
            bool accept = err[j] <= 1.0;
            if (accept) {
                for (uint32_t r = 0; r < d->n_rest; r++)
                    s->xn[d->rest[r]][j] = s->xs[d->rest[r]][j];   /* the 7th stage is the 5th-order result */
                tt[j] += hh[j];
            }
            double factor = err[j] > 0.0 ? 0.9 * pow(err[j], -0.2) : 5.0;
            factor = factor < 0.2 ? 0.2 : factor > 5.0 ? 5.0 : factor;
            if (err[j] != err[j])
                factor = 0.2;
            hh[j] *= factor;
            if (hh[j] < 1e-12 * h) {
                /* cannot meet the tolerance: the state is going to infinity or NaN */
                tt[j] = h;
                for (uint32_t r = 0; r < d->n_rest; r++)
                    s->xn[d->rest[r]][j] = NAN;
            }
        }
    }
}

void eq_noise(const eq_data *d, scratch *s, const ax_population_view *p, double t, size_t i0, uint32_t n,
                  int64_t step)
{
    const eq_model *m = d->m;
    eq_run(d, s, P_NOISE, i0, &t, n);
    const eq_program *pr = d->pr[P_NOISE];
    double sq = sqrt(p->dt);
    for (uint32_t k = 0; k < m->n_noise; k++) {
        double *z = s->aux[3];
        uint32_t purpose = ax_purpose(AX_RNG_EQUATION_NOISE, k);
        for (uint32_t j = 0; j < n; j++) {
            philox4x32_ctr_t w = ax_rng_block(p->seed, purpose, p->first_id + (uint32_t)(i0 + j), (uint64_t)step);
            double u1 = ax_u01_from32(w.v[0]) + 0x1p-33 * ax_u01_from32(w.v[1]);
            double u2 = ax_u01_from32(w.v[2]);
            z[j] = sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2) * sq;
        }
        for (uint32_t o = 0; o < m->n_odes; o++) {
            uint32_t out = d->noise_out[o][k];
            if (out == UINT32_MAX)
                continue;
            const double *g = s->regs[pr->out[out]];
            double *y = s->xn[o];
            SIMD for (uint32_t j = 0; j < n; j++) y[j] += g[j] * z[j];
        }
    }
}
