/*
 * TOML 1.0 conformance: every case of the toml-test suite (vendored in
 * tests/toml-test/, the list files-toml-1.0.0).  Each valid document must
 * parse to the tree its .json file describes (tagged JSON: tables are
 * objects, arrays arrays, scalars {"type": T, "value": S}, compared by
 * value); each invalid one must be rejected.  Plus positions and messages.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>

#include "helpers.h"
#include "io/toml.h"

#define SUITE "tests/toml-test/"

/* ------------------------------------------------------------------ */
/* A minimal JSON reader (objects, arrays, strings: all tagged JSON has) */
/* ------------------------------------------------------------------ */

typedef enum { J_OBJECT, J_ARRAY, J_STRING } jtype;

typedef struct json {
    jtype type;
    size_t n;
    char **keys;          /* objects */
    size_t *key_len;
    struct json **items;  /* objects and arrays */
    char *str;            /* strings */
    size_t len;
} json;

static void json_free(json *j)
{
    if (!j)
        return;
    for (size_t k = 0; k < j->n; k++) {
        if (j->keys)
            free(j->keys[k]);
        json_free(j->items[k]);
    }
    free(j->keys);
    free(j->key_len);
    free(j->items);
    free(j->str);
    free(j);
}

static void ws(const char **p)
{
    while (isspace((unsigned char)**p))
        (*p)++;
}

static char *json_string(const char **p, size_t *len)
{
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    (*p)++;
    while (**p != '"') {
        if (n + 8 > cap)
            s = realloc(s, cap *= 2);
        if (**p != '\\') {
            s[n++] = *(*p)++;
            continue;
        }
        (*p)++;
        char c = *(*p)++;
        switch (c) {
        case 'b': s[n++] = '\b'; break;
        case 'f': s[n++] = '\f'; break;
        case 'n': s[n++] = '\n'; break;
        case 'r': s[n++] = '\r'; break;
        case 't': s[n++] = '\t'; break;
        case 'u': {
            unsigned cp = (unsigned)strtoul((char[5]){(*p)[0], (*p)[1], (*p)[2], (*p)[3], 0}, NULL, 16);
            *p += 4;
            if (cp >= 0xd800 && cp < 0xdc00 && (*p)[0] == '\\' && (*p)[1] == 'u') {
                unsigned lo = (unsigned)strtoul((char[5]){(*p)[2], (*p)[3], (*p)[4], (*p)[5], 0}, NULL, 16);
                cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                *p += 6;
            }
            if (cp < 0x80) {
                s[n++] = (char)cp;
            } else if (cp < 0x800) {
                s[n++] = (char)(0xc0 | cp >> 6);
                s[n++] = (char)(0x80 | (cp & 0x3f));
            } else if (cp < 0x10000) {
                s[n++] = (char)(0xe0 | cp >> 12);
                s[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
                s[n++] = (char)(0x80 | (cp & 0x3f));
            } else {
                s[n++] = (char)(0xf0 | cp >> 18);
                s[n++] = (char)(0x80 | (cp >> 12 & 0x3f));
                s[n++] = (char)(0x80 | (cp >> 6 & 0x3f));
                s[n++] = (char)(0x80 | (cp & 0x3f));
            }
            break;
        }
        default: s[n++] = c; break;
        }
    }
    (*p)++;
    s[n] = '\0';
    *len = n;
    return s;
}

static json *json_parse(const char **p)
{
    ws(p);
    json *j = calloc(1, sizeof *j);
    if (**p == '"') {
        j->type = J_STRING;
        j->str = json_string(p, &j->len);
        return j;
    }
    char close = **p == '{' ? '}' : ']';
    j->type = **p == '{' ? J_OBJECT : J_ARRAY;
    (*p)++;
    size_t cap = 0;
    for (;;) {
        ws(p);
        if (**p == close) {
            (*p)++;
            return j;
        }
        if (**p == ',') {
            (*p)++;
            continue;
        }
        if (j->n == cap) {
            cap = cap ? 2 * cap : 8;
            j->items = realloc(j->items, cap * sizeof *j->items);
            if (j->type == J_OBJECT) {
                j->keys = realloc(j->keys, cap * sizeof *j->keys);
                j->key_len = realloc(j->key_len, cap * sizeof *j->key_len);
            }
        }
        if (j->type == J_OBJECT) {
            j->keys[j->n] = json_string(p, &j->key_len[j->n]);
            ws(p);
            (*p)++;   /* ':' */
        }
        j->items[j->n++] = json_parse(p);
    }
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    *len = fread(buf, 1, (size_t)n, f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* ------------------------------------------------------------------ */
/* Comparing a TOML tree with tagged JSON                               */
/* ------------------------------------------------------------------ */

static const char *tag(toml_type t)
{
    switch (t) {
    case TOML_STRING: return "string";
    case TOML_INTEGER: return "integer";
    case TOML_FLOAT: return "float";
    case TOML_BOOL: return "bool";
    case TOML_DATETIME: return "datetime";
    case TOML_DATETIME_LOCAL: return "datetime-local";
    case TOML_DATE_LOCAL: return "date-local";
    case TOML_TIME_LOCAL: return "time-local";
    default: return "?";
    }
}

static const json *member_n(const json *o, const char *key, size_t len)
{
    for (size_t k = 0; k < o->n; k++)
        if (o->key_len[k] == len && memcmp(o->keys[k], key, len) == 0)
            return o->items[k];
    return NULL;
}

static const json *member(const json *o, const char *key)
{
    return member_n(o, key, strlen(key));
}

static int is_scalar(const json *j)
{
    const json *t = member(j, "type"), *v = member(j, "value");
    return j->type == J_OBJECT && j->n == 2 && t && v && t->type == J_STRING && v->type == J_STRING;
}

/* Parses the datetime text of the expected JSON into components. */
static void expected_datetime(const char *s, toml_datetime *d)
{
    memset(d, 0, sizeof *d);
    const char *t = s;
    if (strlen(s) >= 10 && s[4] == '-') {
        sscanf(s, "%4d-%2d-%2d", &d->year, &d->month, &d->day);
        t = s[10] ? s + 11 : NULL;
    }
    if (!t)
        return;
    sscanf(t, "%2d:%2d:%2d", &d->hour, &d->minute, &d->second);
    const char *r = t + 8;
    if (*r == '.') {
        int n = 0;
        for (r++; isdigit((unsigned char)*r); r++, n++)
            if (n < 9)
                d->nanosecond = d->nanosecond * 10 + (*r - '0');
        for (; n < 9; n++)
            d->nanosecond *= 10;
    }
    if (*r == 'Z' || *r == 'z')
        d->offset_minutes = 0;
    else if (*r == '+' || *r == '-') {
        int h, m;
        sscanf(r + 1, "%2d:%2d", &h, &m);
        d->offset_minutes = (*r == '-' ? -1 : 1) * (h * 60 + m);
    }
}

static int same(const toml_value *v, const json *j, char *why, size_t len)
{
    if (v->type == TOML_TABLE) {
        if (j->type != J_OBJECT || is_scalar(j)) {
            snprintf(why, len, "a table where the expected tree has something else");
            return 0;
        }
        if (v->u.table.n != j->n) {
            snprintf(why, len, "a table of %zu keys, expected %zu", v->u.table.n, j->n);
            return 0;
        }
        for (size_t k = 0; k < v->u.table.n; k++) {
            const toml_entry *e = &v->u.table.entries[k];
            const json *want = member_n(j, e->key, e->key_len);
            if (!want) {
                snprintf(why, len, "unexpected key '%s'", e->key);
                return 0;
            }
            if (!same(e->value, want, why, len))
                return 0;
        }
        return 1;
    }
    if (v->type == TOML_ARRAY) {
        if (j->type != J_ARRAY || j->n != v->u.array.n) {
            snprintf(why, len, "an array of %zu items where something else was expected", v->u.array.n);
            return 0;
        }
        for (size_t k = 0; k < j->n; k++)
            if (!same(v->u.array.items[k], j->items[k], why, len))
                return 0;
        return 1;
    }
    if (!is_scalar(j)) {
        snprintf(why, len, "a %s where a table or array was expected", tag(v->type));
        return 0;
    }
    const char *type = member(j, "type")->str;
    const json *val = member(j, "value");
    if (strcmp(type, tag(v->type)) != 0) {
        snprintf(why, len, "a %s where a %s was expected", tag(v->type), type);
        return 0;
    }
    int ok = 1;
    switch (v->type) {
    case TOML_STRING:
        ok = v->u.string.len == val->len && memcmp(v->u.string.ptr, val->str, val->len) == 0;
        break;
    case TOML_INTEGER:
        ok = v->u.integer == strtoll(val->str, NULL, 10);
        break;
    case TOML_FLOAT: {
        double want = strstr(val->str, "nan") ? NAN : strtod(val->str, NULL);
        ok = isnan(want) ? isnan(v->u.number) : v->u.number == want;
        break;
    }
    case TOML_BOOL:
        ok = v->u.boolean == (strcmp(val->str, "true") == 0);
        break;
    default: {
        toml_datetime d;
        expected_datetime(val->str, &d);
        ok = memcmp(&d, &v->u.datetime, sizeof d) == 0;
        break;
    }
    }
    if (!ok)
        snprintf(why, len, "%s value differs from '%s'", type, val->str);
    return ok;
}

/* ------------------------------------------------------------------ */
/* The suite                                                           */
/* ------------------------------------------------------------------ */

Test(toml, conformance_suite, .timeout = 60)
{
    FILE *list = fopen(SUITE "files-toml-1.0.0", "r");
    cr_assert_not_null(list, "cannot open " SUITE "files-toml-1.0.0");
    char line[512];
    int n_valid = 0, n_invalid = 0, failures = 0;
    while (fgets(line, sizeof line, list)) {
        line[strcspn(line, "\r\n")] = '\0';
        size_t n = strlen(line);
        if (n < 5 || strcmp(line + n - 5, ".toml") != 0)
            continue;
        char path[600];
        snprintf(path, sizeof path, SUITE "%s", line);
        size_t len;
        char *text = slurp(path, &len);
        cr_assert_not_null(text, "cannot read %s", path);
        toml_error err;
        toml_value *doc = ax_toml_parse(text, len, &err);
        if (strncmp(line, "valid/", 6) == 0) {
            n_valid++;
            char jpath[600];
            snprintf(jpath, sizeof jpath, SUITE "%.*s.json", (int)(strlen(line) - 5), line);
            size_t jlen;
            char *jtext = slurp(jpath, &jlen);
            cr_assert_not_null(jtext, "cannot read %s", jpath);
            const char *p = jtext;
            json *want = json_parse(&p);
            char why[256];
            if (!doc) {
                cr_log_error("%s: rejected at %u:%u: %s", line, err.pos.line, err.pos.col, err.message);
                failures++;
            } else if (!same(doc, want, why, sizeof why)) {
                cr_log_error("%s: %s", line, why);
                failures++;
            }
            json_free(want);
            free(jtext);
        } else {
            n_invalid++;
            if (doc) {
                cr_log_error("%s: accepted, but it is invalid TOML", line);
                failures++;
            } else {
                cr_assert(err.pos.line >= 1 && err.message[0], "%s: an error needs a position and a message", line);
            }
        }
        ax_toml_free(doc);
        free(text);
    }
    fclose(list);
    cr_log_info("toml-test: %d valid and %d invalid cases, %d failures", n_valid, n_invalid, failures);
    cr_assert(n_valid > 200 && n_invalid > 400, "the whole suite ran (%d valid, %d invalid)", n_valid, n_invalid);
    cr_assert_eq(failures, 0, "%d cases failed (see the log above)", failures);
}

static toml_value *parse(const char *text, toml_error *err)
{
    return ax_toml_parse(text, strlen(text), err);
}

Test(toml, positions_of_keys_and_values)
{
    toml_error err;
    toml_value *doc = parse("# model\nname = \"cuba\"\n\n[populations.E]\n  size = 3200\n  params = { tau_m = 20.0 }\n",
                            &err);
    cr_assert_not_null(doc, "%s", err.message);
    const toml_entry *name = ax_toml_get_entry(doc, "name");
    cr_assert(name && name->pos.line == 2 && name->pos.col == 1);
    cr_assert(name->value->pos.line == 2 && name->value->pos.col == 8);
    const toml_value *E = ax_toml_get(ax_toml_get(doc, "populations"), "E");
    cr_assert(E && E->pos.line == 4 && E->pos.col == 1, "a table's position is its header");
    const toml_entry *size = ax_toml_get_entry(E, "size");
    cr_assert(size->pos.line == 5 && size->pos.col == 3 && size->value->u.integer == 3200);
    const toml_value *tau = ax_toml_get(ax_toml_get(E, "params"), "tau_m");
    cr_assert(tau->pos.line == 6 && tau->pos.col == 22 && tau->u.number == 20.0, "at %u:%u", tau->pos.line, tau->pos.col);
    ax_toml_free(doc);
}

Test(toml, errors_say_where_and_what)
{
    struct { const char *text; uint32_t line, col; const char *msg; } cases[] = {
        {"a = 1\nb = \n", 2, 5, "value is missing"},
        {"a = 1\na = 2\n", 2, 1, "defined twice (first at line 1)"},
        {"[t]\nx = 1\n[t]\n", 3, 1, "already a table defined before"},
        {"x = 0x\n", 1, 6, "not a digit"},
        {"x = 012\n", 1, 5, "leading zero"},
        {"x = 9223372036854775808\n", 1, 5, "does not fit"},
        {"x = \"abc\n", 1, 5, "unterminated"},
        {"x = 1 y = 2\n", 1, 7, "unexpected 'y'"},
        {"x = 2024-02-30\n", 1, 5, "not a date"},
        {"x = [1, 2\n", 2, 1, "not closed"},
        {"é = 1\n", 1, 1, "cannot start a key"},
        {"a = \"\\q\"\n", 1, 6, "invalid escape"},
        {"ok = 1\nx = \"\xff\"\n", 2, 6, "not valid UTF-8"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        toml_error err;
        toml_value *doc = parse(cases[k].text, &err);
        cr_assert_null(doc, "case %zu should fail", k);
        cr_assert(err.pos.line == cases[k].line && err.pos.col == cases[k].col && strstr(err.message, cases[k].msg),
                  "case %zu: %u:%u: %s (expected %u:%u: ...%s...)", k, err.pos.line, err.pos.col, err.message,
                  cases[k].line, cases[k].col, cases[k].msg);
    }
}
