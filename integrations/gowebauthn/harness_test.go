package gowebauthn_test

import (
	"bufio"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/go-webauthn/webauthn/metadata"
	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/protocol/webauthncose"

	"github.com/tpm2wire/tpm2wire/integrations/gowebauthn"
)

// oursFormat is the format name the tests register gowebauthn's handler
// under, so that go-webauthn's stock handler stays registered as "tpm" in
// the same process: a sample is verified by the stock handler as parsed, and
// by ours after its AttestationObject.Format is set to oursFormat.
const oursFormat protocol.AttestationFormat = "tpm2wire-test-tpm"

// corpusTime is when the reference-TPM attestations are verified.
var corpusTime = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// A sample is one attestation and what go-webauthn needs to run a
// registration ceremony on it.
type sample struct {
	name   string
	obj    []byte // attestationObject
	cdj    []byte // clientDataJSON
	at     time.Time
	roots  *x509.CertPool // the corpus's test root; nil for the vectors
	rpID   string
	origin string
	chal   string
	credID []byte
	aik    *x509.Certificate // x5c[0], nil if it does not parse
}

// samples loads every vector of testdata/vectors (verification time from
// testdata/webauthntpm) and every reference-TPM attestation of
// testdata/corpus/webauthn.
func samples(t *testing.T) []*sample {
	t.Helper()
	var out []*sample
	dirs, _ := filepath.Glob("../../testdata/vectors/*/attestationObject")
	if len(dirs) != 12 {
		t.Fatalf("%d vectors, want 12", len(dirs))
	}
	for _, f := range dirs {
		dir := filepath.Dir(f)
		name := filepath.Base(dir)
		s := &sample{name: name, at: vectorTime(t, name)}
		s.obj = mustRead(t, filepath.Join(dir, "attestationObject"))
		s.cdj = mustRead(t, filepath.Join(dir, "clientDataJSON"))
		if h := sha256.Sum256(s.cdj); string(h[:]) != string(mustRead(t, filepath.Join(dir, "clientDataHash"))) {
			t.Fatalf("%s: clientDataHash is not SHA-256(clientDataJSON)", name)
		}
		s.fill(t)
		out = append(out, s)
	}
	corpus, _ := filepath.Glob("../../testdata/corpus/webauthn/*/attestationObject")
	if len(corpus) != 4 {
		t.Fatalf("%d corpus attestations, want 4", len(corpus))
	}
	for _, f := range corpus {
		dir := filepath.Dir(f)
		s := &sample{name: "corpus/" + filepath.Base(dir), at: corpusTime}
		s.obj = mustRead(t, f)
		s.cdj = mustRead(t, filepath.Join(dir, "clientDataJSON"))
		s.roots = x509.NewCertPool()
		block, _ := pem.Decode(mustRead(t, filepath.Join(dir, "root.pem")))
		root, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			t.Fatalf("%s: root.pem: %v", s.name, err)
		}
		s.roots.AddCert(root)
		s.fill(t)
		out = append(out, s)
	}
	return out
}

func mustRead(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// vectorTime reads the "at:" line of testdata/webauthntpm/<name>.txt: a time
// inside the vector's AIK certificate validity.
func vectorTime(t *testing.T, name string) time.Time {
	t.Helper()
	f, err := os.Open(filepath.Join("../../testdata/webauthntpm", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "at:"); ok {
			at, err := time.Parse(time.RFC3339, strings.TrimSpace(v))
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			return at
		}
	}
	t.Fatalf("%s: no at: line", name)
	return time.Time{}
}

// fill derives the ceremony's inputs from the sample's own bytes: the
// challenge and origin of its client data, the credential ID of its
// authenticator data, and as RP ID the origin's host or the parent domain
// whose SHA-256 is the authenticator data's rpIdHash, as the relying party
// that made it must have configured.
func (s *sample) fill(t *testing.T) {
	t.Helper()
	var cd struct{ Challenge, Origin string }
	if err := json.Unmarshal(s.cdj, &cd); err != nil {
		t.Fatalf("%s: clientDataJSON: %v", s.name, err)
	}
	s.chal, s.origin = cd.Challenge, cd.Origin
	// A lenient decode (the java vectors are indefinite-length maps, which
	// go-webauthn refuses): only to read authData and x5c[0].
	var ao struct {
		AuthData []byte `cbor:"authData"`
		AttStmt  struct {
			X5C [][]byte `cbor:"x5c"`
		} `cbor:"attStmt"`
	}
	if err := cbor.Unmarshal(s.obj, &ao); err != nil {
		t.Fatalf("%s: attestationObject: %v", s.name, err)
	}
	ad := ao.AuthData
	if len(ad) < 55 {
		t.Fatalf("%s: authData of %d bytes", s.name, len(ad))
	}
	n := int(ad[53])<<8 | int(ad[54])
	s.credID = ad[55 : 55+n]
	u, err := url.Parse(s.origin)
	if err != nil {
		t.Fatalf("%s: origin %q: %v", s.name, s.origin, err)
	}
	for host := u.Hostname(); host != ""; {
		if h := sha256.Sum256([]byte(host)); string(h[:]) == string(ad[:32]) {
			s.rpID = host
			break
		}
		_, parent, ok := strings.Cut(host, ".")
		if !ok {
			break
		}
		host = parent
	}
	if s.rpID == "" {
		t.Fatalf("%s: no domain of %s hashes to the rpIdHash", s.name, s.origin)
	}
	if len(ao.AttStmt.X5C) > 0 {
		s.aik, _ = x509.ParseCertificate(ao.AttStmt.X5C[0])
	}
}

// response is the registration response a browser would post for the sample.
func (s *sample) response() []byte {
	enc := base64.RawURLEncoding.EncodeToString
	b, _ := json.Marshal(map[string]any{
		"id": enc(s.credID), "rawId": enc(s.credID), "type": "public-key",
		"response": map[string]string{
			"clientDataJSON":    enc(s.cdj),
			"attestationObject": enc(s.obj),
		},
	})
	return b
}

// credParams offers every COSE algorithm go-webauthn knows, so that step 16
// (the credential's alg was requested) never decides the outcome.
var credParams = func() []protocol.CredentialParameter {
	var out []protocol.CredentialParameter
	for _, a := range []webauthncose.COSEAlgorithmIdentifier{
		webauthncose.AlgES256, webauthncose.AlgES384, webauthncose.AlgES512, webauthncose.AlgRS256,
		webauthncose.AlgRS384, webauthncose.AlgRS512, webauthncose.AlgPS256, webauthncose.AlgPS384,
		webauthncose.AlgPS512, webauthncose.AlgRS1, webauthncose.AlgEdDSA,
	} {
		out = append(out, protocol.CredentialParameter{Type: protocol.PublicKeyCredentialType, Algorithm: a})
	}
	return out
}()

// parse runs go-webauthn's parser on the sample's registration response.
func (s *sample) parse() (*protocol.ParsedCredentialCreationData, error) {
	return protocol.ParseCredentialCreationResponseBytes(s.response())
}

// register runs go-webauthn's registration verification,
// ParsedCredentialCreationData.Verify, on the sample with the attestation
// format handler registered as format: protocol.AttestationFormatTPM for
// the stock handler, oursFormat for gowebauthn's. It returns the verified
// attestation object, and whether go-webauthn's parser accepted the response.
func (s *sample) register(format protocol.AttestationFormat) (*protocol.AttestationObject, bool, error) {
	pcc, err := s.parse()
	if err != nil {
		return nil, false, err
	}
	if pcc.Response.AttestationObject.Format != string(protocol.AttestationFormatTPM) {
		return nil, true, errors.New("fmt is not tpm")
	}
	pcc.Response.AttestationObject.Format = string(format)
	att, err := s.verifyWith(pcc, nil)
	return att, true, err
}

// verifyWith runs ParsedCredentialCreationData.Verify as a relying party
// configured for the sample would (the defaults of webauthn.Config and a
// registration session: user presence required, user verification not, no
// cross-origin), with metadata provider mds.
func (s *sample) verifyWith(pcc *protocol.ParsedCredentialCreationData, mds metadata.Provider) (*protocol.AttestationObject, error) {
	_, err := pcc.Verify(s.chal, s.rpID, []string{s.origin}, nil, nil, protocol.TopOriginExplicitVerificationMode,
		false, false, true, mds, credParams, protocol.AttestationPolicy{}, protocol.SignaturePolicy{})
	if err != nil {
		return nil, err
	}
	return &pcc.Response.AttestationObject, nil
}

// ours registers gowebauthn's handler as oursFormat, verifying at the
// sample's time (and with the corpus root) under extra's policy.
func (s *sample) ours(extra gowebauthn.Options) {
	extra.Clock = func() time.Time { return s.at }
	if extra.Roots == nil {
		extra.Roots = s.roots
	}
	protocol.RegisterAttestationFormat(oursFormat, gowebauthn.Handler(extra))
}
