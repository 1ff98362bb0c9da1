/*
 * contract_stats.h - test_api_contract.c's cases for the analysis calls of
 * this area (docs/analysis.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_STATS(X)
