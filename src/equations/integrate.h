/*
 * integrate.h - step 1 of an equation model's update over a block
 * (integrate.c), and the block programs' pointers and runs that the update
 * (step.c) shares with it.
 */
#ifndef AX_EQUATIONS_INTEGRATE_H
#define AX_EQUATIONS_INTEGRATE_H

#include "equations/prepared.h"

/* The programs' pointers for a block, a program's run, and the
 * methods (step 1 of step.c's update, into s->xn from s->x0). */
void eq_bind_derived(const eq_data *d, scratch *s, int program, size_t i0);
void eq_bind_arrays(const eq_data *d, scratch *s, const ax_population_view *p, size_t i0);
void eq_run(const eq_data *d, scratch *s, int program, size_t i0, const double *t, uint32_t n);
void eq_integrate_rk(const eq_data *d, scratch *s, int method, double t, double h, size_t i0, uint32_t n,
                     const double *current);
void eq_integrate_exp_euler(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n,
                            const double *current);
void eq_integrate_rk45(const eq_data *d, scratch *s, double t, double h, size_t i0, uint32_t n);
void eq_noise(const eq_data *d, scratch *s, const ax_population_view *p, double t, size_t i0, uint32_t n,
              int64_t step);

#endif
