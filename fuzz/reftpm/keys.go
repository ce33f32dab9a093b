package reftpm

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/binary"
	"sync"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// KeyKind names the verification keys TPM2_VerifySignature candidates are
// checked with.
type KeyKind uint8

// The verification keys.
const (
	KeyRSA  KeyKind = iota // RSA-2048, sign, scheme NULL, public only
	KeyECC                 // NIST P-256, sign, scheme NULL, public only
	KeyHMAC                // keyedhash, sign, HMAC-SHA256, nameAlg NULL, with its sensitive area
	numKeys
)

func (k KeyKind) String() string {
	return [...]string{"RSA", "ECC", "HMAC"}[k]
}

// KeyPair is a verification key: its public area, its TPM2B_SENSITIVE (nil
// for a public-only key) and the Go key that makes and checks signatures.
type KeyPair struct {
	Public    tpmt.Public
	Private2B []byte
	RSA       *rsa.PrivateKey
	ECC       *ecdsa.PrivateKey
	HMAC      []byte
}

var (
	keysOnce sync.Once
	keys     [numKeys]KeyPair
)

// Digest is the digest every TPM2_VerifySignature candidate is checked over.
var Digest = func() []byte { d := sha256.Sum256([]byte("tpm2wire reftpm")); return d[:] }()

// Keys returns the verification keys, generated once per process.
func Keys() *[numKeys]KeyPair {
	keysOnce.Do(func() {
		nullSym := tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
		rk, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		keys[KeyRSA] = KeyPair{RSA: rk, Public: tpmt.Public{
			NameAlg:          algid.SHA256,
			ObjectAttributes: tpmt.UserWithAuth | tpmt.Sign,
			Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{
				Symmetric: nullSym, Scheme: tpmt.RSAScheme{Details: tpmt.AsymSchemeDetailsNull()}, KeyBits: 2048,
			}),
			Unique: tpmt.PublicIDRSA(rk.N.FillBytes(make([]byte, 256))),
		}}
		ek, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		keys[KeyECC] = KeyPair{ECC: ek, Public: tpmt.Public{
			NameAlg:          algid.SHA256,
			ObjectAttributes: tpmt.UserWithAuth | tpmt.Sign,
			Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{
				Symmetric: nullSym, Scheme: tpmt.ECCScheme{Details: tpmt.AsymSchemeDetailsNull()},
				CurveID: algid.ECC_NIST_P256, KDF: tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsNull()},
			}),
			Unique: tpmt.PublicIDECC(tpms.ECCPoint{X: ek.X.FillBytes(make([]byte, 32)), Y: ek.Y.FillBytes(make([]byte, 32))}),
		}}
		// A keyedhash key with nameAlg NULL: ObjectLoad then checks neither
		// PublicAttributesValidation nor the seed binding, so the sensitive
		// area needs no seed (CryptValidateKeys, Object.c ObjectLoad).
		hk := make([]byte, 32)
		if _, err := rand.Read(hk); err != nil {
			panic(err)
		}
		var sens []byte
		sens = binary.BigEndian.AppendUint16(sens, uint16(algid.KEYEDHASH))
		sens = append(sens, 0, 0, 0, 0) // authValue, seedValue: empty
		sens = binary.BigEndian.AppendUint16(sens, uint16(len(hk)))
		sens = append(sens, hk...)
		priv := binary.BigEndian.AppendUint16(nil, uint16(len(sens)))
		keys[KeyHMAC] = KeyPair{HMAC: hk, Private2B: append(priv, sens...), Public: tpmt.Public{
			NameAlg:          algid.NULL,
			ObjectAttributes: tpmt.UserWithAuth | tpmt.Sign,
			Parameters: tpmt.PublicParmsKeyedHashDetail(tpmt.KeyedHashParms{Scheme: tpmt.KeyedHashScheme{
				Details: tpmt.KeyedHashSchemeDetailsHMAC(tpms.SchemeHash{HashAlg: algid.SHA256}),
			}}),
			Unique: tpmt.PublicIDKeyedHash(nil),
		}}
	})
	return &keys
}

// Sign returns a genuine TPMT_SIGNATURE over Digest with the key of kind k:
// RSASSA-SHA256 (pss false) or RSAPSS-SHA256 (pss true) for KeyRSA,
// ECDSA-SHA256 for KeyECC, HMAC-SHA256 for KeyHMAC.
func Sign(k KeyKind, pss bool) []byte {
	kp := &Keys()[k]
	var u tpmt.SignatureUnion
	switch k {
	case KeyRSA:
		if pss {
			s, err := rsa.SignPSS(rand.Reader, kp.RSA, crypto.SHA256, Digest, &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
			if err != nil {
				panic(err)
			}
			u = tpmt.SignatureUnionRSAPSS(tpms.SignatureRSA{Hash: algid.SHA256, Sig: s})
		} else {
			s, err := rsa.SignPKCS1v15(nil, kp.RSA, crypto.SHA256, Digest)
			if err != nil {
				panic(err)
			}
			u = tpmt.SignatureUnionRSASSA(tpms.SignatureRSA{Hash: algid.SHA256, Sig: s})
		}
	case KeyECC:
		r, s, err := ecdsa.Sign(rand.Reader, kp.ECC, Digest)
		if err != nil {
			panic(err)
		}
		u = tpmt.SignatureUnionECDSA(tpms.SignatureECC{Hash: algid.SHA256, SignatureR: r.FillBytes(make([]byte, 32)), SignatureS: s.FillBytes(make([]byte, 32))})
	case KeyHMAC:
		m := hmac.New(sha256.New, kp.HMAC)
		m.Write(Digest)
		u = tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA256, Digest: m.Sum(nil)})
	}
	return tpmt.Signature{Signature: u}.Append(nil)
}

// Verifier is a key TPM2_VerifySignature checks candidates with, and the
// digest it checks them over: one of the generated keys, or a signer's
// public area from testdata/corpus with the digest of what it signed.
type Verifier struct {
	Name      string
	Public    []byte // TPMT_PUBLIC, loaded with TPM2_LoadExternal
	Private2B []byte // TPM2B_SENSITIVE, or nil for a public-only load
	Digest    []byte
	rsa       *rsa.PublicKey
	ecc       *ecdsa.PublicKey
	curve     algid.Curve
	hmac      []byte // the HMAC key (scheme HMAC-SHA256)
}

var (
	builtinOnce sync.Once
	builtin     [numKeys]*Verifier
)

// Builtin returns the verifier of the generated key of kind k, over Digest.
func Builtin(k KeyKind) *Verifier {
	builtinOnce.Do(func() {
		ks := Keys()
		builtin[KeyRSA] = &Verifier{Name: "builtin-rsa2048", Public: ks[KeyRSA].Public.Append(nil), Digest: Digest, rsa: &ks[KeyRSA].RSA.PublicKey}
		builtin[KeyECC] = &Verifier{Name: "builtin-ecc-p256", Public: ks[KeyECC].Public.Append(nil), Digest: Digest, ecc: &ks[KeyECC].ECC.PublicKey, curve: algid.ECC_NIST_P256}
		builtin[KeyHMAC] = &Verifier{Name: "builtin-hmac-sha256", Public: ks[KeyHMAC].Public.Append(nil), Private2B: ks[KeyHMAC].Private2B, Digest: Digest, hmac: ks[KeyHMAC].HMAC}
	})
	return builtin[k]
}

// ExternalVerifier makes a verifier of a signer's TPMT_PUBLIC (an RSA key,
// or an ECC key on a curve Go implements) over digest, or returns false.
func ExternalVerifier(name string, public, digest []byte) (*Verifier, bool) {
	p, err := tpmt.ParsePublic(public)
	if err != nil || p.ObjectAttributes&tpmt.Sign == 0 {
		return nil, false
	}
	k, err := p.PublicKey()
	if err != nil {
		return nil, false
	}
	v := &Verifier{Name: name, Public: public, Digest: digest}
	switch k := k.(type) {
	case *rsa.PublicKey:
		v.rsa = k
	case *ecdsa.PublicKey:
		parms, _ := p.Parameters.ECCDetail()
		v.ecc, v.curve = k, parms.CurveID
	default:
		return nil, false
	}
	return v, true
}
