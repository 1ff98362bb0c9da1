/*
 * contract_generations.h - test_api_contract.c's cases for the fitting calls
 * of this area (docs/fitting.md): X(function, tag, status, fragment, fragment, body).
 * Included by test_api_contract.c only, after its fixture and helpers.
 */
#define CONTRACT_GENERATIONS(X)
