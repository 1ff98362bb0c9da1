/*
 * gif.c - animated GIFs through giflib's streaming encoder (gif.h).  The
 * NETSCAPE2.0 application block makes viewers loop the animation; each
 * frame has a graphics control block with its delay.
 */
#include "gif.h"

#include <errno.h>
#include <gif_lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct gif_out {
    GifFileType *g;
    int w, h, delay_cs;
    char path[4096], tmp[4100];
};

static void gif_fail(gif_out *o, int code, const char *what, char *err, size_t len)
{
    const char *why = GifErrorString(code);
    snprintf(err, len, "%s: %s: %s", o->path, what, why ? why : "giflib error");
}

gif_out *gif_create(const char *path, int w, int h, const unsigned char (*palette)[3], int delay_cs, char *err,
                    size_t len)
{
    if (w < 1 || h < 1 || w > 65535 || h > 65535) {
        snprintf(err, len, "%s: a GIF is 1 to 65535 pixels across and down; this one would be %d x %d", path, w, h);
        return NULL;
    }
    gif_out *o = calloc(1, sizeof *o);
    GifColorType colours[256];
    for (int k = 0; k < 256; k++)
        colours[k] = (GifColorType){palette[k][0], palette[k][1], palette[k][2]};
    ColorMapObject *map = GifMakeMapObject(256, colours);
    if (!o || !map) {
        free(o);
        GifFreeMapObject(map);
        snprintf(err, len, "%s: out of memory", path);
        return NULL;
    }
    o->w = w, o->h = h, o->delay_cs = delay_cs;
    snprintf(o->path, sizeof o->path, "%s", path);
    snprintf(o->tmp, sizeof o->tmp, "%s.partial", path);
    int code = 0;
    o->g = EGifOpenFileName(o->tmp, false, &code);
    if (!o->g) {
        snprintf(err, len, "%s: cannot write it: %s", path, code == E_GIF_ERR_OPEN_FAILED ? strerror(errno) : GifErrorString(code));
        GifFreeMapObject(map);
        free(o);
        return NULL;
    }
    EGifSetGifVersion(o->g, true);   /* GIF89a: delays and looping */
    static unsigned char loop[3] = {1, 0, 0};   /* sub-block 1: repeat count 0 = for ever */
    if (EGifPutScreenDesc(o->g, w, h, 8, 0, map) == GIF_ERROR ||
        EGifPutExtensionLeader(o->g, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
        EGifPutExtensionBlock(o->g, 11, "NETSCAPE2.0") == GIF_ERROR || EGifPutExtensionBlock(o->g, 3, loop) == GIF_ERROR ||
        EGifPutExtensionTrailer(o->g) == GIF_ERROR) {
        gif_fail(o, o->g->Error, "writing its header", err, len);
        GifFreeMapObject(map);
        gif_abort(o);
        return NULL;
    }
    GifFreeMapObject(map);   /* the encoder keeps its own copy */
    return o;
}

int gif_frame(gif_out *o, const unsigned char *pixels, char *err, size_t len)
{
    GraphicsControlBlock gcb = {DISPOSAL_UNSPECIFIED, false, o->delay_cs, NO_TRANSPARENT_COLOR};
    GifByteType ext[4];
    EGifGCBToExtension(&gcb, ext);
    if (EGifPutExtension(o->g, GRAPHICS_EXT_FUNC_CODE, 4, ext) == GIF_ERROR ||
        EGifPutImageDesc(o->g, 0, 0, o->w, o->h, false, NULL) == GIF_ERROR) {
        gif_fail(o, o->g->Error, "writing a frame", err, len);
        return -1;
    }
    for (int y = 0; y < o->h; y++)
        if (EGifPutLine(o->g, (GifPixelType *)pixels + (size_t)y * o->w, o->w) == GIF_ERROR) {
            gif_fail(o, o->g->Error, "writing a frame", err, len);
            return -1;
        }
    return 0;
}

int gif_finish(gif_out *o, char *err, size_t len)
{
    int code = 0;
    int st = EGifCloseFile(o->g, &code);
    o->g = NULL;
    if (st == GIF_ERROR) {
        gif_fail(o, code, "completing it", err, len);
        gif_abort(o);
        return -1;
    }
    /* giflib creates the file for its owner alone; a picture is as readable as any other output */
    mode_t mask = umask(0);
    umask(mask);
    if (chmod(o->tmp, 0666 & ~mask) != 0 || rename(o->tmp, o->path) != 0) {
        snprintf(err, len, "%s: %s", o->path, strerror(errno));
        gif_abort(o);
        return -1;
    }
    free(o);
    return 0;
}

void gif_abort(gif_out *o)
{
    if (!o)
        return;
    if (o->g) {
        int code;
        EGifCloseFile(o->g, &code);
    }
    remove(o->tmp);
    free(o);
}
