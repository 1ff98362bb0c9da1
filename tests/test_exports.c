/*
 * test_exports.c - the public contract is exactly include/axon.h.
 *
 * libaxon.so is built with -fvisibility=hidden and AX_API on every
 * function the header declares, so the dynamic symbols it defines must be
 * those functions and nothing else (no internal ax_* helper, no
 * unprefixed name that could clash with another library).  The header
 * itself names only files inside the repository.
 */
#include <unistd.h>

#include "api_names.h"

/* The symbols libaxon.so defines for the dynamic linker. */
static names exported_symbols(void)
{
    const char *bin = getenv("AXON_BIN");
    char dir[1024] = "build";
    if (bin && strrchr(bin, '/'))
        snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(bin, '/') - bin), bin);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "nm -D --defined-only %s/libaxon.so", dir);
    FILE *p = popen(cmd, "r");
    cr_assert_not_null(p, "%s", cmd);
    names s = {.n = 0};
    char line[1024];
    while (fgets(line, sizeof line, p)) {
        char addr[64], type[8], name[512];
        if (sscanf(line, "%63s %7s %511s", addr, type, name) == 3)
            names_add(&s, name, strlen(name));
    }
    cr_assert_eq(pclose(p), 0, "%s failed (is binutils installed and the library built?)", cmd);
    qsort(s.name, s.n, sizeof s.name[0], by_name);
    return s;
}

Test(exports, the_shared_library_exports_exactly_the_header)
{
    names decl = declared_functions(), exp = exported_symbols();
    cr_assert_gt(decl.n, 50, "the header declares %zu functions", decl.n);
    size_t i = 0, j = 0, bad = 0;
    char report[8192] = "";
    while (i < decl.n || j < exp.n) {
        int c = i == decl.n ? 1 : j == exp.n ? -1 : strcmp(decl.name[i], exp.name[j]);
        if (c == 0) {
            i++, j++;
            continue;
        }
        char item[600];
        snprintf(item, sizeof item, "\n  %s %s", c < 0 ? "declared, not exported:" : "exported, not declared:",
                 c < 0 ? decl.name[i++] : exp.name[j++]);
        if (strlen(report) + strlen(item) < sizeof report)
            strcat(report, item);
        bad++;
    }
    cr_assert_eq(bad, 0, "%zu differences between include/axon.h and libaxon.so:%s", bad, report);
    names_free(&decl);
    names_free(&exp);
}

Test(exports, every_declared_function_follows_the_naming_scheme)
{
    /* ax_<object>_<verb>...: the object is one of these */
    static const char *objects[] = {"ax_status_",   "ax_network_",   "ax_model_",      "ax_channel_",
                                    "ax_receptor_kind_", "ax_population_", "ax_connector_", "ax_projection_",
                                    "ax_plasticity_", "ax_modulator_", "ax_input_",     "ax_recorder_",
                                    "ax_modelfile_", "ax_warning_", "ax_array_", "ax_structure_", "ax_spike_kernel_",
                                    "ax_averaged_chemical_", "ax_graph_format_", "ax_spike_trains_",
                                    "ax_optimizer_", "ax_objective_", "ax_sweep_", "ax_fit_",
                                    "ax_spike_distance_", "ax_signal_", "ax_spectrum_", "ax_stats_", "ax_pattern_",
                                    "ax_spike_stats_", "ax_averaged_stdp_", "ax_hopfield_", "ax_loop_", "ax_mpi_"};
    names decl = declared_functions();
    for (size_t k = 0; k < decl.n; k++) {
        int ok = 0;
        for (size_t o = 0; o < sizeof objects / sizeof objects[0]; o++)
            ok |= strncmp(decl.name[k], objects[o], strlen(objects[o])) == 0;
        cr_expect(ok, "%s does not start with a known object (ax_<object>_<verb>)", decl.name[k]);
    }
    names_free(&decl);
}

Test(exports, the_header_names_only_files_of_the_repository)
{
    FILE *f = fopen("include/axon.h", "r");
    cr_assert_not_null(f);
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        n++;
        cr_expect(!strstr(line, "src/"), "axon.h:%d names a source path: %s", n, line);
        cr_expect(!strstr(line, "DESIGN.md") && !strstr(line, "MODEL_FORMAT.md") && !strstr(line, "../"),
                  "axon.h:%d names a document outside the repository: %s", n, line);
        /* any docs/x.md it names exists */
        for (char *d = strstr(line, "docs/"); d; d = strstr(d + 1, "docs/")) {
            size_t len = strspn(d, "abcdefghijklmnopqrstuvwxyz0123456789-_./");
            char path[256];
            snprintf(path, sizeof path, "%.*s", (int)len, d);
            cr_expect_eq(access(path, F_OK), 0, "axon.h:%d names %s, which does not exist", n, path);
        }
    }
    fclose(f);
}
