/*
 * json.c - writing JSON strings and parsing small JSON documents.
 */
#include "json.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

void json_write_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

typedef struct reader {
    const char *p;
    char *err;
    size_t err_len;
    int depth;
} reader;

static void ws(reader *r)
{
    while (isspace((unsigned char)*r->p))
        r->p++;
}

static json_value *fail(reader *r, const char *what)
{
    if (r->err && !r->err[0])
        snprintf(r->err, r->err_len, "%s near '%.20s'", what, r->p);
    return NULL;
}

static char *string(reader *r)
{
    size_t cap = 16, n = 0;
    char *s = malloc(cap);
    if (!s)
        return NULL;
    r->p++;
    while (*r->p && *r->p != '"') {
        if (n + 8 > cap) {
            char *t = realloc(s, cap *= 2);
            if (!t) {
                free(s);
                return NULL;
            }
            s = t;
        }
        if (*r->p != '\\') {
            s[n++] = *r->p++;
            continue;
        }
        r->p++;
        char c = *r->p++;
        if (c == 'n')
            s[n++] = '\n';
        else if (c == 't')
            s[n++] = '\t';
        else if (c == 'u') {
            unsigned v = 0;
            for (int k = 0; k < 4 && isxdigit((unsigned char)*r->p); k++, r->p++)
                v = v * 16 + (unsigned)(isdigit((unsigned char)*r->p) ? *r->p - '0' : tolower(*r->p) - 'a' + 10);
            s[n++] = v < 0x80 ? (char)v : '?';
        } else if (c)
            s[n++] = c;
        else
            break;
    }
    if (*r->p != '"') {
        free(s);
        return NULL;
    }
    r->p++;
    s[n] = '\0';
    return s;
}

static json_value *value(reader *r)
{
    if (++r->depth > 64)
        return fail(r, "nested too deep");
    ws(r);
    json_value *v = calloc(1, sizeof *v);
    if (!v)
        return fail(r, "out of memory");
    char c = *r->p;
    if (c == '"') {
        v->type = JSON_STRING;
        if (!(v->string = string(r))) {
            free(v);
            return fail(r, "bad string");
        }
    } else if (c == '{' || c == '[') {
        v->type = c == '{' ? JSON_OBJECT : JSON_ARRAY;
        char close = c == '{' ? '}' : ']';
        r->p++;
        size_t cap = 0;
        for (;;) {
            ws(r);
            if (*r->p == close) {
                r->p++;
                break;
            }
            if (v->n && *r->p++ != ',') {
                json_free(v);
                return fail(r, "expected ','");
            }
            ws(r);
            if (v->n == cap) {
                cap = cap ? 2 * cap : 8;
                void *items = realloc(v->items, cap * sizeof *v->items);
                void *keys = v->type == JSON_OBJECT ? realloc(v->keys, cap * sizeof *v->keys) : NULL;
                if (items)
                    v->items = items;
                if (keys)
                    v->keys = keys;
                if (!items || (v->type == JSON_OBJECT && !keys)) {
                    json_free(v);
                    return fail(r, "out of memory");
                }
            }
            if (v->type == JSON_OBJECT) {
                char *key = *r->p == '"' ? string(r) : NULL;
                ws(r);
                if (!key || *r->p++ != ':') {
                    free(key);
                    json_free(v);
                    return fail(r, "expected \"key\":");
                }
                v->keys[v->n] = key;
            }
            json_value *item = value(r);
            if (!item) {
                if (v->type == JSON_OBJECT)
                    free(v->keys[v->n]);
                json_free(v);
                return NULL;
            }
            v->items[v->n++] = item;
        }
    } else if (!strncmp(r->p, "true", 4) || !strncmp(r->p, "false", 5)) {
        v->type = JSON_BOOL;
        v->number = r->p[0] == 't';
        r->p += r->p[0] == 't' ? 4 : 5;
    } else if (!strncmp(r->p, "null", 4)) {
        v->type = JSON_NULL;
        r->p += 4;
    } else {
        char *end;
        v->type = JSON_NUMBER;
        v->number = strtod(r->p, &end);
        if (end == r->p) {
            free(v);
            return fail(r, "unexpected text");
        }
        r->p = end;
    }
    r->depth--;
    return v;
}

json_value *json_parse(const char *text, char *err, size_t err_len)
{
    reader r = {text, err, err_len, 0};
    if (err && err_len)
        err[0] = '\0';
    json_value *v = value(&r);
    ws(&r);
    if (v && *r.p) {
        json_free(v);
        return fail(&r, "trailing text");
    }
    return v;
}

void json_free(json_value *v)
{
    if (!v)
        return;
    for (size_t k = 0; k < v->n; k++) {
        if (v->keys)
            free(v->keys[k]);
        json_free(v->items[k]);
    }
    free(v->keys);
    free(v->items);
    free(v->string);
    free(v);
}

const json_value *json_get(const json_value *o, const char *key)
{
    if (!o || o->type != JSON_OBJECT)
        return NULL;
    for (size_t k = 0; k < o->n; k++)
        if (strcmp(o->keys[k], key) == 0)
            return o->items[k];
    return NULL;
}
