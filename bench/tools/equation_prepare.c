/*
 * equation_prepare.c - what a changed equation costs before the first
 * step: a model file's neurons written as equations are parsed, checked
 * and analysed when the file is loaded (ax_model_define_equations), and
 * compiled for each population when the network prepares
 * (ax_modelfile_validate): block programs, and with libgccjit the
 * integration as machine code (docs/equations.md, "Speed").  bench/run's
 * "equation models" table (bench/equations_section.py) times both against
 * the same file with the built-in model.
 *
 *   equation_prepare MODEL.toml REPS [key.path=value]...
 *
 * Per repetition: load the file (parse the TOML, define its models, declare
 * its populations with their parameters and initial values), validate it
 * (each model's check and prepare: for an equation model the programs, the
 * propagators and the compiled step), build the network, run one step, run a second step;
 * then free it.  Prints one JSON line with the median and the minimum over
 * REPS of each phase in ms: load_ms, prepare_ms, build_ms, first_step_ms,
 * step_ms.  bench/run gives it the benchmark file cut before its
 * projections, inputs and recordings (bench/equations_section.py), so that
 * drawing synapses does not hide the rest.
 *
 * bench/run builds it: cc -O2 -Iinclude bench/tools/equation_prepare.c
 * build/libaxon.a -fopenmp -lm.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "axon.h"

enum { LOAD, PREPARE, BUILD, FIRST_STEP, STEP, N_PHASES };
static const char *const phase_names[N_PHASES] = {"load_ms", "prepare_ms", "build_ms", "first_step_ms", "step_ms"};

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return 1e3 * (double)t.tv_sec + 1e-6 * (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *x, int n)
{
    qsort(x, (size_t)n, sizeof *x, cmp_double);
    return n % 2 ? x[n / 2] : 0.5 * (x[n / 2 - 1] + x[n / 2]);
}

/* One repetition into ms[phase]; 0, or 1 with the message printed. */
static int once(const char *path, const char *const *overrides, size_t n_overrides, double *ms)
{
    ax_error err;
    double t0 = now_ms();
    ax_modelfile *m = ax_modelfile_load(path, overrides, n_overrides, &err);
    double t1 = now_ms();
    if (!m) {
        fprintf(stderr, "%s\n", err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(m);
    double dt = ax_network_get_dt(net);
    int bad = ax_modelfile_validate(m) != AX_OK;
    double t2 = now_ms();
    bad = bad || ax_modelfile_build(m) != AX_OK;
    double t3 = now_ms();
    bad = bad || ax_network_run(net, dt) != AX_OK;
    double t4 = now_ms();
    bad = bad || ax_network_run(net, dt) != AX_OK;
    double t5 = now_ms();
    if (bad)
        fprintf(stderr, "%s: %s\n", path, ax_network_get_error(net));
    ax_modelfile_free(m);
    ms[LOAD] = t1 - t0, ms[PREPARE] = t2 - t1, ms[BUILD] = t3 - t2, ms[FIRST_STEP] = t4 - t3, ms[STEP] = t5 - t4;
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 3 || atoi(argv[2]) < 1) {
        fprintf(stderr, "usage: equation_prepare MODEL.toml REPS [key.path=value]...\n");
        return 2;
    }
    int reps = atoi(argv[2]);
    double *ms = malloc((size_t)reps * N_PHASES * sizeof *ms), *col = malloc((size_t)reps * sizeof *col);
    if (!ms || !col) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    for (int r = 0; r < reps; r++)
        if (once(argv[1], (const char *const *)argv + 3, (size_t)(argc - 3), ms + (size_t)r * N_PHASES))
            return 1;
    printf("{\"reps\": %d", reps);
    for (int k = 0; k < N_PHASES; k++) {
        for (int r = 0; r < reps; r++)
            col[r] = ms[(size_t)r * N_PHASES + k];
        double med = median(col, reps);   /* sorts col: col[0] is the minimum */
        printf(", \"%s\": %.4f, \"%s_min\": %.4f", phase_names[k], med, phase_names[k], col[0]);
    }
    printf("}\n");
    free(ms);
    free(col);
    return 0;
}
