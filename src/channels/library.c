/*
 * library.c - the catalogue of ion channels a cell can be built from.
 * Adding a channel is one definition in this folder plus one line here.
 */
#include <string.h>

#include "channels/channel.h"

static const ax_channel *const library[] = {
    &ax_channel_leak, &ax_channel_Na, &ax_channel_K,      &ax_channel_M,
    &ax_channel_CaL,  &ax_channel_CaT, &ax_channel_Na_HH, &ax_channel_K_HH,
    &ax_channel_KA,   &ax_channel_Ih,
};

size_t ax_channel_library_size(void) { return sizeof library / sizeof library[0]; }

const ax_channel *ax_channel_at(size_t index) { return index < ax_channel_library_size() ? library[index] : NULL; }

const ax_channel *ax_channel_find(const char *name)
{
    for (size_t i = 0; name && i < ax_channel_library_size(); i++)
        if (strcmp(library[i]->name, name) == 0)
            return library[i];
    return NULL;
}
