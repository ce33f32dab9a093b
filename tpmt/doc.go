// Package tpmt holds the TPM 2.0 tagged structures (TPMT_*): the public area
// TPMT_PUBLIC (WebAuthn's pubArea) with all four object types and every
// scheme, symmetric and KDF member; signatures (TPMT_SIGNATURE); tagged
// digests (TPMT_HA, TPML_DIGEST_VALUES); and tickets (TPMT_TK_*). The
// TPMS_*_PARMS structures and the TPMU_* unions of the public area live here
// too, because they contain TPMT_* schemes: placing them in tpms would make
// an import cycle.
//
// As in tpms, Parse functions are strict and allocation-free, and parsed
// values alias their input. A parsed Public keeps the exact bytes it came
// from in Raw: its Name is computed over them, never over a re-encoding, and
// PublicKey converts it to a *rsa.PublicKey or *ecdsa.PublicKey.
//
// Part 2 lets some uses of a type admit TPM_ALG_NULL (written TYPE+ in the
// tables). ParsePublic and ParseSignature refuse it; ParsePublicAllowNull and
// ParseSignatureAllowNull are for the uses that admit it, such as a
// TPM2_LoadExternal public area or a signature made with no key.
package tpmt
