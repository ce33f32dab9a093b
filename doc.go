// Package tpm2wire is the root of a strict, allocation-free reader and writer
// of TPM 2.0 structures (TPM 2.0 Library, Part 2: Structures, revision 1.83),
// built for verifying WebAuthn "tpm" attestation.
//
// The structures live in four packages, generated from a transcription of the
// specification's tables (gen/ in the source tree) by tools/specgen:
//
//	algid  TPM_ALG_ID and TPM_ECC_CURVE: the TCG Algorithm Registry
//	tpm2b  sized byte buffers (TPM2B_DIGEST, TPM2B_NAME, ...)
//	tpms   TPMS_* structures, TPM_ST/TPM_HT/TPM_RH constants, TPMA_NV
//	tpmt   TPMT_* structures, TPMA_OBJECT, and the TPMS_*_PARMS family
//
// A type lives in the package of its spec prefix unless Go's import graph
// forbids it: the graph is algid <- tpm2b <- tpms <- tpmt, so TPMS_RSA_PARMS,
// which holds a TPMT_RSA_SCHEME, lives in tpmt beside TPMT_PUBLIC. Unions
// (TPMU_*) live with the structure that selects them; lists (TPML_*) with
// their element, or in tpms when the element is a TPM2B. A sized structure
// such as TPM2B_PUBLIC is not a type of its own but a framing of its inner
// type: tpmt.Parse2BPublic, (*tpmt.Public).Append2B.
//
// This package holds what they share: the error type and its sentinels.
// Every failure of every parser is an *Error naming the structure, the member
// and the byte offset, wrapping exactly one sentinel:
//
//	pub, err := tpmt.ParsePublic(pubArea)
//	var e *tpm2wire.Error
//	if errors.As(err, &e) {
//		log.Printf("bad %s.%s at byte %d", e.Type, e.Field, e.Offset)
//	}
//	if errors.Is(err, tpm2wire.ErrReservedBits) { ... }
package tpm2wire

//go:generate go run ./tools/specgen

// SpecRevision is the revision of TPM 2.0 Library Part 2 the parsers follow.
const SpecRevision = "1.83"
