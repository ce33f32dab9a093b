package webauthntpm

import (
	"errors"

	"github.com/fxamacker/cbor/v2"
)

// Caps bound the work a hostile input can cause. They are checked before the
// bytes they limit are decoded; real attestation objects are 1-5 KiB with 1-3
// certificates.
const (
	// MaxAttestationObjectSize is the largest attestation object accepted.
	MaxAttestationObjectSize = 64 << 10
	// MaxCertificates is the most x5c entries accepted.
	MaxCertificates = 8
	// MaxCertificateSize is the largest x5c entry accepted.
	MaxCertificateSize = 8 << 10
	// maxCBORDepth, maxCBORItems bound CBOR nesting and the size of any
	// one array or map (authenticator extensions included).
	maxCBORDepth = 16
	maxCBORItems = 64
)

// Statement is the attStmt of a "tpm" attestation (WebAuthn §8.3 "TPM
// Attestation Statement Format"). Field names follow the specification:
//
//	{ ver: "2.0", alg: COSEAlgorithmIdentifier, x5c: [aikCert, * caCert],
//	  sig: bytes, certInfo: bytes, pubArea: bytes }
type Statement struct {
	Ver        string   `cbor:"ver"`
	Alg        int64    `cbor:"alg"`
	X5C        [][]byte `cbor:"x5c"`
	Sig        []byte   `cbor:"sig"`
	CertInfo   []byte   `cbor:"certInfo"`
	PubArea    []byte   `cbor:"pubArea"`
	ECDAAKeyID []byte   `cbor:"ecdaaKeyId"`
}

// decMode is strict where ambiguity could hide an attack: duplicate map
// keys, unknown fields, invalid UTF-8 and trailing bytes are errors, and
// nesting and collection sizes are capped. Indefinite-length items carry the
// same meaning as definite ones and are accepted.
var decMode = func() cbor.DecMode {
	m, err := cbor.DecOptions{
		DupMapKey:         cbor.DupMapKeyEnforcedAPF,
		IndefLength:       cbor.IndefLengthAllowed,
		MaxNestedLevels:   maxCBORDepth,
		MaxArrayElements:  maxCBORItems,
		MaxMapPairs:       maxCBORItems,
		ExtraReturnErrors: cbor.ExtraDecErrorUnknownField,
		UTF8:              cbor.UTF8RejectInvalid,
	}.DecMode()
	if err != nil {
		panic(err)
	}
	return m
}()

// attestationObject is the CBOR map a registration returns (WebAuthn §6.5.4).
type attestationObject struct {
	Fmt      string          `cbor:"fmt"`
	AttStmt  cbor.RawMessage `cbor:"attStmt"`
	AuthData []byte          `cbor:"authData"`
}

// ParseAttestationObject decodes a "tpm" attestation object into its
// statement and authenticator data, enforcing the size caps and strict CBOR.
func ParseAttestationObject(b []byte) (*Statement, []byte, error) {
	if len(b) > MaxAttestationObjectSize {
		return nil, nil, fail(ErrAttestationObject, nil, "%d bytes, over the cap of %d", len(b), MaxAttestationObjectSize)
	}
	var ao attestationObject
	if err := decMode.Unmarshal(b, &ao); err != nil {
		return nil, nil, fail(ErrAttestationObject, err, "CBOR")
	}
	if ao.Fmt == "" || ao.AttStmt == nil || ao.AuthData == nil {
		return nil, nil, fail(ErrAttestationObject, nil, "fmt, attStmt and authData are required")
	}
	if ao.Fmt != "tpm" {
		return nil, nil, fail(ErrFormat, nil, "fmt is %q", ao.Fmt)
	}
	st, err := parseStatement(ao.AttStmt)
	if err != nil {
		return nil, nil, err
	}
	return st, ao.AuthData, nil
}

// parseStatement decodes attStmt. WebAuthn §8.3: "Verify that attStmt is
// valid CBOR conforming to the syntax defined above and perform CBOR decoding
// on it to extract the contained fields."
func parseStatement(raw []byte) (*Statement, error) {
	var st Statement
	if err := decMode.Unmarshal(raw, &st); err != nil {
		var e *cbor.UnknownFieldError
		if errors.As(err, &e) {
			return nil, fail(ErrStatement, err, "unknown attStmt field")
		}
		return nil, fail(ErrStatement, err, "CBOR")
	}
	return &st, nil
}
