// Package tpms holds the TPM 2.0 structures (TPMS_*) that need no TPMT_*
// type: the attestation structure TPMS_ATTEST (WebAuthn's certInfo) with all
// eight of its attested members, clock and time information, PCR selections,
// ECC points, signature bodies, NV public areas and creation data; the lists
// of them (TPML_PCR_SELECTION, TPML_DIGEST); and the constants and attributes
// their users look for: TPM_ST, TPM_HT, TPM_RH and TPM_HC handles, TPM_NT,
// TPMA_NV and TPMA_LOCALITY.
//
// Parse functions are strict: the whole input must be one structure, every
// value must be one Part 2 allows, and a failure is a *tpm2wire.Error. Parsed
// values alias the input, so a successful parse allocates nothing; the input
// must not be modified while they are in use. Unions are structs holding
// their selector, read through typed accessors:
//
//	a, err := tpms.ParseAttest(certInfo)
//	if err != nil { ... }
//	if c, ok := a.Attested.Certify(); ok {
//		fmt.Printf("certified %x\n", c.Name)
//	}
//
// Lists are read through iterators (All), so they too allocate nothing.
package tpms
