/*
 * test_oom_fit.c - loading a model file's [fit] table (io/load_fit.c)
 * under allocation failures: the table with spike data files and one with
 * a reference model, the N-th allocation failing for N = 1, 2, ... until a
 * load reaches no N-th allocation.  For every N the load succeeds or fails
 * with AX_ERR_MEMORY and "out of memory" (never as a mistake in the file),
 * and the blocks allocated and freed balance.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "axon.h"
#include "fail_alloc.h"

static const char *fit_file =
    "[simulation]\nduration = 100\n[populations.cell]\nmodel = \"Izhikevich\"\nsize = 1\n"
    "[fit]\nbudget = 40\n[fit.free]\na = { lo = 0.01, hi = 0.1, log = true }\nd = { lo = 1, hi = 8 }\n"
    "[[fit.protocols]]\namplitude = 0.01\nrun = 100\n[[fit.protocols]]\namplitude = 0.02\nrun = 50\n"
    "%s"
    "[[fit.objective]]\nkind = \"gamma\"\n[[fit.objective]]\nkind = \"feature\"\nfeature = \"rate\"\nscale = 2\n"
    "[fit.optimizer]\nkind = \"de\"\n";

static void sweep(const char *target, const char *dir)
{
    char text[4096];
    snprintf(text, sizeof text, fit_file, target);
    bool done = false;
    for (long n = 1; !done && n < 100000; n++) {
        long live = fail_alloc_live();
        ax_error err;
        fail_alloc_arm(n, false);
        ax_modelfile *m = ax_modelfile_load_string(text, "fit.toml", dir, NULL, 0, &err);
        done = !fail_alloc_disarm();
        if (m) {
            const ax_fit_table *t;
            cr_assert_eq(ax_fit_get_table(m, &t, &err), AX_OK, "N = %ld: %s", n, err.message);
            cr_assert_eq(t->n_free, 2);
            ax_modelfile_free(m);
        } else {
            cr_assert_eq(err.status, AX_ERR_MEMORY, "N = %ld: %s", n, err.message);
            cr_assert(strstr(err.message, "out of memory") || strstr(err.message, "Cannot allocate memory"),
                      "N = %ld: %s", n, err.message);
        }
        cr_assert_eq(fail_alloc_live(), live, "N = %ld: blocks leaked", n);
        if (done)
            cr_assert_not_null(m, "nothing failed, yet the load failed: %s", err.message);
    }
    cr_assert(done, "the load ends within 100000 allocations");
}

Test(oom_fit, loading_a_fit_table_fails_cleanly_at_every_allocation, .timeout = 300)
{
    char dir[] = "/tmp/axon-oom-fit-XXXXXX", path[64];
    cr_assert_not_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/data.csv", dir);
    FILE *f = fopen(path, "w");
    cr_assert_not_null(f);
    fputs("time_ms,neuron\n10,0\n20,1\n30,0\n40,1\n", f);
    fclose(f);
    sweep("[fit.target]\nspikes = \"data.csv\"\n", dir);
    sweep("[fit.target]\nmodel = \"HH_cond_exp\"\nparams = { gbar_Na = 10 }\n", dir);
    remove(path);
    rmdir(dir);
}
