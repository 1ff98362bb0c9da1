/*
 * Averaged gaps (the main seed's lattice coupling, sim/averaged_gap.c,
 * docs/lattices.md) from C and model files.  The semantics against a
 * direct step-by-step evaluation: tests/python/test_lattice_seed.py.
 * Here: one current by hand (the mean over edges, neuron and spike-source
 * edges together, signed weights), weights changed after the build, the
 * declared kernel read back, and the model file's forms and mistakes.
 */
#include "helpers.h"

#define DT 0.1

/* Two clamped-looking sources (IzhikevichScaled cells at fixed v: huge
 * c_m) and one spike source onto one target: after one step the target's
 * current is exactly the mean of the three terms. */
Test(averaged_gap, one_step_is_the_mean_over_all_edges)
{
    ax_network *net = new_net(DT, 1, 1);
    ax_population src, train, tgt;
    OK(net, ax_population_add(net, "src", "IzhikevichScaled", 2, &src));
    OK(net, ax_population_add(net, "train", "SpikeSourceArray", 1, &train));
    OK(net, ax_population_add(net, "tgt", "IzhikevichScaled", 1, &tgt));
    double v_src[] = {-20.0, 10.0};
    OK(net, ax_population_set_state(net, src, "v", ax_value_array(v_src, 2)));
    OK(net, ax_population_set_param(net, src, "c_m", ax_value_constant(1e12)));
    OK(net, ax_population_set_param(net, tgt, "c_m", ax_value_constant(1e6)));
    OK(net, ax_population_set_state(net, tgt, "w", ax_value_constant(0.0)));
    OK(net, ax_population_set_param(net, tgt, "a", ax_value_constant(0.0)));   /* w stays 0 */
    double t_spike = 1.0;   /* spikes in step 9, seen from step 10 with D = 1 */
    OK(net, ax_population_set_spike_times(net, train, 0, &t_spike, 1));
    ax_connector all = ax_connector_all_to_all();
    double w_src[] = {0.01, -0.02};
    OK(net, ax_projection_add_averaged_gap(net, src, tgt, &all, ax_value_array(w_src, 2), NULL, NULL));
    ax_spike_kernel k = ax_spike_kernel_defaults();
    k.shape = AX_SPIKE_KERNEL_EXPONENTIAL, k.decay = 50.0, k.v_max = 40.0, k.v_rest = -5.0;
    ax_projection pt;
    OK(net, ax_projection_add_averaged_gap(net, train, tgt, &all, ax_value_constant(0.03), &k, &pt));
    ax_projection_info info;
    OK(net, ax_projection_get_info(net, pt, &info));
    cr_assert(info.kind == AX_PROJECTION_AVERAGED_GAP && info.receptor == NULL);
    cr_assert(info.kernel.shape == AX_SPIKE_KERNEL_EXPONENTIAL && info.kernel.decay == 50.0 && info.kernel.v_max == 40.0);
    /* the target's dv over one step is dt / c_m * (f(v) - w + 1000 I) (w = 0; v moves by about 1e-5 mV
     * in a step, so RK4 is this to 1e-9): read I back from v before and after */
    for (int step = 0; step < 12; step++) {
        double before;
        OK(net, ax_population_get_values(net, tgt, "v", &before, 1));
        OK(net, ax_network_run(net, DT));
        double after;
        OK(net, ax_population_get_values(net, tgt, "v", &after, 1));
        double f = 0.04 * before * before + 5 * before + 140.0;
        double I = ((after - before) * 1e6 / DT - f) / 1000.0;   /* nA, up to RK4's tiny change within the step */
        double E = step < 10 ? k.v_rest : (k.v_max - k.v_rest) * exp(-(step - 9) / (k.decay / DT)) + k.v_rest;
        double want = (0.01 * (-20.0 - before) - 0.02 * (10.0 - before) + 0.03 * E) / 3.0;
        cr_assert(fabs(I - want) < 1e-6 * fmax(1.0, fabs(want)), "step %d: I = %.9g nA, the mean of the edges %.9g", step,
                  I, want);
    }
    /* new weights replace the table at once, signs allowed */
    double w_new[] = {-0.05, 0.0};
    ax_projection q0 = 0;
    OK(net, ax_projection_set_weights(net, q0, w_new, 2));
    double before, after;
    OK(net, ax_population_get_values(net, tgt, "v", &before, 1));
    OK(net, ax_network_run(net, DT));
    OK(net, ax_population_get_values(net, tgt, "v", &after, 1));
    double f = 0.04 * before * before + 5 * before + 140.0;
    double I = ((after - before) * 1e6 / DT - f) / 1000.0;
    double E = (k.v_max - k.v_rest) * exp(-3.0 / (k.decay / DT)) + k.v_rest;
    double want = (-0.05 * (-20.0 - before) + 0.03 * E) / 3.0;
    cr_assert(fabs(I - want) < 1e-6, "after set_weights: I = %.9g nA, want %.9g", I, want);
    ax_network_free(net);
}

/* Model file head + tail: refused with a message holding `error`, or
 * (error NULL) loaded and run for 5 ms, then returned for the case's checks. */
static ax_modelfile *load_case(const char *head, const char *tail, const char *error, size_t k)
{
    char text[2048];
    snprintf(text, sizeof text, "%s%s", head, tail);
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    if (error) {
        cr_assert_null(mf, "case %zu loads", k);
        cr_assert(strstr(err.message, error), "case %zu: %s", k, err.message);
        return NULL;
    }
    cr_assert_not_null(mf, "case %zu: %s", k, err.message);
    ax_network *net = ax_modelfile_get_network(mf);
    cr_assert_eq(ax_network_run(net, 5.0), AX_OK, "%s", ax_network_get_error(net));
    return mf;
}

/* The same network from a model file, and its mistakes at their keys. */
Test(averaged_gap, model_file_forms_and_mistakes)
{
    const char *head = "[simulation]\nduration = 5\n[populations.L]\nmodel = \"IzhikevichScaled\"\nsize = 9\n"
                       "structure = { grid = [3, 3] }\n[populations.T]\nmodel = \"SpikeSourcePoisson\"\nsize = 4\n"
                       "params = { rate = 100.0 }\n"
                       "[[projections]]\nfrom = \"L\"\nto = \"L\"\nweight = -0.007\n"
                       "connector = { all_to_all = true }\nsynapse = \"averaged_gap\"\n"
                       "[[projections]]\nfrom = \"T\"\nto = \"L\"\nweight = 0.007\n"
                       "connector = { all_to_all = true }\n";
    const struct { const char *tail, *error; } cases[] = {
        {"synapse = \"averaged_gap\"\n", NULL},
        {"synapse = { averaged_gap = { kernel = \"exponential\", decay = 100.0, v_max = 20, v_rest = -1 } }\n", NULL},
        {"synapse = { averaged_gap = {} }\n", NULL},
        {"synapse = { averaged_gap = { kernel = \"box\" } }\n", "x.toml:22:39: projections[1].synapse.averaged_gap: kernel 'box' is not one of delta_dirac, exponential"},
        {"synapse = { averaged_gap = { decay = -1.0 } }\n", "projections[1].synapse.averaged_gap: decay must be > 0"},
        {"synapse = { averaged_gap = { width = 1.0 } }\n", "projections[1].synapse.averaged_gap.width: unknown key"},
        {"synapse = { averaged_gap = 3 }\n", "projections[1].synapse.averaged_gap: expected a table"},
        {"synapse = { averaged_gap = {}, graded = {} }\n", "an averaged gap has no other settings"},
        {"synapse = \"averaged_gap\"\ndelay = 1.0\n", "projections[1].delay: averaged gaps have no delay"},
        {"synapse = \"averaged_gap\"\nreceptor = \"excitatory\"\n", "projections[1].receptor: averaged gaps have no receptor"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ax_modelfile *mf = load_case(head, cases[k].tail, cases[k].error, k);
        if (mf) {
            ax_network *net = ax_modelfile_get_network(mf);
            ax_projection_info info;
            OK(net, ax_projection_get_info(net, 1, &info));
            cr_assert_eq(info.kind, AX_PROJECTION_AVERAGED_GAP);
            cr_assert_eq(info.kernel.decay, k == 1 ? 100.0 : 10000.0, "case %zu", k);
            cr_assert_eq(ax_projection_get_size(net, 0), 81);
            ax_modelfile_free(mf);
        }
    }
}

/* Averaged chemical coupling in model files: the forms, the declared
 * receptor read back, the mistakes at their keys. */
Test(averaged_gap, chemical_model_file_forms_and_mistakes)
{
    const char *head = "[simulation]\nduration = 5\n[populations.L]\nmodel = \"IzhikevichScaled\"\nsize = 9\n"
                       "[populations.T]\nmodel = \"SpikeSourcePoisson\"\nsize = 4\nparams = { rate = 100.0 }\n"
                       "[[projections]]\nfrom = \"T\"\nto = \"L\"\nweight = 1.5\nconnector = { all_to_all = true }\n";
    const struct { const char *tail, *error; } cases[] = {
        {"synapse = { averaged_chemical = { transmitter = \"AMPA\" } }\n", NULL},
        {"synapse = { averaged_chemical = { transmitter = \"NMDA\", g = 0.002, mg = 1.0, clearance = 0.1, t_max = 0.5 } }\n", NULL},
        {"synapse = { averaged_chemical = { transmitter = \"GABAb\" } }\n", "x.toml:15:49: projections[0].synapse.averaged_chemical: transmitter 'GABAb' is not one of AMPA, NMDA, GABA"},
        {"synapse = { averaged_chemical = { g = 0.001 } }\n", "projections[0].synapse.averaged_chemical.transmitter: this key is required"},
        {"synapse = { averaged_chemical = { transmitter = \"AMPA\", t_max = 0 } }\n", "t_max (0 mM) must be > 0"},
        {"synapse = { averaged_chemical = { transmitter = \"AMPA\", clearance = 20.0 } }\n", "clearance 20 /ms times dt = 0.1 ms is above 1"},
        {"synapse = { averaged_chemical = { transmitter = \"AMPA\" } }\ndelay = 2.0\n", "averaged chemical coupling has no delay"},
        {"synapse = { averaged_chemical = { transmitter = \"AMPA\" } }\nreceptor = \"excitatory\"\n", "averaged chemical coupling has no receptor"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        ax_modelfile *mf = load_case(head, cases[k].tail, cases[k].error, k);
        if (mf) {
            ax_network *net = ax_modelfile_get_network(mf);
            ax_projection_info info;
            OK(net, ax_projection_get_info(net, 0, &info));
            cr_assert_eq(info.kind, AX_PROJECTION_AVERAGED_CHEMICAL);
            cr_assert(info.receptor == NULL);
            cr_assert_eq(info.chemical.transmitter, k == 0 ? AX_TRANSMITTER_AMPA : AX_TRANSMITTER_NMDA);
            cr_assert_eq(info.chemical.g, k == 0 ? 0.001 : 0.002);
            cr_assert_eq(info.chemical.mg, k == 0 ? 0.3 : 1.0);
            ax_modelfile_free(mf);
        }
    }
}
