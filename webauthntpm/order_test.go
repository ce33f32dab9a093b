package webauthntpm_test

import (
	"bytes"
	"crypto/x509"
	"errors"
	"testing"

	"github.com/fxamacker/cbor/v2"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/testauthn"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// The checks run in the specification's current order: the key comparison,
// then x5c, the AIK certificate, the AAGUID extension and the signature, all
// before certInfo's contents are looked at.
func TestOrder(t *testing.T) {
	badMagic := func(c *testauthn.Config) {
		c.CertInfoB = func(b []byte) []byte { b = bytes.Clone(b); b[0] = 0; return b }
	}
	badSig := func(c *testauthn.Config) {
		c.Sig = func(s, _ []byte) []byte { s = bytes.Clone(s); s[0] ^= 1; return s }
	}
	for _, tc := range []struct {
		name  string
		edits []func(*testauthn.Config)
		want  error
	}{
		{"AIK before certInfo", []func(*testauthn.Config){badMagic, withoutExtension(testauthn.OIDSAN)}, webauthntpm.ErrAIKSAN},
		{"signature before certInfo", []func(*testauthn.Config){badMagic, badSig}, webauthntpm.ErrSignature},
		{"AAGUID before signature", []func(*testauthn.Config){badSig, func(c *testauthn.Config) { c.AAGUIDExt = make([]byte, 16); c.AAGUID[0] = 1 }}, webauthntpm.ErrAAGUID},
		{"key before AIK", []func(*testauthn.Config){
			withAIK(func(tmpl *x509.Certificate) { tmpl.BasicConstraintsValid = false }),
			func(c *testauthn.Config) {
				c.PubArea = func(p *tpmt.Public) {
					r, _ := p.Parameters.RSADetail()
					r.Exponent = 3
					p.Parameters = tpmt.PublicParmsRSADetail(r)
				}
			},
		}, webauthntpm.ErrKeyMismatch},
		{"extraData before Name", []func(*testauthn.Config){func(c *testauthn.Config) {
			c.CertInfo = func(a *tpms.Attest, _ []byte) {
				a.ExtraData = nil
				ci, _ := a.Attested.Certify()
				ci.Name = nil
				a.Attested = tpms.AttestedCertify(ci)
			}
		}}, webauthntpm.ErrExtraData},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := testauthn.Default()
			for _, e := range tc.edits {
				e(&cfg)
			}
			_, err := verify(testauthn.Build(cfg), webauthntpm.Options{})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
}

// Real devices send a bare signature; one whose first two bytes happen to
// read as a TPM_ALG_ID (webauthn-rs rejects those) still verifies.
func TestRawSignatureThatLooksLikeAnAlgorithmID(t *testing.T) {
	for i := range 200000 {
		cfg := testauthn.Default()
		cfg.Alg = testauthn.AlgByName("RS256")
		cfg.AIKKey = testauthn.Key("aik RSA-1024")
		cfg.CertInfo = func(a *tpms.Attest, _ []byte) { a.ClockInfo.Clock = uint64(i) }
		a := testauthn.Build(cfg)
		id := algid.ID(a.Sig[0])<<8 | algid.ID(a.Sig[1])
		if id.Attributes() == 0 {
			continue // not a registered algorithm with a class
		}
		res, err := verify(a, webauthntpm.Options{})
		if err != nil {
			t.Fatalf("signature starting %v: %v", id, err)
		}
		if res.SignatureForm != "raw" {
			t.Errorf("form %s", res.SignatureForm)
		}
		t.Logf("signature starting with %v verified after %d tries", id, i+1)
		return
	}
	t.Fatal("no signature starting with an algorithm ID found")
}

// The attestation object is strict CBOR: no trailing bytes, no duplicate
// keys, valid UTF-8, bounded size and depth; indefinite lengths, which do
// not change the meaning, are accepted.
func TestAttestationObjectCBOR(t *testing.T) {
	a := testauthn.Build(testauthn.Default())
	ok := func(obj []byte) error {
		_, err := webauthntpm.VerifyAttestationObject(obj, a.ClientDataHash, &webauthntpm.Options{Now: a.Now})
		return err
	}
	if err := ok(a.Object); err != nil {
		t.Fatal(err)
	}
	// Map keys are text; re-encode the object by hand to make duplicates
	// and indefinite lengths.
	enc := func(v any) []byte { b, _ := cbor.Marshal(v); return b }
	pair := func(k string, v any) []byte { return append(enc(k), enc(v)...) }
	var body []byte
	body = append(body, pair("fmt", "tpm")...)
	body = append(body, pair("attStmt", a.AttStmt)...)
	body = append(body, pair("authData", a.AuthData)...)
	for _, tc := range []struct {
		name string
		obj  []byte
		want error
	}{
		{"trailing byte", append(bytes.Clone(a.Object), 0), webauthntpm.ErrAttestationObject},
		{"duplicate fmt", append(append([]byte{0xa4}, body...), pair("fmt", "tpm")...), webauthntpm.ErrAttestationObject},
		{"over the size cap", append(bytes.Clone(a.Object), make([]byte, webauthntpm.MaxAttestationObjectSize)...), webauthntpm.ErrAttestationObject},
		{"not a map", enc([]int{1, 2}), webauthntpm.ErrAttestationObject},
		{"invalid UTF-8 fmt", append([]byte{0xa3, 0x63, 'f', 'm', 't', 0x63, 0xff, 0xfe, 0xfd}, body[len(pair("fmt", "tpm")):]...), webauthntpm.ErrAttestationObject},
		{"deeply nested", nested(40), webauthntpm.ErrAttestationObject},
		{"empty", nil, webauthntpm.ErrAttestationObject},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := ok(tc.obj); !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
		})
	}
	indefinite := append(append([]byte{0xbf}, body...), 0xff)
	if err := ok(indefinite); err != nil {
		t.Errorf("indefinite-length map: %v", err)
	}
}

// nested is an attestation object whose authData is n arrays deep.
func nested(n int) []byte {
	b := []byte{0xa1, 0x63, 'f', 'm', 't'}
	for range n {
		b = append(b, 0x81)
	}
	return append(b, 0)
}
