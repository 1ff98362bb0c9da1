/*
 * load_warnings.c - simulation.silence_warnings = ["weight_sign", ...]: the
 * warnings (axon.h, "Warnings"; docs/warnings.md) a model file says it
 * knows about, silenced on its network through the public API.
 */
#include <stdio.h>
#include <string.h>

#include "core/error.h"
#include "io/load.h"

/* "weight_sign, fires_every_step, ...": the names the library knows. */
static void allowed_names(char *buf, size_t len)
{
    buf[0] = '\0';
    for (int k = 0; k < AX_WARNING_KINDS; k++) {
        ax_append(buf, len, k ? ", " : "");
        ax_append(buf, len, ax_warning_kind_name((ax_warning_kind)k));
    }
}

bool ax_load_silence_warnings(load_ctx *c, const toml_value *sim)
{
    const toml_entry *e = ax_toml_get_entry(sim, "silence_warnings");
    if (!e)
        return true;
    const char *path = "simulation.silence_warnings";
    char list[256];
    allowed_names(list, sizeof list);
    const toml_value *v = e->value;
    if (v->type != TOML_ARRAY)
        return ax_load_fail(c, v->pos, path, "expected a list of warning names such as [\"weight_sign\"]; allowed: %s",
                            list);
    for (size_t i = 0; i < v->u.array.n; i++) {
        const toml_value *item = v->u.array.items[i];
        if (item->type != TOML_STRING)
            return ax_load_fail(c, item->pos, path, "element %zu is a %s; warning names are strings; allowed: %s", i,
                                ax_toml_type_name(item->type), list);
        const char *name = item->u.string.ptr;
        int kind = -1;
        for (int k = 0; k < AX_WARNING_KINDS; k++)
            if (strcmp(name, ax_warning_kind_name((ax_warning_kind)k)) == 0)
                kind = k;
        if (kind < 0) {
            ax_suggest s;
            char hint[96];
            ax_suggest_init(&s, name);
            for (int k = 0; k < AX_WARNING_KINDS; k++)
                ax_suggest_add(&s, ax_warning_kind_name((ax_warning_kind)k));
            return ax_load_fail(c, item->pos, path, "unknown warning '%s'%s; allowed: %s", name,
                                ax_suggest_text(&s, hint, sizeof hint), list);
        }
        ax_status st = ax_warning_silence(c->net, (ax_warning_kind)kind);
        if (st)
            return ax_load_fail_api(c, st, item->pos, path);
    }
    return true;
}
