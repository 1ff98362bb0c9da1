/*
 * contract_correlations.h - test_api_contract.c's cases for the analysis
 * calls of this area (docs/analysis.md): X(function, tag, status, fragment,
 * fragment, body).  Included by test_api_contract.c only.
 */
#define CONTRACT_CORRELATIONS(X)
