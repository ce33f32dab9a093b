package webauthntpm

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"math/big"

	"github.com/fxamacker/cbor/v2"
	"github.com/tpm2wire/tpm2wire/algid"
	"golang.org/x/crypto/cryptobyte"
)

// Authenticator data flags (WebAuthn §6.1 "Authenticator Data").
const (
	flagUP = 1 << 0 // user present
	flagAT = 1 << 6 // attested credential data included
	flagED = 1 << 7 // extension data included
)

// authData is the part of the authenticator data the TPM procedure uses.
type authData struct {
	flags        byte
	aaguid       [16]byte
	credentialID []byte
	coseKey      []byte // the COSE_Key, as encoded
	key          credentialKey
}

// parseAuthData reads the authenticator data (WebAuthn §6.1): rpIdHash (32),
// flags (1), signCount (4), the attested credential data (§6.5.2: aaguid
// (16), credentialIdLength (2), credentialId, credentialPublicKey), then the
// extensions when ED is set, and nothing after.
func parseAuthData(b []byte) (*authData, error) {
	s := cryptobyte.String(b)
	var ad authData
	var credID cryptobyte.String
	if !s.Skip(32) || !s.ReadUint8(&ad.flags) || !s.Skip(4) {
		return nil, fail(ErrAuthData, nil, "%d bytes is shorter than the fixed header", len(b))
	}
	if ad.flags&flagAT == 0 {
		return nil, fail(ErrAuthData, nil, "no attested credential data (AT flag clear)")
	}
	if !s.CopyBytes(ad.aaguid[:]) || !s.ReadUint16LengthPrefixed(&credID) {
		return nil, fail(ErrAuthData, nil, "attested credential data truncated")
	}
	if len(credID) == 0 || len(credID) > 1023 {
		// §6.5.2: credentialIdLength "MUST be ≤ 1023".
		return nil, fail(ErrAuthData, nil, "credential ID of %d bytes", len(credID))
	}
	ad.credentialID = credID
	rest, err := decMode.UnmarshalFirst(s, new(cbor.RawMessage))
	if err != nil {
		return nil, fail(ErrAuthData, err, "credentialPublicKey")
	}
	ad.coseKey = s[:len(s)-len(rest)]
	if ad.key, err = parseCOSEKey(ad.coseKey); err != nil {
		return nil, err
	}
	if ad.flags&flagED != 0 {
		var ext map[string]cbor.RawMessage
		if rest, err = decMode.UnmarshalFirst(rest, &ext); err != nil {
			return nil, fail(ErrAuthData, err, "extensions")
		}
	}
	if len(rest) != 0 {
		return nil, fail(ErrAuthData, nil, "%d bytes after the authenticator data", len(rest))
	}
	return &ad, nil
}

// COSE key parameters (RFC 9052 §7, RFC 9053 §7.1, RFC 8230 §4).
const (
	coseKty = 1
	coseAlg = 3
	// EC2
	coseCrv = -1
	coseX   = -2
	coseY   = -3
	// RSA
	coseN = -1
	coseE = -2

	ktyEC2 = 2
	ktyRSA = 3
)

// A credentialKey is the credential public key of the authenticator data.
type credentialKey struct {
	alg    int64
	rsa    *rsa.PublicKey
	curve  algid.Curve // for EC2: the TPM curve matching the COSE crv
	x, y   []byte      // for EC2: the coordinates, curve-size bytes each
	public any         // *rsa.PublicKey or *ecdsa.PublicKey
}

var coseCurves = map[int64]struct {
	tpm   algid.Curve
	curve elliptic.Curve
}{
	1: {algid.ECC_NIST_P256, elliptic.P256()},
	2: {algid.ECC_NIST_P384, elliptic.P384()},
	3: {algid.ECC_NIST_P521, elliptic.P521()},
}

// parseCOSEKey reads an EC2 or RSA COSE_Key. Unknown labels are refused: a
// key with parameters this code would ignore is not the key it would check.
func parseCOSEKey(b []byte) (credentialKey, error) {
	var k credentialKey
	var m map[int64]cbor.RawMessage
	if err := decMode.Unmarshal(b, &m); err != nil {
		return k, fail(ErrCredentialKey, err, "COSE_Key")
	}
	var kty int64
	if err := getInt(m, coseKty, &kty); err != nil {
		return k, err
	}
	if err := getInt(m, coseAlg, &k.alg); err != nil {
		return k, err
	}
	switch kty {
	case ktyEC2:
		var crv int64
		if err := getInt(m, coseCrv, &crv); err != nil {
			return k, err
		}
		c, ok := coseCurves[crv]
		if !ok {
			return k, fail(ErrCredentialKey, nil, "EC2 curve %d", crv)
		}
		if err := getBytes(m, coseX, &k.x); err != nil {
			return k, err
		}
		if err := getBytes(m, coseY, &k.y); err != nil {
			return k, err
		}
		size := (c.curve.Params().BitSize + 7) / 8
		if len(k.x) != size || len(k.y) != size {
			// RFC 9053 §7.1.1: x and y are the field size, leading zeros kept.
			return k, fail(ErrCredentialKey, nil, "EC2 coordinates of %d and %d bytes, want %d", len(k.x), len(k.y), size)
		}
		enc := append(append([]byte{4}, k.x...), k.y...)
		pub, err := ecdsa.ParseUncompressedPublicKey(c.curve, enc)
		if err != nil {
			return k, fail(ErrCredentialKey, err, "EC2 point")
		}
		k.curve, k.public = c.tpm, pub
		return k, onlyLabels(m, coseKty, coseAlg, coseCrv, coseX, coseY)
	case ktyRSA:
		var n, e []byte
		if err := getBytes(m, coseN, &n); err != nil {
			return k, err
		}
		if err := getBytes(m, coseE, &e); err != nil {
			return k, err
		}
		nv, ev := new(big.Int).SetBytes(n), new(big.Int).SetBytes(e)
		if nv.Sign() == 0 || ev.Cmp(big.NewInt(3)) < 0 || ev.BitLen() > 32 {
			// A TPM exponent is a UINT32 (TPMS_RSA_PARMS.exponent).
			return k, fail(ErrCredentialKey, nil, "RSA key with n of %d bits and e %v", nv.BitLen(), ev)
		}
		k.rsa = &rsa.PublicKey{N: nv, E: int(ev.Int64())}
		k.public = k.rsa
		return k, onlyLabels(m, coseKty, coseAlg, coseN, coseE)
	}
	return k, fail(ErrCredentialKey, nil, "key type %d (only EC2 and RSA keys can live in a TPM)", kty)
}

func getInt(m map[int64]cbor.RawMessage, label int64, out *int64) error {
	raw, ok := m[label]
	if !ok {
		return fail(ErrCredentialKey, nil, "COSE_Key lacks label %d", label)
	}
	if err := decMode.Unmarshal(raw, out); err != nil {
		return fail(ErrCredentialKey, err, "COSE_Key label %d", label)
	}
	return nil
}

func getBytes(m map[int64]cbor.RawMessage, label int64, out *[]byte) error {
	raw, ok := m[label]
	if !ok {
		return fail(ErrCredentialKey, nil, "COSE_Key lacks label %d", label)
	}
	if err := decMode.Unmarshal(raw, out); err != nil || *out == nil {
		return fail(ErrCredentialKey, err, "COSE_Key label %d is not a byte string", label)
	}
	return nil
}

func onlyLabels(m map[int64]cbor.RawMessage, labels ...int64) error {
	if len(m) == len(labels) {
		return nil
	}
	for l := range m {
		known := false
		for _, k := range labels {
			known = known || k == l
		}
		if !known {
			return fail(ErrCredentialKey, nil, "unexpected COSE_Key label %d", l)
		}
	}
	return nil
}
