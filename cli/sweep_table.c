/*
 * sweep_table.c - the results of `axon sweep`: sweep.csv, one row per run
 * in the order of the runs, appended and flushed as each is known (so an
 * interrupted sweep leaves whole rows, and a rerun goes on after the last
 * one), and sweep.json, the same table with what identifies the sweep (a
 * fingerprint of the model file and the --set options), rewritten whole
 * under a temporary name.  A folder whose table is another sweep's is
 * refused, never appended to.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "json.h"
#include "sweep.h"

int sweep_fingerprint(const char *model, const char *const *sets, size_t n_sets, char hex[17])
{
    FILE *f = fopen(model, "rb");
    if (!f)
        return -1;
    uint64_t h = 0xcbf29ce484222325ull;   /* FNV-1a */
    int c;
    while ((c = getc(f)) != EOF)
        h = (h ^ (uint64_t)(unsigned char)c) * 0x100000001b3ull;
    int bad = ferror(f);
    fclose(f);
    for (size_t k = 0; k < n_sets; k++)
        for (const char *s = sets[k];; s++) {   /* each with its NUL: "a=1","b" differs from "a=1b" */
            h = (h ^ (uint64_t)(unsigned char)*s) * 0x100000001b3ull;
            if (!*s)
                break;
        }
    snprintf(hex, 17, "%016llx", (unsigned long long)h);
    return bad ? -1 : 0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap);
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (n + 1 == cap) {
            char *b = realloc(buf, cap *= 2);
            if (!b)
                free(buf);
            buf = b;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

void sweep_table_free(sweep_table *t)
{
    for (uint64_t k = 0; k < t->n; k++)
        free(t->rows[k]);
    free(t->rows);
    *t = (sweep_table){0};
}

/* The fingerprint sweep.json gives, into fp[17]; false when there is no
 * readable sweep.json or it has none. */
static bool json_fingerprint(const char *path, char fp[17])
{
    size_t len;
    char *text = slurp(path, &len), err[256];
    json_value *doc = text ? json_parse(text, err, sizeof err) : NULL;
    free(text);
    const json_value *v = doc ? json_get(doc, "fingerprint") : NULL;
    bool ok = v && v->type == JSON_STRING && strlen(v->string) == 16;
    if (ok)
        snprintf(fp, 17, "%s", v->string);
    json_free(doc);
    return ok;
}

static FILE *refuse(const char *dir, const char *why, sweep_table *t)
{
    fprintf(stderr, "axon sweep: %s holds the table of another sweep (%s): give another --out, or --restart to "
                    "discard it\n",
            dir, why);
    sweep_table_free(t);
    return NULL;
}

/* Reads the rows of an existing sweep.csv into t; false (message printed)
 * when it is not this sweep's table. */
static bool read_rows(const char *dir, const char *path, const char *header, sweep_table *t)
{
    size_t len;
    char *text = slurp(path, &len);
    if (!text) {
        fprintf(stderr, "axon sweep: cannot read %s: %s\n", path, strerror(errno));
        return false;
    }
    size_t h = strlen(header);
    if (len < h + 1 || memcmp(text, header, h) != 0 || text[h] != '\n') {
        free(text);
        refuse(dir, "its sweep.csv has other columns: the swept keys or the populations changed", t);
        return false;
    }
    size_t at = h + 1, cap = 0;
    while (at < len) {
        char *nl = memchr(text + at, '\n', len - at);
        if (!nl)
            break;   /* a row cut by a kill: cut off below */
        *nl = '\0';
        char *end;
        unsigned long long run = strtoull(text + at, &end, 10);
        if (end == text + at || *end != ',' || run != t->n) {
            fprintf(stderr, "axon sweep: %s: line %llu is not run %llu: the table was edited; give another --out, or "
                            "--restart to discard it\n",
                    path, (unsigned long long)t->n + 2, (unsigned long long)t->n);
            free(text);
            sweep_table_free(t);
            return false;
        }
        if (t->n == cap) {
            char **rows = realloc(t->rows, (cap = cap ? 2 * cap : 64) * sizeof *rows);
            if (!rows)
                break;
            t->rows = rows;
        }
        if (!(t->rows[t->n] = strdup(text + at)))
            break;
        t->n++;
        at = (size_t)(nl - text) + 1;
    }
    bool ok = at >= len || memchr(text + at, '\n', len - at) == NULL;
    free(text);
    if (!ok) {
        fprintf(stderr, "axon sweep: out of memory reading %s\n", path);
        sweep_table_free(t);
        return false;
    }
    if (at < len && truncate(path, (off_t)at) != 0) {
        fprintf(stderr, "axon sweep: cannot cut the unfinished last row of %s: %s\n", path, strerror(errno));
        sweep_table_free(t);
        return false;
    }
    return true;
}

FILE *sweep_table_open(const char *dir, const char *header, const char *fingerprint, bool restart, sweep_table *t)
{
    *t = (sweep_table){0};
    char csv[4200], json[4200], fp[17];
    snprintf(csv, sizeof csv, "%s/sweep.csv", dir);
    snprintf(json, sizeof json, "%s/sweep.json", dir);
    struct stat st;
    bool have_csv = stat(csv, &st) == 0, have_json = stat(json, &st) == 0;
    if (restart) {
        if ((have_csv && remove(csv) != 0) || (have_json && remove(json) != 0)) {
            fprintf(stderr, "axon sweep: --restart: cannot remove the old table in %s: %s\n", dir, strerror(errno));
            return NULL;
        }
        have_csv = have_json = false;
    }
    if (have_json && !json_fingerprint(json, fp))
        return refuse(dir, "its sweep.json cannot be read as a sweep's", t);
    if (have_json && strcmp(fp, fingerprint) != 0)
        return refuse(dir, "sweep.json's fingerprint differs: the model file or the --set options changed", t);
    if (have_csv && !have_json)
        return refuse(dir, "a sweep.csv without its sweep.json", t);
    if (have_csv && !read_rows(dir, csv, header, t))
        return NULL;
    FILE *f = fopen(csv, have_csv ? "a" : "w");
    if (!f || (!have_csv && (fprintf(f, "%s\n", header) < 0 || fflush(f) != 0))) {
        fprintf(stderr, "axon sweep: cannot write %s: %s\n", csv, strerror(errno));
        if (f)
            fclose(f);
        sweep_table_free(t);
        return NULL;
    }
    return f;
}

int sweep_table_append(FILE *f, const char *row)
{
    size_t n = strlen(row);
    char *line = malloc(n + 2);
    if (!line)
        return -1;
    memcpy(line, row, n);
    line[n] = '\n';
    line[n + 1] = '\0';
    /* one write of the whole line, not buffered pieces of it */
    ssize_t w = fflush(f) == 0 ? write(fileno(f), line, n + 1) : -1;
    free(line);
    return w == (ssize_t)(n + 1) ? 0 : -1;
}

/* The fields of a CSV line (quoted fields unquoted), in place; returns how
 * many (at most max). */
static size_t split(char *line, char **fields, size_t max)
{
    size_t n = 0;
    char *r = line;
    while (n < max) {
        char *w = r;
        fields[n++] = w;
        if (*r == '"') {
            r++;
            while (*r && !(*r == '"' && r[1] != '"')) {
                if (*r == '"')
                    r++;
                *w++ = *r++;
            }
            if (*r == '"')
                r++;
        } else {
            while (*r && *r != ',')
                *w++ = *r++;
        }
        bool more = *r == ',';
        *w = '\0';
        if (!more)
            break;
        r++;
    }
    return n;
}

/* A field as JSON: a number, null (empty), true or false, a TOML string's
 * text as a string, or the text as a string. */
static void json_field(FILE *f, const char *s, bool text_only)
{
    double x;
    size_t n = strlen(s);
    if (text_only) {
        json_write_string(f, s);
    } else if (!*s) {
        fputs("null", f);
    } else if (parse_double(s, &x)) {
        fputs(s, f);
    } else if (!strcmp(s, "true") || !strcmp(s, "false")) {
        fputs(s, f);
    } else if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
        char *u = malloc(n), *w = u;
        if (!u) {
            json_write_string(f, s);
            return;
        }
        for (const char *c = s + 1; c < s + n - 1; c++) {
            if (*c == '\\' && c + 1 < s + n - 1)
                c++;
            *w++ = *c;
        }
        *w = '\0';
        json_write_string(f, u);
        free(u);
    } else {
        json_write_string(f, s);
    }
}

int sweep_json_write(const char *dir, const sweep_plan *p, const char *fingerprint, const char *header,
                     char *const *rows, uint64_t n_rows, uint64_t built, uint64_t reused)
{
    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/sweep.json", dir);
    snprintf(tmp, sizeof tmp, "%s.partial", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return -1;
    char *cols_text = strdup(header);
    char **cols = malloc((strlen(header) + 1) * sizeof *cols);
    char **vals = malloc((strlen(header) + 1) * sizeof *vals);
    if (!cols_text || !cols || !vals) {
        free(cols_text), free(cols), free(vals);
        fclose(f);
        remove(tmp);
        errno = ENOMEM;
        return -1;
    }
    size_t n_cols = split(cols_text, cols, strlen(header) + 1);
    fputs("{\n  \"model\": ", f);
    json_write_string(f, p->model);
    fprintf(f, ",\n  \"fingerprint\": \"%s\",\n  \"keys\": [", fingerprint);
    for (size_t k = 0; k < p->info.params; k++) {
        ax_sweep_param sp;
        ax_sweep_get_param(p->base, k, &sp, NULL);
        fputs(k ? ", " : "", f);
        json_write_string(f, sp.key);
    }
    fprintf(f, "],\n  \"trials\": %llu,\n  \"combinations\": %llu,\n  \"runs\": %llu,\n  \"done\": %llu,\n",
            (unsigned long long)p->info.trials, (unsigned long long)p->info.combinations,
            (unsigned long long)p->info.runs, (unsigned long long)n_rows);
    fprintf(f, "  \"duration_ms\": %.17g,\n  \"rebuild_free\": %s,\n  \"one_population_block\": %llu,\n"
               "  \"networks_built\": %llu,\n  \"runs_on_reused_networks\": %llu,\n  \"columns\": [",
            p->duration_ms, p->info.rebuild_free && !p->rebuild ? "true" : "false", (unsigned long long)p->block,
            (unsigned long long)built, (unsigned long long)reused);
    for (size_t k = 0; k < n_cols; k++) {
        fputs(k ? ", " : "", f);
        json_write_string(f, cols[k]);
    }
    fputs("],\n  \"rows\": [", f);
    size_t first_stat = 3 + p->info.params;   /* run, trial, seed, the keys, then status */
    for (uint64_t r = 0; r < n_rows; r++) {
        char *line = strdup(rows[r]);
        if (!line)
            break;
        size_t n = split(line, vals, n_cols);
        fputs(r ? ",\n    {" : "\n    {", f);
        for (size_t k = 0; k < n && k < n_cols; k++) {
            fputs(k ? ", " : "", f);
            json_write_string(f, cols[k]);
            fputs(": ", f);
            json_field(f, vals[k], k == first_stat || (k + 1 == n_cols && *vals[k]));
        }
        fputc('}', f);
        free(line);
    }
    fputs(n_rows ? "\n  ]\n}\n" : "]\n}\n", f);
    free(cols_text), free(cols), free(vals);
    int bad = ferror(f);
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        errno = e;
        return -1;
    }
    return 0;
}
