package gotpm

// The seed inputs of the disagreement classes: well-formed values built with
// tpm2wire's encoders (which do not check what they encode), then changed in
// the one place the class is about.

import (
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

func put16(b []byte, off int, v uint16) []byte {
	b = append([]byte(nil), b...)
	b[off], b[off+1] = byte(v>>8), byte(v)
	return b
}

func put32(b []byte, off int, v uint32) []byte {
	b = append([]byte(nil), b...)
	b[off], b[off+1], b[off+2], b[off+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	return b
}

// cut drops the last n bytes of b.
func cut(b []byte, n int) []byte { return b[: len(b)-n : len(b)-n] }

// pcrSel is a TPMS_PCR_SELECTION; pcrList a TPML_PCR_SELECTION of them.
func pcrSel(hash uint16, sel ...byte) []byte {
	return append([]byte{byte(hash >> 8), byte(hash), byte(len(sel))}, sel...)
}

func pcrList(sels ...[]byte) []byte {
	b := []byte{0, 0, 0, byte(len(sels))}
	for _, s := range sels {
		b = append(b, s...)
	}
	return b
}

// attestHeader is the length of a TPMS_ATTEST up to (without) attested.
func attestHeader(a tpms.Attest) int {
	return 4 + 2 + 2 + len(a.QualifiedSigner) + 2 + len(a.ExtraData) + 17 + 8
}

// A TPMS_ATTEST (certify, signed with TPM_RH_NULL) whose magic is wrong.
func seedBadMagic() []byte {
	b := builtAttests()[0].Append(nil)
	b[0] = 0x00
	return b
}

// A TPMT_PUBLIC (RSA) that ends after the first byte of unique's size.
func seedTruncatedUnique() []byte {
	b := builtPublics()[1].Append(nil) // RSAPSS, 256-byte unique
	return cut(b, 257)
}

// A TPM2B_ATTEST (quote) whose frame ends after the first byte of the size of
// pcrDigest, the last member.
func seedFrameCutsName() []byte {
	inner := builtAttests()[1].Append(nil) // quote, 32-byte pcrDigest
	inner = cut(inner, 33)
	return frame2B(inner)
}

// A TPM2B frame 3 bytes larger than the structure it holds, padded with 3
// bytes inside the frame.
func seedFrameTooLarge(inner []byte) []byte {
	return frame2B(append(append([]byte(nil), inner...), 0x00, 0x01, 0x02))
}

// A TPMS_ATTEST whose clockInfo.safe is v.
func seedSafe(v byte) []byte {
	a := builtAttests()[0]
	b := a.Append(nil)
	b[attestHeader(a)-8-1] = v
	return b
}

// A TPMS_ATTEST (session audit) whose exclusiveSession is v.
func seedExclusiveSession(v byte) []byte {
	a := builtAttests()[2]
	b := a.Append(nil)
	b[attestHeader(a)] = v
	return b
}

// A TPMT_PUBLIC (RSA) whose nameAlg is alg.
func seedNameAlg(alg uint16) []byte { return put16(builtPublics()[1].Append(nil), 2, alg) }

// An RSASSA TPMT_SIGNATURE whose hash is h.
func seedRSASSAHash(h uint16) []byte { return put16(builtSignatures()[0].Append(nil), 2, h) }

// A TPMS_ATTEST (certify) whose certified name is the bytes n.
func seedCertifyName(n []byte) []byte {
	a := builtAttests()[5] // creation, for its header
	a.Attested = tpms.AttestedCertify(tpms.CertifyInfo{Name: n, QualifiedName: a.QualifiedSigner})
	return a.Append(nil)
}

// A TPMS_ATTEST whose extraData is n bytes long.
func seedExtraData(n int) []byte {
	a := builtAttests()[0]
	a.ExtraData = tpm2b.Data(fill(n, 0xed))
	return a.Append(nil)
}

// A TPMT_PUBLIC whose authPolicy is n bytes long.
func seedAuthPolicy(n int) []byte {
	p := builtPublics()[4]
	p.AuthPolicy = tpm2b.Digest(fill(n, 0xaa))
	return p.Append(nil)
}

// An ECDSA TPMT_SIGNATURE whose signatureR is n bytes long.
func seedECDSAR(n int) []byte {
	return tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(tpms.SignatureECC{
		Hash: algid.SHA256, SignatureR: fill(n, 0x52), SignatureS: fill(32, 0x53),
	})}.Append(nil)
}

var (
	nullSym   = tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
	sha256Sch = tpms.SchemeHash{HashAlg: algid.SHA256}
)

func rsaPublic(sym tpmt.SymDefObject, scheme tpmt.AsymSchemeDetails, keyBits uint16) []byte {
	return tpmt.Public{
		NameAlg:          algid.SHA256,
		ObjectAttributes: tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Sign,
		Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{
			Symmetric: sym, Scheme: tpmt.RSAScheme{Details: scheme}, KeyBits: keyBits,
		}),
		Unique: tpmt.PublicIDRSA(fill(int(keyBits)/8, 0xc3)),
	}.Append(nil)
}

func eccPublic(scheme tpmt.AsymSchemeDetails, curve algid.Curve, kdf tpmt.KDFSchemeDetails) []byte {
	return tpmt.Public{
		NameAlg:          algid.SHA256,
		ObjectAttributes: tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Sign,
		Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{
			Symmetric: nullSym, Scheme: tpmt.ECCScheme{Details: scheme}, CurveID: curve, KDF: tpmt.KDFScheme{Details: kdf},
		}),
		Unique: tpmt.PublicIDECC(tpms.ECCPoint{X: fill(32, 0x0a), Y: fill(32, 0x0b)}),
	}.Append(nil)
}

func symPublic(sym tpmt.SymDefObject) []byte {
	return tpmt.Public{
		NameAlg:          algid.SHA256,
		ObjectAttributes: tpmt.FixedTPM | tpmt.UserWithAuth | tpmt.Decrypt | tpmt.Sign,
		Parameters:       tpmt.PublicParmsSymDetail(tpmt.SymCipherParms{Sym: sym}),
		Unique:           tpmt.PublicIDSym(fill(32, 0x5e)),
	}.Append(nil)
}

func seedRSAKeyBits(k uint16) []byte {
	// keyBits is written as given; the modulus keeps 2048 bits.
	b := rsaPublic(nullSym, tpmt.AsymSchemeDetailsRSASSA(sha256Sch), 2048)
	return put16(b, len(b)-258-6, k)
}

func seedAESKeyBits(k uint16) []byte {
	return rsaPublic(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(k), Mode: tpmt.SymModeAES(algid.CFB)}, tpmt.AsymSchemeDetailsNull(), 2048)
}

func seedCurve(c uint16) []byte {
	return eccPublic(tpmt.AsymSchemeDetailsECDSA(sha256Sch), algid.Curve(c), tpmt.KDFSchemeDetailsNull())
}

func seedSymcipherNull() []byte { return symPublic(nullSym) }

func seedAESMode(m uint16) []byte {
	return symPublic(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.ID(m))})
}

// An RSA key whose symmetric algorithm is TPM_ALG_XOR (a TPMT_SYM_DEF
// algorithm, not a TPMI_ALG_SYM_OBJECT one).
func seedRSASymXOR() []byte {
	return rsaPublic(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsXOR(algid.SHA256), Mode: tpmt.SymModeXOR()}, tpmt.AsymSchemeDetailsNull(), 2048)
}

// An RSA key whose scheme is s (s must take a TPMS_SCHEME_HASH).
func seedRSAScheme(s uint16) []byte {
	b := rsaPublic(nullSym, tpmt.AsymSchemeDetailsRSASSA(sha256Sch), 2048)
	return put16(b, len(b)-258-6-4, s)
}

// An ECC key whose scheme is s (s must take a TPMS_SCHEME_HASH).
func seedECCScheme(s uint16) []byte {
	b := eccPublic(tpmt.AsymSchemeDetailsECDSA(sha256Sch), algid.ECC_NIST_P256, tpmt.KDFSchemeDetailsNull())
	// unique (2+32+2+32), kdf (2), curveID (2), scheme (2+2)
	return put16(b, len(b)-68-2-2-4, s)
}

// An ECC key whose kdf scheme is k (k must take a TPMS_SCHEME_HASH).
func seedECCKDF(k uint16) []byte {
	b := eccPublic(tpmt.AsymSchemeDetailsECDSA(sha256Sch), algid.ECC_NIST_P256, tpmt.KDFSchemeDetailsKDF2(sha256Sch))
	// unique (2+32+2+32), kdf (2+2)
	return put16(b, len(b)-68-4, k)
}

// A TPMT_PUBLIC of type TPM_ALG_NULL: go-tpm reads no parameters and no
// unique.
func seedPublicTypeNull() []byte {
	return []byte{0x00, 0x10, 0x00, 0x0b, 0x00, 0x04, 0x00, 0x72, 0x00, 0x00}
}

// A TPMS_ATTEST of type 0x0010 with nothing after firmwareVersion.
func seedAttestTypeNull() []byte {
	a := builtAttests()[0]
	b := a.Append(nil)[:attestHeader(a)]
	return put16(b, 4, algNull)
}

func seedManyPCRBanks(n int) []byte {
	var sels [][]byte
	for range n {
		sels = append(sels, pcrSel(0x000b, 0xff, 0, 0))
	}
	return pcrList(sels...)
}

func seedObjectAttributes(v uint32) []byte {
	b := builtPublics()[1].Append(nil)
	a, _ := u32(b, 4)
	return put32(b, 4, a|v)
}

// A TPMT_HA of hashAlg alg and an n-byte digest.
func seedHA(alg uint16, n int) []byte {
	return append([]byte{byte(alg >> 8), byte(alg)}, fill(n, 0xda)...)
}
