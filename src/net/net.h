/*
 * net.h - the functions of net/: populations, selections of their neurons,
 * projections declared and their synapses generated.  The data they work
 * on is the data model of net/network.h.
 */
#ifndef AX_NET_H
#define AX_NET_H

#include "core/serial.h"
#include "net/generate.h"
#include "net/network.h"

/* Handle checks; each sets the error, naming `caller`, when the handle is
 * bad. */
ax_population_data *ax_population_lookup(ax_network *net, ax_population pop, const char *caller);
const ax_population_data *ax_population_lookup_const(const ax_network *net, ax_population pop, const char *caller);
ax_projection_data *ax_projection_lookup(const ax_network *net, ax_projection proj, const char *caller);

/* The population holding global id `gid`. */
uint32_t ax_population_of(const ax_network *net, uint32_t gid);

/* Refreshes pop->view after its arrays changed. */
void ax_population_refresh_view(ax_network *net, ax_population_data *p);

/* Collects the warnings the declared network shows (net/warnings.c):
 * weight signs, drive units, threads over cores. */
void ax_warnings_check_declared(ax_network *net);

/* Runs check + prepare for dirty populations (before a run). */
ax_status ax_prepare_populations(ax_network *net);

/* Whether x lies in the allowed range of a parameter (population.c). */
bool ax_param_in_range(const ax_param_info *pi, double x);

/* The state over the network's life (population_state.c): the copy of
 * the state at the first run, which ax_network_reset returns to (with the
 * prepared data dropped and the ring buffer cleared), and the checkpoint
 * sections of all populations - parameters, then state - each read twice:
 * checking (apply = false), then storing. */
ax_status ax_population_keep_initial(ax_network *net, ax_population_data *p);
void ax_population_reset(ax_network *net, ax_population_data *p);
void ax_populations_save_params(const ax_network *net, ax_writer *w);
ax_status ax_populations_load_params(ax_network *net, ax_reader *r, bool apply);
void ax_populations_save_state(const ax_network *net, ax_writer *w);
ax_status ax_populations_load_state(ax_network *net, ax_reader *r, bool apply);

void ax_population_data_free(ax_population_data *p);

/* Normalises a selection of a population of `size` neurons.  Fails with a
 * message naming the bad index. */
ax_status ax_selection_make(ax_network *net, ax_neurons in, uint32_t size, const char *what,
                            ax_selection *out);
void ax_selection_free(ax_selection *s);

/* Declares a projection of `kind` (axon.h: gap junctions are electrical
 * synapses, sim/gap.c; graded release, sim/graded.c; a plastic one gets its
 * rule from plasticity/): checks the populations, connector, receptor,
 * weights and delays and plans its memory.  What the public
 * ax_projection_add* calls share. */
ax_status ax_projection_declare(ax_network *net, ax_population from, ax_population to, const ax_connector *c,
                                const char *receptor, ax_value weight, ax_value delay, ax_projection_kind kind,
                                ax_projection *out);

/* Builds thread k's part of projection p; observed delay range in steps.
 * Returns -1 when out of memory, -2 when a distance kernel was not finite
 * (or a distance in-degree cannot be met: ax_distance_report). */
int ax_projection_build_part(const ax_network *net, ax_projection_data *p, int k, ax_gen_scratch *scratch,
                             uint32_t *dmin, uint32_t *dmax);

/* The weights of p as declared, or as set after the build
 * (ax_projection_set_weights): their mean (for a distribution, its
 * centre), range and a description ("0.1", "an array of 100 values"). */
void ax_projection_weights_now(const ax_projection_data *p, double *center, double *lo, double *hi, char *desc,
                               size_t len);

/* Frees a projection's synapses and copies (not its plastic state, which
 * plasticity/ frees). */
void ax_projection_data_free(ax_projection_data *p, int threads);

#endif
