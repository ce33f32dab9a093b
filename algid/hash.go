package algid

import (
	"crypto"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"

	"github.com/tpm2wire/tpm2wire"
)

// Hash returns the crypto.Hash of a hash algorithm, and false for an ID that
// is not one or that the standard library lacks (SM3_256, SHA256_192, the
// SHAKE256 variants).
func (id ID) Hash() (crypto.Hash, bool) {
	switch id {
	case SHA1:
		return crypto.SHA1, true
	case SHA256:
		return crypto.SHA256, true
	case SHA384:
		return crypto.SHA384, true
	case SHA512:
		return crypto.SHA512, true
	case SHA3_256:
		return crypto.SHA3_256, true
	case SHA3_384:
		return crypto.SHA3_384, true
	case SHA3_512:
		return crypto.SHA3_512, true
	}
	return 0, false
}

// AppendDigest appends the digest of data under hash algorithm id to dst.
// For SHA-1, SHA-2 and SHA-3 it allocates nothing beyond growing dst;
// TPM_ALG_SHA256_192 is SHA-256 cut to 192 bits and TPM_ALG_SHAKE256_N is
// SHAKE256 with an N-bit output (NIST SP 800-208). It returns an error
// wrapping tpm2wire.ErrUnsupported for any other ID, including SM3_256.
func (id ID) AppendDigest(dst, data []byte) ([]byte, error) {
	switch id {
	case SHA1:
		d := sha1.Sum(data)
		return append(dst, d[:]...), nil
	case SHA256:
		d := sha256.Sum256(data)
		return append(dst, d[:]...), nil
	case SHA256_192:
		d := sha256.Sum256(data)
		return append(dst, d[:24]...), nil
	case SHA384:
		d := sha512.Sum384(data)
		return append(dst, d[:]...), nil
	case SHA512:
		d := sha512.Sum512(data)
		return append(dst, d[:]...), nil
	case SHA3_256:
		d := sha3.Sum256(data)
		return append(dst, d[:]...), nil
	case SHA3_384:
		d := sha3.Sum384(data)
		return append(dst, d[:]...), nil
	case SHA3_512:
		d := sha3.Sum512(data)
		return append(dst, d[:]...), nil
	case SHAKE256_192, SHAKE256_256, SHAKE256_512:
		return append(dst, sha3.SumSHAKE256(data, id.DigestSize())...), nil
	}
	return dst, unsupported(id)
}

func unsupported(id ID) error {
	return &unsupportedError{id}
}

type unsupportedError struct{ id ID }

func (e *unsupportedError) Error() string {
	return "tpm2wire: " + e.id.String() + " is not supported by this implementation"
}

func (e *unsupportedError) Unwrap() error { return tpm2wire.ErrUnsupported }
