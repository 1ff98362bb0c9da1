/*
 * Positions of populations (ax_structure): grids give their coordinates
 * exactly; random positions follow their distributions (Kolmogorov-Smirnov
 * against the closed-form CDFs) and depend only on the seed, the
 * population and the neuron; bad structures fail and change nothing; model
 * files declare them and `axon run`'s outputs carry them.
 */
#include <unistd.h>

#include "helpers.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The KS distance of the sample u[n] from U(0, 1) (sorts u). */
static double ks_uniform(double *u, size_t n)
{
    qsort(u, n, sizeof *u, cmp_double);
    double d = 0;
    for (size_t i = 0; i < n; i++) {
        double lo = u[i] - (double)i / n, hi = (double)(i + 1) / n - u[i];
        d = fmax(d, fmax(lo, hi));
    }
    return d;
}

/* 1% critical value of the KS distance: a fixed seed passes or fails always. */
static double ks_limit(size_t n) { return 1.63 / sqrt((double)n); }

static double *positions(ax_network *net, ax_population pop, size_t size)
{
    double *xyz = malloc(3 * size * sizeof *xyz);
    OK(net, ax_population_get_positions(net, pop, xyz, 3 * size));
    return xyz;
}

Test(space, grids_are_row_major_at_origin_plus_index_times_spacing)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population a, b, c;
    OK(net, ax_population_add(net, "line", "IF_curr_exp", 5, &a));
    OK(net, ax_population_add(net, "sheet", "IF_curr_exp", 12, &b));
    OK(net, ax_population_add(net, "block", "IF_curr_exp", 24, &c));
    uint64_t n1[] = {5}, n2[] = {3, 4}, n3[] = {2, 3, 4};
    double o2[] = {1.0, -2.0}, o3[] = {0.5, 0.25, -1.0};
    ax_structure s = ax_structure_grid(1, n1, 2.0, NULL);
    OK(net, ax_population_set_structure(net, a, &s));
    s = ax_structure_grid(2, n2, 0.5, o2);
    OK(net, ax_population_set_structure(net, b, &s));
    s = ax_structure_grid(3, n3, 10.0, o3);
    OK(net, ax_population_set_structure(net, c, &s));
    double *p = positions(net, a, 5);
    for (int i = 0; i < 5; i++)
        cr_assert(p[3 * i] == 2.0 * i && p[3 * i + 1] == 0 && p[3 * i + 2] == 0);
    free(p);
    p = positions(net, b, 12);
    for (int row = 0; row < 3; row++)
        for (int col = 0; col < 4; col++) {
            const double *q = p + 3 * (row * 4 + col);
            cr_assert(q[0] == 1.0 + 0.5 * row && q[1] == -2.0 + 0.5 * col && q[2] == 0, "row %d col %d", row, col);
        }
    free(p);
    p = positions(net, c, 24);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            for (int k = 0; k < 4; k++) {
                const double *q = p + 3 * ((i * 3 + j) * 4 + k);
                cr_assert(q[0] == 0.5 + 10.0 * i && q[1] == 0.25 + 10.0 * j && q[2] == -1.0 + 10.0 * k);
            }
    free(p);
    cr_assert(ax_population_has_positions(net, a) && ax_population_has_positions(net, c));
    ax_network_free(net);
}

Test(space, random_box_disk_and_sphere_follow_their_distributions)
{
    enum { N = 20000 };
    ax_network *net = new_net(0.1, 7, 2);
    ax_population box, disk, ball;
    OK(net, ax_population_add(net, "box", "IF_curr_exp", N, &box));
    OK(net, ax_population_add(net, "disk", "IF_curr_exp", N, &disk));
    OK(net, ax_population_add(net, "ball", "IF_curr_exp", N, &ball));
    double low[3] = {-1, 2, 5}, high[3] = {3, 2.5, 5}, c[3] = {1, -1, 2};
    ax_structure s = ax_structure_random_box(low, high);
    OK(net, ax_population_set_structure(net, box, &s));
    s = ax_structure_random_disk(c, 3.0);
    OK(net, ax_population_set_structure(net, disk, &s));
    s = ax_structure_random_sphere(c, 2.0);
    OK(net, ax_population_set_structure(net, ball, &s));
    double *u = malloc(N * sizeof *u);

    double *p = positions(net, box, N);
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < N; i++)
            u[i] = (p[3 * i + k] - low[k]) / (high[k] - low[k]);
        double d = ks_uniform(u, N);
        cr_assert_lt(d, ks_limit(N), "box axis %d: KS distance %g", k, d);
    }
    for (int i = 0; i < N; i++)
        cr_assert_eq(p[3 * i + 2], 5.0);   /* low == high fixes z */
    free(p);

    /* disk: (r/R)^2 and the angle / 2 pi are U(0, 1); z = center z */
    p = positions(net, disk, N);
    for (int i = 0; i < N; i++) {
        double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1];
        cr_assert_eq(p[3 * i + 2], c[2]);
        u[i] = (dx * dx + dy * dy) / 9.0;
        cr_assert_leq(u[i], 1.0 + 1e-12);
    }
    double d = ks_uniform(u, N);
    cr_assert_lt(d, ks_limit(N), "disk radius: KS distance %g", d);
    for (int i = 0; i < N; i++)
        u[i] = atan2(p[3 * i + 1] - c[1], p[3 * i] - c[0]) / (2 * M_PI) + 0.5;
    d = ks_uniform(u, N);
    cr_assert_lt(d, ks_limit(N), "disk angle: KS distance %g", d);
    free(p);

    /* ball: (r/R)^3 ~ U(0, 1), cos(theta) = dz/r ~ U(-1, 1) */
    p = positions(net, ball, N);
    double *cz = malloc(N * sizeof *cz);
    for (int i = 0; i < N; i++) {
        double dx = p[3 * i] - c[0], dy = p[3 * i + 1] - c[1], dz = p[3 * i + 2] - c[2];
        double r = sqrt(dx * dx + dy * dy + dz * dz);
        u[i] = pow(r / 2.0, 3);
        cz[i] = (dz / r + 1) / 2;
    }
    d = ks_uniform(u, N);
    cr_assert_lt(d, ks_limit(N), "ball radius: KS distance %g", d);
    d = ks_uniform(cz, N);
    cr_assert_lt(d, ks_limit(N), "ball polar angle: KS distance %g", d);
    free(cz);
    free(p);
    free(u);
    ax_network_free(net);
}

/* Positions of population `which` (0 or 1) of a network of two disks. */
static double *disk_positions(uint64_t seed, int threads, int which)
{
    ax_network *net = new_net(0.1, seed, threads);
    ax_population a, b;
    OK(net, ax_population_add(net, "a", "IF_curr_exp", 100, &a));
    OK(net, ax_population_add(net, "b", "IF_curr_exp", 100, &b));
    ax_structure s = ax_structure_random_disk(NULL, 1.0);
    OK(net, ax_population_set_structure(net, b, &s));   /* order of calls does not matter */
    OK(net, ax_population_set_structure(net, a, &s));
    double *p = positions(net, which ? b : a, 100);
    ax_network_free(net);
    return p;
}

Test(space, random_positions_depend_on_seed_population_and_neuron_only)
{
    double *one = disk_positions(3, 1, 0), *four = disk_positions(3, 4, 0);
    double *other_pop = disk_positions(3, 1, 1), *other_seed = disk_positions(4, 1, 0);
    cr_assert(memcmp(one, four, 300 * sizeof *one) == 0, "thread count changed the positions");
    cr_assert(memcmp(one, other_pop, 300 * sizeof *one) != 0);
    cr_assert(memcmp(one, other_seed, 300 * sizeof *one) != 0);
    free(one), free(four), free(other_pop), free(other_seed);
}

Test(space, bad_structures_fail_and_change_nothing)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population e;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &e));
    double xyz[30];
    FAILS(net, ax_population_get_positions(net, e, xyz, 30), AX_ERR_STATE, "has no structure");
    uint64_t n[] = {3, 3};
    ax_structure s = ax_structure_grid(2, n, 1.0, NULL);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT,
          "the grid [3, 3] has 9 neurons but population 'E' has 10");
    cr_assert(!ax_population_has_positions(net, e));
    uint64_t m[] = {2, 5};
    s = ax_structure_grid(2, m, 1.0, NULL);
    OK(net, ax_population_set_structure(net, e, &s));
    ax_network_info before, after;
    OK(net, ax_network_get_info(net, &before));
    s = ax_structure_grid(2, m, 0.0, NULL);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "spacing = 0");
    s = ax_structure_grid(4, m, 1.0, NULL);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "1, 2 or 3 axes, not 4");
    s = ax_structure_random_disk(NULL, -1.0);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "radius = -1");
    double lo[3] = {0, 0, 0}, hi[3] = {1, NAN, 1};
    s = ax_structure_random_box(lo, hi);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "box high y = nan is not a finite number");
    hi[1] = -1;
    s = ax_structure_random_box(lo, hi);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "box low y = 0 is above high y = -1");
    double given[30] = {0};
    s = ax_structure_from_positions(given, 27);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "27 numbers were given");
    given[14] = INFINITY;
    s = ax_structure_from_positions(given, 30);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_ARGUMENT, "neuron 4: z = inf");
    FAILS(net, ax_population_get_positions(net, e, xyz, 29), AX_ERR_ARGUMENT, "the buffer holds 29");
    /* the grid set before is still there, and the memory account unchanged */
    OK(net, ax_network_get_info(net, &after));
    cr_assert_eq(before.memory_planned, after.memory_planned);
    OK(net, ax_population_get_positions(net, e, xyz, 30));
    cr_assert(xyz[3 * 7] == 1.0 && xyz[3 * 7 + 1] == 2.0);
    /* given positions are copied */
    for (int i = 0; i < 30; i++)
        given[i] = i;
    s = ax_structure_from_positions(given, 30);
    OK(net, ax_population_set_structure(net, e, &s));
    given[4] = -1;
    OK(net, ax_population_get_positions(net, e, xyz, 30));
    cr_assert(xyz[4] == 4 && xyz[29] == 29);
    /* removing the population gives its positions' bytes back */
    ax_network_info empty;
    OK(net, ax_population_remove(net, e));
    OK(net, ax_network_get_info(net, &empty));
    cr_assert_eq(empty.memory_planned, 0);
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 10, &e));
    OK(net, ax_network_build(net));
    s = ax_structure_grid(2, m, 1.0, NULL);
    FAILS(net, ax_population_set_structure(net, e, &s), AX_ERR_STATE, "already built");
    ax_network_free(net);
}

static const char *base = "[simulation]\nduration = 1.0\n"   /* 1, 2 */
                          "[populations.E]\n"                /* 3 */
                          "model = \"IF_curr_exp\"\n"        /* 4 */
                          "size = 6\n";                      /* 5 */

static ax_modelfile *load_with(const char *structure, ax_error *err)
{
    char text[2048];
    snprintf(text, sizeof text, "%sstructure = %s\n", base, structure);
    return ax_modelfile_load_string(text, "model.toml", "/tmp", NULL, 0, err);
}

static void expect_error(const char *structure, const char *f1, const char *f2)
{
    ax_error err;
    ax_modelfile *m = load_with(structure, &err);
    if (m)
        ax_modelfile_free(m);
    cr_assert_null(m, "accepted: %s", structure);
    cr_assert(strstr(err.message, f1), "message\n  %s\nlacks '%s'", err.message, f1);
    cr_assert(!f2 || strstr(err.message, f2), "message\n  %s\nlacks '%s'", err.message, f2);
}

static void expect_positions(const char *structure, const double *want)
{
    ax_error err;
    ax_modelfile *m = load_with(structure, &err);
    cr_assert_not_null(m, "%s: %s", structure, err.message);
    double xyz[18];
    OK(ax_modelfile_get_network(m), ax_population_get_positions(ax_modelfile_get_network(m), 0, xyz, 18));
    for (int i = 0; i < 18; i++)
        cr_assert_eq(xyz[i], want[i], "%s: number %d is %g, expected %g", structure, i, xyz[i], want[i]);
    cr_assert_str_eq(ax_modelfile_get_recording_file(m, 0), "E.positions.csv");
    ax_modelfile_free(m);
}

Test(space, model_files_declare_structures)
{
    double g2[18] = {1, 2, 0, 1, 2.5, 0, 1, 3, 0, 1.5, 2, 0, 1.5, 2.5, 0, 1.5, 3, 0};
    expect_positions("{ grid = [2, 3], spacing = 0.5, origin = [1, 2] }", g2);
    double g1[18] = {0, 0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4, 0, 0, 5, 0, 0};
    expect_positions("{ grid = [6] }", g1);
    double g3[18] = {0, 0, 0, 0, 0, 2, 0, 0, 4, 0, 2, 0, 0, 2, 2, 0, 2, 4};
    expect_positions("{ grid = [1, 2, 3], spacing = 2 }", g3);

    char file[128], structure[256];
    snprintf(file, sizeof file, "/tmp/axon-test-space-%d.csv", (int)getpid());
    FILE *f = fopen(file, "w");
    fprintf(f, "x,y\n0,1\n2,3\n# a comment\n4,5\n6,7\n8,9\n10,11\n");
    fclose(f);
    snprintf(structure, sizeof structure, "{ positions = \"%s\" }", file + 5);
    double xy[18] = {0, 1, 0, 2, 3, 0, 4, 5, 0, 6, 7, 0, 8, 9, 0, 10, 11, 0};
    expect_positions(structure, xy);

    f = fopen(file, "w");
    fprintf(f, "x,y,z\n0,1,2\n2,3,4\n");
    fclose(f);
    expect_error(structure, "model.toml:6:27: populations.E.structure.positions", "has 2 rows; the population has 6");
    f = fopen(file, "w");
    fprintf(f, "x,y,z\n0,1,2\n2,3,nan\n");
    fclose(f);
    expect_error(structure, ":3:5: ", "(the positions of populations.E.structure.positions, model.toml:6:27)");
    f = fopen(file, "w");
    fprintf(f, "x,z\n0,1\n");
    fclose(f);
    expect_error(structure, ":1:3: the header is x, x,y or x,y,z", NULL);
    f = fopen(file, "w");
    fprintf(f, "0\n1\n2\n3\n4\n5\n6\n");
    fclose(f);
    expect_error(structure, ":7:1: more rows than the 6 neurons", NULL);
    unlink(file);
    expect_error("{ positions = \"axon-no-such-file.csv\" }", "model.toml:6:27: populations.E.structure.positions",
                 "cannot open");

    expect_error("{ grid = [2, 2] }", "model.toml:6:22: populations.E.structure.grid",
                 "the grid [2, 2] has 4 neurons but population 'E' has 6");
    expect_error("{ grid = [2, 0] }", "populations.E.structure.grid", "element 1 must be a whole number >= 1");
    expect_error("{ grid = [6], spacing = -1 }", "populations.E.structure.spacing", "spacing = -1");
    expect_error("{ grid = [6], origin = [1, 2] }", "populations.E.structure.origin", "1 to 1 numbers");
    expect_error("{ grid = [6], radius = 2 }", "populations.E.structure", "radius");
    expect_error("{ random = \"disk\", radius = 0 }", "model.toml:6:41: populations.E.structure.radius",
                 "radius = 0; it must be a finite number > 0");
    expect_error("{ random = \"cube\" }", "populations.E.structure.random", "expected box, disk or sphere");
    expect_error("{ random = \"box\", low = [0, 0], high = [1] }", "populations.E.structure.high",
                 "high has 1 coordinates and low 2");
    expect_error("{ random = \"box\", low = [0, 2], high = [1, 1] }", "populations.E.structure",
                 "box low y = 2 is above high y = 1");
    expect_error("{ grid = [6], random = \"box\" }", "populations.E.structure", "exactly one of grid, random or positions");
    expect_error("[6]", "populations.E.structure", "expected a table");
}

Test(space, random_structures_in_model_files_match_the_c_api)
{
    ax_error err;
    ax_modelfile *m = load_with("{ random = \"sphere\", center = [1, 2, 3], radius = 2.5 }", &err);
    cr_assert_not_null(m, "%s", err.message);
    double a[18], b[18];
    OK(ax_modelfile_get_network(m), ax_population_get_positions(ax_modelfile_get_network(m), 0, a, 18));
    ax_modelfile_free(m);
    ax_network *net = new_net(0.1, 1, 3);   /* the file's default seed is 1 */
    ax_population e;
    OK(net, ax_population_add(net, "E", "IF_curr_exp", 6, &e));
    double c[3] = {1, 2, 3};
    ax_structure s = ax_structure_random_sphere(c, 2.5);
    OK(net, ax_population_set_structure(net, e, &s));
    OK(net, ax_population_get_positions(net, e, b, 18));
    cr_assert(memcmp(a, b, sizeof a) == 0);
    ax_network_free(net);
}
