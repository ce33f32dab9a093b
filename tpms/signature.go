package tpms

import (
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// RS returns the ECDSA signature values r and s as integers, for
// ecdsa.Verify.
func (sig *SignatureECC) RS() (r, s *big.Int) {
	return new(big.Int).SetBytes(sig.SignatureR), new(big.Int).SetBytes(sig.SignatureS)
}

// ASN1 returns the signature as the DER SEQUENCE { r INTEGER, s INTEGER }
// that ecdsa.VerifyASN1 and x509 verify.
func (sig *SignatureECC) ASN1() []byte {
	r, s := sig.RS()
	var b cryptobyte.Builder
	b.AddASN1(asn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1BigInt(r)
		b.AddASN1BigInt(s)
	})
	return b.BytesOrPanic()
}
