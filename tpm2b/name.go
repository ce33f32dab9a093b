package tpm2b

import (
	"strconv"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/tpmi"
)

// validateName applies the TPMU_NAME rule to the payload of a TPM2B_NAME
// (Part 2 §10.5.3, "Definition of TPMU_NAME Union"): a Name is empty (no
// Name), 4 bytes (a handle), or nameAlg (a TPMI_ALG_HASH) followed by exactly
// one nameAlg digest. Offsets count from the TPM2B's size field.
func validateName(b []byte) error {
	switch len(b) {
	case 0, 4:
		return nil
	case 1:
		return nameSizeError(len(b), "")
	}
	alg := uint16(b[0])<<8 | uint16(b[1])
	if !tpmi.AlgHash(alg, false) {
		return &tpm2wire.Error{Type: "TPM2B_NAME", Field: "name", Offset: 2, Err: tpm2wire.ErrHash,
			Detail: "nameAlg " + algid.ID(alg).String() + " is not a TPMI_ALG_HASH"}
	}
	if want := 2 + algid.ID(alg).DigestSize(); len(b) != want {
		return nameSizeError(len(b), " or a "+algid.ID(alg).String()+" digest Name ("+strconv.Itoa(want)+")")
	}
	return nil
}

func nameSizeError(size int, digest string) error {
	return &tpm2wire.Error{Type: "TPM2B_NAME", Field: "size", Offset: 0, Err: tpm2wire.ErrSize,
		Detail: "size " + strconv.Itoa(size) + " fits neither no Name (0), a handle (4)" + digest}
}

// Digest returns the nameAlg and the digest of a Name computed from a public
// area, and false for an empty Name or a handle.
func (n Name) Digest() (alg algid.ID, digest []byte, ok bool) {
	if len(n) < 2 || len(n) == 4 {
		return 0, nil, false
	}
	return algid.ID(uint16(n[0])<<8 | uint16(n[1])), n[2:], true
}

// Handle returns the handle of a Name that is a handle (4 bytes), such as
// the qualifiedSigner TPM_RH_NULL (0x40000007) of an attestation signed with
// no key, and false otherwise.
func (n Name) Handle() (uint32, bool) {
	if len(n) != 4 {
		return 0, false
	}
	return uint32(n[0])<<24 | uint32(n[1])<<16 | uint32(n[2])<<8 | uint32(n[3]), true
}

// AppendName appends to dst the Name of an entity whose public area (a
// TPMT_PUBLIC or TPMS_NV_PUBLIC) marshals to public: nameAlg, then the
// nameAlg digest of exactly those bytes (Part 1 §16 "Names"). A nameAlg of
// TPM_ALG_NULL gives the empty Name. Callers pass the bytes the TPM sent,
// never a re-encoding: Raw of a parsed tpmt.Public or tpms.NVPublic.
func AppendName(dst []byte, nameAlg algid.ID, public []byte) ([]byte, error) {
	if nameAlg == algid.NULL {
		return dst, nil
	}
	dst = append(dst, byte(nameAlg>>8), byte(nameAlg))
	return nameAlg.AppendDigest(dst, public)
}
