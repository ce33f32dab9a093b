package tpmt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"math/big"
	"strconv"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
)

// DefaultRSAExponent is the RSA public exponent a TPMS_RSA_PARMS exponent of
// 0 stands for: "when zero, indicates that the exponent is the default of
// 2^16 + 1" (Part 2 "Definition of TPMS_RSA_PARMS Structure").
const DefaultRSAExponent = 1<<16 + 1

// EffectiveExponent returns the RSA public exponent p describes: Exponent,
// or DefaultRSAExponent when Exponent is 0. The two encode differently, so
// they give different Names; compare keys with this, Names with the bytes.
func (p *RSAParms) EffectiveExponent() uint32 {
	if p.Exponent == 0 {
		return DefaultRSAExponent
	}
	return p.Exponent
}

// AppendName appends the Name of the object p describes to dst: nameAlg,
// then the nameAlg digest of the TPMT_PUBLIC (Part 1 §16 "Names"). The digest
// is over Raw, the exact bytes p was parsed from; a Public built in Go (Raw
// nil) is encoded with Append first. An object whose nameAlg is TPM_ALG_NULL
// has an empty Name. With SHA-1, SHA-2 or SHA-3 and a dst with room for the
// Name it allocates nothing.
func (p *Public) AppendName(dst []byte) ([]byte, error) {
	raw := p.Raw
	if raw == nil {
		raw = p.Append(nil)
	}
	return tpm2b.AppendName(dst, p.NameAlg, raw)
}

// Name returns the Name of the object p describes; see AppendName.
func (p *Public) Name() (tpm2b.Name, error) {
	n, err := p.AppendName(make([]byte, 0, tpm2b.NameMaxSize))
	return tpm2b.Name(n), err
}

// PublicKey returns the public key of an RSA or ECC object as a
// *rsa.PublicKey or *ecdsa.PublicKey. The RSA modulus must be exactly keyBits
// long; an ECC point must be on a curve Go implements (NIST P-224, P-256,
// P-384, P-521), each coordinate at most the curve's size (a shorter one,
// whose leading zero bytes the TPM dropped, is left-padded).
func (p *Public) PublicKey() (crypto.PublicKey, error) {
	switch p.Type() {
	case algid.RSA:
		parms, _ := p.Parameters.RSADetail()
		n, _ := p.Unique.RSA()
		if len(n)*8 != int(parms.KeyBits) {
			return nil, keyError("RSA modulus is " + strconv.Itoa(len(n)) + " bytes, keyBits is " + strconv.Itoa(int(parms.KeyBits)))
		}
		return &rsa.PublicKey{N: new(big.Int).SetBytes(n), E: int(parms.EffectiveExponent())}, nil
	case algid.ECC:
		parms, _ := p.Parameters.ECCDetail()
		pt, _ := p.Unique.ECC()
		curve := ECDSACurve(parms.CurveID)
		if curve == nil {
			return nil, &unsupportedCurve{parms.CurveID}
		}
		size := (curve.Params().BitSize + 7) / 8
		if len(pt.X) > size || len(pt.Y) > size {
			return nil, keyError("ECC coordinate longer than " + strconv.Itoa(size) + " bytes")
		}
		enc := make([]byte, 1+2*size)
		enc[0] = 4
		copy(enc[1+size-len(pt.X):1+size], pt.X)
		copy(enc[1+2*size-len(pt.Y):], pt.Y)
		k, err := ecdsa.ParseUncompressedPublicKey(curve, enc)
		if err != nil {
			return nil, keyError("ECC point is not on " + parms.CurveID.String())
		}
		return k, nil
	}
	return nil, keyError("an object of type " + p.Type().String() + " has no public key")
}

// ECDSACurve returns the Go curve of a TPM curve, or nil for a curve the
// standard library does not implement.
func ECDSACurve(c algid.Curve) elliptic.Curve {
	switch c {
	case algid.ECC_NIST_P224:
		return elliptic.P224()
	case algid.ECC_NIST_P256:
		return elliptic.P256()
	case algid.ECC_NIST_P384:
		return elliptic.P384()
	case algid.ECC_NIST_P521:
		return elliptic.P521()
	}
	return nil
}

type wrapped struct {
	msg string
	err error
}

func (e *wrapped) Error() string { return "tpm2wire: " + e.msg }
func (e *wrapped) Unwrap() error { return e.err }

func keyError(msg string) error { return &wrapped{msg, tpm2wire.ErrKey} }

type unsupportedCurve struct{ c algid.Curve }

func (e *unsupportedCurve) Error() string {
	return "tpm2wire: " + e.c.String() + " is not supported by this implementation"
}
func (e *unsupportedCurve) Unwrap() error { return tpm2wire.ErrUnsupported }
