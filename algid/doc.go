// Package algid holds the TCG Algorithm Registry values TPM 2.0 structures
// carry: algorithm identifiers (TPM_ALG_ID, type ID) with their class and
// digest size, and ECC curve identifiers (TPM_ECC_CURVE, type Curve).
//
// Constants keep their specification names without the TPM_ALG_ prefix:
// TPM_ALG_SHA256 is algid.SHA256 and prints as "TPM_ALG_SHA256".
package algid
