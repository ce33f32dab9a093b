package reftpm

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rsa"
	_ "crypto/sha1" // RSASSA-SHA1 signatures
	"crypto/sha256"
	_ "crypto/sha512" // RSASSA-SHA384/512 signatures
	"math/big"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// This file transcribes what the simulator checks after unmarshalling, for
// the two commands used: TPM2_LoadExternal of a public area alone
// (Object.c ObjectLoad: SchemeChecks(NULL, publicArea), then
// CryptValidateKeys(publicArea, NULL)) and TPM2_VerifySignature
// (CryptValidateSignature). Every result is reported against parameter 2
// (RcSafeAddToResult with RC_LoadExternal_inPublic or
// RC_VerifySignature_signature).

// SemanticPublic predicts TPM2_LoadExternal's result for a public area the
// simulator unmarshalled.
func SemanticPublic(p *tpmt.Public) RC {
	rc := schemeChecks(p)
	if rc == RCSuccess {
		rc = validateKeys(p)
	}
	return rc.AtParam(2)
}

// schemeChecks is Object_spt.c SchemeChecks with parentObject NULL.
func schemeChecks(p *tpmt.Public) RC {
	a := p.ObjectAttributes
	sign, decrypt, restricted := a&tpmt.Sign != 0, a&tpmt.Decrypt != 0, a&tpmt.Restricted != 0
	var sym *tpmt.SymDefObject
	switch p.Type() {
	case algid.SYMCIPHER:
		parms, _ := p.Parameters.SymDetail()
		sym = &parms.Sym
		if decrypt && !symModeValid(symMode(sym)) {
			return RCScheme
		}
	case algid.KEYEDHASH:
		parms, _ := p.Parameters.KeyedHashDetail()
		scheme := parms.Scheme.Scheme()
		switch {
		case sign == decrypt:
			if scheme != algid.NULL {
				return RCScheme
			}
		case sign && scheme != algid.HMAC:
			return RCScheme
		case decrypt:
			if scheme != algid.XOR {
				return RCScheme
			}
			if restricted {
				xor, _ := parms.Scheme.Details.XOR()
				if xor.KDF != algid.KDF1_SP800_108 {
					return RCScheme
				}
				if digestSize(uint16(xor.HashAlg)) == 0 {
					return RCHash
				}
			}
		}
	default: // RSA, ECC
		var scheme algid.ID
		if parms, ok := p.Parameters.RSADetail(); ok {
			sym, scheme = &parms.Symmetric, parms.Scheme.Scheme()
		} else {
			parms, _ := p.Parameters.ECCDetail()
			sym, scheme = &parms.Symmetric, parms.Scheme.Scheme()
		}
		switch {
		case sign == decrypt:
			if scheme != algid.NULL {
				return RCScheme
			}
		case sign:
			// A signing scheme's hashAlg cannot be NULL once unmarshalled
			// (TPMS_SCHEME_HASH reads it without +), so only the other
			// branch can fail.
			if !asymSignScheme(p.Type(), scheme) && (restricted || scheme != algid.NULL) {
				return RCScheme
			}
		case decrypt:
			if restricted {
				if scheme != algid.NULL {
					return RCScheme
				}
			} else if scheme != algid.NULL && !asymDecryptScheme(p.Type(), scheme) {
				return RCScheme
			}
		}
		if !restricted || !decrypt {
			if sym.Algorithm() != algid.NULL {
				return RCSymmetric
			}
		}
		if parms, ok := p.Parameters.ECCDetail(); ok {
			// Every curve the simulator implements has sign scheme NULL
			// (CryptEccData.c), so CryptGetCurveSignScheme imposes nothing.
			if parms.KDF.Scheme() != algid.NULL {
				return RCKDF
			}
		}
	}
	if sym != nil && restricted && decrypt && sym.Algorithm() == algid.NULL {
		return RCSymmetric
	}
	return RCSuccess
}

func symMode(s *tpmt.SymDefObject) algid.ID {
	for _, get := range []func() (algid.ID, bool){s.Mode.AES, s.Mode.SM4, s.Mode.Camellia} {
		if m, ok := get(); ok {
			return m
		}
	}
	return algid.NULL
}

// symModeValid is CryptUtil.c CryptSymModeIsValid(mode, TRUE): CMAC is not
// an encryption mode.
func symModeValid(m algid.ID) bool {
	switch m {
	case algid.CTR, algid.OFB, algid.CBC, algid.CFB, algid.ECB, algid.NULL:
		return true
	}
	return false
}

// asymSignScheme is CryptIsAsymSignScheme under the simulator's profile.
func asymSignScheme(t, s algid.ID) bool {
	if t == algid.RSA {
		return s == algid.RSASSA || s == algid.RSAPSS
	}
	return s == algid.ECDSA || s == algid.ECDAA || s == algid.ECSCHNORR
}

// asymDecryptScheme is CryptIsAsymDecryptScheme under the simulator's profile.
func asymDecryptScheme(t, s algid.ID) bool {
	if t == algid.RSA {
		return s == algid.RSAES || s == algid.OAEP
	}
	return s == algid.ECDH
}

// validateKeys is CryptUtil.c CryptValidateKeys with no sensitive area.
func validateKeys(p *tpmt.Public) RC {
	switch p.Type() {
	case algid.RSA:
		parms, _ := p.Parameters.RSADetail()
		n, _ := p.Unique.RSA()
		if len(n) != int(parms.KeyBits+7)/8 || n[0] < 0x80 {
			return RCKey
		}
		if parms.Exponent != 0 && parms.Exponent < 7 {
			return RCValue
		}
	case algid.ECC:
		parms, _ := p.Parameters.ECCDetail()
		c := simCurve(parms.CurveID)
		pt, _ := p.Unique.ECC()
		if len(pt.X) != c.size || len(pt.Y) != c.size {
			return RCKey
		}
		if p.NameAlg != algid.NULL && !c.onCurve(pt.X, pt.Y) {
			return RCECCPoint
		}
	default:
		var u []byte
		if d, ok := p.Unique.KeyedHash(); ok {
			u = d
		} else {
			u, _ = p.Unique.Sym()
		}
		if len(u) != digestSize(uint16(p.NameAlg)) {
			return RCKey
		}
	}
	return RCSuccess
}

// weierstrass is a curve y^2 = x^3 + ax + b over GF(p), as the simulator
// checks it (CryptEccMain.c BnIsOnCurve): the coordinates are not reduced
// first, so any x, y congruent to a point pass.
type weierstrass struct {
	size    int
	p, a, b *big.Int
	n       *big.Int
}

func (c *weierstrass) onCurve(x, y []byte) bool {
	X, Y := new(big.Int).SetBytes(x), new(big.Int).SetBytes(y)
	left := new(big.Int).Mul(Y, Y)
	left.Mod(left, c.p)
	right := new(big.Int).Mul(X, X)
	right.Add(right, c.a).Mul(right, X).Add(right, c.b).Mod(right, c.p)
	return left.Cmp(right) == 0
}

func nist(c elliptic.Curve) *weierstrass {
	p := c.Params()
	return &weierstrass{size: (p.BitSize + 7) / 8, p: p.P, a: big.NewInt(-3), b: p.B, n: p.N}
}

func hexInt(s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 16)
	if !ok {
		panic(s)
	}
	return v
}

// simCurve returns the curves the simulator implements (CryptEccData.c).
func simCurve(id algid.Curve) *weierstrass {
	switch id {
	case algid.ECC_NIST_P224:
		return nist(elliptic.P224())
	case algid.ECC_NIST_P256:
		return nist(elliptic.P256())
	case algid.ECC_NIST_P384:
		return nist(elliptic.P384())
	case algid.ECC_NIST_P521:
		return nist(elliptic.P521())
	case algid.ECC_BN_P256:
		return &weierstrass{size: 32,
			p: hexInt("FFFFFFFFFFFCF0CD46E5F25EEE71A49F0CDC65FB12980A82D3292DDBAED33013"),
			a: big.NewInt(0), b: big.NewInt(3),
			n: hexInt("FFFFFFFFFFFCF0CD46E5F25EEE71A49E0CDC65FB1299921AF62D536CD10B500D")}
	}
	panic("not a curve the simulator implements: " + id.String())
}

// SemanticSignature predicts TPM2_VerifySignature's result for a signature
// the simulator unmarshalled, checked with v over v.Digest (CryptUtil.c
// CryptValidateSignature and the per-algorithm validators).
func SemanticSignature(v *Verifier, s *tpmt.Signature) RC {
	return verify(v, s).AtParam(2)
}

func cryptoHash(h algid.ID) crypto.Hash {
	switch h {
	case algid.SHA1:
		return crypto.SHA1
	case algid.SHA256:
		return crypto.SHA256
	case algid.SHA384:
		return crypto.SHA384
	case algid.SHA512:
		return crypto.SHA512
	}
	return 0
}

func verify(v *Verifier, s *tpmt.Signature) RC {
	switch {
	case v.rsa != nil: // CryptRsa.c CryptRsaValidateSignature
		var body, ok = s.Signature.RSASSA()
		pss := false
		if !ok {
			if body, ok = s.Signature.RSAPSS(); !ok {
				return RCScheme
			}
			pss = true
		}
		if len(body.Sig) != v.rsa.Size() {
			return RCSignature
		}
		h := cryptoHash(body.Hash)
		var err error
		if pss {
			err = rsa.VerifyPSS(v.rsa, h, v.Digest, body.Sig, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthAuto})
		} else {
			err = rsa.VerifyPKCS1v15(v.rsa, h, v.Digest, body.Sig)
		}
		if err != nil {
			return RCSignature
		}
	case v.ecc != nil: // CryptEccSignature.c CryptEccValidateSignature (SM2 is not implemented)
		body, ok := s.Signature.ECDSA()
		if !ok {
			if _, ok := s.Signature.ECSchnorr(); ok {
				return RCSignature // no genuine Schnorr signature is ever made here
			}
			return RCScheme
		}
		n := simCurve(v.curve).n
		r, ss := new(big.Int).SetBytes(body.SignatureR), new(big.Int).SetBytes(body.SignatureS)
		if r.Sign() == 0 || ss.Sign() == 0 || r.Cmp(n) >= 0 || ss.Cmp(n) >= 0 {
			return RCSignature
		}
		// The hash member is not used: ECDSA verifies the digest given.
		if !ecdsa.Verify(v.ecc, v.Digest, r, ss) {
			return RCSignature
		}
	default: // CryptUtil.c CryptHMACVerifySignature; the key's scheme is HMAC-SHA256
		ha, ok := s.Signature.HMAC()
		if !ok {
			return RCScheme
		}
		if ha.HashAlg != algid.SHA256 {
			return RCSignature
		}
		m := hmac.New(sha256.New, v.hmac)
		m.Write(v.Digest)
		if !bytes.Equal(m.Sum(nil), ha.Digest) {
			return RCSignature
		}
	}
	return RCSuccess
}
