/*
 * cue_learning.c - the cue-learning closed loop of
 * examples/python/cue_learning.py, in C (docs/learning.md, "Closed reward
 * loops"): the network of examples/cue_learning.toml, an ax_loop whose
 * environment shows cue a or cue b in each 100-ms trial, and a reward for
 * the trial when the output of the cue's side fired more (the outcome
 * minus its running mean for that cue, injected as dopamine).  It prints
 * the same numbers as the Python driver for the same seed.
 *
 *     make examples && build/examples/cue_learning [--quick] [--seed N] [--threads T]
 *         [--control reward|shuffled|none] [--model examples/cue_learning.toml] [--trials FILE]
 *
 * --trials writes one row per trial: trial,cue,difference,outcome,reward.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "axon.h"

#define TRIAL_MS 100.0
#define CUE_RATE 30.0           /* Hz: the shown cue's drive */
#define DRIVE_WEIGHT 8.0        /* nA: about one spike of the cue neuron per drive event */
#define GROUP 20                /* neurons per output group */
#define BASELINE_TRIALS 10.0    /* the running mean of the outcome per cue: 1/10 per trial */
#define WINDOW 30               /* trials at each end that the selectivity is measured on */

enum control { REWARD, SHUFFLED, NONE };

typedef struct task {
    uint64_t seed;
    enum control control;
    double base[2];
    int *cues;
    long *diffs;
    double *outcomes;
    size_t n;
} task;

/* Sebastiano Vigna's splitmix64 (the Python driver's, bit for bit). */
static uint64_t splitmix64(uint64_t x)
{
    uint64_t z = x + 0x9E3779B97F4A7C15ull;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static int cue_of(const task *t, uint64_t k)
{
    return (int)(splitmix64((t->seed << 32) + k) >> 63);
}

static ax_status observe(void *user, uint64_t k, double *levels, size_t n, ax_error *err)
{
    (void)n;
    (void)err;
    int c = cue_of(user, k);
    levels[0] = c == 0 ? CUE_RATE : 0.0;
    levels[1] = c == 1 ? CUE_RATE : 0.0;
    return AX_OK;
}

static ax_status act(void *user, uint64_t k, const uint32_t *counts, size_t n, ax_error *err)
{
    (void)err;
    task *t = user;
    int c = cue_of(t, k);
    long d = 0;
    for (size_t j = 0; j < n; j++)
        d += j < GROUP ? (long)counts[j] : -(long)counts[j];
    t->cues[t->n] = c;
    t->diffs[t->n] = d;
    t->outcomes[t->n] = d == 0 ? 0.0 : ((d > 0) == (c == 0)) ? 1.0 : -1.0;
    t->n++;
    return AX_OK;
}

static ax_status reward(void *user, uint64_t k, const uint32_t *counts, size_t n, double *r, ax_error *err)
{
    (void)counts;
    (void)n;
    (void)err;
    task *t = user;
    int c = cue_of(t, k);
    double outcome = t->outcomes[t->n - 1];
    if (t->control == SHUFFLED)   /* a random +-1, whatever the response */
        outcome = splitmix64((t->seed << 32) + k + (1ull << 31)) >> 63 ? 1.0 : -1.0;
    *r = outcome - t->base[c];
    t->base[c] += (outcome - t->base[c]) / BASELINE_TRIALS;
    if (t->control == NONE)
        *r = 0.0;
    return AX_OK;
}

/* mean(out_a - out_b | cue a) - mean(out_a - out_b | cue b) over trials [from, to). */
static double selectivity(const task *t, size_t from, size_t to)
{
    double sum[2] = {0, 0};
    size_t n[2] = {0, 0};
    for (size_t k = from; k < to; k++) {
        sum[t->cues[k]] += (double)t->diffs[k];
        n[t->cues[k]]++;
    }
    return sum[0] / (double)n[0] - sum[1] / (double)n[1];
}

/* Mean weights of the four plastic projections (the file's first four). */
static int mean_weights(ax_network *net, double w[4])
{
    for (ax_projection p = 0; p < 4; p++) {
        ax_synapse_table tab;
        if (ax_projection_get_table(net, p, &tab) != AX_OK) {
            fprintf(stderr, "cue_learning: %s\n", ax_network_get_error(net));
            return -1;
        }
        double s = 0;
        for (uint64_t i = 0; i < tab.n; i++)
            s += tab.weights[i];
        w[p] = s / (double)tab.n;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *model = "examples/cue_learning.toml", *trials_csv = NULL;
    unsigned long long seed = 1;
    int threads = 1;
    size_t trials = 300;
    enum control control = REWARD;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--quick"))
            trials = 150;
        else if (!strcmp(a, "--seed") && v && ++i)
            seed = strtoull(v, NULL, 10);
        else if (!strcmp(a, "--threads") && v && ++i)
            threads = atoi(v);
        else if (!strcmp(a, "--model") && v && ++i)
            model = v;
        else if (!strcmp(a, "--trials") && v && ++i)
            trials_csv = v;
        else if (!strcmp(a, "--control") && v && ++i && (!strcmp(v, "reward") || !strcmp(v, "shuffled") ||
                                                         !strcmp(v, "none")))
            control = !strcmp(v, "reward") ? REWARD : !strcmp(v, "shuffled") ? SHUFFLED : NONE;
        else {
            fprintf(stderr, "usage: %s [--quick] [--seed N] [--threads T] [--control reward|shuffled|none] "
                            "[--model FILE] [--trials CSV]\n", argv[0]);
            return 2;
        }
    }
    char set_seed[64], set_threads[64];
    snprintf(set_seed, sizeof set_seed, "simulation.seed=%llu", seed);
    snprintf(set_threads, sizeof set_threads, "simulation.threads=%d", threads);
    const char *overrides[] = {set_seed, set_threads};
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load(model, overrides, 2, &err);
    if (!mf) {
        fprintf(stderr, "cue_learning: %s\n", err.message);
        return 1;
    }
    ax_network *net = ax_modelfile_get_network(mf);
    task t = {.seed = seed, .control = control};
    t.cues = calloc(trials, sizeof *t.cues);
    t.diffs = calloc(trials, sizeof *t.diffs);
    t.outcomes = calloc(trials, sizeof *t.outcomes);
    double before[4], after[4];
    ax_loop *loop = NULL;
    int rc = 1;
    if (!t.cues || !t.diffs || !t.outcomes) {
        fprintf(stderr, "cue_learning: out of memory\n");
        goto done;
    }
    if (ax_modelfile_build(mf) != AX_OK) {
        fprintf(stderr, "cue_learning: %s\n", ax_network_get_error(net));
        goto done;
    }
    if (mean_weights(net, before))
        goto done;
    ax_loop_input drive = {.neurons = AX_ALL_NEURONS, .kind = AX_INPUT_POISSON, .sources = 1,
                           .weight = DRIVE_WEIGHT, .receptor = "excitatory"};
    ax_loop_input inputs[2] = {drive, drive};
    inputs[0].population = "cue_a";
    inputs[1].population = "cue_b";
    const char *outputs[] = {"out_a", "out_b"};
    ax_loop_spec spec = {.segment_ms = TRIAL_MS, .inputs = inputs, .n_inputs = 2, .outputs = outputs,
                         .n_outputs = 2, .modulator = "dopamine", .observe = observe, .act = act,
                         .reward = reward, .user = &t};
    if (ax_loop_create(net, &spec, &loop, &err) != AX_OK || ax_loop_run(loop, trials, &err) != AX_OK) {
        fprintf(stderr, "cue_learning: %s\n", err.message);
        goto done;
    }
    if (mean_weights(net, after))
        goto done;
    size_t n;
    const double *rewards;
    ax_loop_get_rewards(loop, &n, &rewards, NULL);
    double sum = 0;
    for (size_t k = 0; k < n; k++)
        sum += rewards[k];
    printf("selectivity first %d trials %.2f, last %d trials %.2f spikes\n", WINDOW, selectivity(&t, 0, WINDOW),
           WINDOW, selectivity(&t, trials - WINDOW, trials));
    printf("weights before %.6f %.6f %.6f %.6f\n", before[0], before[1], before[2], before[3]);
    printf("weights after  %.6f %.6f %.6f %.6f\n", after[0], after[1], after[2], after[3]);
    printf("reward sum %.6f\n", sum);
    rc = 0;
    if (trials_csv) {
        FILE *f = fopen(trials_csv, "w");
        if (!f) {
            perror(trials_csv);
            rc = 1;
            goto done;
        }
        fprintf(f, "trial,cue,difference,outcome,reward\n");
        for (size_t k = 0; k < n; k++)
            fprintf(f, "%zu,%d,%ld,%.17g,%.17g\n", k, t.cues[k], t.diffs[k], t.outcomes[k], rewards[k]);
        rc = fclose(f) ? 1 : 0;
    }
done:
    ax_loop_free(loop);
    ax_modelfile_free(mf);
    free(t.cues);
    free(t.diffs);
    free(t.outcomes);
    return rc;
}
