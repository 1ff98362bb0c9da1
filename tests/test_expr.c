/*
 * core/expr.h: the expression compiler and its block evaluator.  Values
 * against hand-computed numbers and libm; the grammar's precedence and
 * associativity; the same value whether a variable is per element or one
 * for all, whether a block is full or not, and whether a subexpression
 * was folded at compile time or computed in the loop; and the messages
 * of every kind of mistake, with their columns.
 */
#include "helpers.h"

#include "core/expr.h"

static const char *const names[] = {"v", "gbar_KA", "k"};

/* The value of text with v, gbar_KA, k = the given values. */
static double value3(const char *text, double v, double g, double k)
{
    char msg[512];
    ax_expr *e = ax_expr_compile(text, names, 3, msg, sizeof msg);
    cr_assert_not_null(e, "'%s': %s", text, msg);
    double values[] = {v, g, k}, x = ax_expr_value(e, values);
    ax_expr_free(e);
    return x;
}

static double value(const char *text) { return value3(text, 2.0, 3.0, 5.0); }

static void expect(const char *text, double want)
{
    double got = value(text);
    cr_assert(got == want || (isnan(got) && isnan(want)), "'%s' = %.17g, expected %.17g", text, got, want);
}

static void expect_near(const char *text, double v, double want, double rel)
{
    double got = value3(text, v, 3.0, 5.0);
    cr_assert(fabs(got - want) <= rel * fabs(want), "'%s' at v = %.17g: %.17g, libm %.17g (relative %.3g)", text, v,
              got, want, fabs(got - want) / fabs(want));
}

/* The message of a mistake. */
static void refused(const char *text, const char *want)
{
    char msg[512];
    ax_expr *e = ax_expr_compile(text, names, 3, msg, sizeof msg);
    cr_assert_null(e, "'%s' was accepted", text);
    cr_assert(strstr(msg, want), "'%s': message '%s' lacks '%s'", text, msg, want);
}

Test(expr, numbers)
{
    expect("2", 2.0);
    expect("0.5", 0.5);
    expect(".5", 0.5);
    expect("5.", 5.0);
    expect("1e-3", 1e-3);
    expect("2.5E+2", 250.0);
    expect("  7  ", 7.0);
}

Test(expr, precedence_and_associativity)
{
    expect("1 + 2 * 3", 7.0);
    expect("(1 + 2) * 3", 9.0);
    expect("8 - 4 - 2", 2.0);            /* left: (8 - 4) - 2 */
    expect("8 / 4 / 2", 1.0);
    expect("2 * 3 ^ 2", 18.0);
    expect("2 ^ 3 ^ 2", 512.0);          /* right: 2 ^ (3 ^ 2) */
    expect("(2 ^ 3) ^ 2", 64.0);
    expect("2 ** 3 ** 2", 512.0);
    expect("-2 ^ 2", -4.0);              /* - (2 ^ 2), as in mathematics */
    expect("(-2) ^ 2", 4.0);
    expect("2 ^ -1", 0.5);
    expect("-v", -2.0);
    expect("- -v", 2.0);
    expect("+v", 2.0);
    expect("3 * -v", -6.0);
    expect("-v ^ 2", -4.0);
    expect("v * gbar_KA + k", 11.0);
    expect("v - gbar_KA - k", -6.0);
    expect("k / v / v", 1.25);
    expect("1 - v * (gbar_KA - k) / 4", 2.0);
    expect("v ^ 0.5 ^ 2", pow(2.0, 0.25));
}

Test(expr, functions_against_libm)
{
    /* exp: ax_exp, within 2 ulp */
    for (double x = -700.0; x < 700.0; x += 13.37)
        expect_near("exp(v)", x, exp(x), 5e-16);
    for (double x = -3.0; x < 3.0; x += 0.0137) {
        expect_near("log(v)", fabs(x) + 1e-3, log(fabs(x) + 1e-3), 0.0);
        expect_near("sqrt(v)", fabs(x), sqrt(fabs(x)), 0.0);
        expect_near("tanh(v)", x, tanh(x), 1e-14);
        expect_near("cosh(v)", x, cosh(x), 1e-15);
        expect_near("abs(v)", x, fabs(x), 0.0);
        expect_near("exprel(v)", x, expm1(x) / x, 2e-14);
        expect_near("vtrap(v, 4)", x, x / expm1(x / 4.0), 2e-14);
        expect_near("pow(gbar_KA, v)", x, pow(3.0, x), 0.0);
        expect_near("gbar_KA ^ v", x, pow(3.0, x), 0.0);
        expect_near("v ^ 3", x, x * x * x, 3e-16);
        expect_near("v ^ -2", x, 1.0 / (x * x), 3e-16);
    }
    for (double x = -0.06; x < 0.06; x += 1.1e-4) {   /* where tanh, exprel and vtrap change method */
        expect_near("tanh(v)", x, tanh(x), 1e-14);
        expect_near("exprel(v)", x, expm1(x) / x, 2e-14);
        expect_near("vtrap(v, -10)", x, x / expm1(x / -10.0), 2e-14);
    }
    expect("exprel(0)", 1.0);
    expect("vtrap(0, 4)", 4.0);
    expect("vtrap(v - 2, k)", 5.0);
    expect("tanh(0)", 0.0);
    expect("min(v, k)", 2.0);
    expect("max(v, k)", 5.0);
    expect("min(-v, -k)", -5.0);
    expect("abs(-k)", 5.0);
    expect("v ^ 0", 1.0);
    expect("pow(v, 10)", 1024.0);
    expect("exp(1000)", INFINITY);
    expect("log(-1)", NAN);
    expect("0 / 0", NAN);
}

/* Over a population: per-element and shared variables, several blocks
 * and a partial one, against the same expression taken one value at a
 * time; and the folded constant equals the value computed in the loop. */
Test(expr, arrays_blocks_and_folding)
{
    enum { N = 3 * AX_EXPR_BLOCK + 17 };
    double v[N], g[N], out[N], out_shared[N];
    for (int i = 0; i < N; i++) {
        v[i] = -100.0 + 0.77 * i;
        g[i] = 1.0 + 0.01 * i;
    }
    double k = 5.0;
    const char *text = "0.1 * vtrap(-(v + 40), 10) * gbar_KA + exp(-(v + 65) / 18) ^ 2 / (1 + exp(-(v + 35) / k))";
    char msg[256];
    ax_expr *e = ax_expr_compile(text, names, 3, msg, sizeof msg);
    cr_assert_not_null(e, "%s", msg);
    const double *var[] = {v, g, &k};
    ax_expr_eval(e, var, 1u | 2u, 0, N, out);
    double g0 = 2.5;
    const double *var_shared[] = {v, &g0, &k};
    ax_expr_eval(e, var_shared, 1u, 0, N, out_shared);
    for (int i = 0; i < N; i++) {
        double one[] = {v[i], g[i], k}, shared[] = {v[i], g0, k};
        cr_assert_eq(out[i], ax_expr_value(e, one), "element %d", i);
        cr_assert_eq(out_shared[i], ax_expr_value(e, shared), "element %d", i);
    }
    /* a range that starts inside the arrays */
    ax_expr_eval(e, var, 3u, 70, N, out);
    for (int i = 70; i < N; i++) {
        double one[] = {v[i], g[i], k};
        cr_assert_eq(out[i - 70], ax_expr_value(e, one));
    }
    ax_expr_free(e);
    /* folding: the same functions, the same bits */
    const char *pairs[][2] = {
        {"exp(-0.7) * vtrap(3.3, -4) + tanh(0.01) - cosh(2) / exprel(1e-3)",
         "exp(-v) * vtrap(gbar_KA, -4) + tanh(k) - cosh(2) / exprel(1e-3)"},
    };
    double a = value3(pairs[0][0], 0, 0, 0), b = value3(pairs[0][1], 0.7, 3.3, 0.01);
    cr_assert_eq(a, b, "folded %.17g, computed %.17g", a, b);
    e = ax_expr_compile(" v ", names, 3, msg, sizeof msg);
    cr_assert_str_eq(ax_expr_text(e), " v ");
    ax_expr_free(e);
}

Test(expr, mistakes_name_the_column)
{
    refused("exp(-(v+40)/10", "expected ')' at column 15 (the end) of 'exp(-(v+40)/10'");
    refused("2 +", "expected a number, a name or '(' at column 4 (the end) of '2 +'");
    refused("", "expected a number, a name or '(' at column 1 (the end)");
    refused("v $ 2", "unexpected '$' at column 3 of 'v $ 2'");
    refused("2 3", "unexpected '3' at column 3");
    refused("(v))", "unmatched ')' at column 4");
    refused("v * * 2", "unexpected '*' where a number, a name or '(' belongs at column 5");
    refused("gbar_ka * v", "unknown name 'gbar_ka' at column 1 of 'gbar_ka * v' (did you mean 'gbar_KA'?); "
                           "names: v, gbar_KA, k");
    refused("2 * vv", "unknown name 'vv' at column 5");
    refused("expp(v)", "unknown function 'expp' at column 1 of 'expp(v)' (did you mean 'exp'?); functions: exp, log");
    refused("exp(v, 2)", "exp takes 1 argument, not 2 at column 1");
    refused("1 + vtrap(v)", "vtrap takes 2 arguments, not 1 at column 5");
    refused("min()", "min takes 2 arguments, not 0");
    refused("exp(v 2)", "expected ')' at column 7");
    refused("vtrap(v 2)", "expected ',' at column 9");
    refused("exp + 1", "'exp' is a function: write exp(...) at column 1");
    refused("v(2)", "'v' is not a function at column 1");
    refused("1e", "malformed number (an exponent needs digits, as in 1e-3) at column 1");
    refused("2 * é", "unexpected character at column 5");
    char deep[400] = "";
    for (int i = 0; i < 150; i++)
        strcat(deep, "(");
    strcat(deep, "v");
    refused(deep, "too deeply nested");
    char msg[64];
    cr_assert_null(ax_expr_compile(NULL, names, 3, msg, sizeof msg));
}
