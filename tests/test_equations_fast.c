/*
 * The fast paths of equation models give the interpreter's results: the
 * one-pass kernels (src/equations/fused.c) and the compiled step
 * (src/equations/jit.c, libgccjit) against the block interpreter
 * (AXON_FUSED=0 AXON_JIT=0), every state variable of every neuron after
 * 200 ms of a driven, spiking population.  The compiled step must give the
 * same bits; the kernels the same values (they may turn a -0 into +0,
 * fused.h).  Models: a LIF in its fused forms (constant, per-neuron and
 * row threshold operands, crossing, random resets), a LIF whose threshold
 * is not one comparison, Izhikevich (RK4, per-neuron parameters), AdEx
 * (exp, refractoriness), Hodgkin-Huxley (exponential Euler, vtrap,
 * crossing with a refractory period), a
 * model using every operation (euler, rk2, rk4), and per-neuron exact
 * propagators beside a nonlinear variable; 1 and 2 threads; compiled
 * before the first step and while the model runs.
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "equations/jit.h"
#include "helpers.h"

#define N 300
#define MAX_VARS 8

typedef struct outcome {
    double values[MAX_VARS][N];
    size_t spikes;
    unsigned compiled;                  /* functions the run compiled */
} outcome;

typedef struct setup {
    const ax_equations *eq;
    const char *vars[MAX_VARS];         /* compared */
    const char *spread_state;           /* set uniform in [lo, hi) */
    double lo, hi;
    const char *spread_param;           /* set uniform in [plo, phi) */
    double plo, phi;
    double dc;                          /* nA */
    const char *receptor;               /* Poisson input */
    double weight;
    int threads;
} setup;

/* fast "1": the fast paths, compiled before the first step; "async":
 * compiled while the first 10 ms run on the interpreter; "0": none. */
static void run(const setup *s, const char *fast, outcome *out)
{
    bool async = !strcmp(fast, "async");
    setenv("AXON_JIT", async ? "1" : !strcmp(fast, "1") ? "wait" : "0", 1);
    setenv("AXON_FUSED", async ? "1" : fast, 1);
    ax_network *net = new_net(0.1, 7, s->threads);
    OK(net, ax_model_define_equations(net, "m", s->eq));
    ax_population pop;
    OK(net, ax_population_add(net, "P", "m", N, &pop));
    if (s->spread_state)
        OK(net, ax_population_set_state(net, pop, s->spread_state, ax_value_uniform(s->lo, s->hi)));
    if (s->spread_param)
        OK(net, ax_population_set_param(net, pop, s->spread_param, ax_value_uniform(s->plo, s->phi)));
    ax_input_spec dc = {.kind = AX_INPUT_DC, .amplitude = s->dc};
    OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &dc, NULL));
    if (s->receptor) {
        ax_input_spec in = {.kind = AX_INPUT_POISSON, .sources = 20, .rate = 50, .weight = s->weight,
                            .receptor = s->receptor};
        OK(net, ax_input_add(net, pop, AX_ALL_NEURONS, &in, NULL));
    }
    ax_recorder rec;
    OK(net, ax_recorder_add_spikes(net, pop, AX_ALL_NEURONS, &rec));
    if (async) {
        OK(net, ax_network_run(net, 10.0));
        eq_jit_wait();
        OK(net, ax_network_run(net, 190.0));
    } else {
        OK(net, ax_network_run(net, 200.0));
    }
    out->compiled = eq_jit_count();
    for (int k = 0; k < MAX_VARS && s->vars[k]; k++)
        OK(net, ax_population_get_values(net, pop, s->vars[k], out->values[k], N));
    const double *t;
    const uint32_t *id;
    OK(net, ax_recorder_get_spikes(net, rec, &out->spikes, &t, &id));
    ax_network_free(net);
    unsetenv("AXON_JIT");
    unsetenv("AXON_FUSED");
}

/* Runs s both ways; bits: every value's bits equal, else equal values. */
static size_t compare_mode(const setup *s, bool bits, const char *mode)
{
    static outcome fast, slow;
    run(s, mode, &fast);
    run(s, "0", &slow);
    cr_assert_eq(fast.spikes, slow.spikes, "spikes: fast paths %zu, interpreter %zu", fast.spikes, slow.spikes);
    cr_assert_eq(slow.compiled, 0, "AXON_JIT=0 compiles nothing");
    if (bits) {
        /* the compiled step ran (else this compares the interpreter with itself) */
#ifdef AX_JIT
        cr_assert_gt(fast.compiled, 0, "the model was not compiled");
#else
        cr_log_warn("built without libgccjit: the compiled step is not tested");
#endif
    }
    for (int k = 0; k < MAX_VARS && s->vars[k]; k++)
        for (int i = 0; i < N; i++) {
            double x = fast.values[k][i], y = slow.values[k][i];
            bool same = bits ? !memcmp(&x, &y, sizeof x) : (x == y || (x != x && y != y));
            cr_assert(same, "%s of neuron %d: fast paths %.17g, interpreter %.17g", s->vars[k], i, x, y);
        }
    return fast.spikes;
}

static size_t compare(const setup *s, bool bits) { return compare_mode(s, bits, "1"); }

/* ------------------------------------------------------------------ */
/* The one-pass kernels                                                 */
/* ------------------------------------------------------------------ */

#define LIF_PARAMS                                                                                    \
    "v_rest = -49 : mV\ncm = 1 : nF (> 0)\ntau_m = 20 : ms (> 0)\ntau_refrac = 2 : ms (>= 0)\n"     \
    "tau_syn_E = 5 : ms (> 0)\ntau_syn_I = 10 : ms (> 0)\nv_reset = -60 : mV\nv_thresh = -50 : mV\n"
#define LIF_EQUATIONS                                                                                  \
    "dv/dt = (v_rest - v) / tau_m + (isyn_exc + isyn_inh + I_inj) / cm : mV (unless refractory)\n"    \
    "disyn_exc/dt = -isyn_exc / tau_syn_E : nA\ndisyn_inh/dt = -isyn_inh / tau_syn_I : nA\n"

static const ax_equations LIF = {
    .parameters = LIF_PARAMS,
    .state = "v = -65 : mV\nisyn_exc = 0 : nA\nisyn_inh = 0 : nA\n",
    .equations = LIF_EQUATIONS,
    .threshold = "v >= v_thresh",
    .reset = "v = v_reset",
    .refractory = "tau_refrac",
    .receptors = "excitatory: isyn_exc\ninhibitory: isyn_inh\n",
};

Test(equations_fast, lif_in_one_pass_gives_the_interpreters_values)
{
    setup s = {.eq = &LIF, .vars = {"v", "isyn_exc", "isyn_inh"}, .spread_state = "v", .lo = -60, .hi = -50,
               .dc = 0.02, .receptor = "excitatory", .weight = 0.05, .threads = 1};
    cr_assert_gt(compare(&s, false), 100);
    s.threads = 2;
    cr_assert_gt(compare(&s, false), 100);
    /* a per-neuron threshold (an array operand) */
    s.spread_param = "v_thresh";
    s.plo = -52;
    s.phi = -48;
    cr_assert_gt(compare(&s, false), 100);
}

/* The threshold written the other way round, as crossing, a reset that
 * draws rand(), no refractory period, and inhibition. */
static const ax_equations LIF_CROSSING = {
    .parameters = LIF_PARAMS,
    .state = "v = -65 : mV\nisyn_exc = 0 : nA\nisyn_inh = 0 : nA\n",
    .equations = LIF_EQUATIONS,
    .threshold = "-50 < v",
    .detect = "crossing",
    .reset = "v = v_reset - 2 * rand()",
    .receptors = "excitatory: isyn_exc\ninhibitory: isyn_inh\n",
};

Test(equations_fast, lif_with_crossing_and_random_resets_in_one_pass)
{
    setup s = {.eq = &LIF_CROSSING, .vars = {"v", "isyn_exc", "isyn_inh"}, .spread_state = "v", .lo = -60,
               .hi = -50, .dc = 0.05, .receptor = "inhibitory", .weight = -0.01, .threads = 2};
    cr_assert_gt(compare(&s, false), 50);
}

/* Not one comparison: the exact set in one pass, the rest by programs. */
static const ax_equations LIF_TWO_TESTS = {
    .parameters = LIF_PARAMS,
    .state = "v = -65 : mV\nisyn_exc = 0 : nA\nisyn_inh = 0 : nA\n",
    .equations = LIF_EQUATIONS,
    .threshold = "v >= v_thresh and t > 5",
    .reset = "v = v_reset\nisyn_exc = isyn_exc / 2",
    .refractory = "tau_refrac",
    .receptors = "excitatory: isyn_exc\ninhibitory: isyn_inh\n",
};

Test(equations_fast, lif_with_a_compound_threshold)
{
    setup s = {.eq = &LIF_TWO_TESTS, .vars = {"v", "isyn_exc", "isyn_inh"}, .spread_state = "v", .lo = -60,
               .hi = -50, .dc = 0.02, .receptor = "excitatory", .weight = 0.05, .threads = 1};
    cr_assert_gt(compare(&s, false), 100);
}

/* ------------------------------------------------------------------ */
/* The compiled step                                                    */
/* ------------------------------------------------------------------ */

static const ax_equations IZHIKEVICH = {
    .parameters = "a = 0.02 : 1/ms\nb = 0.2 : 1/ms\nc = -65 : mV\nd = 2 : mV/ms\n",
    .state = "v = -70 : mV\nu = -14 : mV/ms",
    .equations = "I = 1000 * I_inj : mV/ms\n"
                 "dv/dt = (0.04 * v + 5) * v + 140 - u + I : mV\n"
                 "du/dt = a * (b * v - u) : mV/ms\n",
    .threshold = "v >= 30",
    .reset = "v = c; u += d",
    .receptors = "excitatory: v\n",
};

Test(equations_fast, izhikevich_compiled_gives_the_interpreters_bits)
{
    setup s = {.eq = &IZHIKEVICH, .vars = {"v", "u"}, .spread_state = "v", .lo = -70, .hi = -50,
               .spread_param = "d", .plo = 2, .phi = 8, .dc = 0.006, .receptor = "excitatory", .weight = 2.0,
               .threads = 1};
    cr_assert_gt(compare(&s, true), 100);
    s.threads = 2;
    cr_assert_gt(compare(&s, true), 100);
    /* compiled while it runs: the step at which the compiled code takes
     * over does not show */
    cr_assert_gt(compare_mode(&s, true, "async"), 100);
}

static const ax_equations ADEX = {
    .parameters = "cm = 0.2 : nF\ntau_m = 20 : ms\nv_rest = -60 : mV\nv_thresh = -50 : mV\ndelta_T = 2 : mV\n"
                  "v_spike = -40 : mV\nv_reset = -60 : mV\ntau_refrac = 4.9 : ms\na = 0.001 : uS\nb = 0.01 : nA\n"
                  "tau_w = 150 : ms\ntau_syn_E = 5 : ms\ne_rev_E = 0 : mV\n",
    .state = "v = -65 : mV\nw = 0 : nA\ngsyn_exc = 0 : uS\n",
    .equations = "dv/dt = (cm / tau_m * (v_rest - v + delta_T * exp((v - v_thresh) / delta_T)) - w"
                 " + gsyn_exc * (e_rev_E - v) + I_inj) / cm : mV (unless refractory)\n"
                 "dw/dt = (a * (v - v_rest) - w) / tau_w : nA\n"
                 "dgsyn_exc/dt = -gsyn_exc / tau_syn_E : uS\n",
    .threshold = "v >= v_spike",
    .reset = "v = v_reset; w += b",
    .refractory = "tau_refrac",
    .receptors = "excitatory: gsyn_exc\n",
};

Test(equations_fast, adex_compiled_gives_the_interpreters_bits)
{
    setup s = {.eq = &ADEX, .vars = {"v", "w", "gsyn_exc"}, .spread_state = "v", .lo = -65, .hi = -50,
               .spread_param = "tau_w", .plo = 50, .phi = 200, .dc = 0.3, .receptor = "excitatory",
               .weight = 0.01, .threads = 1};
    cr_assert_gt(compare(&s, true), 100);
}

static const ax_equations HH = {
    .parameters = "gbar_Na = 20 : uS\ngbar_K = 6 : uS\ng_leak = 0.01 : uS\ncm = 0.2 : nF\nv_offset = -63 : mV\n"
                  "e_rev_Na = 50 : mV\ne_rev_K = -90 : mV\ne_rev_leak = -65 : mV\ne_rev_E = 0 : mV\n"
                  "tau_syn_E = 5 : ms\n",
    .state = "v = -65 : mV\nm = 0\nh = 1\nn = 0\ngsyn_exc = 0 : uS",
    .equations = "u = v - v_offset : mV\n"
                 "alpha_m = 0.32 * vtrap(13 - u, 4) : 1/ms\n"
                 "beta_m = 0.28 * vtrap(u - 40, 5) : 1/ms\n"
                 "alpha_h = 0.128 * exp((17 - u) / 18) : 1/ms\n"
                 "beta_h = 4 / (1 + exp((40 - u) / 5)) : 1/ms\n"
                 "alpha_n = 0.032 * vtrap(15 - u, 5) : 1/ms\n"
                 "beta_n = 0.5 * exp((10 - u) / 40) : 1/ms\n"
                 "dm/dt = alpha_m * (1 - m) - beta_m * m\n"
                 "dh/dt = alpha_h * (1 - h) - beta_h * h\n"
                 "dn/dt = alpha_n * (1 - n) - beta_n * n\n"
                 "dv/dt = (gbar_Na * m^3 * h * (e_rev_Na - v) + gbar_K * n^4 * (e_rev_K - v)"
                 " + g_leak * (e_rev_leak - v) + gsyn_exc * (e_rev_E - v) + I_inj) / cm : mV\n"
                 "dgsyn_exc/dt = -gsyn_exc / tau_syn_E : uS\n",
    .threshold = "v >= -20",
    .detect = "crossing",
    .refractory = "2",
    .receptors = "excitatory: gsyn_exc\n",
};

Test(equations_fast, hodgkin_huxley_compiled_gives_the_interpreters_bits)
{
    setup s = {.eq = &HH, .vars = {"v", "m", "h", "n", "gsyn_exc"}, .spread_state = "v", .lo = -70, .hi = -55,
               .dc = 0.1, .receptor = "excitatory", .weight = 0.005, .threads = 2};
    cr_assert_gt(compare(&s, true), 50);
}

/* Every operation of the language, by each method that compiles. */
#define ZOO_EQUATIONS                                                                                       \
    "z = clip(v / 10, -3, 3)\n"                                                                             \
    "f = (abs(z) + sqrt(1 + z^2) + log(2 + z) + 0.1 * sin(z) * cos(z) + tanh(z) + 0.01 * sinh(z)"         \
    " + 0.01 * cosh(z) + exprel(z) + 0.1 * floor(z) + 0.01 * z^3 + 0.01 / (1 + z^2) + pow(2, 0.1 * z)"      \
    " + vtrap(z + 0.5, 2) + min(z, 0) + max(z, 1) + (z > 0) - (z <= -1) + (z != 0.5) * (z == z)"            \
    " + (not (z < 0)) + ((z > -1) and (z < 1)) + ((z < -2) or (z >= 2))"                                     \
    " + if(z > 0.5, 1, -1)) : 1\n"                                                                          \
    "dv/dt = (-v + 5 * f + 20 * I_inj + s) / tau : mV\n"                                                   \
    "ds/dt = -s / tau_s : mV\n"

static const ax_equations ZOO = {
    .parameters = "tau = 10 : ms\ntau_s = 3 : ms\n",
    .state = "v = 0 : mV\ns = 0 : mV\n",
    .equations = ZOO_EQUATIONS,
    .threshold = "v > 8",
    .reset = "v = -5",
    .receptors = "excitatory: s\n",
};

Test(equations_fast, every_operation_compiled_by_each_method)
{
    const char *methods[] = {"auto", "euler", "rk2", "rk4"};
    for (int k = 0; k < 4; k++) {
        ax_equations eq = ZOO;
        eq.method = methods[k];
        setup s = {.eq = &eq, .vars = {"v", "s"}, .spread_state = "v", .lo = -10, .hi = 8,
                   .spread_param = "tau", .plo = 5, .phi = 15, .dc = 0.2, .receptor = "excitatory",
                   .weight = 1.0, .threads = 1};
            cr_assert_gt(compare(&s, true), 10, "method %s", methods[k]);
    }
}

/* Per-neuron propagators of the exact set (tau_s differs between
 * neurons) beside a nonlinear variable (RK4). */
static const ax_equations PER_NEURON = {
    .parameters = "tau_s = 5 : ms\n",
    .state = "v = -65 : mV\nw = 0 : mV/ms\ns = 0 : mV/ms\n",
    .equations = "dv/dt = 0.04 * (v + 65) * (v + 45) - w + s + 100 * I_inj : mV\n"
                 "dw/dt = 0.02 * (0.2 * (v + 65) - w) : mV/ms\n"
                 "ds/dt = -s / tau_s : mV/ms\n",
    .threshold = "v >= 30",
    .reset = "v = -65; w += 2",
    .receptors = "excitatory: s\n",
};

Test(equations_fast, per_neuron_propagators_compiled)
{
    setup s = {.eq = &PER_NEURON, .vars = {"v", "w", "s"}, .spread_state = "v", .lo = -70, .hi = -50,
               .spread_param = "tau_s", .plo = 2, .phi = 8, .dc = 0.05, .receptor = "excitatory", .weight = 2.0,
               .threads = 2};
    cr_assert_gt(compare(&s, true), 50);
}

/* Compiling leaves the process's signal handlers alone (libgccjit's
 * embedded driver would replace SIGINT, SIGTERM, SIGHUP and SIGPIPE for
 * good: Ctrl-C in Python and axon's interrupts would stop working). */
static void on_signal(int sig) { (void)sig; }

Test(equations_fast, compiling_keeps_the_signal_handlers)
{
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
    for (int k = 0; k < 4; k++)
        signal(sigs[k], on_signal);
    setup s = {.eq = &IZHIKEVICH, .vars = {"v", "u"}, .dc = 0.006, .threads = 1};
    outcome *o = malloc(sizeof *o);
    cr_assert_not_null(o);
    run(&s, "1", o);
#ifdef AX_JIT
    cr_assert_gt(o->compiled, 0, "the model was not compiled");
#endif
    free(o);
    for (int k = 0; k < 4; k++) {
        struct sigaction sa;
        sigaction(sigs[k], NULL, &sa);
        cr_assert(sa.sa_handler == on_signal, "signal %d: its handler was replaced", sigs[k]);
    }
}

/* A fork while a population compiles (Python's multiprocessing forks):
 * the fork waits for the compile, so the child does not inherit the lock of
 * the compiled functions held by a thread it does not have, and can
 * compile models of its own (a deadlock would end in the child's alarm). */
Test(equations_fast, a_fork_during_a_compile_leaves_the_child_able_to_compile)
{
    setenv("AXON_JIT", "1", 1);
    ax_network *net = new_net(0.1, 7, 1);
    OK(net, ax_model_define_equations(net, "m", &IZHIKEVICH));
    ax_population pop;
    OK(net, ax_population_add(net, "P", "m", N, &pop));
    OK(net, ax_network_run(net, 0.1));   /* prepares: the compile starts in its own thread */
    usleep(20000);                        /* it takes ~0.1 s: fork in the middle of it */
    fflush(NULL);
    pid_t child = fork();
    cr_assert_neq(child, -1);
    if (child == 0) {
        alarm(20);
        outcome *o = malloc(sizeof *o);
        setup s = {.eq = &ADEX, .vars = {"v"}, .dc = 0.3, .threads = 1};
        run(&s, "1", o);
        _exit(o->compiled > 0 ? 0 : 3);
    }
    int status = 0;
    cr_assert_eq(waitpid(child, &status, 0), child);
    ax_network_free(net);
    unsetenv("AXON_JIT");
#ifdef AX_JIT
    cr_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0, "the child: %s %d",
              WIFEXITED(status) ? "exit" : "signal", WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
#else
    cr_assert(WIFEXITED(status), "the child ended by signal %d", WTERMSIG(status));
#endif
}
