/*
 * `axon run` writes <pop>.positions.csv (header x,y,z, the positions the
 * API gives, exactly) for every population with a structure, and
 * summary.json names the file.
 */
#include "cli_helpers.h"

static const char *model =
    "[simulation]\nduration = 2.0\nseed = 9\n"
    "[populations.E]\nmodel = \"IF_curr_exp\"\nsize = 6\nstructure = { grid = [2, 3], spacing = 0.1 }\n"
    "[populations.S]\nmodel = \"IF_curr_exp\"\nsize = 50\nstructure = { random = \"sphere\", radius = 3.0 }\n"
    "[populations.plain]\nmodel = \"IF_curr_exp\"\nsize = 2\n";

Test(space_cli, run_writes_positions_files_and_lists_them)
{
    char *dir = tmpdir(), path[300], args[700], buf[1 << 14];
    snprintf(path, sizeof path, "%s/m.toml", dir);
    write_file(path, model);
    snprintf(args, sizeof args, "run %s --out %s/out --quiet", path, dir);
    result *r = axon(args);
    cr_assert_eq(r->status, 0, "%s", r->err);
    snprintf(path, sizeof path, "%s/out", dir);
    cr_assert(exists(path, "E.positions.csv") && exists(path, "S.positions.csv"));
    cr_assert(!exists(path, "plain.positions.csv"));
    snprintf(path, sizeof path, "%s/out/summary.json", dir);
    slurp(path, buf, sizeof buf);
    cr_assert(strstr(buf, "\"files\": [\"E.positions.csv\", \"S.positions.csv\"]"), "%s", buf);

    /* the file holds what the API gives, to the last bit */
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(model, "m.toml", dir, NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    const char *pops[] = {"E.positions.csv", "S.positions.csv"};
    size_t sizes[] = {6, 50};
    for (int k = 0; k < 2; k++) {
        double xyz[150];
        OK(net, ax_population_get_positions(net, (ax_population)k, xyz, 3 * sizes[k]));
        snprintf(path, sizeof path, "%s/out/%s", dir, pops[k]);
        slurp(path, buf, sizeof buf);
        cr_assert(strncmp(buf, "x,y,z\n", 6) == 0, "%s", buf);
        csv_table t = read_csv(path);
        cr_assert_eq(t.rows, sizes[k]);
        cr_assert_eq(t.cols, 3);
        for (size_t i = 0; i < 3 * sizes[k]; i++)
            cr_assert_eq(t.data[i], xyz[i], "%s: number %zu", pops[k], i);
        csv_free(&t);
    }
    ax_modelfile_free(m);
    remove_tree(dir);
}
