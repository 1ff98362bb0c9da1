/*
 * contract_spectra.h - test_api_contract.c's cases for the analysis calls of
 * this area (docs/analysis.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_SPECTRA(X)                                                                                        \
    X(ax_signal_welch_defaults, null_spec, E_, "ax_signal_welch_defaults", "'spec' is NULL",                        \
      ax_error err; ax_signal_welch_defaults(NULL, &err); return from_error(f, &err);)                               \
    X(ax_signal_welch, segment_longer_than_data, E_, "ax_signal_welch", "nperseg = 256 samples, the default",        \
      static const double x[100] = {0}; ax_error err; ax_spectrum s;                                                \
      ax_status st = ax_signal_welch(x, 100, 1.0, NULL, &s, &err); from_error(f, &err);                              \
      return st == AX_OK || s.n || s.power ? AX_OK : st;)                                                           \
    X(ax_signal_welch, nan_sample, E_, "sample 3", "finite",                                                        \
      double x[10] = {0}; x[3] = NAN; ax_error err; ax_spectrum s;                                                  \
      ax_welch_spec w; ax_signal_welch_defaults(&w, NULL); w.nperseg = 4;                                           \
      ax_signal_welch(x, 10, 1.0, &w, &s, &err); return from_error(f, &err);)                                        \
    X(ax_signal_welch, overlap_not_below_segment, E_, "noverlap = 8", "0 <= noverlap < nperseg",                  \
      static const double x[10] = {0}; ax_error err; ax_spectrum s;                                                 \
      ax_welch_spec w; ax_signal_welch_defaults(&w, NULL); w.nperseg = 8; w.noverlap = 8;                           \
      ax_signal_welch(x, 10, 1.0, &w, &s, &err); return from_error(f, &err);)                                        \
    X(ax_signal_welch, segment_ms_not_whole, E_, "segment_ms = 2.5", "whole number",                                \
      static const double x[10] = {0}; ax_error err; ax_spectrum s;                                                 \
      ax_welch_spec w; ax_signal_welch_defaults(&w, NULL); w.segment_ms = 2.5;                                      \
      ax_signal_welch(x, 10, 1.0, &w, &s, &err); return from_error(f, &err);)                                        \
    X(ax_signal_welch, unknown_window, E_, "window 7", "AX_WINDOW_HANN",                                            \
      static const double x[10] = {0}; ax_error err; ax_spectrum s;                                                 \
      ax_welch_spec w; ax_signal_welch_defaults(&w, NULL); w.nperseg = 4; w.window = (ax_spectrum_window)7;         \
      ax_signal_welch(x, 10, 1.0, &w, &s, &err); return from_error(f, &err);)                                        \
    X(ax_signal_welch, null_out, E_, "ax_signal_welch", "'out' is NULL",                                            \
      static const double x[10] = {0}; ax_error err;                                                                \
      ax_signal_welch(x, 10, 1.0, NULL, NULL, &err); return from_error(f, &err);)                                    \
    X(ax_signal_periodogram, zero_dt, E_, "ax_signal_periodogram", "dt_ms = 0",                                     \
      static const double x[10] = {0}; ax_error err; ax_spectrum s;                                                 \
      ax_signal_periodogram(x, 10, 0.0, AX_WINDOW_BOXCAR, AX_DETREND_CONSTANT, AX_PSD_DENSITY, &s, &err);            \
      return from_error(f, &err);)                                                                                  \
    X(ax_signal_periodogram, null_signal, E_, "ax_signal_periodogram", "'signal' is NULL",                          \
      ax_error err; ax_spectrum s;                                                                                  \
      ax_signal_periodogram(NULL, 10, 1.0, AX_WINDOW_BOXCAR, AX_DETREND_CONSTANT, AX_PSD_DENSITY, &s, &err);         \
      return from_error(f, &err);)                                                                                  \
    X(ax_signal_power_density, one_sample, E_, "ax_signal_power_density", "1 samples: at least 2",                  \
      static const double x[1] = {3}; ax_error err; ax_spectrum s;                                                  \
      ax_signal_power_density(x, 1, 1.0, &s, &err); return from_error(f, &err);)                                     \
    X(ax_spectrum_band_power, empty_band, E_, "ax_spectrum_band_power", "[4, 4] Hz",                                \
      static const double fr[] = {0, 1, 2, 3, 4, 5}, p[] = {1, 1, 1, 1, 1, 1}; ax_error err; double out;            \
      ax_spectrum_band_power(fr, p, 6, 4, 4, &out, &err); return from_error(f, &err);)                               \
    X(ax_spectrum_band_power, band_outside, E_, "[1, 30] Hz", "reaches outside",                                    \
      static const double fr[] = {0, 1, 2, 3, 4, 5}, p[] = {1, 1, 1, 1, 1, 1}; ax_error err; double out;            \
      ax_spectrum_band_power(fr, p, 6, 1, 30, &out, &err); return from_error(f, &err);)                              \
    X(ax_spectrum_relative_band_power, unsorted_freqs, E_, "freqs_hz[2] = 1", "strictly increasing",               \
      static const double fr[] = {0, 2, 1, 3}, p[] = {1, 1, 1, 1}; ax_error err; double out;                        \
      ax_spectrum_relative_band_power(fr, p, 4, 0, 1, &out, &err); return from_error(f, &err);)                      \
    X(ax_spectrum_relative_band_power, negative_power, E_, "power[1] = -1", ">= 0",                                 \
      static const double fr[] = {0, 1, 2, 3}, p[] = {1, -1, 1, 1}; ax_error err; double out;                       \
      ax_spectrum_relative_band_power(fr, p, 4, 0, 1, &out, &err); return from_error(f, &err);)                      \
    X(ax_spectrum_peak_frequency, no_bin_in_band, E_, "no bin", "[1.2, 1.8] Hz",                                    \
      static const double fr[] = {0, 1, 2, 3}, p[] = {1, 2, 1, 1}; ax_error err; double fq;                         \
      ax_spectrum_peak_frequency(fr, p, 4, 1.2, 1.8, &fq, NULL, &err); return from_error(f, &err);)                  \
    X(ax_spectrum_peak_frequency, nan_band, E_, "ax_spectrum_peak_frequency", "not NaN",                           \
      static const double fr[] = {0, 1, 2, 3}, p[] = {1, 2, 1, 1}; ax_error err; double fq;                         \
      ax_spectrum_peak_frequency(fr, p, 4, NAN, 2, &fq, NULL, &err); return from_error(f, &err);)                    \
    X(ax_spectrum_distance, silent_spectrum, E_, "power2 is 0 everywhere", "no distribution",                      \
      static const double a[] = {1, 2, 3}, b[] = {0, 0, 0}; ax_error err; double d;                                 \
      ax_spectrum_distance(a, b, 3, &d, &err); return from_error(f, &err);)                                          \
    X(ax_spectrum_distance, no_bins, E_, "ax_spectrum_distance", "n = 0",                                           \
      static const double a[] = {1}; ax_error err; double d;                                                        \
      ax_spectrum_distance(a, a, 0, &d, &err); return from_error(f, &err);)
