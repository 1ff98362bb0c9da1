/*
 * units.c - units of equation models as powers of axon's units mV, ms, nA
 * and mM.  axon's units are coherent (1 nF x 1 mV / 1 ms = 1 nA, 1 uS x
 * 1 mV = 1 nA), so a model written in them needs no conversion factor;
 * other scales (Hz, s, pA, ...) are refused with the unit to use instead,
 * rather than converted, so that a value is never silently 1000 times off.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "equations/equations.h"

const eq_unit eq_unit_one = {{0, 0, 0, 0}, false};
const eq_unit eq_unit_wild = {{0, 0, 0, 0}, true};
const eq_unit eq_unit_ms = {{0, 2, 0, 0}, false};
const eq_unit eq_unit_na = {{0, 0, 2, 0}, false};

/* Named units, in doubled powers of mV, ms, nA, mM. */
static const struct {
    const char *name;
    int8_t twice[EQ_N_DIMS];
} named[] = {
    {"mV", {2, 0, 0, 0}}, {"ms", {0, 2, 0, 0}},  {"nA", {0, 0, 2, 0}},  {"mM", {0, 0, 0, 2}},
    {"nF", {-2, 2, 2, 0}}, {"uS", {-2, 0, 2, 0}}, {"MOhm", {2, 0, -2, 0}},
};

/* Units of other scales and what to write instead. */
static const struct {
    const char *name, *instead;
} refused[] = {
    {"Hz", "1/ms (1 Hz = 0.001/ms)"}, {"kHz", "1/ms (1 kHz = 1/ms)"}, {"s", "ms"},   {"us", "ms"},
    {"V", "mV"},   {"uV", "mV"},      {"A", "nA"},   {"mA", "nA"},   {"uA", "nA"},   {"pA", "nA (1 pA = 0.001 nA)"},
    {"F", "nF"},   {"uF", "nF"},      {"pF", "nF (1 pF = 0.001 nF)"}, {"S", "uS"},   {"mS", "uS"},
    {"nS", "uS (1 nS = 0.001 uS)"},   {"Ohm", "MOhm"}, {"kOhm", "MOhm"}, {"GOhm", "MOhm"}, {"M", "mM"},
    {"uM", "mM (1 uM = 0.001 mM)"},   {"nM", "mM"},
};

bool eq_unit_equal(eq_unit a, eq_unit b) { return memcmp(a.twice, b.twice, sizeof a.twice) == 0; }

bool eq_unit_is_one(eq_unit u) { return eq_unit_equal(u, eq_unit_one); }

eq_unit eq_unit_mul(eq_unit a, eq_unit b)
{
    if (a.wild || b.wild)
        return eq_unit_wild;
    eq_unit r = eq_unit_one;
    for (int d = 0; d < EQ_N_DIMS; d++)
        r.twice[d] = (int8_t)(a.twice[d] + b.twice[d]);
    return r;
}

eq_unit eq_unit_div(eq_unit a, eq_unit b)
{
    if (a.wild || b.wild)
        return eq_unit_wild;
    eq_unit r = eq_unit_one;
    for (int d = 0; d < EQ_N_DIMS; d++)
        r.twice[d] = (int8_t)(a.twice[d] - b.twice[d]);
    return r;
}

eq_unit eq_unit_pow(eq_unit a, int twice_k)
{
    if (a.wild)
        return eq_unit_wild;
    eq_unit r = eq_unit_one;
    for (int d = 0; d < EQ_N_DIMS; d++)
        r.twice[d] = (int8_t)(a.twice[d] * twice_k / 2);
    return r;
}

/* One factor: a name or "1", with an optional ^k (k an integer, or k/2). */
static int factor(const char **s, eq_unit *u, char *msg, size_t len, const char *text)
{
    while (**s == ' ')
        (*s)++;
    const char *start = *s;
    if (**s == '1') {
        (*s)++;
        *u = eq_unit_one;
    } else {
        while ((**s >= 'a' && **s <= 'z') || (**s >= 'A' && **s <= 'Z'))
            (*s)++;
        size_t n = (size_t)(*s - start);
        if (n == 0) {
            snprintf(msg, len, "unit '%s': expected a unit name at column %zu (units: mV, ms, nA, mM, nF, uS, MOhm, "
                     "1, and products, quotients and powers of them such as mV/ms, 1/ms, nA*ms, mV^2)", text,
                     (size_t)(start - text) + 1);
            return -1;
        }
        size_t k = 0;
        while (k < AX_COUNT(named) && !(strlen(named[k].name) == n && !strncmp(named[k].name, start, n)))
            k++;
        if (k == AX_COUNT(named)) {
            for (size_t r = 0; r < AX_COUNT(refused); r++)
                if (strlen(refused[r].name) == n && !strncmp(refused[r].name, start, n)) {
                    snprintf(msg, len, "unit '%s': '%.*s' is not one of axon's units; write %s (values in axon's "
                             "units mV, ms, nA, nF, uS, mM need no conversion)", text, (int)n, start,
                             refused[r].instead);
                    return -1;
                }
            snprintf(msg, len, "unit '%s': unknown unit '%.*s' (units: mV, ms, nA, mM, nF, uS, MOhm, 1, and "
                     "products, quotients and powers of them)", text, (int)n, start);
            return -1;
        }
        memcpy(u->twice, named[k].twice, sizeof u->twice);
        u->wild = false;
    }
    while (**s == ' ')
        (*s)++;
    if (**s == '^' || (**s == '*' && (*s)[1] == '*')) {
        *s += **s == '^' ? 1 : 2;
        char *end;
        long k = strtol(*s, &end, 10);
        int twice = (int)(2 * k);
        if (end != *s && *end == '/' && end[1] == '2' && (k % 2 != 0)) {
            twice = (int)k;
            end += 2;
        }
        if (end == *s || k < -8 || k > 8) {
            snprintf(msg, len, "unit '%s': expected an integer power from -8 to 8 at column %zu", text,
                     (size_t)(*s - text) + 1);
            return -1;
        }
        *s = end;
        *u = eq_unit_pow(*u, twice);
    }
    return 0;
}

int eq_unit_parse(const char *text, eq_unit *u, char *msg, size_t len)
{
    *u = eq_unit_one;
    const char *s = text;
    while (*s == ' ')
        s++;
    if (*s == '\0')
        return 0;
    int divide = 0;
    for (;;) {
        eq_unit f;
        if (factor(&s, &f, msg, len, text))
            return -1;
        *u = divide ? eq_unit_div(*u, f) : eq_unit_mul(*u, f);
        while (*s == ' ')
            s++;
        if (*s == '\0')
            return 0;
        if (*s != '*' && *s != '/') {
            snprintf(msg, len, "unit '%s': unexpected '%c' at column %zu (write products with '*' and quotients "
                     "with '/', as nA*ms or mV/ms)", text, *s, (size_t)(s - text) + 1);
            return -1;
        }
        divide = *s == '/';
        s++;
    }
}

static void append_power(char *out, size_t len, const char *name, int twice)
{
    if (twice == 2) {
        ax_append(out, len, name);
        return;
    }
    char buf[32];
    if (twice % 2)
        snprintf(buf, sizeof buf, "%s^%d/2", name, twice);
    else
        snprintf(buf, sizeof buf, "%s^%d", name, twice / 2);
    ax_append(out, len, buf);
}

void eq_unit_format(eq_unit u, char *out, size_t len)
{
    out[0] = '\0';
    if (u.wild) {
        snprintf(out, len, "(any)");
        return;
    }
    for (size_t k = 0; k < AX_COUNT(named); k++)
        if (!memcmp(named[k].twice, u.twice, sizeof u.twice)) {
            snprintf(out, len, "%s", named[k].name);
            return;
        }
    static const char *const base[EQ_N_DIMS] = {"mV", "ms", "nA", "mM"};
    int any_num = 0;
    for (int d = 0; d < EQ_N_DIMS; d++)
        if (u.twice[d] > 0) {
            if (any_num)
                ax_append(out, len, "*");
            append_power(out, len, base[d], u.twice[d]);
            any_num = 1;
        }
    if (!any_num)
        ax_append(out, len, "1");
    for (int d = 0; d < EQ_N_DIMS; d++)
        if (u.twice[d] < 0) {
            ax_append(out, len, "/");
            append_power(out, len, base[d], -u.twice[d]);
        }
}
