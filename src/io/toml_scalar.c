/*
 * toml_scalar.c - TOML strings, numbers, booleans, dates and times.
 *
 * Everything is checked against the TOML 1.0 grammar rather than handed to
 * strtol/strtod as is: underscores only between digits, no leading zeros,
 * lower-case base prefixes, no sign on hex/octal/binary, exponents and
 * fractions with digits on both sides of the dot, integers within int64,
 * calendar-valid dates, escapes that name Unicode scalar values.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/toml_parser.h"

bool ax_toml_buf_put(toml_buf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *p = realloc(b->ptr, cap);
        if (!p)
            return false;
        b->ptr = p;
        b->cap = cap;
    }
    memcpy(b->ptr + b->len, s, n);
    b->len += n;
    b->ptr[b->len] = '\0';
    return true;
}

static bool put(toml_parser *ps, toml_buf *b, const char *s, size_t n)
{
    return ax_toml_buf_put(b, s, n) || ax_toml_out_of_memory(ps, ps->p);
}

static bool is_control(int c)
{
    return (c >= 0 && c < 0x20 && c != '\t') || c == 0x7f;
}

static bool control_error(toml_parser *ps, const char *at, const char *where)
{
    return ax_toml_fail(ps, at, "control character U+%04X is not allowed in %s (write it as an escape)",
                     (unsigned char)*at, where);
}

/* UTF-8 encoding of a code point. */
static size_t utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xc0 | c >> 6);
        out[1] = (char)(0x80 | (c & 0x3f));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xe0 | c >> 12);
        out[1] = (char)(0x80 | (c >> 6 & 0x3f));
        out[2] = (char)(0x80 | (c & 0x3f));
        return 3;
    }
    out[0] = (char)(0xf0 | c >> 18);
    out[1] = (char)(0x80 | (c >> 12 & 0x3f));
    out[2] = (char)(0x80 | (c >> 6 & 0x3f));
    out[3] = (char)(0x80 | (c & 0x3f));
    return 4;
}

/* ps->p at the backslash. */
static bool escape(toml_parser *ps, toml_buf *out)
{
    const char *at = ps->p;
    int c = toml_peek(ps, 1);
    const char *simple = NULL;
    switch (c) {
    case 'b': simple = "\b"; break;
    case 't': simple = "\t"; break;
    case 'n': simple = "\n"; break;
    case 'f': simple = "\f"; break;
    case 'r': simple = "\r"; break;
    case '"': simple = "\""; break;
    case '\\': simple = "\\"; break;
    case 'u':
    case 'U': {
        int digits = c == 'u' ? 4 : 8;
        uint32_t code = 0;
        for (int k = 0; k < digits; k++) {
            int h = toml_peek(ps, 2 + (size_t)k);
            if (h < 0 || !isxdigit(h))
                return ax_toml_fail(ps, at, "\\%c needs %d hexadecimal digits", c, digits);
            code = code * 16 + (uint32_t)(isdigit(h) ? h - '0' : tolower(h) - 'a' + 10);
        }
        if (code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff))
            return ax_toml_fail(ps, at, "\\%c%0*X is not a Unicode scalar value", c, digits, code);
        char enc[4];
        ps->p += 2 + digits;
        return put(ps, out, enc, utf8_encode(code, enc));
    }
    default:
        if (c < 0)
            return ax_toml_fail(ps, at, "the string ends in a backslash");
        return ax_toml_fail(ps, at, "invalid escape '\\%c' (allowed: \\b \\t \\n \\f \\r \\\" \\\\ \\uXXXX \\UXXXXXXXX)",
                         c >= 0x20 && c < 0x7f ? c : '?');
    }
    ps->p += 2;
    return put(ps, out, simple, 1);
}

/* Counts the quote characters `q` at p (at most 6). */
static int quote_run(const toml_parser *ps, int q)
{
    int n = 0;
    while (n < 6 && toml_peek(ps, (size_t)n) == q)
        n++;
    return n;
}

/* After the opening delimiter of a multi-line string: a newline right
 * there is not part of the string. */
static void skip_first_newline(toml_parser *ps)
{
    if (toml_peek(ps, 0) == '\n' || (toml_peek(ps, 0) == '\r' && toml_peek(ps, 1) == '\n'))
        ax_toml_newline(ps);
}

static bool multiline(toml_parser *ps, toml_buf *out, int q)
{
    const char *open = ps->p;
    ps->p += 3;
    skip_first_newline(ps);
    for (;;) {
        int c = toml_peek(ps, 0);
        if (c < 0)
            return ax_toml_fail(ps, open, "unterminated multi-line string");
        if (c == q) {
            int n = quote_run(ps, q);
            if (n < 3) {
                if (!put(ps, out, ps->p, (size_t)n))
                    return false;
                ps->p += n;
                continue;
            }
            if (n > 5)
                return ax_toml_fail(ps, ps->p, "too many quotes at the end of a multi-line string");
            if (!put(ps, out, ps->p, (size_t)n - 3))   /* 1 or 2 quotes right before the closing three */
                return false;
            ps->p += n;
            return true;
        }
        if (c == '\n' || (c == '\r' && toml_peek(ps, 1) == '\n')) {
            if (!put(ps, out, "\n", 1))
                return false;
            ax_toml_newline(ps);
            continue;
        }
        if (q == '"' && c == '\\') {
            /* a backslash at the end of a line eats the newline and the
             * whitespace that follows */
            size_t k = 1;
            while (toml_peek(ps, k) == ' ' || toml_peek(ps, k) == '\t')
                k++;
            int after = toml_peek(ps, k);
            if (after == '\n' || (after == '\r' && toml_peek(ps, k + 1) == '\n')) {
                ps->p += k;
                for (;;) {
                    int w = toml_peek(ps, 0);
                    if (w == ' ' || w == '\t')
                        ps->p++;
                    else if (w == '\n' || (w == '\r' && toml_peek(ps, 1) == '\n'))
                        ax_toml_newline(ps);
                    else
                        break;
                }
                continue;
            }
            if (!escape(ps, out))
                return false;
            continue;
        }
        if (is_control(c))
            return control_error(ps, ps->p, "a string");
        if (!put(ps, out, ps->p, 1))
            return false;
        ps->p++;
    }
}

bool ax_toml_parse_string(toml_parser *ps, toml_buf *out, bool multiline_ok)
{
    int q = toml_peek(ps, 0);
    const char *open = ps->p;
    out->len = 0;
    if (!put(ps, out, "", 0))
        return false;
    if (quote_run(ps, q) >= 3) {
        if (!multiline_ok)
            return ax_toml_fail(ps, open, "a key cannot be a multi-line string");
        return multiline(ps, out, q);
    }
    ps->p++;
    for (;;) {
        int c = toml_peek(ps, 0);
        if (c < 0 || c == '\n' || c == '\r')
            return ax_toml_fail(ps, open, "unterminated string (a single-line string must end on its line)");
        if (c == q) {
            ps->p++;
            return true;
        }
        if (q == '"' && c == '\\') {
            if (!escape(ps, out))
                return false;
            continue;
        }
        if (is_control(c))
            return control_error(ps, ps->p, "a string");
        if (!put(ps, out, ps->p, 1))
            return false;
        ps->p++;
    }
}

/* ------------------------------------------------------------------ */
/* Dates and times                                                     */
/* ------------------------------------------------------------------ */

static int digits(const char *s, const char *end, int n)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (s + k >= end || !isdigit((unsigned char)s[k]))
            return -1;
        v = v * 10 + (s[k] - '0');
    }
    return v;
}

static bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static bool parse_date(toml_parser *ps, toml_datetime *dt)
{
    const char *s = ps->p, *e = ps->end;
    int y = digits(s, e, 4), m = digits(s + 5, e, 2), d = digits(s + 8, e, 2);
    if (y < 0 || s[4] != '-' || m < 0 || s + 7 >= e || s[7] != '-' || d < 0)
        return ax_toml_fail(ps, s, "a date must be written YYYY-MM-DD");
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12 || d < 1 || d > days[m - 1] + (m == 2 && leap(y)))
        return ax_toml_fail(ps, s, "%.10s is not a date of the calendar", s);
    dt->year = y, dt->month = m, dt->day = d;
    ps->p += 10;
    return true;
}

static bool parse_time(toml_parser *ps, toml_datetime *dt)
{
    const char *s = ps->p, *e = ps->end;
    int h = digits(s, e, 2), mi = digits(s + 3, e, 2), se = digits(s + 6, e, 2);
    if (h < 0 || s[2] != ':' || mi < 0 || s + 5 >= e || s[5] != ':' || se < 0)
        return ax_toml_fail(ps, s, "a time must be written HH:MM:SS (seconds are required)");
    if (h > 23 || mi > 59 || se > 60)
        return ax_toml_fail(ps, s, "%.8s is not a time of day", s);
    dt->hour = h, dt->minute = mi, dt->second = se, dt->nanosecond = 0;
    ps->p += 8;
    if (toml_peek(ps, 0) == '.') {
        ps->p++;
        if (toml_peek(ps, 0) < 0 || !isdigit(toml_peek(ps, 0)))
            return ax_toml_fail(ps, ps->p, "a fraction of a second needs digits after the dot");
        int n = 0;
        while (toml_peek(ps, 0) >= 0 && isdigit(toml_peek(ps, 0))) {
            if (n < 9)   /* beyond nanoseconds: truncated, as the spec allows */
                dt->nanosecond = dt->nanosecond * 10 + (*ps->p - '0');
            n++;
            ps->p++;
        }
        for (; n < 9; n++)
            dt->nanosecond *= 10;
    }
    return true;
}

static bool parse_offset(toml_parser *ps, toml_datetime *dt)
{
    int c = toml_peek(ps, 0);
    if (c == 'Z' || c == 'z') {
        dt->offset_minutes = 0;
        ps->p++;
        return true;
    }
    const char *s = ps->p;
    int h = digits(s + 1, ps->end, 2), m = digits(s + 4, ps->end, 2);
    if (h < 0 || s + 3 >= ps->end || s[3] != ':' || m < 0 || h > 23 || m > 59)
        return ax_toml_fail(ps, s, "a time offset must be Z or +HH:MM / -HH:MM");
    dt->offset_minutes = (c == '-' ? -1 : 1) * (h * 60 + m);
    ps->p += 6;
    return true;
}

static bool looks_like_date(const toml_parser *ps)
{
    for (int k = 0; k < 4; k++)
        if (toml_peek(ps, (size_t)k) < 0 || !isdigit(toml_peek(ps, (size_t)k)))
            return false;
    return toml_peek(ps, 4) == '-';
}

static bool looks_like_time(const toml_parser *ps, size_t at)
{
    return toml_peek(ps, at) >= 0 && isdigit(toml_peek(ps, at)) && toml_peek(ps, at + 1) >= 0 &&
           isdigit(toml_peek(ps, at + 1)) && toml_peek(ps, at + 2) == ':';
}

static bool parse_datetime(toml_parser *ps, toml_value *v)
{
    toml_datetime dt;
    memset(&dt, 0, sizeof dt);
    if (looks_like_time(ps, 0)) {
        if (!parse_time(ps, &dt))
            return false;
        v->type = TOML_TIME_LOCAL;
        v->u.datetime = dt;
        return true;
    }
    if (!parse_date(ps, &dt))
        return false;
    int c = toml_peek(ps, 0);
    if ((c == 'T' || c == 't' || c == ' ') && looks_like_time(ps, 1)) {
        ps->p++;
        if (!parse_time(ps, &dt))
            return false;
        c = toml_peek(ps, 0);
        if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
            if (!parse_offset(ps, &dt))
                return false;
            v->type = TOML_DATETIME;
        } else {
            v->type = TOML_DATETIME_LOCAL;
        }
    } else {
        v->type = TOML_DATE_LOCAL;
    }
    v->u.datetime = dt;
    return true;
}

/* ------------------------------------------------------------------ */
/* Numbers                                                             */
/* ------------------------------------------------------------------ */

/* Checks digits with single underscores between them in [s, e); appends
 * the digits to out.  `base` picks the digit set. */
static bool digit_run(toml_parser *ps, const char *s, const char *e, int base, toml_buf *out, const char *what)
{
    if (s >= e)
        return ax_toml_fail(ps, s, "%s needs digits", what);
    for (const char *c = s; c < e; c++) {
        int ch = (unsigned char)*c;
        if (ch == '_') {
            if (c == s || c + 1 >= e || c[-1] == '_' || c[1] == '_')
                return ax_toml_fail(ps, c, "an underscore in a number must stand between two digits");
            continue;
        }
        int ok = base == 16 ? isxdigit(ch) : base == 10 ? isdigit(ch) : base == 8 ? (ch >= '0' && ch <= '7')
                                                                                 : (ch == '0' || ch == '1');
        if (!ok)
            return ax_toml_fail(ps, c, "'%c' is not a digit of %s", ch, what);
        if (!ax_toml_buf_put(out, c, 1))
            return ax_toml_out_of_memory(ps, c);
    }
    return true;
}

static bool number(toml_parser *ps, toml_value *v, const char *s, const char *e)
{
    toml_buf buf = {NULL, 0, 0};
    bool ok = false;
    const char *c = s;
    bool neg = false, signed_ = false;
    if (*c == '+' || *c == '-') {
        neg = *c == '-';
        signed_ = true;
        c++;
    }
    /* inf and nan */
    if ((e - c == 3) && (!strncmp(c, "inf", 3) || !strncmp(c, "nan", 3))) {
        v->type = TOML_FLOAT;
        v->u.number = c[0] == 'i' ? (neg ? -HUGE_VAL : HUGE_VAL) : (neg ? -NAN : NAN);
        return true;
    }
    /* 0x, 0o, 0b */
    if (e - c > 2 && c[0] == '0' && (c[1] == 'x' || c[1] == 'o' || c[1] == 'b')) {
        int base = c[1] == 'x' ? 16 : c[1] == 'o' ? 8 : 2;
        if (signed_)
            return ax_toml_fail(ps, s, "hexadecimal, octal and binary integers take no sign");
        if (!digit_run(ps, c + 2, e, base, &buf, base == 16 ? "a hexadecimal integer" : base == 8 ? "an octal integer"
                                                                                                    : "a binary integer"))
            goto done;
        errno = 0;
        unsigned long long x = strtoull(buf.ptr, NULL, base);
        if (errno || x > INT64_MAX) {
            ax_toml_fail(ps, s, "%.*s does not fit in a 64-bit integer", (int)(e - s), s);
            goto done;
        }
        v->type = TOML_INTEGER;
        v->u.integer = (int64_t)x;
        ok = true;
        goto done;
    }
    /* decimal integer or float: int-part [. frac] [e exp] */
    const char *dot = NULL, *exp = NULL;
    for (const char *q = c; q < e; q++) {
        if (*q == '.' && !dot && !exp)
            dot = q;
        else if ((*q == 'e' || *q == 'E') && !exp)
            exp = q;
    }
    const char *int_end = dot ? dot : exp ? exp : e;
    if (!digit_run(ps, c, int_end, 10, &buf, "a number"))
        goto done;
    if (int_end - c > 1 && c[0] == '0') {
        ax_toml_fail(ps, s, "a number cannot start with a leading zero");
        goto done;
    }
    if (!dot && !exp) {
        /* range check by hand: strtoll would saturate silently */
        uint64_t x = 0, limit = neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX;
        for (const char *d = buf.ptr; *d; d++) {
            if (x > (limit - (uint64_t)(*d - '0')) / 10) {
                ax_toml_fail(ps, s, "%.*s does not fit in a 64-bit integer", (int)(e - s), s);
                goto done;
            }
            x = x * 10 + (uint64_t)(*d - '0');
        }
        v->type = TOML_INTEGER;
        v->u.integer = neg ? (int64_t)(0 - x) : (int64_t)x;
        ok = true;
        goto done;
    }
    if (dot) {
        const char *frac_end = exp ? exp : e;
        if (!put(ps, &buf, ".", 1) || !digit_run(ps, dot + 1, frac_end, 10, &buf, "the fraction of a float"))
            goto done;
    }
    if (exp) {
        const char *x = exp + 1;
        if (!put(ps, &buf, "e", 1))
            goto done;
        if (x < e && (*x == '+' || *x == '-')) {
            if (!put(ps, &buf, x, 1))
                goto done;
            x++;
        }
        if (!digit_run(ps, x, e, 10, &buf, "the exponent of a float"))
            goto done;
    }
    errno = 0;
    double d = strtod(buf.ptr, NULL);
    v->type = TOML_FLOAT;
    v->u.number = neg ? -d : d;
    ok = true;
done:
    free(buf.ptr);
    return ok;
}

static bool is_number_char(int c)
{
    return c >= 0 && (isalnum(c) || c == '_' || c == '.' || c == '+' || c == '-');
}

bool ax_toml_parse_scalar(toml_parser *ps, toml_value *v)
{
    const char *s = ps->p;
    if (ps->end - s >= 4 && !strncmp(s, "true", 4) && !is_number_char(toml_peek(ps, 4))) {
        v->type = TOML_BOOL;
        v->u.boolean = true;
        ps->p += 4;
        return true;
    }
    if (ps->end - s >= 5 && !strncmp(s, "false", 5) && !is_number_char(toml_peek(ps, 5))) {
        v->type = TOML_BOOL;
        v->u.boolean = false;
        ps->p += 5;
        return true;
    }
    if (looks_like_date(ps) || looks_like_time(ps, 0))
        return parse_datetime(ps, v);
    const char *e = s;
    while (e < ps->end && is_number_char((unsigned char)*e))
        e++;
    if (e == s)
        return ax_toml_fail(ps, s, "expected a value (a string, number, boolean, date, array or inline table)");
    /* the text need not end with a NUL: compare within it */
    bool inf_or_nan = e - s >= 3 && (!memcmp(s, "inf", 3) || !memcmp(s, "nan", 3));
    if (isalpha((unsigned char)*s) && !inf_or_nan)
        return ax_toml_fail(ps, s, "expected a value: '%.*s' is not one (strings are quoted: \"%.*s\")",
                         (int)(e - s > 40 ? 40 : e - s), s, (int)(e - s > 40 ? 40 : e - s), s);
    if (!number(ps, v, s, e))
        return false;
    ps->p = e;
    return true;
}
