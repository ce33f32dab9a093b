package tpmt_test

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"math/big"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

var encSig = func(s tpmt.Signature) []byte { return s.Append(nil) }

func aikKey(t *testing.T, vector string) any {
	t.Helper()
	c, err := x509.ParseCertificate(wiretest.Vector(t, vector, "aikCert"))
	if err != nil {
		t.Fatal(err)
	}
	return c.PublicKey
}

// Windows Hello sends the AIK's raw PKCS#1 v1.5 SHA-1 signature; framed as
// the TPMT_SIGNATURE TPM2_Certify returned, it verifies over certInfo with
// the AIK certificate's key.
func TestSignatureRSASSAWindowsHello(t *testing.T) {
	const v = "webauthn-rs-winhello-rs1-intc"
	raw := wiretest.Vector(t, v, "sig")
	b := append(h(`0014 0004 0100`), raw...)
	sig := wiretest.Strict(t, b, tpmt.ParseSignature, encSig)
	if sig.SigAlg() != algid.RSASSA {
		t.Fatalf("SigAlg = %v", sig.SigAlg())
	}
	body, ok := sig.Signature.RSASSA()
	if !ok || body.Hash != algid.SHA1 || !bytes.Equal(body.Sig, raw) {
		t.Fatalf("RSASSA() = %v, %v", body, ok)
	}
	certInfo := wiretest.Vector(t, v, "certInfo")
	if err := sig.Verify(aikKey(t, v), certInfo); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := sig.Verify(aikKey(t, v), certInfo[1:]); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("Verify over other bytes: err = %v, want ErrSignature", err)
	}
	if err := sig.Verify(aikKey(t, "w3c-spec-tpm-es256"), certInfo); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("Verify with an ECDSA key: err = %v, want ErrSignature", err)
	}
}

// The W3C vector's AIK signs with ES256 and sends DER; as a TPMT_SIGNATURE
// its r and s verify through the conversion to ecdsa.
func TestSignatureECDSAW3C(t *testing.T) {
	const v = "w3c-spec-tpm-es256"
	der := wiretest.Vector(t, v, "sig")
	var seq, r, s cryptobyte.String
	in := cryptobyte.String(der)
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !seq.ReadASN1(&r, asn1.INTEGER) || !seq.ReadASN1(&s, asn1.INTEGER) {
		t.Fatal("sig is not DER ECDSA")
	}
	trim := func(b []byte) []byte { return new(big.Int).SetBytes(b).Bytes() }
	body := tpms.SignatureECC{Hash: algid.SHA256, SignatureR: trim(r), SignatureS: trim(s)}
	b := tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(body)}.Append(nil)
	sig := wiretest.Strict(t, b, tpmt.ParseSignature, encSig)
	certInfo := wiretest.Vector(t, v, "certInfo")
	if err := sig.Verify(aikKey(t, v), certInfo); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	e, _ := sig.Signature.ECDSA()
	if !ecdsa.VerifyASN1(aikKey(t, v).(*ecdsa.PublicKey), sha256Sum(certInfo), e.ASN1()) {
		t.Errorf("ASN1() does not verify with ecdsa.VerifyASN1")
	}
}

func sha256Sum(b []byte) []byte { d := sha256.Sum256(b); return d[:] }

func TestSignatureRSAPSS(t *testing.T) {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("attested")
	raw, err := rsa.SignPSS(rand.Reader, k, 5, sha256Sum(msg), &rsa.PSSOptions{SaltLength: rsa.PSSSaltLengthEqualsHash})
	if err != nil {
		t.Fatal(err)
	}
	b := tpmt.Signature{Signature: tpmt.SignatureUnionRSAPSS(tpms.SignatureRSA{Hash: algid.SHA256, Sig: raw})}.Append(nil)
	sig := wiretest.Strict(t, b, tpmt.ParseSignature, encSig)
	if err := sig.Verify(&k.PublicKey, msg); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	// The same bytes as RSASSA do not verify.
	b[1] = 0x14
	ssa, err := tpmt.ParseSignature(b)
	if err != nil {
		t.Fatal(err)
	}
	if err := ssa.Verify(&k.PublicKey, msg); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("PSS bytes as RSASSA: err = %v, want ErrSignature", err)
	}
}

func TestSignatureECDSAP384(t *testing.T) {
	k, err := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	msg := []byte("quoted")
	d, _ := algid.SHA384.AppendDigest(nil, msg)
	r, s, err := ecdsa.Sign(rand.Reader, k, d)
	if err != nil {
		t.Fatal(err)
	}
	body := tpms.SignatureECC{Hash: algid.SHA384, SignatureR: r.Bytes(), SignatureS: s.Bytes()}
	sig := wiretest.Strict(t, tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(body)}.Append(nil), tpmt.ParseSignature, encSig)
	if err := sig.Verify(&k.PublicKey, msg); err != nil {
		t.Fatalf("Verify: %v", err)
	}
	if err := sig.Verify(&k.PublicKey, []byte("other")); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("wrong message: err = %v, want ErrSignature", err)
	}
}

// Every TPMU_SIGNATURE member parses strictly.
func TestSignatureArms(t *testing.T) {
	rs := tpms.SignatureRSA{Hash: algid.SHA256, Sig: h(`0102`)}
	ec := tpms.SignatureECC{Hash: algid.SHA256, SignatureR: h(`03`), SignatureS: h(`04`)}
	for name, tc := range map[string]struct {
		u    tpmt.SignatureUnion
		want []byte
	}{
		"rsassa":    {tpmt.SignatureUnionRSASSA(rs), h(`0014 000b 0002 0102`)},
		"rsapss":    {tpmt.SignatureUnionRSAPSS(rs), h(`0016 000b 0002 0102`)},
		"ecdsa":     {tpmt.SignatureUnionECDSA(ec), h(`0018 000b 0001 03 0001 04`)},
		"ecdaa":     {tpmt.SignatureUnionECDAA(ec), h(`001a 000b 0001 03 0001 04`)},
		"sm2":       {tpmt.SignatureUnionSM2(ec), h(`001b 000b 0001 03 0001 04`)},
		"ecschnorr": {tpmt.SignatureUnionECSchnorr(ec), h(`001c 000b 0001 03 0001 04`)},
		"eddsa":     {tpmt.SignatureUnionEdDSA(ec), h(`0060 000b 0001 03 0001 04`)},
		"eddsa_ph":  {tpmt.SignatureUnionEdDSA_PH(ec), h(`0061 000b 0001 03 0001 04`)},
		// TPMU_HA has no size: the hash algorithm fixes it.
		"hmac": {tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA1, Digest: bytes.Repeat([]byte{5}, 20)}), append(h(`0005 0004`), bytes.Repeat([]byte{5}, 20)...)},
	} {
		t.Run(name, func(t *testing.T) {
			s := tpmt.Signature{Signature: tc.u}
			b := s.Append(nil)
			if !bytes.Equal(b, tc.want) {
				t.Fatalf("Append = %x, want %x", b, tc.want)
			}
			got := wiretest.Strict(t, b, tpmt.ParseSignature, encSig)
			if d := cmp.Diff(s, got, wiretest.AllExported); d != "" {
				t.Errorf("(-want +got):\n%s", d)
			}
		})
	}
}

// TPMT_SIGNATURE with sigAlg TPM_ALG_NULL is exactly 2 bytes. The TPM
// returns it when asked to sign with no key; it is admitted only where the
// use is TPMT_SIGNATURE+.
func TestSignatureNull(t *testing.T) {
	b := h(`0010`)
	if got := (tpmt.Signature{Signature: tpmt.SignatureUnionNull()}).Append(nil); !bytes.Equal(got, b) {
		t.Fatalf("Append = %x", got)
	}
	_, err := tpmt.ParseSignature(b)
	wiretest.WantError(t, err, tpm2wire.ErrScheme, "TPMT_SIGNATURE", "sigAlg", 0)
	sig := wiretest.Strict(t, b, tpmt.ParseSignatureAllowNull, encSig)
	if !sig.Signature.Null() {
		t.Errorf("Null() = false")
	}
	if err := sig.Verify(nil, nil); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("Verify of NULL: err = %v, want ErrSignature", err)
	}
}

func TestSignatureRejects(t *testing.T) {
	for _, tc := range []struct {
		name       string
		b          []byte
		err        error
		typ, field string
		off        int
	}{
		{"sigAlg unknown", h(`0099`), tpm2wire.ErrScheme, "TPMT_SIGNATURE", "sigAlg", 0},
		{"sigAlg LMS (no layout)", h(`0070`), tpm2wire.ErrScheme, "TPMT_SIGNATURE", "sigAlg", 0},
		{"sigAlg an object type", h(`0001`), tpm2wire.ErrScheme, "TPMT_SIGNATURE", "sigAlg", 0},
		{"RSASSA hash NULL", h(`0014 0010 0000`), tpm2wire.ErrHash, "TPMS_SIGNATURE_RSA", "hash", 2},
		{"RSASSA sig over MAX_RSA_KEY_BYTES", h(`0014 000b 0801`), tpm2wire.ErrSize, "TPMS_SIGNATURE_RSA", "sig", 4},
		{"ECDSA r over MAX_ECC_KEY_BYTES", h(`0018 000b 0051`), tpm2wire.ErrSize, "TPMS_SIGNATURE_ECC", "signatureR", 4},
		{"HMAC hashAlg NULL", h(`0005 0010`), tpm2wire.ErrHash, "TPMT_HA", "hashAlg", 2},
		{"HMAC digest short", append(h(`0005 000b`), make([]byte, 31)...), tpm2wire.ErrTruncated, "TPMT_HA", "digest", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tpmt.ParseSignature(tc.b)
			wiretest.WantError(t, err, tc.err, tc.typ, tc.field, tc.off)
		})
	}
	// go-tpm reads an HMAC digest to the end of the input; here the hash
	// fixes its length and the rest is trailing data.
	_, err := tpmt.ParseSignature(append(h(`0005 000b`), make([]byte, 35)...))
	wiretest.WantError(t, err, tpm2wire.ErrTrailingData, "TPMT_SIGNATURE", "", 36)
}

func TestHA(t *testing.T) {
	ha := tpmt.HA{HashAlg: algid.SHA384, Digest: bytes.Repeat([]byte{7}, 48)}
	b := ha.Append(nil)
	wiretest.Strict(t, b, tpmt.ParseHA, func(x tpmt.HA) []byte { return x.Append(nil) })
	_, err := tpmt.ParseHA(h(`0010`))
	wiretest.WantError(t, err, tpm2wire.ErrHash, "TPMT_HA", "hashAlg", 0)
	wiretest.Strict(t, h(`0010`), tpmt.ParseHAAllowNull, func(x tpmt.HA) []byte { return x.Append(nil) })

	l := tpmt.NewDigestValues(ha, tpmt.HA{HashAlg: algid.SHA1, Digest: bytes.Repeat([]byte{8}, 20)})
	lb := l.Append(nil)
	got := wiretest.Strict(t, lb, tpmt.ParseDigestValues, func(x tpmt.DigestValues) []byte { return x.Append(nil) })
	if d := cmp.Diff([]tpmt.HA{ha, {HashAlg: algid.SHA1, Digest: bytes.Repeat([]byte{8}, 20)}}, slices.Collect(got.All())); d != "" {
		t.Errorf("All (-want +got):\n%s", d)
	}
	// The list's TPMT_HA has no +.
	_, err = tpmt.ParseDigestValues(h(`00000001 0010`))
	wiretest.WantError(t, err, tpm2wire.ErrHash, "TPMT_HA", "hashAlg", 4)
}

func TestTickets(t *testing.T) {
	c := tpmt.TKCreation{Hierarchy: tpms.RH_OWNER, Digest: h(`01`)}
	b := c.Append(nil)
	if want := h(`8021 40000001 0001 01`); !bytes.Equal(b, want) {
		t.Fatalf("Append = %x, want %x", b, want)
	}
	wiretest.Strict(t, b, tpmt.ParseTKCreation, func(x tpmt.TKCreation) []byte { return x.Append(nil) })
	_, err := tpmt.ParseTKCreation(wiretest.Patch(b, 0, 0x80, 0x22))
	wiretest.WantError(t, err, tpm2wire.ErrTag, "TPMT_TK_CREATION", "tag", 0)
	_, err = tpmt.ParseTKCreation(wiretest.Patch(b, 2, 0x40, 0x00, 0x00, 0x02))
	wiretest.WantError(t, err, tpm2wire.ErrValue, "TPMT_TK_CREATION", "hierarchy", 2)
	// NULL and the 1.83 firmware- and SVN-limited hierarchies are members.
	for _, hr := range []tpms.Handle{tpms.RH_NULL, tpms.RH_FW_NULL, tpms.RH_SVN_OWNER_BASE + 5, 0x4004ffff} {
		v := tpmt.TKVerified{Hierarchy: hr}
		wiretest.Strict(t, v.Append(nil), tpmt.ParseTKVerified, func(x tpmt.TKVerified) []byte { return x.Append(nil) })
	}
	for _, tag := range []tpms.ST{tpms.ST_AUTH_SIGNED, tpms.ST_AUTH_SECRET} {
		a := tpmt.TKAuth{Tag: tag, Hierarchy: tpms.RH_ENDORSEMENT}
		wiretest.Strict(t, a.Append(nil), tpmt.ParseTKAuth, func(x tpmt.TKAuth) []byte { return x.Append(nil) })
	}
	_, err = tpmt.ParseTKAuth(tpmt.TKAuth{Tag: tpms.ST_CREATION, Hierarchy: tpms.RH_OWNER}.Append(nil))
	wiretest.WantError(t, err, tpm2wire.ErrTag, "TPMT_TK_AUTH", "tag", 0)
	hc := tpmt.TKHashcheck{Hierarchy: tpms.RH_PLATFORM}
	wiretest.Strict(t, hc.Append(nil), tpmt.ParseTKHashcheck, func(x tpmt.TKHashcheck) []byte { return x.Append(nil) })
}
