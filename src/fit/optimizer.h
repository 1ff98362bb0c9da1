/*
 * optimizer.h - the optimisers' internals (src/fit/optimizer*.c): the
 * state, its random streams, and the algorithms' operators (the tests call
 * these directly).  The public calls are in axon.h, "Optimisers".
 */
#ifndef AX_FIT_OPTIMIZER_H
#define AX_FIT_OPTIMIZER_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

#include "axon.h"
#include "core/rng.h"

/* The random streams of an optimiser: purpose ax_purpose(AX_RNG_OPTIMIZER,
 * stage), id = candidate row, first block = generation << 24 (2^24 blocks a
 * row a generation, far more than any stage reads).  The kind is none of
 * rng.h's, so an optimiser seeded like a network never replays its numbers. */
#define AX_RNG_OPTIMIZER 64u
enum ax_opt_stage { AX_OPT_INIT = 1, AX_OPT_SELECT, AX_OPT_CROSS, AX_OPT_MUTATE, AX_OPT_SAMPLE };

void ax_opt_rng(ax_rng *r, uint64_t seed, enum ax_opt_stage stage, uint64_t generation, size_t row);

/* The state of an optimiser.  Scalars are listed once (X-macros) so that
 * save and load write and read all of them; arrays live in one block of
 * doubles, `mem`, whose layout follows from (kind, n, pop, n_bits). */
#define AX_OPT_U64_FIELDS(X)                                                                                        \
    X(kind) X(n) X(pop) X(n_bits) X(tournament) X(elites) X(seed) X(budget) X(generation) X(evaluations)           \
    X(asked) X(n_asked) X(phase) X(has_best)
#define AX_OPT_F64_FIELDS(X)                                                                                        \
    X(r_cross) X(r_mut) X(eta_cross) X(eta_mut) X(de_f) X(de_cr) X(sigma0) X(sigma) X(best_score)

struct ax_optimizer {
#define AX_OPT_U64(f) uint64_t f;
#define AX_OPT_F64(f) double f;
    AX_OPT_U64_FIELDS(AX_OPT_U64)
    AX_OPT_F64_FIELDS(AX_OPT_F64)
    double *mem;
    size_t n_mem;
    /* views into mem */
    double *lo, *hi, *logs;  /* search bounds (log10 where logs[i] != 0) and the real bounds' flags */
    double *rlo, *rhi;       /* real bounds */
    double *best;            /* best candidate, real units */
    double *cand;            /* current generation, unit coordinates u in [0, 1] (all but the bit GA) */
    double *bits;            /* bit GA: the population's bits, 0 or 1, pop x n x n_bits */
    double *px, *pf;         /* DE: targets (unit coordinates) and their scores */
    double *mean, *C, *B, *D, *pc, *ps;   /* CMA-ES */
    /* scratch, not saved */
    double *work;
    struct ax_opt_ranked *ranked;
};

typedef struct ax_opt_ranked {
    double key;
    size_t index;
} ax_opt_ranked;

/* The population size when options give 0 (ax_optimizer_defaults). */
size_t ax_opt_default_pop(ax_optimizer_kind kind, size_t n);
/* The doubles of mem for the scalars already set (nothing allocated). */
size_t ax_opt_state_size(ax_optimizer *o);
/* Lays out mem for the scalars already set; 0 or -1 (out of memory). */
int ax_opt_alloc(ax_optimizer *o);
/* Checks options as create does ("<caller>: ..." messages); pop is the
 * resolved population size. */
ax_status ax_opt_check(const ax_optimizer_options *op, size_t pop, const char *caller, ax_error *err);
/* Search-space value s of parameter i in real units, inside [rlo, rhi]. */
double ax_opt_real(const ax_optimizer *o, size_t i, double s);
/* Row r of the current generation in real units into x (n values). */
void ax_opt_row(const ax_optimizer *o, size_t r, double *x);
/* Scores as ranking keys: not finite -> +inf. */
static inline double ax_opt_key(double s) { return s - s == 0 ? s : INFINITY; }
/* Rows 0..m-1 sorted by (key(score), row): a total order, so the ranking
 * never depends on the sort's algorithm. */
void ax_opt_rank(const double *scores, size_t m, ax_opt_ranked *out);
/* Tournament (Brownlee's, the seed's): k rows drawn with replacement by
 * ax_rng_below(rng, n), one after another; the first drawn with the lowest
 * key wins. */
size_t ax_opt_tournament(const double *scores, size_t n, unsigned k, ax_rng *rng);

/* Bit GA (optimizer_bitga.c). */
/* lo + value (hi - lo) / (2^n_bits - 1), value the bits read most significant first. */
double ax_bitga_decode(const double *bits, unsigned n_bits, double lo, double hi);
/* One-point crossover after `point` bits (1 <= point < len): c1 = a[:point] b[point:], c2 = b[:point] a[point:]. */
void ax_bitga_crossover(const double *a, const double *b, size_t len, size_t point, double *c1, double *c2);
/* Flips each bit with probability r; returns the number flipped. */
size_t ax_bitga_mutate(double *bits, size_t len, double r, ax_rng *rng);
void ax_bitga_init(ax_optimizer *o);
void ax_bitga_breed(ax_optimizer *o, const double *scores);

/* Real GA, DE, CMA-ES: init draws the first generation into cand, breed
 * makes generation o->generation (already counted) from the scores of the
 * one before.  Breeding never fails: its scratch is allocated by create. */
void ax_realga_init(ax_optimizer *o);
void ax_realga_breed(ax_optimizer *o, const double *scores);
void ax_de_init(ax_optimizer *o);
void ax_de_breed(ax_optimizer *o, const double *scores);
void ax_cmaes_init(ax_optimizer *o, const double *x0_unit);
void ax_cmaes_breed(ax_optimizer *o, const double *scores);
/* Draws generation o->generation from the current mean, sigma, B and D. */
void ax_cmaes_sample(ax_optimizer *o);
/* Hansen (2016) Table 1 constants for n parameters and lambda candidates. */
typedef struct ax_cmaes_consts {
    size_t mu;
    double mu_eff, c_sigma, d_sigma, c_c, c_1, c_mu, chi_n;
} ax_cmaes_consts;
ax_cmaes_consts ax_cmaes_constants(size_t n, size_t lambda, double *weights);

#endif
