/*
 * Graded transmitter release (ax_projection_add_graded, `synapse = "graded"`):
 * receptor binding driven by T = w T_max / (1 + exp(-(v_pre - v_p) / k_p))
 * against an RK4 integration at 1e-4 ms of the same ODE with v_pre in
 * closed form, first-order convergence, identical results for 1 and 2
 * threads, and the errors.
 */
#include "helpers.h"

#define V_P (-55.0)
#define K_P 2.0

/* The presynaptic IF_curr_exp (tau_m 20 ms, cm 1 nF, rest -65 mV) under
 * 1 nA from t = 0, never reaching threshold: v = -65 + 20 (1 - e^{-t/20}). */
static double v_pre(double t) { return -65.0 + 20.0 * (1.0 - exp(-t / 20.0)); }

static ax_network *pair(double dt, int threads, uint32_t n_pre, uint32_t n_post, ax_population *pre, ax_population *post)
{
    ax_network *net = new_net(dt, 3, threads);
    const char *recs[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 1));
    OK(net, ax_population_add(net, "pre", "IF_curr_exp", n_pre, pre));
    OK(net, ax_population_add(net, "post", "m", n_post, post));
    const char *names[] = {"tau_m", "cm", "v_rest", "v_thresh", "i_offset"};
    const double values[] = {20.0, 1.0, -65.0, 0.0, 1.0};
    for (int k = 0; k < 5; k++)
        OK(net, ax_population_set_param(net, *pre, names[k], ax_value_constant(values[k])));
    OK(net, ax_population_set_state(net, *pre, "v", ax_value_constant(-65.0)));
    OK(net, ax_population_set_param(net, *post, "v_thresh", ax_value_constant(0.0)));
    return net;
}

/* Largest |r - RK4| over 60 ms at step dt, and the reference's peak r. */
static double binding_error(double dt, double *peak)
{
    ax_population pre, post;
    ax_network *net = pair(dt, 1, 1, 1, &pre, &post);
    ax_connector c = ax_connector_all_to_all();
    const double w = 0.8, alpha = 1.1, beta = 0.19;
    OK(net, ax_projection_add_graded(net, pre, post, &c, "AMPA", ax_value_constant(w), V_P, K_P, NULL));
    ax_recorder rr;
    OK(net, ax_recorder_add_state(net, post, "r_AMPA", AX_ALL_NEURONS, 0.1, &rr));
    OK(net, ax_network_run(net, 60.0));
    size_t n, cols;
    const double *t, *r;
    OK(net, ax_recorder_get_trace(net, rr, &n, &cols, &t, &r, NULL));
    const double h = 1e-4, wf = (double)(float)w;   /* weights are stored in single precision */
    double y = 0, time = 0, worst = 0;
    *peak = 0;
    for (size_t next = 0; next < n;) {
        if (fabs(time - t[next]) < h / 2) {
            worst = fmax(worst, fabs(r[next] - y));
            *peak = fmax(*peak, y);
            next++;
        }
#define F(tt, yy) (alpha * wf / (1.0 + exp(-(v_pre(tt) - V_P) / K_P)) * (1.0 - (yy)) - beta * (yy))
        double k1 = F(time, y), k2 = F(time + h / 2, y + h / 2 * k1), k3 = F(time + h / 2, y + h / 2 * k2),
               k4 = F(time + h, y + h * k3);
#undef F
        y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        time += h;
    }
    ax_network_free(net);
    return worst;
}

/* v_pre enters at the step's start (explicit): first order in dt.  Bound:
 * 1 % of the peak at dt = 0.025 ms, and halving dt about halves it. */
Test(graded_release, binding_matches_fine_step_integration)
{
    double peak, peak2;
    double e1 = binding_error(0.025, &peak), e2 = binding_error(0.0125, &peak2);
    cr_assert(peak > 0.5, "the sigmoid opens receptors as v_pre rises past v_p (peak r %g)", peak);
    cr_assert(e1 < 0.01 * peak, "dt 0.025: r off by %g (peak %g)", e1, peak);
    cr_assert(e2 < 0.6 * e1 && e2 > 0.4 * e1, "first order: errors %g, %g", e1, e2);
    cr_log_info("graded AMPA: peak r %.4f, max |r - RK4| %.2g at dt 0.025, %.2g at 0.0125", peak, e1, e2);
}

/* Many sources of different v onto many targets, random weights: the same
 * receptor states, bit for bit, with 1 and 2 threads. */
Test(graded_release, identical_for_any_thread_count)
{
    double *r[2];
    for (int k = 0; k < 2; k++) {
        ax_population pre, post;
        ax_network *net = pair(0.1, k + 1, 7, 9, &pre, &post);
        OK(net, ax_population_set_param(net, pre, "i_offset", ax_value_uniform(0.3, 1.2)));
        ax_connector c = ax_connector_fixed_probability(0.6);
        OK(net, ax_projection_add_graded(net, pre, post, &c, "AMPA", ax_value_uniform(0.1, 1.0), V_P, K_P, NULL));
        OK(net, ax_network_run(net, 50.0));
        r[k] = malloc(9 * sizeof(double));
        OK(net, ax_population_get_values(net, post, "r_AMPA", r[k], 9));
        ax_network_free(net);
    }
    double sum = 0;
    for (size_t i = 0; i < 9; i++) {
        cr_assert(r[0][i] == r[1][i], "neuron %zu: %.17g vs %.17g", i, r[0][i], r[1][i]);
        sum += r[0][i];
    }
    cr_assert(sum > 0.1, "receptors opened (sum r %g)", sum);
    free(r[0]);
    free(r[1]);
}

Test(graded_release, mistakes_get_clear_errors)
{
    ax_population pre, post, src, plain;
    ax_network *net = pair(0.1, 1, 1, 1, &pre, &post);
    OK(net, ax_population_add(net, "src", "SpikeSourcePoisson", 1, &src));
    OK(net, ax_population_add(net, "plain", "IF_cond_exp", 1, &plain));
    ax_connector c = ax_connector_all_to_all();
    FAILS(net, ax_projection_add_graded(net, pre, plain, &c, "excitatory", ax_value_constant(1.0), 2.0, 5.0, NULL),
          AX_ERR_ARGUMENT, "receptor 'excitatory' of IF_cond_exp does not bind transmitter");
    FAILS(net, ax_projection_add_graded(net, src, post, &c, "AMPA", ax_value_constant(1.0), 2.0, 5.0, NULL), AX_ERR_ARGUMENT,
          "src (SpikeSourcePoisson) has no membrane potential v");
    FAILS(net, ax_projection_add_graded(net, pre, post, &c, "AMPA", ax_value_constant(1.0), 2.0, 0.0, NULL), AX_ERR_ARGUMENT,
          "k_p (0 mV) > 0");
    FAILS(net, ax_projection_add_graded(net, pre, post, &c, "AMPA", ax_value_constant(-1.0), 2.0, 5.0, NULL), AX_ERR_ARGUMENT,
          "weight");
    ax_network_free(net);

    const char *head = "[simulation]\nduration = 5\n[populations.A]\nmodel = \"IF_curr_exp\"\nsize = 2\n"
                       "[populations.B]\nmodel = \"IF_cond_exp\"\nreceptors = [\"NMDA\"]\nsize = 3\n"
                       "[[projections]]\nfrom = \"A\"\nto = \"B\"\nreceptor = \"NMDA\"\nweight = 0.5\n"
                       "connector = { all_to_all = true }\n";
    const struct { const char *tail, *error; } cases[] = {
        {"synapse = \"graded\"\n", NULL},
        {"synapse = { graded = { v_p = -40.0, k_p = 3.0 } }\n", NULL},
        {"synapse = { graded = { v_p = -40.0, k_p = 0.0 } }\n", "x.toml:16:43: projections[0].synapse.graded: k_p must be > 0 mV"},
        {"synapse = { graded = 1 }\n", "projections[0].synapse.graded: expected a table"},
        {"synapse = { graded = {}, stdp = {} }\n", "projections[0].synapse: graded release has no other settings"},
        {"synapse = \"graded\"\ndelay = 1.0\n", "projections[0].delay: graded release has no delay"},
        {"synapse = \"gradual\"\n", "unknown synapse type 'gradual'; allowed: static, gap, averaged_gap, graded"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        char text[1024];
        snprintf(text, sizeof text, "%s%s", head, cases[k].tail);
        ax_error err;
        ax_modelfile *mf = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
        if (!cases[k].error) {
            cr_assert_not_null(mf, "case %zu: %s", k, err.message);
            cr_assert_eq(ax_network_run(ax_modelfile_get_network(mf), 5.0), AX_OK, "%s", ax_network_get_error(ax_modelfile_get_network(mf)));
            ax_modelfile_free(mf);
        } else {
            cr_assert_null(mf, "case %zu loads", k);
            cr_assert(strstr(err.message, cases[k].error), "case %zu: %s", k, err.message);
        }
    }
}
