/*
 * test_distance.c - the distance connector: the pairs within a disk, box or
 * Chebyshev neighbourhood (open and periodic) against a brute-force
 * enumeration of all pairs, kernels against binomial tolerances, thread
 * independence, errors and model files.
 */
#include "helpers.h"

typedef struct built {
    ax_network *net;
    ax_projection proj;
    uint64_t n;
    uint32_t *src, *tgt;
} built;

static void built_free(built *b)
{
    free(b->src);
    free(b->tgt);
    ax_network_free(b->net);
}

/* Two lattices (or one, when same) of rows x cols, spacing 1, and a
 * projection by connector c. */
static built lattice(int rows, int cols, bool same, const ax_connector *c, int threads, uint64_t seed)
{
    built b = {0};
    b.net = new_net(0.1, seed, threads);
    ax_population A, B;
    OK(b.net, ax_population_add(b.net, "A", "IF_curr_exp", (int64_t)rows * cols, &A));
    uint64_t n[2] = {(uint64_t)rows, (uint64_t)cols};
    ax_structure s = ax_structure_grid(2, n, 1.0, NULL);
    OK(b.net, ax_population_set_structure(b.net, A, &s));
    B = A;
    if (!same) {
        OK(b.net, ax_population_add(b.net, "B", "IF_curr_exp", (int64_t)rows * cols, &B));
        double origin[2] = {0.5, 0.25};
        ax_structure s2 = ax_structure_grid(2, n, 1.0, origin);
        OK(b.net, ax_population_set_structure(b.net, B, &s2));
    }
    OK(b.net, ax_projection_add(b.net, A, B, c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0),
                                &b.proj));
    OK(b.net, ax_network_build(b.net));
    b.n = ax_projection_get_size(b.net, b.proj);
    b.src = malloc((b.n + 1) * sizeof *b.src);
    b.tgt = malloc((b.n + 1) * sizeof *b.tgt);
    OK(b.net, ax_projection_get_synapses(b.net, b.proj, b.src, b.tgt, NULL, NULL));
    return b;
}

/* The brute-force neighbourhood test, independent of the library. */
static double wrap(double x, double L) { return L > 0 ? x - L * round(x / L) : x; }

static bool in_shape(const ax_connector *c, double dx, double dy)
{
    dx = fabs(wrap(dx, c->periodic[0]));
    dy = fabs(wrap(dy, c->periodic[1]));
    double tol = 1 + 1e-9;
    switch (c->shape) {
    case AX_SHAPE_DISK: return sqrt(dx * dx + dy * dy) <= c->radius * tol;
    case AX_SHAPE_BOX: return dx <= c->extent[0] * tol && dy <= c->extent[1] * tol;
    case AX_SHAPE_CHEBYSHEV: return fmax(dx, dy) <= c->radius * tol;
    }
    return false;
}

/* p = 1: exactly the pairs of the brute force. */
static void expect_neighbourhood(int rows, int cols, bool same, const ax_connector *c)
{
    built b = lattice(rows, cols, same, c, 2, 7);
    size_t N = (size_t)rows * cols;
    unsigned char *want = calloc(N * N, 1), *got = calloc(N * N, 1);
    uint64_t n_want = 0;
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            double xi = (double)(i / cols), yi = (double)(i % cols);
            double xj = (double)(j / cols) + (same ? 0 : 0.5), yj = (double)(j % cols) + (same ? 0 : 0.25);
            if (same && i == j && !c->allow_self)
                continue;
            if (in_shape(c, xj - xi, yj - yi)) {
                want[i * N + j] = 1;
                n_want++;
            }
        }
    for (uint64_t k = 0; k < b.n; k++) {
        cr_assert_eq(got[(size_t)b.src[k] * N + b.tgt[k]], 0, "pair %u -> %u twice", b.src[k], b.tgt[k]);
        got[(size_t)b.src[k] * N + b.tgt[k]] = 1;
        cr_assert(want[(size_t)b.src[k] * N + b.tgt[k]], "pair %u -> %u is not in the neighbourhood", b.src[k],
                  b.tgt[k]);
    }
    cr_assert_eq(b.n, n_want, "%llu synapses, the brute force finds %llu", (unsigned long long)b.n,
                 (unsigned long long)n_want);
    free(want);
    free(got);
    built_free(&b);
}

Test(distance, disk_box_and_chebyshev_match_a_brute_force_enumeration)
{
    ax_connector c = ax_connector_distance(3.0, 1.0);
    expect_neighbourhood(17, 23, true, &c);
    expect_neighbourhood(17, 23, false, &c);
    c.allow_self = false;
    expect_neighbourhood(17, 23, true, &c);
    c = ax_connector_distance(2.0, 1.0);
    c.shape = AX_SHAPE_CHEBYSHEV;
    expect_neighbourhood(15, 12, true, &c);
    expect_neighbourhood(15, 12, false, &c);
    /* the seed's |drow| < 2 and |dcol| <= 2 */
    c = ax_connector_distance(0, 1.0);
    c.shape = AX_SHAPE_BOX;
    c.extent[0] = 1;
    c.extent[1] = 2;
    expect_neighbourhood(15, 12, true, &c);
    expect_neighbourhood(15, 12, false, &c);
    /* a radius below the spacing: self only, or nothing */
    c = ax_connector_distance(0.4, 1.0);
    expect_neighbourhood(9, 9, true, &c);
    c.allow_self = false;
    expect_neighbourhood(9, 9, true, &c);
    /* larger than the lattice: all pairs */
    c = ax_connector_distance(100, 1.0);
    expect_neighbourhood(6, 7, true, &c);
}

Test(distance, periodic_axes_wrap_to_the_nearest_image)
{
    ax_connector c = ax_connector_distance(3.0, 1.0);
    c.periodic[0] = 17;
    c.periodic[1] = 23;
    expect_neighbourhood(17, 23, true, &c);
    expect_neighbourhood(17, 23, false, &c);
    c.periodic[0] = 0;   /* a cylinder */
    expect_neighbourhood(17, 23, true, &c);
    c = ax_connector_distance(2.5, 1.0);
    c.shape = AX_SHAPE_CHEBYSHEV;
    c.periodic[0] = 6;   /* the reach covers the ring: each source once */
    c.periodic[1] = 5;
    expect_neighbourhood(6, 5, true, &c);
    /* by hand: on a ring of 20, neuron 0 and neuron 19 are 1 apart */
    ax_network *net = new_net(0.1, 1, 1);
    ax_population R;
    OK(net, ax_population_add(net, "R", "IF_curr_exp", 20, &R));
    uint64_t n = 20;
    ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, R, &s));
    ax_connector ring = ax_connector_distance(1.0, 1.0);
    ring.periodic[0] = 20;
    ring.allow_self = false;
    ax_projection q;
    OK(net, ax_projection_add(net, R, R, &ring, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    OK(net, ax_network_build(net));
    cr_assert_eq(ax_projection_get_size(net, q), 40);
    uint32_t src[40], tgt[40];
    OK(net, ax_projection_get_synapses(net, q, src, tgt, NULL, NULL));
    cr_assert_eq(src[0], 0);
    cr_assert_eq(tgt[0], 1);
    cr_assert_eq(src[1], 0);
    cr_assert_eq(tgt[1], 19);
    ax_network_free(net);
}

/* Counts of pairs by distance class, against p(d) by a binomial bound. */
static void expect_kernel(const ax_connector *c, double (*p)(double))
{
    built b = lattice(60, 60, true, c, 2, 11);
    enum { K = 40 };   /* classes of d^2 = 0 .. K-1 (integer on the lattice) */
    double cand[K] = {0}, made[K] = {0};
    for (int i = 0; i < 3600; i++)
        for (int dx = -7; dx <= 7; dx++)
            for (int dy = -7; dy <= 7; dy++) {
                int x = i / 60 + dx, y = i % 60 + dy, d2 = dx * dx + dy * dy;
                if (x >= 0 && x < 60 && y >= 0 && y < 60 && d2 < K && sqrt(d2) <= c->radius)
                    cand[d2]++;
            }
    for (uint64_t k = 0; k < b.n; k++) {
        int dx = (int)(b.tgt[k] / 60) - (int)(b.src[k] / 60), dy = (int)(b.tgt[k] % 60) - (int)(b.src[k] % 60);
        cr_assert_lt(dx * dx + dy * dy, K);
        made[dx * dx + dy * dy]++;
    }
    for (int d2 = 0; d2 < K; d2++) {
        if (!cand[d2])
            continue;
        double q = p(sqrt(d2)), mean = cand[d2] * q, sd = sqrt(cand[d2] * q * (1 - q));
        cr_assert_leq(fabs(made[d2] - mean), 5 * sd + 1e-9, "d^2 = %d: %g of %g candidates, expected %g (p %g)", d2,
                      made[d2], cand[d2], mean, q);
    }
    built_free(&b);
}

static double p_const(double d) { (void)d; return 0.3; }
static double p_gauss(double d) { return 0.8 * exp(-d * d / (2 * 2.0 * 2.0)); }
static double p_exp(double d) { return 0.9 * exp(-d / 1.5); }
static double p_expr(double d) { return fmin(1.0, fmax(0.0, 1.2 - d / 4)); }

Test(distance, kernels_give_their_probability_at_each_distance)
{
    ax_connector c = ax_connector_distance(6.0, 0.3);
    expect_kernel(&c, p_const);
    c.kernel = AX_KERNEL_GAUSSIAN;
    c.p = 0.8;
    c.width = 2.0;
    expect_kernel(&c, p_gauss);
    c.kernel = AX_KERNEL_EXPONENTIAL;
    c.p = 0.9;
    c.width = 1.5;
    expect_kernel(&c, p_exp);
    c.kernel = AX_KERNEL_EXPRESSION;
    c.probability = "1.2 - d / 4";   /* clipped to 1 near 0 */
    expect_kernel(&c, p_expr);
}

Test(distance, the_synapses_do_not_depend_on_the_threads)
{
    ax_connector c = ax_connector_distance(4.0, 0.5);
    c.kernel = AX_KERNEL_GAUSSIAN;
    c.width = 2.0;
    c.periodic[1] = 31;
    built one = lattice(29, 31, false, &c, 1, 5), two = lattice(29, 31, false, &c, 2, 5),
          three = lattice(29, 31, false, &c, 3, 5), other = lattice(29, 31, false, &c, 2, 6);
    cr_assert_gt(one.n, 1000);
    cr_assert_eq(one.n, two.n);
    cr_assert_eq(one.n, three.n);
    cr_assert_eq(memcmp(one.src, two.src, one.n * 4), 0);
    cr_assert_eq(memcmp(one.tgt, two.tgt, one.n * 4), 0);
    cr_assert_eq(memcmp(one.src, three.src, one.n * 4), 0);
    cr_assert_eq(memcmp(one.tgt, three.tgt, one.n * 4), 0);
    cr_assert(other.n != one.n || memcmp(one.tgt, other.tgt, one.n * 4) || memcmp(one.src, other.src, one.n * 4));
    built_free(&one);
    built_free(&two);
    built_free(&three);
    built_free(&other);
}

Test(distance, random_positions_in_3d_match_a_brute_force_enumeration)
{
    ax_network *net = new_net(0.1, 3, 2);
    ax_population A, B;
    OK(net, ax_population_add(net, "A", "IF_curr_exp", 700, &A));
    OK(net, ax_population_add(net, "B", "IF_curr_exp", 500, &B));
    double lo[3] = {0, 0, 0}, hi[3] = {10, 8, 6}, center[3] = {5, 4, 3};
    ax_structure sa = ax_structure_random_box(lo, hi), sb = ax_structure_random_sphere(center, 5);
    OK(net, ax_population_set_structure(net, A, &sa));
    OK(net, ax_population_set_structure(net, B, &sb));
    ax_connector c = ax_connector_distance(1.7, 1.0);
    c.periodic[0] = 10;
    ax_projection q;
    OK(net, ax_projection_add(net, A, B, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    OK(net, ax_network_build(net));
    double *xa = malloc(3 * 700 * sizeof *xa), *xb = malloc(3 * 500 * sizeof *xb);
    OK(net, ax_population_get_positions(net, A, xa, 3 * 700));
    OK(net, ax_population_get_positions(net, B, xb, 3 * 500));
    uint64_t n = ax_projection_get_size(net, q), want = 0, k = 0;
    uint32_t *src = malloc(n * 4 + 4), *tgt = malloc(n * 4 + 4);
    OK(net, ax_projection_get_synapses(net, q, src, tgt, NULL, NULL));
    for (uint32_t i = 0; i < 700; i++)   /* by source, then target, as get_synapses */
        for (uint32_t j = 0; j < 500; j++) {
            double dx = wrap(xb[3 * j] - xa[3 * i], 10), dy = xb[3 * j + 1] - xa[3 * i + 1],
                   dz = xb[3 * j + 2] - xa[3 * i + 2];
            if (sqrt(dx * dx + dy * dy + dz * dz) <= 1.7 * (1 + 1e-9)) {
                cr_assert_lt(k, n);
                cr_assert(src[k] == i && tgt[k] == j, "synapse %llu: %u -> %u, expected %u -> %u",
                          (unsigned long long)k, src[k], tgt[k], i, j);
                k++;
                want++;
            }
        }
    cr_assert_eq(n, want);
    free(xa);
    free(xb);
    free(src);
    free(tgt);
    ax_network_free(net);
}

Test(distance, bad_connectors_fail_with_precise_messages)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population A, P;
    OK(net, ax_population_add(net, "A", "IF_curr_exp", 10, &A));
    OK(net, ax_population_add(net, "P", "IF_curr_exp", 10, &P));
    uint64_t n = 10;
    ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, P, &s));
    ax_value w = ax_value_constant(0.1), d = ax_value_constant(1.0);
    ax_connector c = ax_connector_distance(2, 0.5);
    FAILS(net, ax_projection_add(net, A, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "population 'A' has no positions");
    FAILS(net, ax_projection_add(net, P, A, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "population 'A' has no positions");
    c.radius = 0;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "radius = 0 is not allowed: must be finite and > 0");
    c.radius = -1;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "radius = -1");
    c.radius = NAN;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "radius = nan");
    c = ax_connector_distance(2, 1.5);
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "p = 1.5 is not allowed: must be in [0, 1]");
    c = ax_connector_distance(2, 1);
    c.kernel = AX_KERNEL_GAUSSIAN;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "sigma = 0 is not allowed");
    c.kernel = AX_KERNEL_EXPONENTIAL;
    c.width = -2;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "lambda = -2 is not allowed");
    c = ax_connector_distance(2, 1);
    c.shape = AX_SHAPE_BOX;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "a box needs an extent > 0");
    c.extent[1] = -1;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "extent[1] = -1 is not allowed");
    c = ax_connector_distance(2, 1);
    c.periodic[0] = -3;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "periodic[0] = -3 is not allowed");
    c = ax_connector_distance(2, 1);
    c.kernel = AX_KERNEL_EXPRESSION;
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "`probability` is NULL");
    c.probability = "exp(-d / ";
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "probability: ");
    c.probability = "exp(-r)";
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "'r'");
    c.probability = "1 / d";
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
          "probability '1 / d' is inf at d = 0 (dx = 0, dy = 0, dz = 0)");
    c.probability = "log(1.5 - d)";
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT, "is -inf at d = 1.5");
    /* without self connections d = 0 is out of range */
    c.probability = "0.5 / d";
    c.allow_self = false;
    ax_projection q;
    OK(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, &q));
    ax_projection_info info;
    OK(net, ax_projection_get_info(net, q, &info));
    cr_assert_eq(info.connector.kind, AX_CONNECTOR_DISTANCE);
    cr_assert_str_eq(info.connector.probability, "0.5 / d");
    OK(net, ax_network_build(net));
    cr_assert_gt(ax_projection_get_size(net, q), 0);
    cr_assert_lt(ax_projection_get_size(net, q), 34);   /* 18 pairs at d = 1, 16 at d = 2 */
    ax_network_free(net);
}

Test(distance, a_kernel_not_finite_at_an_actual_pair_fails_the_build_naming_it)
{
    /* two neurons at the same place, self connections off: d = 0 is a pair */
    for (int threads = 1; threads <= 2; threads++) {
        ax_network *net = new_net(0.1, 1, threads);
        ax_population P;
        OK(net, ax_population_add(net, "P", "IF_curr_exp", 4, &P));
        double xyz[12] = {0, 0, 0, 1, 0, 0, 1, 0, 0, 3, 0, 0};
        ax_structure s = ax_structure_from_positions(xyz, 12);
        OK(net, ax_population_set_structure(net, P, &s));
        ax_connector c = ax_connector_distance(1.5, 1);
        c.kernel = AX_KERNEL_EXPRESSION;
        c.probability = "1 / d";
        c.allow_self = false;
        OK(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), NULL));
        FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT,
              "probability '1 / d' is inf at d = 0 (dx = 0, dy = 0, dz = 0), between source 2 and target 1");
        ax_network_free(net);
    }
}

static const char *model_head = "[simulation]\nduration = 1.0\n"
                                "[populations.L]\nmodel = \"IF_curr_exp\"\nsize = 400\n"
                                "structure = { grid = [20, 20] }\n"
                                "[[projections]]\nfrom = \"L\"\nto = \"L\"\nreceptor = \"excitatory\"\n"
                                "weight = 0.1\ndelay = 1.0\n";

static ax_modelfile *load_connector(const char *connector, ax_error *err)
{
    char text[2048];
    snprintf(text, sizeof text, "%sconnector = %s\n", model_head, connector);
    return ax_modelfile_load_string(text, "m.toml", ".", NULL, 0, err);
}

static uint64_t model_synapses(const char *connector)
{
    ax_error err;
    ax_modelfile *m = load_connector(connector, &err);
    cr_assert_not_null(m, "%s: %s", connector, err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_network_build(net));
    uint64_t n = ax_projection_get_size(net, 0);
    ax_modelfile_free(m);
    return n;
}

static void model_fails(const char *connector, const char *text)
{
    ax_error err;
    ax_modelfile *m = load_connector(connector, &err);
    cr_assert_null(m, "%s loaded", connector);
    cr_assert(strstr(err.message, text), "%s: message '%s' lacks '%s'", connector, err.message, text);
}

Test(distance, model_files_declare_distance_connectors)
{
    /* a torus of 20 x 20, radius 1: 4 neighbours + self */
    cr_assert_eq(model_synapses("{ distance = { radius = 1.0, periodic = [20, 20] } }"), 400 * 5);
    cr_assert_eq(model_synapses("{ distance = { radius = 1.0, periodic = [20, 20] }, allow_self = false }"), 400 * 4);
    cr_assert_eq(model_synapses("{ distance = { radius = 1, shape = \"chebyshev\", periodic = [20.0, 20.0] } }"),
                 400 * 9);
    cr_assert_eq(model_synapses("{ distance = { shape = \"box\", extent = [1, 2], periodic = [20, 20] } }"),
                 400 * 15);
    cr_assert_eq(model_synapses("{ distance = { shape = \"square\", radius = 1, periodic = [20, 20] } }"), 400 * 9);
    cr_assert_eq(model_synapses("{ distance = { radius = 1.0, p = 0.0 } }"), 0);
    uint64_t g = model_synapses("{ distance = { radius = 5, kernel = \"gaussian\", p0 = 1.0, sigma = 2.0 } }");
    cr_assert(g > 0 && g < 400 * 81);
    uint64_t e = model_synapses("{ distance = { radius = 5, kernel = \"exponential\", lambda = 2.0 } }");
    cr_assert(e > 0 && e < 400 * 81);
    cr_assert_eq(model_synapses("{ distance = { radius = 5, probability = \"(1.2 - d) * 100\", periodic = [20, 20] } }"),
                 400 * 5);   /* p = 1 at d = 0 and 1, 0 beyond */
    model_fails("{ distance = { radius = 0 } }", "m.toml:13:");
    model_fails("{ distance = { radius = 0 } }", "radius = 0 is not allowed");
    model_fails("{ distance = { p = 0.5 } }", "'radius' is missing");
    model_fails("{ distance = { radius = 2, shape = \"hexagon\" } }", "unknown shape 'hexagon'");
    model_fails("{ distance = { radius = 2, kernel = \"gaussian\", lambda = 1 } }", "takes sigma");
    model_fails("{ distance = { radius = 2, kernel = \"cosine\", sigma = 1 } }", "unknown kernel 'cosine'");
    model_fails("{ distance = { radius = 2, p = 0.5, probability = \"d\" } }", "give one of p, kernel");
    model_fails("{ distance = { radius = 2, sigma = 1 } }", "belong to a kernel");
    model_fails("{ distance = { radius = 2, probability = \"1 / d\" } }", "is inf at d = 0");
    model_fails("{ distance = { shape = \"box\" } }", "a box needs extent");
    model_fails("{ distance = { radius = 2, extent = [1] } }", "extent is for shape = \"box\"");
    model_fails("{ distance = { radius = 2, periodic = [1, 2, 3, 4] } }", "1 to 3 numbers");
    model_fails("{ distance = { radius = 2, colour = 3 } }", "colour");
    model_fails("{ distance = 3 }", "expected a table");
}

Test(distance, weights_and_delays_as_expressions_of_distance)
{
    for (int threads = 1; threads <= 2; threads++) {
        ax_network *net = new_net(0.1, 4, threads);
        ax_population R;
        OK(net, ax_population_add(net, "R", "IF_curr_exp", 120, &R));
        uint64_t n = 120;
        ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
        OK(net, ax_population_set_structure(net, R, &s));
        ax_connector c = ax_connector_distance(10.0, 1.0);
        c.periodic[0] = 120;
        c.allow_self = false;
        ax_projection q;
        /* the ring attractor's signed weights, a conduction delay */
        OK(net, ax_projection_add(net, R, R, &c, "excitatory", ax_value_expression("5 * exp(-2 * d^2 / 1200) - 0.3"),
                                  ax_value_expression("0.5 + d / 2.0"), &q));
        OK(net, ax_network_build(net));
        uint64_t m = ax_projection_get_size(net, q);
        cr_assert_eq(m, 120 * 20);
        uint32_t *src = malloc(m * 4), *tgt = malloc(m * 4);
        double *w = malloc(m * 8), *dl = malloc(m * 8);
        OK(net, ax_projection_get_synapses(net, q, src, tgt, w, dl));
        for (uint64_t k = 0; k < m; k++) {
            double d = fabs(wrap((double)tgt[k] - (double)src[k], 120));
            double want_w = 5 * exp(-2 * d * d / 1200) - 0.3, want_d = 0.1 * llround((0.5 + d / 2.0) / 0.1);
            cr_assert_float_eq(w[k], want_w, 1e-6 * fabs(want_w) + 1e-7, "%u -> %u: w %g, want %g", src[k], tgt[k],
                               w[k], want_w);
            cr_assert_float_eq(dl[k], want_d, 1e-9, "%u -> %u: delay %g, want %g", src[k], tgt[k], dl[k], want_d);
        }
        free(src);
        free(tgt);
        free(w);
        free(dl);
        ax_network_free(net);
    }
}

Test(distance, bad_weight_and_delay_expressions_name_the_distance)
{
    ax_network *net = new_net(0.1, 1, 1);
    ax_population P, C, A;
    OK(net, ax_population_add(net, "P", "IF_curr_exp", 10, &P));
    OK(net, ax_population_add(net, "C", "IF_cond_exp", 10, &C));
    OK(net, ax_population_add(net, "A", "IF_curr_exp", 10, &A));
    uint64_t n = 10;
    ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, P, &s));
    OK(net, ax_population_set_structure(net, C, &s));
    ax_connector c = ax_connector_distance(3, 1);
    ax_value one = ax_value_constant(1.0);
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_expression("1 / d"), one, NULL),
          AX_ERR_ARGUMENT, "weight '1 / d' is inf at d = 0");
    FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", one, ax_value_expression("d +"), NULL),
          AX_ERR_ARGUMENT, "delay: ");
    ax_connector all = ax_connector_all_to_all();
    FAILS(net, ax_projection_add(net, P, P, &all, "excitatory", ax_value_expression("d"), one, NULL),
          AX_ERR_ARGUMENT, "weight 'd' is an expression of distance; it needs a distance connector");
    FAILS(net, ax_population_set_param(net, A, "tau_m", ax_value_expression("d")), AX_ERR_ARGUMENT,
          "allowed only as the weight or delay of a projection with a distance connector");
    /* a signed weight where the receptor allows it; no self: 1 / d is fine */
    c.allow_self = false;
    OK(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_expression("1 / d - 0.5"),
                              ax_value_expression("d / 2"), NULL));
    OK(net, ax_network_build(net));
    ax_network_free(net);
}

Test(distance, a_delay_expression_below_dt_at_an_actual_pair_fails_the_build)
{
    ax_network *net = new_net(0.1, 1, 2);
    ax_population P;
    OK(net, ax_population_add(net, "P", "IF_curr_exp", 4, &P));
    double xyz[12] = {0, 0, 0, 1, 0, 0, 1, 0, 0, 3, 0, 0};
    ax_structure s = ax_structure_from_positions(xyz, 12);
    OK(net, ax_population_set_structure(net, P, &s));
    ax_connector c = ax_connector_distance(1.5, 1);
    c.allow_self = false;
    OK(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_constant(0.1), ax_value_expression("d"), NULL));
    FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT,
          "delay 'd' is 0 ms, below dt; delays must be >= dt at d = 0 (dx = 0, dy = 0, dz = 0), between source 2 and "
          "target 1");
    ax_network_free(net);
    /* a negative conductance, checked at the synapses made */
    for (int threads = 1; threads <= 2; threads++) {
        net = new_net(0.1, 1, threads);
        ax_population C;
        OK(net, ax_population_add(net, "C", "IF_cond_exp", 10, &C));
        uint64_t n = 10;
        ax_structure g = ax_structure_grid(1, &n, 1.0, NULL);
        OK(net, ax_population_set_structure(net, C, &g));
        ax_connector c3 = ax_connector_distance(3, 1);
        OK(net, ax_projection_add(net, C, C, &c3, "excitatory", ax_value_expression("0.5 - d / 4"),
                                  ax_value_expression("0.1 + d / 2"), NULL));
        FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT,
              "weight '0.5 - d / 4' is -0.25, but the receptor takes conductances, which must be >= 0 at d = 3 "
              "(dx = -3, dy = 0, dz = 0), between source 3 and target 0");
        ax_network_free(net);
    }
}

Test(distance, model_files_take_weight_and_delay_expressions)
{
    const char *text = "[simulation]\nduration = 1.0\n"
                       "[populations.L]\nmodel = \"IF_curr_exp\"\nsize = 20\nstructure = { grid = [20] }\n"
                       "[[projections]]\nfrom = \"L\"\nto = \"L\"\nreceptor = \"excitatory\"\n"
                       "connector = { distance = { radius = 2.0, periodic = [20] }, allow_self = false }\n"
                       "weight = { expression = \"1 - d / 2\" }\ndelay = { expression = \"0.5 + d / 2\" }\n";
    ax_error err;
    ax_modelfile *m = ax_modelfile_load_string(text, "m.toml", ".", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    ax_network *net = ax_modelfile_get_network(m);
    OK(net, ax_network_build(net));
    cr_assert_eq(ax_projection_get_size(net, 0), 80);
    uint32_t src[80], tgt[80];
    double w[80], dl[80];
    OK(net, ax_projection_get_synapses(net, 0, src, tgt, w, dl));
    for (int k = 0; k < 80; k++) {
        double d = fabs(wrap((double)tgt[k] - (double)src[k], 20));
        cr_assert_float_eq(w[k], 1 - d / 2, 1e-7);
        cr_assert_float_eq(dl[k], 0.5 + d / 2, 1e-9);
    }
    ax_modelfile_free(m);
    char bad[1024];
    snprintf(bad, sizeof bad, "%s", text);
    char *at = strstr(bad, "0.5 + d / 2");
    memcpy(at, "d * 0.05 +0", 11);   /* 0.05 ms at d = 1 */
    m = ax_modelfile_load_string(bad, "m.toml", ".", NULL, 0, &err);
    cr_assert_not_null(m, "%s", err.message);
    FAILS(ax_modelfile_get_network(m), ax_network_build(ax_modelfile_get_network(m)), AX_ERR_ARGUMENT,
          "delay 'd * 0.05 +0' is 0.05 ms, below dt");
    ax_modelfile_free(m);
}

/* ------------------------------------------------------------------ */
/* fixed_indegree: n sources per target drawn by the kernel              */
/* ------------------------------------------------------------------ */

/* The inclusion probabilities of weighted sampling of k of the m items
 * w[0 .. m) without replacement (successive draws, each proportional to
 * the weight among those left), computed independently of the library:
 * item i is drawn iff fewer than k of the others have an exponential
 * clock E_j ~ Exp(w_j) below E_i, so with E_i = -log(u) / w_i,
 *     P_i = integral over u in (0, 1) of P(fewer than k of the others
 *           have 1 - u^(w_j / w_i) come up),
 * a Poisson-binomial tail (a DP over the others), by the midpoint rule. */
static void inclusion_probabilities(const double *w, int m, int k, double *P)
{
    enum { U = 20000 };
    double dp[64];
    cr_assert_lt(k, 63);
    for (int i = 0; i < m; i++) {
        double sum = 0;
        for (int s = 0; s < U; s++) {
            double u = (s + 0.5) / U;
            memset(dp, 0, sizeof dp);
            dp[0] = 1;
            for (int j = 0; j < m; j++) {
                if (j == i)
                    continue;
                double q = 1 - pow(u, w[j] / w[i]);
                for (int c = k; c >= 0; c--)
                    dp[c] = dp[c] * (1 - q) + (c ? dp[c - 1] * q : 0);
            }
            double below = 0;
            for (int c = 0; c < k; c++)
                below += dp[c];
            sum += below;
        }
        P[i] = sum / U;
    }
}

/* A 40 x 40 torus (spacing 1), radius 3, no self connections: every
 * target has the same 28 candidates, at d^2 = 1, 2, 4, 5, 8, 9 (4, 4, 4,
 * 8, 4, 4 of them).  With k sources per target by connector c (weight
 * w(d) as the test computes it), checks that every target gets exactly k
 * sources, all within the radius, distinct unless allow_multiple, and
 * that the counts by distance class over the 1600 targets fit the exact
 * expected counts: Pearson's chi-square over the 6 classes (5 degrees of
 * freedom) below 20.52, the 0.999 quantile, i.e. p > 0.001 with the fixed
 * seed.  With multapses the 8 draws of a target are multinomial and the
 * statistic is chi-square distributed; without, the draws of a target
 * are negatively correlated, which makes the statistic smaller, so the
 * same threshold is conservative. */
static void expect_indegree_law(ax_connector c, double (*w)(double), uint64_t seed)
{
    enum { L = 40, N = L * L, K = 8, M = 28 };
    c.periodic[0] = c.periodic[1] = L;
    c.allow_self = false;
    c.n = K;
    ax_network *net = new_net(0.1, seed, 2);
    ax_population A;
    OK(net, ax_population_add(net, "A", "IF_curr_exp", N, &A));
    uint64_t n[2] = {L, L};
    ax_structure s = ax_structure_grid(2, n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, A, &s));
    ax_projection q;
    OK(net, ax_projection_add(net, A, A, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    OK(net, ax_network_build(net));
    uint64_t size = ax_projection_get_size(net, q);
    cr_assert_eq(size, (uint64_t)N * K, "%llu synapses, want %d", (unsigned long long)size, N * K);
    uint32_t *src = malloc(size * 4), *tgt = malloc(size * 4);
    OK(net, ax_projection_get_synapses(net, q, src, tgt, NULL, NULL));
    /* the candidates and their exact probabilities */
    static const int classes[6] = {1, 2, 4, 5, 8, 9};
    double wt[M], P[M];
    int cls[M], m = 0;
    for (int dx = -3; dx <= 3; dx++)
        for (int dy = -3; dy <= 3; dy++) {
            int d2 = dx * dx + dy * dy;
            if (d2 == 0 || d2 > 9)
                continue;
            wt[m] = w(sqrt(d2));
            for (int k = 0; k < 6; k++)
                if (classes[k] == d2)
                    cls[m] = k;
            m++;
        }
    cr_assert_eq(m, M);
    double W = 0;
    for (int i = 0; i < M; i++)
        W += wt[i];
    if (c.allow_multiple)
        for (int i = 0; i < M; i++)
            P[i] = K * wt[i] / W;
    else
        inclusion_probabilities(wt, M, K, P);
    double expect[6] = {0}, got[6] = {0}, total = 0;
    for (int i = 0; i < M; i++) {
        expect[cls[i]] += (double)N * P[i];
        total += P[i];
    }
    cr_assert_float_eq(total, K, 1e-6, "the inclusion probabilities sum to %.9f, not %d", total, K);
    int per_target[N] = {0};
    bool repeated = false;
    for (uint64_t k = 0; k < size; k++) {
        int xi = (int)(src[k] / L), yi = (int)(src[k] % L), xj = (int)(tgt[k] / L), yj = (int)(tgt[k] % L);
        int dx = (int)wrap(xj - xi, L), dy = (int)wrap(yj - yi, L), d2 = dx * dx + dy * dy;
        cr_assert(d2 >= 1 && d2 <= 9, "%u -> %u at d^2 = %d: outside the radius (or itself)", src[k], tgt[k], d2);
        per_target[tgt[k]]++;
        for (int c2 = 0; c2 < 6; c2++)
            if (classes[c2] == d2)
                got[c2]++;
        /* get_synapses lists by source, then target: a repeated pair is adjacent */
        if (k > 0 && src[k] == src[k - 1] && tgt[k] == tgt[k - 1])
            repeated = true;
    }
    for (int j = 0; j < N; j++)
        cr_assert_eq(per_target[j], K, "target %d has %d sources, want %d", j, per_target[j], K);
    if (!c.allow_multiple)
        cr_assert(!repeated, "a pair was drawn twice without allow_multiple");
    double chi2 = 0;
    for (int k = 0; k < 6; k++)
        chi2 += (got[k] - expect[k]) * (got[k] - expect[k]) / expect[k];
    cr_assert_lt(chi2, 20.52,
                 "chi-square %.2f over the distance classes (5 dof, p < 0.001): got %g %g %g %g %g %g, expected %.1f "
                 "%.1f %.1f %.1f %.1f %.1f",
                 chi2, got[0], got[1], got[2], got[3], got[4], got[5], expect[0], expect[1], expect[2], expect[3],
                 expect[4], expect[5]);
    if (getenv("AX_TEST_VERBOSE"))
        fprintf(stderr, "in_degree law (%s%s): chi-square %.2f; got %g %g %g %g %g %g, expected %.1f %.1f %.1f %.1f "
                        "%.1f %.1f\n", c.kernel == AX_KERNEL_CONSTANT ? "constant" : c.kernel == AX_KERNEL_GAUSSIAN
                        ? "gaussian" : c.kernel == AX_KERNEL_EXPONENTIAL ? "exponential" : "expression",
                c.allow_multiple ? ", multapses" : "", chi2, got[0], got[1], got[2], got[3], got[4], got[5],
                expect[0], expect[1], expect[2], expect[3], expect[4], expect[5]);
    free(src);
    free(tgt);
    ax_network_free(net);
}

static double w_const(double d) { (void)d; return 1; }
static double w_gauss(double d) { return exp(-d * d / (2 * 1.5 * 1.5)); }
static double w_exp(double d) { return exp(-d / 1.0); }
static double w_square(double d) { return d * d; }

Test(distance, indegree_draws_k_sources_by_the_kernel)
{
    for (int multiple = 0; multiple <= 1; multiple++) {
        ax_connector c = ax_connector_distance_indegree(3.0, 8);
        c.allow_multiple = multiple;
        expect_indegree_law(c, w_const, 21);
        c.kernel = AX_KERNEL_GAUSSIAN;
        c.width = 1.5;
        c.p = 0.4;   /* scales every weight alike: no effect */
        expect_indegree_law(c, w_gauss, 22);
        c.kernel = AX_KERNEL_EXPONENTIAL;
        c.width = 1.0;
        c.p = 1;
        expect_indegree_law(c, w_exp, 23);
        c.kernel = AX_KERNEL_EXPRESSION;
        c.probability = "d * d";   /* a relative weight: not clipped to 1 */
        expect_indegree_law(c, w_square, 24);
    }
}

/* The check has power: a wrong law (uniform draws where the Gaussian's
 * were asked for) would give a chi-square far above the threshold; and
 * the inclusion probabilities are right where they are known (uniform:
 * k / m). */
Test(distance, indegree_law_check_has_power)
{
    double wg[28], wu[28], Pg[28], Pu[28], eg[10] = {0}, eu[10] = {0};
    int m = 0, d2s[28];
    for (int dx = -3; dx <= 3; dx++)
        for (int dy = -3; dy <= 3; dy++) {
            int d2 = dx * dx + dy * dy;
            if (d2 == 0 || d2 > 9)
                continue;
            d2s[m] = d2;
            wg[m] = w_gauss(sqrt(d2));
            wu[m++] = 1;
        }
    inclusion_probabilities(wg, 28, 8, Pg);
    inclusion_probabilities(wu, 28, 8, Pu);
    for (int i = 0; i < 28; i++) {
        cr_assert_float_eq(Pu[i], 8.0 / 28, 1e-6);
        eg[d2s[i]] += 1600 * Pg[i];
        eu[d2s[i]] += 1600 * Pu[i];
    }
    double chi2 = 0;   /* the uniform's expected counts as the observed ones, by distance class */
    for (int d2 = 1; d2 <= 9; d2++)
        if (eg[d2] > 0)
            chi2 += (eu[d2] - eg[d2]) * (eu[d2] - eg[d2]) / eg[d2];
    cr_assert_gt(chi2, 200, "chi-square of the uniform law against the Gaussian's: %g", chi2);
}

/* Random positions, two populations, open axes, three shapes: every
 * target has exactly k sources, each inside the neighbourhood by a
 * brute-force test; the same synapses for 1, 2 and 3 threads. */
static void indegree_random(const ax_connector *c, int threads, uint32_t **src_out, uint32_t **tgt_out,
                            uint64_t *n_out)
{
    ax_network *net = new_net(0.1, 9, threads);
    ax_population A, B;
    OK(net, ax_population_add(net, "A", "IF_curr_exp", 900, &A));
    OK(net, ax_population_add(net, "B", "IF_curr_exp", 300, &B));
    double lo[3] = {0, 0, 0}, hi[3] = {12, 10, 0}, lo2[3] = {1, 1, 0}, hi2[3] = {11, 9, 0};
    ax_structure sa = ax_structure_random_box(lo, hi), sb = ax_structure_random_box(lo2, hi2);
    OK(net, ax_population_set_structure(net, A, &sa));
    OK(net, ax_population_set_structure(net, B, &sb));
    ax_projection q;
    OK(net, ax_projection_add(net, A, B, c, "excitatory", ax_value_constant(0.1), ax_value_expression("1 + d"), &q));
    OK(net, ax_network_build(net));
    uint64_t n = ax_projection_get_size(net, q);
    cr_assert_eq(n, 300 * c->n);
    uint32_t *src = malloc(n * 4), *tgt = malloc(n * 4);
    double *dl = malloc(n * 8);
    OK(net, ax_projection_get_synapses(net, q, src, tgt, NULL, dl));
    double *xa = malloc(3 * 900 * sizeof *xa), *xb = malloc(3 * 300 * sizeof *xb);
    OK(net, ax_population_get_positions(net, A, xa, 3 * 900));
    OK(net, ax_population_get_positions(net, B, xb, 3 * 300));
    int per[300] = {0};
    for (uint64_t k = 0; k < n; k++) {
        double dx = xb[3 * tgt[k]] - xa[3 * src[k]], dy = xb[3 * tgt[k] + 1] - xa[3 * src[k] + 1];
        cr_assert(in_shape(c, dx, dy), "%u -> %u (dx %g, dy %g) is outside the neighbourhood", src[k], tgt[k], dx, dy);
        double want = 0.1 * llround((1 + sqrt(dx * dx + dy * dy)) / 0.1);
        cr_assert_float_eq(dl[k], want, 1e-9, "the delay expression gets the pair's distance");
        if (!c->allow_multiple && k > 0)
            cr_assert(!(src[k] == src[k - 1] && tgt[k] == tgt[k - 1]), "pair %u -> %u twice", src[k], tgt[k]);
        per[tgt[k]]++;
    }
    for (int j = 0; j < 300; j++)
        cr_assert_eq((uint64_t)per[j], c->n, "target %d has %d sources", j, per[j]);
    free(dl);
    free(xa);
    free(xb);
    *src_out = src;
    *tgt_out = tgt;
    *n_out = n;
    ax_network_free(net);
}

static void indegree_threads(const ax_connector *c)
{
    uint32_t *s[3], *t[3];
    uint64_t n[3];
    for (int k = 0; k < 3; k++)
        indegree_random(c, k + 1, &s[k], &t[k], &n[k]);
    for (int k = 1; k < 3; k++) {
        cr_assert_eq(n[k], n[0]);
        cr_assert_eq(memcmp(s[k], s[0], n[0] * 4), 0, "%d threads: other sources than 1 thread", k + 1);
        cr_assert_eq(memcmp(t[k], t[0], n[0] * 4), 0, "%d threads: other targets than 1 thread", k + 1);
    }
    for (int k = 0; k < 3; k++) {
        free(s[k]);
        free(t[k]);
    }
}

Test(distance, indegree_is_inside_the_shape_and_independent_of_threads)
{
    ax_connector c = ax_connector_distance_indegree(2.0, 6);
    c.kernel = AX_KERNEL_GAUSSIAN;
    c.width = 1.0;
    indegree_threads(&c);
    c.allow_multiple = true;
    indegree_threads(&c);
    c = ax_connector_distance_indegree(1.5, 5);
    c.shape = AX_SHAPE_CHEBYSHEV;
    c.kernel = AX_KERNEL_EXPRESSION;
    c.probability = "max(0, dx)";   /* only sources to the left (weights 0 elsewhere) */
    indegree_threads(&c);
    c = ax_connector_distance_indegree(0, 7);
    c.shape = AX_SHAPE_BOX;
    c.extent[0] = 2;
    c.extent[1] = 1;
    c.kernel = AX_KERNEL_EXPONENTIAL;
    c.width = 0.5;
    indegree_threads(&c);
}

Test(distance, indegree_with_all_candidates_takes_each_once)
{
    /* a ring of 30, radius 2, no self: 4 candidates, in_degree 4: exactly them */
    ax_network *net = new_net(0.1, 1, 2);
    ax_population R;
    OK(net, ax_population_add(net, "R", "IF_curr_exp", 30, &R));
    uint64_t n = 30;
    ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, R, &s));
    ax_connector c = ax_connector_distance_indegree(2.0, 4);
    c.periodic[0] = 30;
    c.allow_self = false;
    c.kernel = AX_KERNEL_GAUSSIAN;
    c.width = 0.3;
    ax_projection q;
    OK(net, ax_projection_add(net, R, R, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    OK(net, ax_network_build(net));
    cr_assert_eq(ax_projection_get_size(net, q), 120);
    uint32_t src[120], tgt[120];
    OK(net, ax_projection_get_synapses(net, q, src, tgt, NULL, NULL));
    for (int k = 0; k < 120; k++) {
        int d = (int)fabs(wrap((double)tgt[k] - (double)src[k], 30));
        cr_assert(d == 1 || d == 2, "%u -> %u", src[k], tgt[k]);
    }
    ax_network_free(net);
}

Test(distance, indegree_errors_name_the_target_and_the_count)
{
    for (int threads = 1; threads <= 2; threads++) {
        ax_network *net = new_net(0.1, 1, threads);
        ax_population P, A;
        OK(net, ax_population_add(net, "P", "IF_curr_exp", 10, &P));
        OK(net, ax_population_add(net, "A", "IF_curr_exp", 10, &A));
        uint64_t n = 10;
        ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
        OK(net, ax_population_set_structure(net, P, &s));
        ax_value w = ax_value_constant(0.1), d = ax_value_constant(1.0);
        ax_connector c = ax_connector_distance_indegree(2.0, 3);
        FAILS(net, ax_projection_add(net, A, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
              "population 'A' has no positions");
        FAILS(net, ax_projection_add(net, P, A, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
              "population 'A' has no positions");
        c.radius = 0;
        FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
              "radius = 0 is not allowed");
        c.radius = -2;
        FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
              "radius = -2 is not allowed");
        c = ax_connector_distance_indegree(2.0, (uint64_t)1 << 33);
        c.allow_multiple = true;
        FAILS(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL), AX_ERR_ARGUMENT,
              "in_degree = 8589934592 is not allowed");
        /* radius 2 on an open line of 10, no self: the ends have 2 candidates */
        c = ax_connector_distance_indegree(2.0, 3);
        c.allow_self = false;
        OK(net, ax_projection_add(net, P, P, &c, "excitatory", w, d, NULL));
        FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT,
              "(distance, in_degree = 3): target 0 has 2 candidates with a kernel > 0 within the neighbourhood (of "
              "2 there, itself left out), too few to draw that many distinct sources");
        ax_network_free(net);
    }
    /* weights of 0 do not count; with multapses one candidate is enough */
    ax_network *net = new_net(0.1, 1, 2);
    ax_population P;
    OK(net, ax_population_add(net, "P", "IF_curr_exp", 10, &P));
    uint64_t n = 10;
    ax_structure s = ax_structure_grid(1, &n, 1.0, NULL);
    OK(net, ax_population_set_structure(net, P, &s));
    ax_connector c = ax_connector_distance_indegree(2.0, 3);
    c.kernel = AX_KERNEL_EXPRESSION;
    c.probability = "max(0, dx - 0.5)";   /* the sources to the left */
    c.allow_multiple = true;
    ax_projection q;
    OK(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), &q));
    FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT,
          "(distance, in_degree = 3, allow_multiple): target 0 has 0 candidates with a kernel > 0 within the "
          "neighbourhood (of 3 there), it needs at least 1");
    ax_network_free(net);
    /* a kernel that is not finite at an actual pair */
    net = new_net(0.1, 1, 1);
    OK(net, ax_population_add(net, "P", "IF_curr_exp", 4, &P));
    double xyz[12] = {0, 0, 0, 1, 0, 0, 1, 0, 0, 3, 0, 0};
    s = ax_structure_from_positions(xyz, 12);
    OK(net, ax_population_set_structure(net, P, &s));
    c = ax_connector_distance_indegree(1.5, 1);
    c.kernel = AX_KERNEL_EXPRESSION;
    c.probability = "1 / d";
    c.allow_self = false;
    OK(net, ax_projection_add(net, P, P, &c, "excitatory", ax_value_constant(0.1), ax_value_constant(1.0), NULL));
    FAILS(net, ax_network_build(net), AX_ERR_ARGUMENT, "probability '1 / d' is inf at d = 0");
    ax_network_free(net);
}

Test(distance, model_files_declare_indegree)
{
    /* a torus of 20 x 20, radius 1, no self: the 4 neighbours exactly */
    cr_assert_eq(model_synapses("{ distance = { radius = 1.0, in_degree = 4, periodic = [20, 20] }, "
                                "allow_self = false }"),
                 400 * 4);
    cr_assert_eq(model_synapses("{ distance = { radius = 3, in_degree = 8, kernel = \"gaussian\", sigma = 1.5 } }"),
                 400 * 8);
    cr_assert_eq(model_synapses("{ distance = { radius = 3, in_degree = 8, probability = \"exp(-d)\" } }"), 400 * 8);
    cr_assert_eq(model_synapses("{ distance = { radius = 1, in_degree = 12, shape = \"chebyshev\" }, "
                                "allow_multiple = true }"),
                 400 * 12);
    cr_assert_eq(model_synapses("{ distance = { radius = 1, in_degree = 0 } }"), 0);
    model_fails("{ distance = { radius = 1, in_degree = -1 } }", "in_degree: -1 is not allowed: must be >= 0");
    model_fails("{ distance = { radius = 1, in_degree = 2, p = 0.5 } }", "p is a probability per candidate");
    model_fails("{ distance = { radius = 1, in_degree = 2.5 } }", "in_degree");
    model_fails("{ distance = { radius = 1 }, allow_multiple = true }", "allow_multiple is for a distance connector "
                                                                       "with in_degree");
    model_fails("{ distance = { radius = 0, in_degree = 2 } }", "radius = 0 is not allowed");
    /* too few candidates: the build fails */
    ax_error err;
    ax_modelfile *m = load_connector("{ distance = { radius = 1, in_degree = 5, periodic = [20, 20] }, "
                                     "allow_self = false }",
                                     &err);
    cr_assert_not_null(m, "%s", err.message);
    FAILS(ax_modelfile_get_network(m), ax_network_build(ax_modelfile_get_network(m)), AX_ERR_ARGUMENT,
          "target 0 has 4 candidates");
    ax_modelfile_free(m);
}
