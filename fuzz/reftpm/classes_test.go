package reftpm

import (
	"bytes"
	"crypto/elliptic"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/google/go-tpm/tpm2"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// edit returns a copy of b with v written big-endian at off (len(v) bytes).
func edit(b []byte, off int, v ...byte) []byte {
	c := bytes.Clone(b)
	copy(c[off:], v)
	return c
}

func u16b(v uint16) []byte { return binary.BigEndian.AppendUint16(nil, v) }

// Public areas to start the class examples from.
func rsaSign(bits uint16, exp uint32, n []byte) tpmt.Public {
	return tpmt.Public{NameAlg: algid.SHA256, ObjectAttributes: tpmt.UserWithAuth | tpmt.Sign,
		Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{
			Symmetric: tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()},
			Scheme:    tpmt.RSAScheme{Details: tpmt.AsymSchemeDetailsNull()}, KeyBits: bits, Exponent: exp}),
		Unique: tpmt.PublicIDRSA(n)}
}

func eccSign(nameAlg algid.ID, c algid.Curve, pt tpms.ECCPoint) tpmt.Public {
	return tpmt.Public{NameAlg: nameAlg, ObjectAttributes: tpmt.UserWithAuth | tpmt.Sign,
		Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{
			Symmetric: tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()},
			Scheme:    tpmt.ECCScheme{Details: tpmt.AsymSchemeDetailsNull()}, CurveID: c,
			KDF: tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsNull()}}),
		Unique: tpmt.PublicIDECC(pt)}
}

type classCase struct {
	name     string
	public   []byte    // a TPM2B_PUBLIC candidate, or
	sig      []byte    // a TPMT_SIGNATURE candidate
	verifier *Verifier // for sig
	class    Class
	rc       RC    // the command's response code
	err      error // tpm2wire's sentinel (nil: accepts)
}

func classCases() []classCase {
	n2048 := pattern(256, 0xc1)
	okRSA := rsaSign(2048, 0, n2048).Append2B(nil)
	p256 := Point(elliptic.P256(), 9)
	okECC := eccSign(algid.SHA256, algid.ECC_NIST_P256, p256).Append2B(nil)
	offCurve := p256
	offCurve.Y = edit(p256.Y, 31, p256.Y[31]^1)
	rsaSig := Sign(KeyRSA, false)
	eccSig := func(u func(tpms.SignatureECC) tpmt.SignatureUnion, h algid.ID) []byte {
		return tpmt.Signature{Signature: u(tpms.SignatureECC{Hash: h, SignatureR: pattern(32, 1), SignatureS: pattern(32, 2)})}.Append(nil)
	}
	// TPMT_PUBLIC offsets in okRSA (framed, so +2): type 2, nameAlg 4,
	// objectAttributes 6..9, authPolicy 10, symmetric 12, scheme 14,
	// keyBits 16, exponent 18, unique 22.
	return []classCase{
		{name: "agree: both accept a valid RSA key", public: okRSA, class: ClassAgree, rc: RCSuccess},
		{name: "agree: both accept a genuine RSASSA signature", sig: rsaSig, verifier: Builtin(KeyRSA), class: ClassAgree, rc: RCSuccess},
		{name: "agree: TPMT_PUBLIC type NULL", public: edit(okRSA, 2, 0x00, 0x10), class: ClassAgree, rc: RCType.AtParam(2), err: tpm2wire.ErrType},
		{name: "agree: nameAlg 0x0099", public: edit(okRSA, 4, 0x00, 0x99), class: ClassAgree, rc: RCHash.AtParam(2), err: tpm2wire.ErrHash},
		{name: "agree: TPMA_OBJECT bit 0", public: edit(okRSA, 9, 0x41), class: ClassAgree, rc: RCReservedBits.AtParam(2), err: tpm2wire.ErrReservedBits},
		{name: "agree: authPolicy size 65", public: edit(okRSA, 10, 0x00, 0x41), class: ClassAgree, rc: RCSize.AtParam(2), err: tpm2wire.ErrSize},
		{name: "agree: RSA symmetric XOR", public: edit(okRSA, 12, 0x00, 0x0a), class: ClassAgree, rc: RCSymmetric.AtParam(2), err: tpm2wire.ErrSymmetric},
		{name: "agree: RSA scheme ECDSA", public: edit(okRSA, 14, 0x00, 0x18), class: ClassAgree, rc: RCValue.AtParam(2), err: tpm2wire.ErrValue},
		{name: "agree: keyBits 1000", public: edit(okRSA, 16, 0x03, 0xe8), class: ClassAgree, rc: RCValue.AtParam(2), err: tpm2wire.ErrValue},
		{name: "agree: TPM2B_PUBLIC size 0", public: edit(okRSA, 0, 0, 0), class: ClassAgree, rc: RCSize.AtParam(2), err: tpm2wire.ErrSize},
		{name: "agree: TPMT_PUBLIC missing its last byte, framed", public: frame(okRSA[2 : len(okRSA)-1]), class: ClassAgree,
			rc: RCSize.AtParam(2), err: tpm2wire.ErrSize},
		{name: "agree: ECC curve NONE", public: edit(okECC, 16, 0, 0), class: ClassAgree, rc: RCCurve.AtParam(2), err: tpm2wire.ErrCurve},
		{name: "agree: ECC KDF ECDH", public: edit(okECC, 18, 0x00, 0x19), class: ClassAgree, rc: RCKDF.AtParam(2), err: tpm2wire.ErrKDF},
		{name: "agree: AES mode HMAC", public: tpmt.Public{NameAlg: algid.SHA256, ObjectAttributes: tpmt.Decrypt,
			Parameters: tpmt.PublicParmsSymDetail(tpmt.SymCipherParms{Sym: tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.HMAC)}}),
			Unique:     tpmt.PublicIDSym(pattern(32, 1))}.Append2B(nil), class: ClassAgree, rc: RCMode.AtParam(2), err: tpm2wire.ErrMode},
		{name: "agree: truncated signature", sig: rsaSig[:100], verifier: Builtin(KeyRSA), class: ClassAgree, rc: RCInsufficient.AtParam(2), err: tpm2wire.ErrTruncated},
		{name: "agree: signature NULL (no + in VerifySignature)", sig: []byte{0x00, 0x10}, verifier: Builtin(KeyRSA), class: ClassAgree, rc: RCScheme.AtParam(2), err: tpm2wire.ErrScheme},
		{name: "agree: bytes after the signature", sig: append(bytes.Clone(rsaSig), 0), verifier: Builtin(KeyRSA), class: ClassAgree, rc: RCSize, err: tpm2wire.ErrTrailingData},

		{name: "a1: RSA exponent 3", public: rsaSign(2048, 3, n2048).Append2B(nil), class: ClassSemantic, rc: RCValue.AtParam(2)},
		{name: "a1: RSA modulus shorter than keyBits", public: rsaSign(2048, 0, n2048[:255]).Append2B(nil), class: ClassSemantic, rc: RCKey.AtParam(2)},
		{name: "a1: ECC point off the curve", public: eccSign(algid.SHA256, algid.ECC_NIST_P256, offCurve).Append2B(nil), class: ClassSemantic, rc: RCECCPoint.AtParam(2)},
		{name: "a1: signing key with a decryption scheme", public: withRSAScheme(n2048, tpmt.AsymSchemeDetailsOAEP(tpms.SchemeHash{HashAlg: algid.SHA256})),
			class: ClassSemantic, rc: RCScheme.AtParam(2)},
		{name: "a1: unrestricted key with a symmetric algorithm", public: rsaSignSym(n2048), class: ClassSemantic, rc: RCSymmetric.AtParam(2)},
		{name: "a1: ECC key with a KDF", public: eccKDF(p256), class: ClassSemantic, rc: RCKDF.AtParam(2)},
		{name: "a1: RSASSA signature that does not verify", sig: edit(rsaSig, 100, rsaSig[100]^1), verifier: Builtin(KeyRSA), class: ClassSemantic, rc: RCSignature.AtParam(2)},
		{name: "a1: ECDSA signature for an RSA key", sig: Sign(KeyECC, false), verifier: Builtin(KeyRSA), class: ClassSemantic, rc: RCScheme.AtParam(2)},

		{name: "a2: nameAlg SHA3-256", public: edit(okRSA, 4, 0x00, 0x27), class: ClassProfileValue, rc: RCHash.AtParam(2)},
		{name: "a2: RSA 3072", public: edit(okRSA, 16, 0x0c, 0x00), class: ClassProfileValue, rc: RCValue.AtParam(2)},
		{name: "a2: curve NIST P-192", public: edit(okECC, 16, 0x00, 0x01), class: ClassProfileValue, rc: RCCurve.AtParam(2)},
		{name: "a2: ECC scheme ECMQV", public: withECCScheme(p256, tpmt.AsymSchemeDetailsECMQV(tpms.SchemeHash{HashAlg: algid.SHA256})),
			class: ClassProfileValue, rc: RCScheme.AtParam(2)},
		{name: "a2: SM2 signature", sig: eccSig(tpmt.SignatureUnionSM2, algid.SHA256), verifier: Builtin(KeyECC), class: ClassProfileValue, rc: RCScheme.AtParam(2)},
		{name: "a2: SM3 in a signature, tpm2wire rejects later", sig: eccSig(tpmt.SignatureUnionECDSA, algid.SM3_256)[:10], verifier: Builtin(KeyECC), class: ClassProfileValue,
			rc: RCHash.AtParam(2), err: tpm2wire.ErrTruncated},

		{name: "a3: RSA unique of 257 bytes", public: rsaSign(2048, 0, pattern(257, 0xc1)).Append2B(nil), class: ClassProfileBound, rc: RCSize.AtParam(2)},
		{name: "a3: ECC coordinate of 67 bytes", public: eccSign(algid.SHA256, algid.ECC_NIST_P256, tpms.ECCPoint{X: pattern(67, 1), Y: p256.Y}).Append2B(nil),
			class: ClassProfileBound, rc: RCSize.AtParam(2)},

		{name: "b1: TPMA_OBJECT fixedFirmware (bit 3)", public: edit(okRSA, 9, 0x48), class: ClassRevisionTPMA, rc: RCReservedBits.AtParam(2)},
		{name: "b1: TPMA_OBJECT firmwareLimited (bit 8)", public: edit(okRSA, 8, 0x01), class: ClassRevisionTPMA, rc: RCReservedBits.AtParam(2)},
		{name: "b1: TPMA_OBJECT svnLimited (bit 9)", public: edit(okRSA, 8, 0x02), class: ClassRevisionTPMA, rc: RCReservedBits.AtParam(2)},
		{name: "b2: nameAlg SHA256_192", public: edit(okRSA, 4, 0x00, 0x0e), class: ClassRevisionValue, rc: RCHash.AtParam(2)},
		{name: "b2: curve BP P256 R1", public: edit(okECC, 16, 0x00, 0x30), class: ClassRevisionValue, rc: RCCurve.AtParam(2)},
		{name: "b2: RSA 16384", public: edit(okRSA, 16, 0x40, 0x00), class: ClassRevisionValue, rc: RCValue.AtParam(2)},
		{name: "b2: EdDSA signature", sig: eccSig(tpmt.SignatureUnionEdDSA, algid.SHA512), verifier: Builtin(KeyECC), class: ClassRevisionValue, rc: RCScheme.AtParam(2)},

		{name: "c1: TPM2B_PUBLIC size 4 more than its structure", public: edit(okRSA, 0, u16b(uint16(len(okRSA)+2))...), class: ClassFrameUnbounded,
			rc: RCSize.AtParam(2), err: tpm2wire.ErrTruncated},
		{name: "c1: TPM2B_PUBLIC missing its last 2 bytes: the TPM takes them from hierarchy", public: okRSA[:len(okRSA)-2], class: ClassFrameUnbounded,
			rc: RCInsufficient.AtParam(3), err: tpm2wire.ErrTruncated},
		{name: "c1: TPMT_PUBLIC cut before its RSA scheme, framed", public: frame(okRSA[2:14]), class: ClassFrameUnbounded,
			rc: RCValue.AtParam(2), err: tpm2wire.ErrSize},
		{name: "c2: one byte", public: []byte{0x01}, class: ClassCommandStream, rc: RCType.AtParam(2), err: tpm2wire.ErrTruncated},
		{name: "c3: four bytes after TPM2B_PUBLIC", public: append(bytes.Clone(okRSA), 0, 0, 0, 0), class: ClassTrailing, rc: RCValue.AtParam(3), err: tpm2wire.ErrTrailingData},
	}
}

func withRSAScheme(n []byte, d tpmt.AsymSchemeDetails) []byte {
	p := rsaSign(2048, 0, n)
	parms, _ := p.Parameters.RSADetail()
	parms.Scheme = tpmt.RSAScheme{Details: d}
	p.Parameters = tpmt.PublicParmsRSADetail(parms)
	return p.Append2B(nil)
}

func withECCScheme(pt tpms.ECCPoint, d tpmt.AsymSchemeDetails) []byte {
	p := eccSign(algid.SHA256, algid.ECC_NIST_P256, pt)
	parms, _ := p.Parameters.ECCDetail()
	parms.Scheme = tpmt.ECCScheme{Details: d}
	p.Parameters = tpmt.PublicParmsECCDetail(parms)
	return p.Append2B(nil)
}

func rsaSignSym(n []byte) []byte {
	p := rsaSign(2048, 0, n)
	parms, _ := p.Parameters.RSADetail()
	parms.Symmetric = tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(128), Mode: tpmt.SymModeAES(algid.CFB)}
	p.Parameters = tpmt.PublicParmsRSADetail(parms)
	return p.Append2B(nil)
}

func eccKDF(pt tpms.ECCPoint) []byte {
	p := eccSign(algid.SHA256, algid.ECC_NIST_P256, pt)
	parms, _ := p.Parameters.ECCDetail()
	parms.KDF = tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsMGF1(tpms.SchemeHash{HashAlg: algid.SHA256})}
	p.Parameters = tpmt.PublicParmsECCDetail(parms)
	return p.Append2B(nil)
}

// TestDisagreementClasses proves every documented class (and the main
// agreements of the comparison table) with a concrete input.
func TestDisagreementClasses(t *testing.T) {
	tpm := sharedTPM(t)
	seen := map[Class]bool{}
	for _, c := range classCases() {
		t.Run(c.name, func(t *testing.T) {
			var r *Result
			var err error
			if c.public != nil {
				r, err = tpm.ComparePublic(c.public)
			} else {
				r, err = tpm.CompareSignature(c.verifier, c.sig)
			}
			if err != nil {
				t.Fatal(err)
			}
			seen[r.Class] = true
			if r.Class != c.class || r.TPM != c.rc || Sentinel(r.W) != c.err {
				t.Errorf("got class %s, TPM %v, tpm2wire %s; want %s, %v, %s\n%v",
					r.Class, r.TPM, sentinelName(r.W), c.class, c.rc, sentinelName(c.err), r)
			}
		})
	}
	for c := range ClassInfo {
		if !seen[c] {
			t.Errorf("class %s has no example", c)
		}
	}
}

// TestKnownBugs checks that each known tpm2wire bug still shows, through
// the whole comparison: when one is fixed, its entry must go.
func TestKnownBugs(t *testing.T) {
	tpm := sharedTPM(t)
	for _, b := range KnownBugs {
		in, err := hex.DecodeString(b.Input)
		if err != nil {
			t.Fatal(err)
		}
		r, err := tpm.ComparePublic(in)
		if err != nil {
			t.Fatal(err)
		}
		if r.Class != ClassKnownBug || r.Why != b.ID {
			t.Errorf("%s no longer reproduces (remove it from KnownBugs if tpm2wire was fixed): %v", b.ID, r)
			continue
		}
		t.Logf("%s reproduces: %v", b.ID, r)
	}
}

// TestFixedBugs replays the inputs of the tpm2wire bugs this oracle found
// and that are fixed: tpm2wire must reject each as the specification
// says, and the comparison must put it in a documented class.
func TestFixedBugs(t *testing.T) {
	tpm := sharedTPM(t)
	// SM4-256-CFB symcipher (TPM2B_PUBLIC): TPMI_SM4_KEY_BITS admits 128
	// only (Part 2 Table 2:137, 2:138).
	const sm4KeyBits256 = "00320025000b0002000000000013010000430020" + "0000000000000000000000000000000000000000000000000000000000000000"
	in, err := hex.DecodeString(sm4KeyBits256)
	if err != nil {
		t.Fatal(err)
	}
	_, err = tpmt.Parse2BPublic(in)
	var e *tpm2wire.Error
	if !errors.Is(err, tpm2wire.ErrValue) || !errors.As(err, &e) || e.Field != "keyBits" || e.Offset != 14 {
		t.Fatalf("Parse2BPublic(SM4-256) = %v, want ErrValue at keyBits, offset 14", err)
	}
	r, err := tpm.ComparePublic(in)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ClassInfo[r.Class]; !ok && r.Class != ClassAgree || r.Class == ClassKnownBug {
		t.Errorf("SM4-256 compares as %v, not a documented class", r)
	}
}

// TestRCValues checks the response codes against go-tpm's constants.
func TestRCValues(t *testing.T) {
	for _, c := range []struct {
		ours RC
		gotp tpm2.TPMRC
	}{
		{RCInitialize, tpm2.TPMRCInitialize}, {RCFailure, tpm2.TPMRCFailure}, {RCNoResult, tpm2.TPMRCNoResult},
		{RCCommandSize, tpm2.TPMRCCommandSize}, {RCCommandCode, tpm2.TPMRCCommandCode},
		{RCAsymmetric, tpm2.TPMRCAsymmetric}, {RCAttributes, tpm2.TPMRCAttributes}, {RCHash, tpm2.TPMRCHash},
		{RCValue, tpm2.TPMRCValue}, {RCHierarchy, tpm2.TPMRCHierarchy}, {RCKeySize, tpm2.TPMRCKeySize},
		{RCMGF, tpm2.TPMRCMGF}, {RCMode, tpm2.TPMRCMode}, {RCType, tpm2.TPMRCType}, {RCHandle, tpm2.TPMRCHandle},
		{RCKDF, tpm2.TPMRCKDF}, {RCRange, tpm2.TPMRCRange}, {RCScheme, tpm2.TPMRCScheme}, {RCSize, tpm2.TPMRCSize},
		{RCSymmetric, tpm2.TPMRCSymmetric}, {RCTag, tpm2.TPMRCTag}, {RCSelector, tpm2.TPMRCSelector},
		{RCInsufficient, tpm2.TPMRCInsufficient}, {RCSignature, tpm2.TPMRCSignature}, {RCKey, tpm2.TPMRCKey},
		{RCReservedBits, tpm2.TPMRCReservedBits}, {RCBinding, tpm2.TPMRCBinding}, {RCCurve, tpm2.TPMRCCurve},
		{RCECCPoint, tpm2.TPMRCECCPoint}, {RCObjectMemory, tpm2.TPMRCObjectMemory}, {RCTesting, tpm2.TPMRCTesting},
	} {
		if uint32(c.ours) != uint32(c.gotp) {
			t.Errorf("%s = %#x, go-tpm says %#x", c.ours.Name(), uint32(c.ours), uint32(c.gotp))
		}
	}
	if rc := RCValue.AtParam(2); rc != 0x2C4 || rc.Code() != RCValue || rc.Param() != 2 {
		t.Errorf("TPM_RC_VALUE + TPM_RC_P + TPM_RC_2 = %v", rc)
	}
	if rc := RC(0x98B); rc.Code() != RCHandle || rc.Param() != 0 || rc.Handle() != 0 {
		t.Errorf("session-numbered TPM_RC_HANDLE: %v", rc)
	}
	if rc := RC(0x18B); rc.Handle() != 1 || rc.Code() != RCHandle {
		t.Errorf("TPM_RC_HANDLE + TPM_RC_1 (handle 1): %v", rc)
	}
}
