/*
 * linear.c - exact propagators of a linear system with constant input,
 *     dx/dt = A x + b + c I        (I constant over the step)
 * over a step h: x(h) = P x(0) + q + r I, read off the exponential of the
 * augmented matrix [[A, b, c], [0, 0, 0], [0, 0, 0]] h (Van Loan 1978),
 * which stays exact when A is singular or has repeated eigenvalues (as
 * tau_syn = tau_m, where closed formulas divide by zero).  The exponential
 * by scaling and squaring of its Taylor series: the matrix scaled to norm
 * <= 1/2, the series summed until a term no longer changes the sum, then
 * squared back (Moler & Van Loan 2003, method 3).
 */
#include <math.h>
#include <string.h>

#include "equations/equations.h"

#define N_MAX (EQ_MAX_STATES + 2)

static void matmul(uint32_t n, const double *a, const double *b, double *out)
{
    for (uint32_t i = 0; i < n; i++)
        for (uint32_t j = 0; j < n; j++) {
            double s = 0.0;
            for (uint32_t k = 0; k < n; k++)
                s += a[i * n + k] * b[k * n + j];
            out[i * n + j] = s;
        }
}

/* out = exp(m), n x n, row-major. */
static void expm(uint32_t n, const double *m, double *out)
{
    double norm = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        double row = 0.0;
        for (uint32_t j = 0; j < n; j++)
            row += fabs(m[i * n + j]);
        norm = row > norm ? row : norm;
    }
    int s = 0;
    while (norm > 0.5 && s < 60) {
        norm *= 0.5;
        s++;
    }
    double scale = ldexp(1.0, -s);
    double a[N_MAX * N_MAX], term[N_MAX * N_MAX], next[N_MAX * N_MAX];
    for (uint32_t i = 0; i < n * n; i++)
        a[i] = m[i] * scale;
    memset(out, 0, n * n * sizeof *out);
    memset(term, 0, n * n * sizeof *term);
    for (uint32_t i = 0; i < n; i++)
        out[i * n + i] = term[i * n + i] = 1.0;
    for (int k = 1; k < 30; k++) {
        matmul(n, term, a, next);
        int changed = 0;
        for (uint32_t i = 0; i < n * n; i++) {
            term[i] = next[i] / k;
            double before = out[i];
            out[i] += term[i];
            changed |= out[i] != before;
        }
        if (!changed)
            break;
    }
    for (int k = 0; k < s; k++) {
        matmul(n, out, out, next);
        memcpy(out, next, n * n * sizeof *out);
    }
}

void eq_propagators(uint32_t n, const double *a, const double *b, const double *c, double h, double *p, double *q,
                    double *r)
{
    uint32_t N = n + 2;
    double m[N_MAX * N_MAX] = {0}, e[N_MAX * N_MAX];
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++)
            m[i * N + j] = a[i * n + j] * h;
        m[i * N + n] = b[i] * h;
        m[i * N + n + 1] = c[i] * h;
    }
    expm(N, m, e);
    for (uint32_t i = 0; i < n; i++) {
        for (uint32_t j = 0; j < n; j++)
            p[i * n + j] = e[i * N + j];
        q[i] = e[i * N + n];
        r[i] = e[i * N + n + 1];
    }
}
