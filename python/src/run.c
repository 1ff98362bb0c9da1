/*
 * run.c - running a network from Python: the GIL is released for the
 * run, Ctrl-C stops it at a clean point (KeyboardInterrupt, continuable),
 * a progress callback runs with the GIL taken back, and interrupt() may
 * come from any thread.
 *
 * Ctrl-C: while the GIL is released Python's own SIGINT handler would only
 * set a flag that nobody reads until the run ends.  So, in the main thread
 * only (where Python handles signals), the run installs a handler of its
 * own with sigaction that calls ax_network_interrupt (an atomic store, safe
 * in a signal handler and from whichever thread the signal lands on) and
 * puts Python's handler back afterwards.
 */
#include <signal.h>

#include "axon_py.h"

static ax_network *volatile sigint_net;     /* the network the main thread runs */
static volatile sig_atomic_t sigint_hit;    /* Ctrl-C came during that run */
static unsigned long main_thread_ident;

int axpy_run_init(void);
int axpy_run_init(void)
{
    PyObject *threading = PyImport_ImportModule("threading");
    PyObject *main = threading ? PyObject_CallMethod(threading, "main_thread", NULL) : NULL;
    PyObject *ident = main ? PyObject_GetAttrString(main, "ident") : NULL;
    if (ident)
        main_thread_ident = PyLong_AsUnsignedLong(ident);
    Py_XDECREF(ident);
    Py_XDECREF(main);
    Py_XDECREF(threading);
    return ident && !PyErr_Occurred() ? 0 : -1;
}

static void on_sigint(int sig)
{
    (void)sig;
    sigint_hit = 1;
    ax_network *net = sigint_net;
    if (net)
        ax_network_interrupt(net);
}


static int progress_cb(double t, double t_end, void *user)
{
    axpy_network *self = user;
    PyGILState_STATE g = PyGILState_Ensure();
    int stop;
    PyObject *r = PyObject_CallFunction(self->progress, "dd", t, t_end);
    if (!r) {
        axpy_keep_exception(&self->progress_exc);
        stop = 1;
    } else {
        stop = PyObject_IsTrue(r);
        Py_DECREF(r);
        if (stop < 0) {
            axpy_keep_exception(&self->progress_exc);
            stop = 1;
        }
    }
    PyGILState_Release(g);
    return stop;
}

PyObject *axpy_run(axpy_network *self, double duration, PyObject *progress, double every, int modelfile)
{
    ax_network *net = axpy_net(self);
    if (!net)
        return NULL;
    if (progress != Py_None && !PyCallable_Check(progress)) {
        PyErr_Format(PyExc_TypeError, "run: progress must be callable (t_ms, t_end_ms) or None, not %.100s",
                     Py_TYPE(progress)->tp_name);
        return NULL;
    }
    if (axpy_network_release(self, 1) < 0)
        return NULL;
    if (progress != Py_None) {
        Py_INCREF(progress);
        self->progress = progress;
        ax_network_set_progress(net, progress_cb, self, every);
    } else {
        ax_network_set_progress(net, NULL, NULL, 0.0);
    }
    int main_thread = PyThread_get_thread_ident() == main_thread_ident;
    struct sigaction old, ours;
    int handled = 0;
    /* A run started from another run's progress callback (another network)
     * keeps the outer run's target and puts it back when it ends. */
    ax_network *outer = sigint_net;
    int outer_hit = sigint_hit;
    if (main_thread) {
        /* one system call installs ours and returns Python's (runs in a
         * closed loop pay for each); an ignored SIGINT stays ignored */
        memset(&ours, 0, sizeof ours);
        ours.sa_handler = on_sigint;
        ours.sa_flags = SA_RESTART;
        sigemptyset(&ours.sa_mask);
        sigint_hit = 0;
        sigint_net = net;
        handled = sigaction(SIGINT, &ours, &old) == 0;
        if (handled && !(old.sa_flags & SA_SIGINFO) && old.sa_handler == SIG_IGN) {
            sigaction(SIGINT, &old, NULL);
            handled = 0;
        }
        if (!handled) {
            sigint_net = outer;
            sigint_hit = outer_hit;
        }
    }
    self->running = 1;
    Py_INCREF(self);   /* a callback cannot free it, but stay on the safe side */
    ax_status st;
    ax_modelfile *mf = modelfile ? self->mf : NULL;
    Py_BEGIN_ALLOW_THREADS
    st = mf ? ax_modelfile_run(mf, duration) : ax_network_run(net, duration);
    Py_END_ALLOW_THREADS
    self->running = 0;
    int interrupted = 0;
    if (handled) {
        sigaction(SIGINT, &old, NULL);
        sigint_net = outer;
        interrupted = sigint_hit;
        sigint_hit = outer_hit;
    }
    if (progress != Py_None) {
        ax_network_set_progress(net, NULL, NULL, 0.0);
        Py_CLEAR(self->progress);
    }
    PyObject *result = NULL;
    if (self->progress_exc) {
        PyObject *e = self->progress_exc;
        self->progress_exc = NULL;
        PyErr_SetObject((PyObject *)Py_TYPE(e), e);
        Py_DECREF(e);
    } else if (interrupted) {
        PyErr_SetNone(PyExc_KeyboardInterrupt);
    } else if (st) {
        axpy_fail(self, st);
    } else {
        result = Py_NewRef(Py_None);
    }
    Py_DECREF(self);
    return result;
}

PyObject *axpy_network_interrupt(axpy_network *self, PyObject *unused)
{
    (void)unused;
    /* Allowed while running: that is its purpose.  The flag is atomic. */
    if (!self->net)
        return axpy_raise(AX_ERR_STATE, "interrupt: the network is closed");
    ax_network_interrupt(self->net);
    Py_RETURN_NONE;
}
