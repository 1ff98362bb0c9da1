/*
 * izhikevich_units.h - the drive hint (ax_model.drive_limit, drive_hint) of
 * Izhikevich and Izhikevich2003, which take currents in nA as PyNN's
 * Izhikevich does: the equation's I is 1000 (i_offset + I_inj).  The paper writes I directly
 * (thalamic input 5 N(0, 1), tonic drives of 3 .. 40), so a user who copies
 * its I = 10 into i_offset gets I = 10000: a spike on every step.  Past
 * 1 nA (I = 1000, far above any drive of the paper) a current is taken to
 * be written in the paper's units (AX_WARNING_DRIVE_UNITS).  Not
 * IzhikevichLeaky: its c_m = 100 slows v a hundredfold, and it takes
 * currents up to a few nA (examples/izhikevich_leaky.toml).
 */
#ifndef AX_IZHIKEVICH_UNITS_H
#define AX_IZHIKEVICH_UNITS_H

#define AX_IZHIKEVICH_DRIVE_LIMIT 1.0
#define AX_IZHIKEVICH_DRIVE_HINT                                                                     \
    "currents are in nA and the equation's I is 1000 times the current (PyNN's convention), so the " \
    "Izhikevich paper's I = 10 is i_offset = 0.01 nA, while 10 nA is I = 10000, which fires on every step"

#endif
