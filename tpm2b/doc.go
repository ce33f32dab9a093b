// Package tpm2b holds the TPM 2.0 sized byte buffers (TPM2B_*): a 16-bit size
// followed by that many bytes, at most the bound Part 2 sets for the type
// (DigestMaxSize, NameMaxSize, ...).
//
// A buffer is a named []byte. Decode reads one from a cryptobyte.String and
// returns a sub-slice of it, capped so that appending to it cannot overwrite
// the input; Append writes the size and the bytes. A TPM2B_NAME is further
// checked against the TPMU_NAME rule: empty, a 4-byte handle, or nameAlg
// followed by exactly one nameAlg digest.
//
// TPM2B types that frame a structure (TPM2B_PUBLIC, TPM2B_ATTEST, ...) are not
// here: they are Decode2B/Append2B/Parse2B* on the framed type, in tpms and
// tpmt.
package tpm2b
