package gowebauthn_test

import (
	"crypto/sha256"
	"crypto/x509"
	"errors"
	"maps"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncbor"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/integrations/gowebauthn"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

func sampleNamed(t *testing.T, name string) *sample {
	t.Helper()
	for _, s := range samples(t) {
		if s.name == name {
			return s
		}
	}
	t.Fatalf("no sample %s", name)
	return nil
}

// Tampered attestations, run through go-webauthn's registration
// verification with our handler, are rejected with a *protocol.Error of the
// expected type whose Details name the webauthntpm sentinel, which
// errors.Is still finds.
func TestTamperedThroughGoWebAuthn(t *testing.T) {
	rsa := sampleNamed(t, "corpus/rs256-rsa2048")
	rs1 := sampleNamed(t, "corpus/rs1-ecc-p256")
	extraDataAt := func(certInfo []byte) int {
		// TPMS_ATTEST: magic (4), type (2), qualifiedSigner (TPM2B),
		// extraData (TPM2B).
		n := int(certInfo[6])<<8 | int(certInfo[7])
		return 8 + n + 2
	}
	cases := []struct {
		name   string
		s      *sample
		opts   gowebauthn.Options
		mutate func(m map[string]any, pcc *protocol.ParsedCredentialCreationData)
		want   string
	}{
		{name: "untouched", s: rsa, want: accepted},
		{name: "certInfo extraData byte flipped", s: rsa, want: "ErrSignature", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) {
			ci := slices.Clone(m["certInfo"].([]byte))
			ci[extraDataAt(ci)] ^= 1
			m["certInfo"] = ci
		}},
		{name: "clientDataJSON not the one hashed into extraData", s: rsa, want: "ErrExtraData", mutate: func(_ map[string]any, pcc *protocol.ParsedCredentialCreationData) {
			// Parsed already: the challenge and origin still match, the
			// hash go-webauthn computes does not.
			pcc.Raw.AttestationResponse.ClientDataJSON = append(slices.Clone(pcc.Raw.AttestationResponse.ClientDataJSON), ' ')
		}},
		{name: "alg EdDSA", s: rsa, want: "ErrAlgorithm", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { m["alg"] = int64(-8) }},
		{name: "alg RS1 instead of RS256", s: rsa, want: "ErrSignature", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { m["alg"] = int64(-65535) }},
		{name: "alg ES256 with an RSA AIK", s: rsa, want: "ErrAIK", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { m["alg"] = int64(-7) }},
		{name: "alg as a text string", s: rsa, want: "ErrStatement", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { m["alg"] = "RS256" }},
		{name: "x5c dropped", s: rsa, want: "ErrX5C", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { delete(m, "x5c") }},
		{name: "x5c empty", s: rsa, want: "ErrX5C", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { m["x5c"] = []any{} }},
		{name: "ver dropped", s: rsa, want: "ErrVersion", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { delete(m, "ver") }},
		{name: "sig dropped", s: rsa, want: "ErrStatement", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) { delete(m, "sig") }},
		{name: "pubArea unique byte flipped", s: rsa, want: "ErrKeyMismatch", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) {
			p := slices.Clone(m["pubArea"].([]byte))
			p[len(p)-1] ^= 1
			m["pubArea"] = p
		}},
		{name: "pubArea truncated", s: rsa, want: "ErrPubArea", mutate: func(m map[string]any, _ *protocol.ParsedCredentialCreationData) {
			p := m["pubArea"].([]byte)
			m["pubArea"] = p[:len(p)-1]
		}},
		{name: "pubArea fixedTPM cleared", s: rsa, want: "ErrName", mutate: clearFixedTPM},
		{name: "pubArea fixedTPM cleared, RequireTPMBoundKey", s: rsa, opts: gowebauthn.Options{RequireTPMBoundKey: true}, want: "ErrNotTPMBound", mutate: clearFixedTPM},
		{name: "RejectSHA1 on RS1", s: rs1, opts: gowebauthn.Options{RejectSHA1: true}, want: "ErrSHA1"},
		{name: "RS1 accepted by default", s: rs1, want: accepted},
		{name: "Roots without the corpus root", s: rsa, opts: gowebauthn.Options{Roots: webauthntpm.MicrosoftTPMRoots()}, want: "ErrChain"},
		{name: "Clock after the AIK expired", s: rsa, opts: gowebauthn.Options{Clock: func() time.Time { return time.Date(2040, 1, 1, 0, 0, 0, 0, time.UTC) }}, want: "ErrAIKValidity"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			opts := c.opts
			if opts.Clock == nil {
				opts.Clock = func() time.Time { return c.s.at }
			}
			if opts.Roots == nil {
				opts.Roots = c.s.roots
			}
			protocol.RegisterAttestationFormat(oursFormat, gowebauthn.Handler(opts))
			pcc, err := c.s.parse()
			if err != nil {
				t.Fatal(err)
			}
			att := &pcc.Response.AttestationObject
			att.AttStatement = maps.Clone(att.AttStatement)
			if c.mutate != nil {
				c.mutate(att.AttStatement, pcc)
			}
			att.Format = string(oursFormat)
			_, err = c.s.verifyWith(pcc, nil)
			if c.want == accepted {
				if err != nil {
					t.Fatalf("rejected: %v", err)
				}
				return
			}
			wantSentinelError(t, c.name, c.want, err)
			// A parse failure also carries tpm2wire's structured error.
			var perr *tpm2wire.Error
			if (c.want == "ErrPubArea" || c.want == "ErrCertInfo") && !errors.As(err, &perr) {
				t.Errorf("no *tpm2wire.Error in %v", err)
			}
		})
	}
}

// clearFixedTPM clears fixedTPM (bit 1 of objectAttributes, bytes 4-7 of
// the TPMT_PUBLIC): the key still matches, the certified Name does not.
func clearFixedTPM(m map[string]any, _ *protocol.ParsedCredentialCreationData) {
	p := slices.Clone(m["pubArea"].([]byte))
	p[7] &^= 0x02
	m["pubArea"] = p
}

// go-webauthn's CBOR decoder gives alg as int64 when negative and uint64
// when not; both reach webauthntpm, which judges the value.
func TestAlgFromCBOR(t *testing.T) {
	for _, c := range []struct {
		alg      int64
		wantType any
	}{{-257, int64(0)}, {7, uint64(0)}} {
		enc, err := webauthncbor.Marshal(map[string]any{"alg": c.alg})
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := webauthncbor.Unmarshal(enc, &m); err != nil {
			t.Fatal(err)
		}
		if reflect.TypeOf(m["alg"]) != reflect.TypeOf(c.wantType) {
			t.Fatalf("alg %d decodes as %T", c.alg, m["alg"])
		}
		st, err := gowebauthn.Statement(m)
		if err != nil || st.Alg != c.alg {
			t.Errorf("alg %d (%T): %v, %v", c.alg, m["alg"], st, err)
		}
	}
	// Through go-webauthn's whole path: a positive alg is no COSE
	// algorithm the format supports.
	s := sampleNamed(t, "corpus/rs256-rsa2048")
	s.obj = reencode(t, s.obj, func(m map[string]any) { m["alg"] = int64(7) })
	s.ours(gowebauthn.Options{})
	_, _, err := s.register(oursFormat)
	wantSentinelError(t, "alg 7", "ErrAlgorithm", err)
}

// The attStmt conversion takes exactly the CBOR types the format defines.
func TestStatementTypes(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{
			"ver": "2.0", "alg": int64(-257), "x5c": []any{[]byte{1}, []byte{2}},
			"sig": []byte{3}, "certInfo": []byte{4}, "pubArea": []byte{5},
		}
	}
	st, err := gowebauthn.Statement(good())
	want := &webauthntpm.Statement{Ver: "2.0", Alg: -257, X5C: [][]byte{{1}, {2}}, Sig: []byte{3}, CertInfo: []byte{4}, PubArea: []byte{5}}
	if err != nil || !reflect.DeepEqual(st, want) {
		t.Fatalf("Statement = %+v, %v", st, err)
	}
	m := good()
	m["ecdaaKeyId"] = []byte{6}
	if st, err := gowebauthn.Statement(m); err != nil || string(st.ECDAAKeyID) != "\x06" {
		t.Errorf("ecdaaKeyId: %+v, %v", st, err)
	}
	if st, err := gowebauthn.Statement(map[string]any{}); err != nil || !reflect.DeepEqual(st, &webauthntpm.Statement{}) {
		t.Errorf("empty attStmt: %+v, %v (members are left for Verify to require)", st, err)
	}
	bad := map[string]map[string]any{
		"ver as bytes":              {"ver": []byte("2.0")},
		"ver as an integer":         {"ver": int64(2)},
		"ver null":                  {"ver": nil},
		"alg as text":               {"alg": "-257"},
		"alg as a float":            {"alg": float64(-257)},
		"alg over int64":            {"alg": uint64(math.MaxUint64)},
		"alg null":                  {"alg": nil},
		"x5c as bytes":              {"x5c": []byte{1}},
		"x5c as a map":              {"x5c": map[any]any{}},
		"x5c element as text":       {"x5c": []any{[]byte{1}, "cert"}},
		"x5c element as an integer": {"x5c": []any{int64(1)}},
		"x5c element null":          {"x5c": []any{nil}},
		"x5c null":                  {"x5c": nil},
		"sig as text":               {"sig": "sig"},
		"certInfo as an array":      {"certInfo": []any{[]byte{4}}},
		"pubArea null":              {"pubArea": nil},
		"ecdaaKeyId as text":        {"ecdaaKeyId": "id"},
		"unknown member":            {"foo": []byte{1}},
	}
	for name, change := range bad {
		m := good()
		maps.Copy(m, change)
		if st, err := gowebauthn.Statement(m); st != nil || !errors.Is(err, webauthntpm.ErrStatement) {
			t.Errorf("%s: %+v, %v; want ErrStatement", name, st, err)
		}
	}
	// With several bad members the error does not depend on the map's
	// iteration order.
	m = good()
	m["ver"], m["sig"], m["zzz"], m["aaa"] = int64(1), "x", 1, 2
	_, first := gowebauthn.Statement(m)
	for range 50 {
		if _, err := gowebauthn.Statement(m); err.Error() != first.Error() {
			t.Fatalf("errors differ: %v, %v", first, err)
		}
	}
}

// Through go-webauthn, a statement gets the same verdict from our handler as
// from webauthntpm.VerifyAttestationObject on the same bytes.
func TestSameVerdictAsWebauthntpm(t *testing.T) {
	base := samples(t)
	for _, s := range append(base, derivedSamples(t, base)...) {
		pcc, err := s.parse()
		if err != nil {
			continue // go-webauthn refuses the CBOR: no handler runs
		}
		for _, p := range policies {
			opts := p.opts
			opts.Clock = func() time.Time { return s.at }
			opts.Roots = s.roots
			h := sha256.Sum256(s.cdj)
			_, _, herr := gowebauthn.Handler(opts)(pcc.Response.AttestationObject, h[:], nil, protocol.AttestationPolicy{}, protocol.SignaturePolicy{})
			_, werr := webauthntpm.VerifyAttestationObject(s.obj, h[:], &webauthntpm.Options{
				Now: s.at, Roots: s.roots, AllowTestVendors: opts.AllowTestVendors,
			})
			if verdict(herr) != verdict(werr) {
				t.Errorf("%s, %s: handler %v; webauthntpm %v", s.name, p.name, herr, werr)
			}
		}
	}
}

// verdict names the sentinel err wraps, or "ok".
func verdict(err error) string {
	if err == nil {
		return accepted
	}
	for name, s := range sentinels {
		if errors.Is(err, s) {
			return name
		}
	}
	return "unclassified: " + err.Error()
}

// Every sentinel has its go-webauthn error, and the test's table names them
// all.
func TestErrorForEverySentinel(t *testing.T) {
	if len(webauthntpm.Sentinels()) != len(sentinels) {
		t.Errorf("Sentinels() has %d, the test table %d", len(webauthntpm.Sentinels()), len(sentinels))
	}
	for _, s := range webauthntpm.Sentinels() {
		if gowebauthn.ErrorFor(s) == nil {
			t.Errorf("%v has no go-webauthn error", s)
		}
		if !slices.Contains(slices.Collect(maps.Values(sentinels)), s) {
			t.Errorf("%v is not in the test table", s)
		}
	}
	if gowebauthn.ErrorFor(errors.New("other")) != nil || gowebauthn.ErrorFor(nil) != nil {
		t.Errorf("ErrorFor of a non-sentinel is not nil")
	}
}

// Options has every policy field of webauthntpm.Options, with the same type,
// and a clock in place of its fixed Now.
func TestOptionsMirror(t *testing.T) {
	ours := reflect.TypeFor[gowebauthn.Options]()
	theirs := reflect.TypeFor[webauthntpm.Options]()
	for f := range theirs.Fields() {
		if f.Name == "Now" {
			continue
		}
		g, ok := ours.FieldByName(f.Name)
		if !ok || g.Type != f.Type {
			t.Errorf("gowebauthn.Options lacks %s %v", f.Name, f.Type)
		}
	}
	if ours.NumField() != theirs.NumField() {
		t.Errorf("gowebauthn.Options has %d fields, webauthntpm.Options %d", ours.NumField(), theirs.NumField())
	}
	if c, ok := ours.FieldByName("Clock"); !ok || c.Type != reflect.TypeFor[func() time.Time]() {
		t.Errorf("no Clock func() time.Time")
	}
	var _ *x509.CertPool = gowebauthn.Options{}.Roots
}

// The handler is called once per ceremony from many goroutines.
func TestHandlerConcurrent(t *testing.T) {
	s := sampleNamed(t, "corpus/rs1-rsa2048")
	pcc, err := s.parse()
	if err != nil {
		t.Fatal(err)
	}
	h := gowebauthn.Handler(gowebauthn.Options{Roots: s.roots, Clock: func() time.Time { return s.at }})
	sum := sha256.Sum256(s.cdj)
	errs := make(chan error, 8)
	for range cap(errs) {
		go func() {
			_, _, err := h(pcc.Response.AttestationObject, sum[:], nil, protocol.AttestationPolicy{}, protocol.SignaturePolicy{})
			errs <- err
		}()
	}
	for range cap(errs) {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}
