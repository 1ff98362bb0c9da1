/*
 * Receptor kinetics attached to point neurons (ax_model_define_with_receptors):
 * the binding kinetics against the closed-form solution for a square
 * transmitter pulse, NMDA's magnesium block against its formula, GABAb's
 * G-protein time course and a single AMPA EPSP on IF_cond_exp against
 * fine-step RK4 integrations of the same ODEs written out here, and the
 * errors.
 */
#include "helpers.h"

#define DT 0.025

/* One presynaptic spike (source at t_src, delay d) into receptor `rec` of
 * a one-neuron population of base+receptors; returns the network. */
static ax_network *one_synapse(const char *base, const char *rec, double t_src, double d, double w, ax_population *post)
{
    ax_network *net = new_net(DT, 1, 1);
    const char *recs[] = {rec};
    OK(net, ax_model_define_with_receptors(net, "m", base, recs, 1));
    OK(net, ax_population_add(net, "post", "m", 1, post));
    spike_input(net, *post, "pre", rec, &t_src, 1, w, d);
    return net;
}

static const double *trace(ax_network *net, ax_recorder r, size_t *n, const double **t)
{
    size_t c;
    const double *v;
    OK(net, ax_recorder_get_trace(net, r, n, &c, t, &v, NULL));
    return v;
}

/* r(t) of first-order binding for a square pulse of T from t_on to
 * t_on + c_dur, starting from r = 0 (Destexhe et al. 1994, eq. 4-5). */
static double r_closed(double t, double t_on, double c_dur, double T, double alpha, double beta)
{
    if (t <= t_on)
        return 0.0;
    double rate = alpha * T + beta, r_inf = alpha * T / rate;
    if (t <= t_on + c_dur)
        return r_inf * (1.0 - exp(-(t - t_on) * rate));
    double r_end = r_inf * (1.0 - exp(-c_dur * rate));
    return r_end * exp(-beta * (t - t_on - c_dur));
}

Test(receptors, ampa_and_gabaa_binding_match_the_square_pulse_solution)
{
    struct { const char *rec; double alpha, beta, t_max, w; } cases[] = {
        {"AMPA", 1.1, 0.19, 1.0, 1.0}, {"GABAa", 5.0, 0.18, 1.0, 0.5}, {"NMDA", 0.072, 0.0066, 1.0, 2.0}};
    for (size_t k = 0; k < 3; k++) {
        ax_population post;
        ax_network *net = one_synapse("IF_cond_exp", cases[k].rec, 10.0, 1.0, cases[k].w, &post);
        char var[32];
        snprintf(var, sizeof var, "r_%s", cases[k].rec);
        ax_recorder rr;
        OK(net, ax_recorder_add_state(net, post, var, AX_ALL_NEURONS, 0, &rr));
        OK(net, ax_network_run(net, 60.0));
        size_t n;
        const double *t, *r = trace(net, rr, &n, &t);
        double worst = 0, peak = 0;
        for (size_t s = 0; s < n; s++) {
            /* the pulse starts when the spike arrives: 10 + 1 ms */
            double want = r_closed(t[s], 11.0, 1.0, cases[k].w * cases[k].t_max, cases[k].alpha, cases[k].beta);
            worst = fmax(worst, fabs(r[s] - want));
            peak = fmax(peak, want);
        }
        cr_assert(peak > 0.02, "%s: the pulse opens receptors", cases[k].rec);
        cr_assert(worst < 1e-12, "%s: r differs from the closed form by %g", cases[k].rec, worst);
        cr_log_info("%s: peak r %.4f, max |r - closed form| = %.2g", cases[k].rec, peak, worst);
        ax_network_free(net);
    }
}

/* NMDA current at a held voltage: with cm huge, v moves by ~1e-5 mV, and
 * delta v * cm / h = sum over steps of gmax r B(v0) (e_rev - v0), with r
 * from the closed form; B = 1 / (1 + exp(-0.062 v) [Mg] / 3.57).  Bound:
 * 1e-5 relative, as v is not quite held (B changes by B' dv ~ 1e-6 B) and
 * the sum of 1,200 tiny steps onto v = -80 carries rounding (observed
 * 1.5e-6). */
Test(receptors, nmda_magnesium_block_matches_jahr_stevens)
{
    const double v0s[] = {-80.0, -60.0, -40.0, -20.0, 0.0 + 1e-9, 20.0}, mgs[] = {1.0, 2.0};
    for (size_t iv = 0; iv < 6; iv++)
        for (size_t im = 0; im < 2; im++) {
            ax_population post;
            double cm = 1e6, v0 = v0s[iv], mg = mgs[im], gmax = 0.05;
            ax_network *net = one_synapse("IF_curr_exp", "NMDA", 10.0, 1.0, 1.0, &post);
            const char *names[] = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "mg_NMDA", "gmax_NMDA"};
            const double values[] = {cm, 1e15, v0, 1000.0, v0 - 1.0, mg, gmax};
            for (size_t k = 0; k < 7; k++)
                OK(net, ax_population_set_param(net, post, names[k], ax_value_constant(values[k])));
            OK(net, ax_population_set_state(net, post, "v", ax_value_constant(v0)));
            OK(net, ax_network_run(net, 30.0));
            double v;
            OK(net, ax_population_get_values(net, post, "v", &v, 1));
            /* the current of step s uses r at the step's start, t = s h */
            double sum_r = 0;
            for (int s = 0; s < (int)llround(30.0 / DT); s++)
                sum_r += r_closed(s * DT, 11.0, 1.0, 1.0, 0.072, 0.0066);
            double block = (v - v0) * cm / DT / (gmax * (0.0 - v0) * sum_r);
            double want = 1.0 / (1.0 + exp(-0.062 * v0) * mg / 3.57);
            cr_assert(fabs(block - want) < 1e-5 * want, "v = %g, Mg %g: block %.9f, formula %.9f", v0, mg, block,
                      want);
            ax_network_free(net);
        }
}

/* GABAb: r and s against RK4 at a step of 1e-4 ms of
 *   dr/dt = K1 T (1 - r) - K2 r,  ds/dt = K3 r - K4 s,  T = T_max for C_dur. */
Test(receptors, gabab_g_protein_time_course_matches_fine_step_integration)
{
    ax_population post;
    ax_network *net = one_synapse("IF_cond_exp", "GABAb", 10.0, 1.0, 1.0, &post);
    ax_recorder rs, rr;
    OK(net, ax_recorder_add_state(net, post, "s_GABAb", AX_ALL_NEURONS, 0.5, &rs));
    OK(net, ax_recorder_add_state(net, post, "r_GABAb", AX_ALL_NEURONS, 0.5, &rr));
    OK(net, ax_network_run(net, 400.0));
    size_t n;
    const double *t, *s = trace(net, rs, &n, &t), *r = trace(net, rr, &n, &t);
    const double K1 = 0.52, K2 = 0.0013, K3 = 0.098, K4 = 0.033, t_max = 0.5, c_dur = 0.3, h = 1e-4;
    double y[2] = {0, 0}, time = 0, worst_s = 0, worst_r = 0, peak_s = 0;
    size_t next = 0;
    while (next < n) {
        if (fabs(time - t[next]) < h / 2) {
            worst_s = fmax(worst_s, fabs(s[next] - y[1]));
            worst_r = fmax(worst_r, fabs(r[next] - y[0]));
            peak_s = fmax(peak_s, y[1]);
            next++;
        }
        double T = time + h / 2 > 11.0 && time + h / 2 < 11.0 + c_dur ? t_max : 0.0, k[4][2], z[2];
        for (int st = 0; st < 4; st++) {
            double f = st == 0 ? 0 : st == 3 ? 1 : 0.5;
            for (int j = 0; j < 2; j++)
                z[j] = y[j] + (st ? f * h * k[st - 1][j] : 0);
            k[st][0] = K1 * T * (1 - z[0]) - K2 * z[0];
            k[st][1] = K3 * z[0] - K4 * z[1];
        }
        for (int j = 0; j < 2; j++)
            y[j] += h / 6 * (k[0][j] + 2 * k[1][j] + 2 * k[2][j] + k[3][j]);
        time += h;
    }
    cr_assert(peak_s > 0.01, "the G protein rises (peak %g)", peak_s);
    cr_assert(worst_r < 1e-9 && worst_s < 1e-9, "r off by %g, s off by %g", worst_r, worst_s);
    cr_log_info("GABAb: peak s %.4f, max |r - RK4| %.2g, |s - RK4| %.2g", peak_s, worst_r, worst_s);
    ax_network_free(net);
}

/* The v of IF_cond_exp (no spike: threshold out of reach) with one AMPA
 * synapse, by RK4 at 1e-4 ms:  cm dv/dt = gL (EL - v) + gmax r(t) (E - v),
 * r from the closed form.  Returns the largest |v - reference| and the
 * reference's peak depolarisation. */
static double epsp_error(double dt, double *peak)
{
    ax_network *net = new_net(dt, 1, 1);
    const char *recs[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 1));
    ax_population post;
    OK(net, ax_population_add(net, "post", "m", 1, &post));
    OK(net, ax_population_set_param(net, post, "v_thresh", ax_value_constant(0.0)));
    OK(net, ax_population_set_param(net, post, "gmax_AMPA", ax_value_constant(0.1)));
    double t_src = 10.0;
    spike_input(net, post, "pre", "AMPA", &t_src, 1, 1.0, 1.0);
    ax_recorder rv;
    OK(net, ax_recorder_add_state(net, post, "v", AX_ALL_NEURONS, 0.1, &rv));
    OK(net, ax_network_run(net, 60.0));
    size_t n;
    const double *t, *v = trace(net, rv, &n, &t);
    const double cm = 1.0, gl = 1.0 / 20.0, el = -65.0, gmax = 0.1, e = 0.0, h = 1e-4;
    double y = el, time = 0, worst = 0;
    *peak = 0;
    size_t next = 0;
    while (next < n) {
        if (fabs(time - t[next]) < h / 2) {
            worst = fmax(worst, fabs(v[next] - y));
            *peak = fmax(*peak, y - el);
            next++;
        }
        double k1, k2, k3, k4;
#define F(tt, yy) ((gl * (el - (yy)) + gmax * r_closed((tt), 11.0, 1.0, 1.0, 1.1, 0.19) * (e - (yy))) / cm)
        k1 = F(time, y);
        k2 = F(time + h / 2, y + h / 2 * k1);
        k3 = F(time + h / 2, y + h / 2 * k2);
        k4 = F(time + h, y + h * k3);
#undef F
        y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
        time += h;
    }
    ax_network_free(net);
    return worst;
}

/* The receptor current is coupled explicitly (r and v of the step's
 * start), so the error is first order in dt: bound 2 % of the EPSP's
 * peak at dt = 0.025 ms, and halving dt must about halve it. */
Test(receptors, ampa_epsp_on_if_cond_exp_matches_fine_step_integration)
{
    double peak, peak2;
    double e1 = epsp_error(0.025, &peak), e2 = epsp_error(0.0125, &peak2);
    cr_assert(peak > 2.0, "a visible EPSP (%g mV)", peak);
    cr_assert(e1 < 0.02 * peak, "dt 0.025: v off by %g mV (EPSP %g mV)", e1, peak);
    cr_assert(e2 < 0.6 * e1 && e2 > 0.4 * e1, "first order: errors %g, %g", e1, e2);
    cr_log_info("AMPA EPSP %.3f mV: max |v - RK4| %.4f mV at dt 0.025, %.4f at 0.0125", peak, e1, e2);
}

Test(receptors, mistakes_get_clear_errors)
{
    ax_network *net = new_net(0.1, 1, 1);
    const char *bad[] = {"AMPAR"}, *twice[] = {"AMPA", "AMPA"}, *ok[] = {"AMPA"};
    FAILS(net, ax_model_define_with_receptors(net, "a", "IF_cond_exp", bad, 1), AX_ERR_ARGUMENT,
          "unknown receptor 'AMPAR' (receptors: AMPA, NMDA, GABAa, GABAb, D1, D2, AMPA_exp, NMDA_exp, GABAa_exp, GABAb_exp)");
    FAILS(net, ax_model_define_with_receptors(net, "a", "IF_cond_exp", twice, 2), AX_ERR_ARGUMENT, "listed twice");
    FAILS(net, ax_model_define_with_receptors(net, "a", "SpikeSourcePoisson", ok, 1), AX_ERR_ARGUMENT, "spike source");
    FAILS(net, ax_model_define_with_receptors(net, "a", "nope", ok, 1), AX_ERR_NOT_FOUND, "unknown base model 'nope'");
    OK(net, ax_model_define_with_receptors(net, "a", "IF_cond_exp", ok, 1));
    ax_population p;
    OK(net, ax_population_add(net, "p", "a", 2, &p));
    const double cdur[] = {1.0, 2.0};
    OK(net, ax_population_set_param(net, p, "C_dur_AMPA", ax_value_array(cdur, 2)));
    FAILS(net, ax_network_run(net, 1.0), AX_ERR_ARGUMENT, "C_dur_AMPA must have one value");
    ax_network_free(net);

    const char *text = "[simulation]\nduration = 5\n[populations.X]\nmodel = \"HH_cond_exp\"\n"
                       "receptors = [\"NMDA\", \"GABAb\"]\nsize = 1\nparams = { gmax_NMDA = 0.1 }\n"
                       "[populations.Y]\nchannels = [\"Na\", \"K\", \"leak\"]\nreceptors = [\"AMPA\"]\nsize = 1\n";
    ax_error err;
    ax_modelfile *mf = ax_modelfile_load_string(text, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    cr_assert_not_null(ax_model_find(ax_modelfile_get_network(mf), "HH_cond_exp_NMDA_GABAb"));
    cr_assert_not_null(ax_model_find(ax_modelfile_get_network(mf), "cell_Y_AMPA"));
    ax_modelfile_free(mf);
    /* populations asking for the same model and receptors share one model */
    const char *two = "[simulation]\nduration = 5\n[populations.A]\nmodel = \"IF_cond_exp\"\nreceptors = [\"AMPA\"]\n"
                      "size = 1\n[populations.B]\nmodel = \"IF_cond_exp\"\nreceptors = [\"AMPA\"]\nsize = 2\n";
    mf = ax_modelfile_load_string(two, "x.toml", "/tmp", NULL, 0, &err);
    cr_assert_not_null(mf, "%s", err.message);
    ax_population_info ia, ib;
    OK(ax_modelfile_get_network(mf), ax_population_get_info(ax_modelfile_get_network(mf), 0, &ia));
    OK(ax_modelfile_get_network(mf), ax_population_get_info(ax_modelfile_get_network(mf), 1, &ib));
    cr_assert(ia.model == ib.model && strcmp(ia.model->name, "IF_cond_exp_AMPA") == 0);
    ax_modelfile_free(mf);
    const char *bad_file = "[simulation]\nduration = 5\n[populations.X]\nmodel = \"IF_cond_exp\"\n"
                           "receptors = [\"AMPA\", \"GABA\"]\nsize = 1\n";
    cr_assert_null(ax_modelfile_load_string(bad_file, "x.toml", "/tmp", NULL, 0, &err));
    cr_assert(strstr(err.message, "x.toml:5:13: populations.X.receptors: receptors of IF_cond_exp: unknown receptor 'GABA'"),
              "%s", err.message);
}

/* The exponential forms: after one spike of weight w at t_s the
 * conductance b - a is w (exp(-t'/tau_d) - exp(-t'/tau_r)) / peak,
 * t' = t - t_s, whose maximum is w (difference of exponentials, NEURON's
 * Exp2Syn), or w exp(-t'/tau_d) with tau_rise = 0; and two synapses add
 * (w: the two weights as stored, in single precision). */
Test(receptors, exponential_forms_match_their_closed_form)
{
    struct { const char *rec; double tau_r, tau_d; } cases[] = {
        {"AMPA_exp", 0.0, 2.0}, {"NMDA_exp", 2.0, 100.0}, {"GABAa_exp", 0.0, 5.0}, {"GABAb_exp", 60.0, 200.0}};
    for (size_t k = 0; k < 4; k++) {
        ax_network *net = new_net(DT, 1, 1);
        const char *recs[] = {cases[k].rec};
        OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 1));
        ax_population post;
        OK(net, ax_population_add(net, "post", "m", 1, &post));
        double t_src[] = {10.0};
        spike_input(net, post, "pre1", cases[k].rec, t_src, 1, 0.004, 1.0);
        spike_input(net, post, "pre2", cases[k].rec, t_src, 1, 0.006, 1.0);
        char va[32], vg[32];
        snprintf(va, sizeof va, "a_%s", cases[k].rec);
        snprintf(vg, sizeof vg, "g_%s", cases[k].rec);
        ax_recorder ra, rg;
        OK(net, ax_recorder_add_state(net, post, va, AX_ALL_NEURONS, 0, &ra));
        OK(net, ax_recorder_add_state(net, post, vg, AX_ALL_NEURONS, 0, &rg));
        OK(net, ax_network_run(net, 200.0));
        size_t n;
        const double *t, *a = trace(net, ra, &n, &t), *g = trace(net, rg, &n, &t);
        double tr = cases[k].tau_r, td = cases[k].tau_d, w = (double)0.004f + (double)0.006f, norm = 1.0, worst = 0, peak = 0;
        if (tr > 0) {
            double tp = tr * td / (td - tr) * log(td / tr);
            norm = 1.0 / (exp(-tp / td) - exp(-tp / tr));
        }
        for (size_t s = 0; s < n; s++) {
            double tt = t[s] - 11.0;   /* the weights enter at the end of the step ending at 11 ms */
            double want = tt < -1e-9 ? 0.0 : w * norm * (exp(-tt / td) - (tr > 0 ? exp(-tt / tr) : 0.0));
            worst = fmax(worst, fabs(g[s] - a[s] - want));
            peak = fmax(peak, g[s] - a[s]);
        }
        cr_assert(worst < 1e-12, "%s: conductance off by %g", cases[k].rec, worst);
        cr_assert(fabs(peak - w) < 2e-4 * w, "%s: peak %g, weights %g", cases[k].rec, peak, w);
        ax_network_free(net);
    }
    ax_network *net = new_net(DT, 1, 1);
    const char *recs[] = {"NMDA_exp"};
    OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 1));
    ax_population post;
    OK(net, ax_population_add(net, "post", "m", 1, &post));
    OK(net, ax_population_set_param(net, post, "tau_rise_NMDA_exp", ax_value_constant(100.0)));
    FAILS(net, ax_network_run(net, 1.0), AX_ERR_ARGUMENT, "tau_rise_NMDA_exp (100 ms) must be below tau_decay_NMDA_exp");
    ax_network_free(net);
}

/* Release cleared exponentially (tau_T > 0): T jumps by w T_max at the
 * arrival and decays with tau_T; r against RK4 at 1e-4 ms of
 * dr/dt = alpha T(t) (1 - r) - beta r.  The binding sees T's mean over
 * each step, so the error is second order: bound 1e-4 at dt = 0.025
 * (r peaks near 0.4), and a quarter of it at half the step. */
static double cleared_release_error(double dt, double *peak)
{
    const double alpha = 1.1, beta = 0.19, tau = 1.5, w = 0.8, t_on = 11.0;
    ax_network *net = new_net(dt, 1, 1);
    const char *recs[] = {"AMPA"};
    OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 1));
    ax_population post;
    OK(net, ax_population_add(net, "post", "m", 1, &post));
    OK(net, ax_population_set_param(net, post, "tau_T_AMPA", ax_value_constant(tau)));
    double t_src = 10.0;
    spike_input(net, post, "pre", "AMPA", &t_src, 1, w, 1.0);
    ax_recorder rr;
    OK(net, ax_recorder_add_state(net, post, "r_AMPA", AX_ALL_NEURONS, 0.1, &rr));
    OK(net, ax_network_run(net, 40.0));
    size_t n;
    const double *t, *r = trace(net, rr, &n, &t);
    const double h = 1e-4, wt = (double)(float)w;
    double y = 0, worst = 0;
    *peak = 0;
    size_t next = 0;
    /* r = 0 until the release; from it on, RK4 in steps of h counted from t_on */
    for (; next < n && t[next] < t_on + 1e-9; next++)
        worst = fmax(worst, fabs(r[next]));
    for (long k = 0; next < n; k++) {
        double time = t_on + k * h;
        if (fabs(time - t[next]) < h / 2) {
            worst = fmax(worst, fabs(r[next] - y));
            *peak = fmax(*peak, y);
            next++;
        }
#define F(tt, yy) (alpha * wt * exp(-((tt) - t_on) / tau) * (1 - (yy)) - beta * (yy))
        double k1 = F(time, y), k2 = F(time + h / 2, y + h / 2 * k1), k3 = F(time + h / 2, y + h / 2 * k2),
               k4 = F(time + h, y + h * k3);
#undef F
        y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
    }
    ax_network_free(net);
    return worst;
}

Test(receptors, exponentially_cleared_release_matches_fine_step_integration)
{
    double peak, peak2;
    double e1 = cleared_release_error(0.025, &peak), e2 = cleared_release_error(0.0125, &peak2);
    cr_assert(peak > 0.2, "r rises (peak %g)", peak);
    cr_assert(e1 < 1e-4, "dt 0.025: r off by %g", e1);
    cr_assert(e2 < 0.35 * e1, "second order: errors %g, %g", e1, e2);
    cr_log_info("cleared release: peak r %.4f, max |r - RK4| %.2g at dt 0.025, %.2g at 0.0125", peak, e1, e2);
}

/* Dopamine modulators: with D1 and D2 attached, AMPA_exp's current is
 * scaled by max(0, 1 + k_D1 r_D1 + k_D2 r_D2).  At a held voltage (cm
 * huge) v moves by h / cm x sum over steps of that current, with g and
 * both r from their closed forms; bound 1e-5 relative as in the Mg test.
 * A gain of -20 shuts the current off while r_D1 > 0.05 (the clamp at 0). */
Test(receptors, dopamine_scales_receptor_conductances)
{
    const double gains[][2] = {{2.0, -0.5}, {-20.0, 0.0}};
    for (int c = 0; c < 2; c++) {
        ax_network *net = new_net(DT, 1, 1);
        const char *recs[] = {"AMPA_exp", "D1", "D2"};
        OK(net, ax_model_define_with_receptors(net, "m", "IF_curr_exp", recs, 3));
        ax_population post;
        OK(net, ax_population_add(net, "post", "m", 1, &post));
        const double cm = 1e6, v0 = -60.0, w = 0.01;
        const char *names[] = {"cm", "tau_m", "v_rest", "v_thresh", "v_reset", "k_AMPA_exp_D1", "k_AMPA_exp_D2"};
        const double values[] = {cm, 1e15, v0, 1000.0, v0 - 1.0, gains[c][0], gains[c][1]};
        for (size_t k = 0; k < 7; k++)
            OK(net, ax_population_set_param(net, post, names[k], ax_value_constant(values[k])));
        OK(net, ax_population_set_state(net, post, "v", ax_value_constant(v0)));
        double t_da = 5.0, t_glu = 20.0;
        spike_input(net, post, "da1", "D1", &t_da, 1, 1.0, 1.0);
        spike_input(net, post, "da2", "D2", &t_da, 1, 0.5, 1.0);
        spike_input(net, post, "glu", "AMPA_exp", &t_glu, 1, w, 1.0);
        OK(net, ax_network_run(net, 40.0));
        double v;
        OK(net, ax_population_get_values(net, post, "v", &v, 1));
        double sum = 0, plain = 0;
        for (int s = 0; s < (int)llround(40.0 / DT); s++) {
            double t = s * DT, g = t < 21.0 - 1e-9 ? 0.0 : (double)(float)w * exp(-(t - 21.0) / 2.0);
            double r1 = r_closed(t, 6.0, 1.0, 1.0, 0.5, 0.005), r2 = r_closed(t, 6.0, 1.0, 0.5, 0.5, 0.005);
            sum += g * fmax(0.0, 1.0 + gains[c][0] * r1 + gains[c][1] * r2) * (0.0 - v0);
            plain += g * (0.0 - v0);
        }
        double want = v0 + sum * DT / cm;
        cr_assert(fabs(v - want) < 1e-5 * fabs(want - v0) + 1e-15, "gains %g, %g: dv %g, want %g (unscaled %g)",
                  gains[c][0], gains[c][1], v - v0, want - v0, plain * DT / cm);
        cr_assert(c == 1 ? sum < 1e-3 * plain : sum > 1.3 * plain, "the modulation shows: %g vs %g", sum, plain);
        ax_network_free(net);
    }
    /* the gains and their defaults: D1 raises NMDA, D2 lowers AMPA and NMDA */
    ax_network *net = new_net(DT, 1, 1);
    const char *recs[] = {"NMDA", "D1", "AMPA", "D2"};
    OK(net, ax_model_define_with_receptors(net, "m", "IF_cond_exp", recs, 4));
    const ax_model *m = ax_model_find(net, "m");
    const char *want[] = {"k_NMDA_D1", "k_NMDA_D2", "k_AMPA_D1", "k_AMPA_D2"};
    const double dflt[] = {0.5, -0.5, 0.0, -0.5};
    for (int k = 0; k < 4; k++) {
        const ax_param_info *pi = &m->params[m->n_params - 4 + k];
        cr_assert_str_eq(pi->name, want[k]);
        cr_assert_float_eq(pi->value, dflt[k], 0.0);
    }
    ax_network_free(net);
}
