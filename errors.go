package tpm2wire

import (
	"errors"
	"strconv"
)

// Error is the error every tpm2wire parser returns. It names where the input
// broke a rule of TPM 2.0 Part 2 and which rule; errors.Is(err, ErrX) tells
// the rule apart:
//
//	_, err := tpms.ParseAttest(b)
//	if errors.Is(err, tpm2wire.ErrMagic) { ... }
type Error struct {
	// Type is the Part 2 name of the structure whose member broke the rule,
	// such as "TPMT_PUBLIC". Errors inside a sized buffer (TPM2B_*) name
	// the structure that holds the buffer.
	Type string
	// Field is the member of Type, such as "nameAlg". It is empty when the
	// rule concerns the whole input (ErrTrailingData).
	Field string
	// Offset is the position, in bytes from the start of the input given
	// to the Parse function (or of the cryptobyte.String given to Decode),
	// of the first byte of the value that broke the rule.
	Offset int
	// Err is one of the Err* sentinels of this package.
	Err error
	// Detail says what was found, such as "value 0x0099".
	Detail string
}

func (e *Error) Error() string {
	msg := "tpm2wire: " + e.Type
	if e.Field != "" {
		msg += "." + e.Field
	}
	msg += " at offset " + strconv.Itoa(e.Offset) + ": " + e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the sentinel, so that errors.Is sees through an *Error.
func (e *Error) Unwrap() error { return e.Err }

// sentinel is the type of the exported sentinels: comparable, and printed
// with the TPM_RC code the TPM reference implementation returns for the same
// rule, where there is one.
type sentinel struct{ msg string }

func (s *sentinel) Error() string { return s.msg }

// The sentinels. Each failed check returns exactly one of them, wrapped in an
// *Error. Where the TPM reference implementation's unmarshaller has the same
// check, the sentinel corresponds to its response code, named in the text.
var (
	// ErrTruncated: the input ended inside a value (TPM_RC_INSUFFICIENT).
	ErrTruncated error = &sentinel{"input ends inside the value (TPM_RC_INSUFFICIENT)"}
	// ErrTrailingData: bytes follow a complete structure. Part 2 structures
	// are never followed by padding, so the whole input must be consumed.
	ErrTrailingData error = &sentinel{"bytes follow the end of the structure"}
	// ErrSize: a TPM2B or TPML larger than its bound, a sized structure
	// (size=) whose size differs from what it holds or is 0, or a
	// TPM2B_NAME whose size fits neither a handle nor a digest (TPM_RC_SIZE).
	ErrSize error = &sentinel{"size or count out of bounds (TPM_RC_SIZE)"}
	// ErrSelector: a union selector with no member in the union (TPM_RC_SELECTOR).
	ErrSelector error = &sentinel{"selector has no union member (TPM_RC_SELECTOR)"}
	// ErrValue: a value outside the set its type allows (TPM_RC_VALUE).
	ErrValue error = &sentinel{"value not allowed (TPM_RC_VALUE)"}
	// ErrHash: a hash algorithm that is not a TPMI_ALG_HASH value, or
	// TPM_ALG_NULL where the use does not allow it (TPM_RC_HASH).
	ErrHash error = &sentinel{"hash algorithm not allowed (TPM_RC_HASH)"}
	// ErrSymmetric: a symmetric algorithm not allowed here (TPM_RC_SYMMETRIC).
	ErrSymmetric error = &sentinel{"symmetric algorithm not allowed (TPM_RC_SYMMETRIC)"}
	// ErrMode: a block cipher mode not allowed here (TPM_RC_MODE).
	ErrMode error = &sentinel{"cipher mode not allowed (TPM_RC_MODE)"}
	// ErrKDF: a key derivation function not allowed here (TPM_RC_KDF).
	ErrKDF error = &sentinel{"KDF not allowed (TPM_RC_KDF)"}
	// ErrScheme: a signing or key-exchange scheme not allowed here (TPM_RC_SCHEME).
	ErrScheme error = &sentinel{"scheme not allowed (TPM_RC_SCHEME)"}
	// ErrCurve: an ECC curve not allowed here (TPM_RC_CURVE).
	ErrCurve error = &sentinel{"ECC curve not allowed (TPM_RC_CURVE)"}
	// ErrType: an object type that is not a TPMI_ALG_PUBLIC value (TPM_RC_TYPE).
	ErrType error = &sentinel{"object type not allowed (TPM_RC_TYPE)"}
	// ErrTag: a ticket whose tag is not the one its type requires (TPM_RC_TAG).
	ErrTag error = &sentinel{"structure tag not allowed (TPM_RC_TAG)"}
	// ErrReservedBits: an attribute word with a reserved bit set (TPM_RC_RESERVED_BITS).
	ErrReservedBits error = &sentinel{"reserved bits set (TPM_RC_RESERVED_BITS)"}
	// ErrMagic: a TPMS_ATTEST whose magic is not TPM_GENERATED_VALUE, so it
	// was not produced by a TPM.
	ErrMagic error = &sentinel{"magic is not TPM_GENERATED_VALUE"}
)

// ErrUnsupported is returned, unwrapped, when a well-formed value names an
// algorithm this module cannot compute with, such as a Name whose nameAlg is
// TPM_ALG_SM3_256 (the Go standard library has no SM3).
var ErrUnsupported = errors.New("tpm2wire: algorithm not supported by this implementation")

// ErrKey is returned, wrapped, when a well-formed public area does not hold a
// usable public key: an RSA modulus whose length differs from keyBits, an
// ECC coordinate longer than the curve, or a point that is not on the curve.
var ErrKey = errors.New("tpm2wire: malformed public key")

// ErrSignature is returned, wrapped, when a signature does not verify, or
// does not fit the key it is checked with.
var ErrSignature = errors.New("tpm2wire: signature does not verify")

// Sentinels returns every sentinel a parser can return, for callers and tests
// that classify errors.
func Sentinels() []error {
	return []error{
		ErrTruncated, ErrTrailingData, ErrSize, ErrSelector, ErrValue, ErrHash,
		ErrSymmetric, ErrMode, ErrKDF, ErrScheme, ErrCurve, ErrType, ErrTag,
		ErrReservedBits, ErrMagic,
	}
}
