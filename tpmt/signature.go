package tpmt

import (
	"crypto/ecdsa"
	"crypto/rsa"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
)

// HashAlg returns the hash algorithm a signature was made over, and false for
// TPM_ALG_NULL.
func (s *Signature) HashAlg() (algid.ID, bool) {
	if r, ok := s.rsa(); ok {
		return r.Hash, true
	}
	if e, ok := s.ecc(); ok {
		return e.Hash, true
	}
	if h, ok := s.Signature.HMAC(); ok {
		return h.HashAlg, true
	}
	return 0, false
}

// Verify checks s over message with pub, hashing message with the
// signature's own hash algorithm: RSASSA and RSAPSS with a *rsa.PublicKey,
// ECDSA with a *ecdsa.PublicKey. Other schemes (ECDAA, SM2, ECSCHNORR, EdDSA,
// HMAC) and NULL, and a key of the wrong kind, return an error wrapping
// tpm2wire.ErrSignature; a bad signature returns one too.
func (s *Signature) Verify(pub any, message []byte) error {
	alg, ok := s.HashAlg()
	if !ok {
		return sigError("a " + s.SigAlg().String() + " signature verifies nothing")
	}
	h, ok := alg.Hash()
	if !ok {
		return sigError(alg.String() + " is not supported")
	}
	hh := h.New()
	hh.Write(message)
	digest := hh.Sum(nil)
	switch s.SigAlg() {
	case algid.RSASSA, algid.RSAPSS:
		k, ok := pub.(*rsa.PublicKey)
		if !ok {
			return sigError("an RSA signature needs an *rsa.PublicKey")
		}
		r, _ := s.rsa()
		var err error
		if s.SigAlg() == algid.RSASSA {
			err = rsa.VerifyPKCS1v15(k, h, digest, r.Sig)
		} else {
			err = rsa.VerifyPSS(k, h, digest, r.Sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
		}
		if err != nil {
			return sigError(s.SigAlg().String() + ": " + err.Error())
		}
		return nil
	case algid.ECDSA:
		k, ok := pub.(*ecdsa.PublicKey)
		if !ok {
			return sigError("an ECDSA signature needs an *ecdsa.PublicKey")
		}
		e, _ := s.Signature.ECDSA()
		r, ss := e.RS()
		if !ecdsa.Verify(k, digest, r, ss) {
			return sigError("TPM_ALG_ECDSA: verification failed")
		}
		return nil
	}
	return sigError(s.SigAlg().String() + " signatures are not supported")
}

// rsa returns the body of an RSASSA or RSAPSS signature.
func (s *Signature) rsa() (tpms.SignatureRSA, bool) {
	if v, ok := s.Signature.RSASSA(); ok {
		return v, true
	}
	return s.Signature.RSAPSS()
}

// ecc returns the body of any of the signatures that share TPMS_SIGNATURE_ECC.
func (s *Signature) ecc() (tpms.SignatureECC, bool) {
	u := &s.Signature
	for _, get := range []func() (tpms.SignatureECC, bool){u.ECDSA, u.ECDAA, u.SM2, u.ECSchnorr, u.EdDSA, u.EdDSA_PH} {
		if v, ok := get(); ok {
			return v, true
		}
	}
	return tpms.SignatureECC{}, false
}

func sigError(msg string) error { return &wrapped{msg, tpm2wire.ErrSignature} }
