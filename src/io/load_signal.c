/*
 * load_signal.c - [[record]] with `signal`: a population signal
 * (ax_recorder_add_signal) written to "<pop>.<signal>.<csv|npy>".
 *
 *   [[record]]
 *   population = "E"
 *   signal = "eeg"            # or "lfp", "mean_v", "mean_<variable>"
 *   interval = 1.0            # ms, a multiple of dt (default dt)
 *   electrode = [0, 0, 10]    # eeg; defaults are the seed CLI's
 *   sigma = 251.0
 *   v_ref = 0.007
 *   distance = 6.8            # r of every neuron when the population has no positions
 *   min_distance = 0.001
 *   format = "csv"            # or "npy"
 */
#include <string.h>

#include "io/load.h"

static const char *const signal_keys[] = {"population", "signal", "interval", "electrode", "sigma", "v_ref",
                                          "distance", "min_distance", "format", NULL};

/* A key that only the EEG reads, given for another signal, is a mistake. */
static const char *const eeg_only[] = {"electrode", "sigma", "v_ref", "distance", "min_distance", NULL};

bool ax_load_signal_record(load_ctx *c, const toml_value *t, const char *path)
{
    char where[256];
    if (!ax_load_check_keys(c, t, path, signal_keys))
        return false;
    ax_population pop;
    const char *name, *format = "csv";
    bool found;
    if (!ax_load_population_ref(c, t, "population", path, &pop) || !ax_load_string(c, t, "signal", path, &name, NULL) ||
        !ax_load_string(c, t, "format", path, &format, &found))
        return false;
    ax_signal_spec sp = {.sigma = 251, .v_ref = 0.007, .distance = 6.8, .min_distance = 1e-3};
    const toml_pos spos = ax_toml_get_entry(t, "signal")->value->pos;
    if (strcmp(name, "eeg") == 0) {
        sp.kind = AX_SIGNAL_EEG;
    } else if ((strncmp(name, "mean_", 5) == 0 && name[5]) || strcmp(name, "lfp") == 0) {
        sp.kind = name[0] == 'l' ? AX_SIGNAL_LFP : AX_SIGNAL_MEAN;
        sp.variable = sp.kind == AX_SIGNAL_MEAN ? name + 5 : NULL;
        for (int k = 0; eeg_only[k]; k++) {
            const toml_entry *e = ax_toml_get_entry(t, eeg_only[k]);
            if (e)
                return ax_load_fail(c, e->value->pos, ax_load_path(where, sizeof where, path, eeg_only[k]),
                                    "only signal = \"eeg\" takes this key (signal is \"%s\")", name);
        }
    } else {
        return ax_load_fail(c, spos, ax_load_path(where, sizeof where, path, "signal"),
                            "unknown signal '%s'; allowed: \"eeg\", \"lfp\", \"mean_<variable>\" (e.g. \"mean_v\")",
                            name);
    }
    if (!ax_load_number(c, t, "interval", path, &sp.interval_ms, &found) ||
        !ax_load_number(c, t, "sigma", path, &sp.sigma, &found) || !ax_load_number(c, t, "v_ref", path, &sp.v_ref, &found) ||
        !ax_load_number(c, t, "distance", path, &sp.distance, &found) ||
        !ax_load_number(c, t, "min_distance", path, &sp.min_distance, &found) || !ax_load_coords(c, t, "electrode", path, 3, 3, sp.electrode, NULL, &found))
        return false;
    if (strcmp(format, "csv") && strcmp(format, "npy"))
        return ax_load_fail(c, ax_toml_get_entry(t, "format")->value->pos, ax_load_path(where, sizeof where, path, "format"),
                            "unknown format '%s'; allowed: csv, npy", format);
    ax_recorder rec;
    ax_status st = ax_recorder_add_signal(c->net, pop, &sp, &rec);
    if (st) {
        /* the message names the offending parameter: point at its key */
        static const char *const keys[] = {"min_distance", "distance", "sigma", "electrode", "v_ref", "interval", NULL};
        const char *msg = ax_network_get_error(c->net), *key = "signal";
        for (int k = 0; keys[k]; k++)
            if (strstr(msg, keys[k]) && ax_toml_get_entry(t, keys[k])) {
                key = keys[k];
                break;
            }
        const toml_entry *e = ax_toml_get_entry(t, key);
        return ax_load_fail_api(c, st, e ? e->value->pos : t->pos, ax_load_path(where, sizeof where, path, key));
    }
    ax_population_info info;
    ax_population_get_info(c->net, pop, &info);
    return ax_load_record_output(c, t->pos, path, rec, info.name, name, strcmp(format, "npy") == 0);
}
