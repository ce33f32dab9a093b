package webauthntpm_test

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

var sentinels = map[string]error{
	"ErrAttestationObject": webauthntpm.ErrAttestationObject, "ErrFormat": webauthntpm.ErrFormat,
	"ErrStatement": webauthntpm.ErrStatement, "ErrVersion": webauthntpm.ErrVersion,
	"ErrAlgorithm": webauthntpm.ErrAlgorithm, "ErrSHA1": webauthntpm.ErrSHA1, "ErrECDAA": webauthntpm.ErrECDAA,
	"ErrX5C": webauthntpm.ErrX5C, "ErrAuthData": webauthntpm.ErrAuthData, "ErrCredentialKey": webauthntpm.ErrCredentialKey,
	"ErrPubArea": webauthntpm.ErrPubArea, "ErrSigningKey": webauthntpm.ErrSigningKey, "ErrKeyMismatch": webauthntpm.ErrKeyMismatch,
	"ErrAIK": webauthntpm.ErrAIK, "ErrAIKVersion": webauthntpm.ErrAIKVersion, "ErrAIKSubject": webauthntpm.ErrAIKSubject,
	"ErrAIKSAN": webauthntpm.ErrAIKSAN, "ErrManufacturer": webauthntpm.ErrManufacturer, "ErrAIKEKU": webauthntpm.ErrAIKEKU,
	"ErrAIKBasicConstraints": webauthntpm.ErrAIKBasicConstraints, "ErrAIKValidity": webauthntpm.ErrAIKValidity,
	"ErrAAGUID": webauthntpm.ErrAAGUID, "ErrChain": webauthntpm.ErrChain, "ErrSignature": webauthntpm.ErrSignature,
	"ErrCertInfo": webauthntpm.ErrCertInfo, "ErrCertInfoType": webauthntpm.ErrCertInfoType,
	"ErrExtraData": webauthntpm.ErrExtraData, "ErrName": webauthntpm.ErrName, "ErrNotTPMBound": webauthntpm.ErrNotTPMBound,
}

// Every exported sentinel is in Sentinels, and the test's table names them all.
func TestSentinelsListed(t *testing.T) {
	if got := len(webauthntpm.Sentinels()); got != len(sentinels) {
		t.Errorf("Sentinels() has %d, the test table %d", got, len(sentinels))
	}
	for _, s := range webauthntpm.Sentinels() {
		found := false
		for _, x := range sentinels {
			found = found || x == s
		}
		if !found {
			t.Errorf("%v is not in the test table", s)
		}
	}
}

// wantOutcome checks that err (and res) are the outcome named by want: "ok"
// or a sentinel name; a rejection must match exactly that sentinel.
func wantOutcome(t *testing.T, what, want string, res *webauthntpm.Result, err error) {
	t.Helper()
	if want == "ok" {
		if err != nil || res == nil {
			t.Errorf("%s: err = %v, want success", what, err)
		}
		return
	}
	s, ok := sentinels[want]
	if !ok {
		t.Fatalf("%s: unknown outcome %q", what, want)
	}
	if res != nil || !errors.Is(err, s) {
		t.Errorf("%s: err = %v, want %s", what, err, want)
	}
	for name, other := range sentinels {
		if other != s && errors.Is(err, other) {
			t.Errorf("%s: err = %v also matches %s", what, err, name)
		}
	}
}

type vectorFile struct {
	fields map[string]string
	flags  []string
}

func readVectorFile(t *testing.T, path string) vectorFile {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known := map[string]bool{"vector": true, "at": true, "expect": true, "expect-test-vendors": true, "expect-reject-sha1": true,
		"expect-microsoft-roots": true, "manufacturer": true, "model": true, "version": true, "flags": true, "comment": true}
	v := vectorFile{fields: map[string]string{}}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, val, ok := strings.Cut(line, ":")
		if !ok || !known[k] {
			t.Fatalf("%s: unknown header line %q", path, line)
		}
		if _, dup := v.fields[k]; dup {
			t.Fatalf("%s: %s given twice", path, k)
		}
		v.fields[k] = strings.TrimSpace(val)
	}
	v.flags = strings.Fields(v.fields["flags"])
	for _, k := range []string{"vector", "at", "expect", "expect-test-vendors", "expect-reject-sha1", "expect-microsoft-roots"} {
		if v.fields[k] == "" {
			t.Fatalf("%s: no %s", path, k)
		}
	}
	return v
}

// Every shared vector gives the outcome its file records, with each set of
// options, and each of its recorded quirks is really in its bytes.
func TestVectors(t *testing.T) {
	files, _ := filepath.Glob("../testdata/webauthntpm/*.txt")
	if len(files) != 12 {
		t.Fatalf("%d vector files, want 12", len(files))
	}
	for _, file := range files {
		vf := readVectorFile(t, file)
		name := vf.fields["vector"]
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "testdata", "vectors", name)
			obj, err := os.ReadFile(filepath.Join(dir, "attestationObject"))
			if err != nil {
				t.Fatal(err)
			}
			cdj, _ := os.ReadFile(filepath.Join(dir, "clientDataJSON"))
			cdh, _ := os.ReadFile(filepath.Join(dir, "clientDataHash"))
			if d := sha256.Sum256(cdj); !bytes.Equal(d[:], cdh) {
				t.Fatal("clientDataHash is not SHA-256(clientDataJSON)")
			}
			at, err := time.Parse(time.RFC3339, vf.fields["at"])
			if err != nil {
				t.Fatal(err)
			}
			verify := func(o webauthntpm.Options) (*webauthntpm.Result, error) {
				if o.Now.IsZero() {
					o.Now = at
				}
				return webauthntpm.VerifyAttestationObject(obj, cdh, &o)
			}
			res, err := verify(webauthntpm.Options{})
			wantOutcome(t, "default options", vf.fields["expect"], res, err)
			res, err = verify(webauthntpm.Options{AllowTestVendors: true})
			wantOutcome(t, "AllowTestVendors", vf.fields["expect-test-vendors"], res, err)
			if res != nil {
				wantReported(t, vf, res)
			}
			res, err = verify(webauthntpm.Options{AllowTestVendors: true, RejectSHA1: true})
			wantOutcome(t, "RejectSHA1", vf.fields["expect-reject-sha1"], res, err)
			res, err = verify(webauthntpm.Options{AllowTestVendors: true, Roots: webauthntpm.MicrosoftTPMRoots()})
			wantOutcome(t, "MicrosoftTPMRoots", vf.fields["expect-microsoft-roots"], res, err)
			if res != nil && len(res.Chains) == 0 {
				t.Errorf("a verified chain is not reported")
			}
			// The AIKs expire: a time after the AIK's validity fails it.
			if vf.fields["expect-test-vendors"] == "ok" {
				_, err = verify(webauthntpm.Options{AllowTestVendors: true, Now: at.AddDate(40, 0, 0)})
				if c, _ := x509.ParseCertificate(mustVector(t, name, "aikCert")); c.NotAfter.Before(at.AddDate(40, 0, 0)) && !errors.Is(err, webauthntpm.ErrAIKValidity) {
					t.Errorf("40 years later: err = %v, want ErrAIKValidity", err)
				}
			}
			for _, f := range vf.flags {
				checkFlag(t, f, name, obj)
			}
		})
	}
}

func mustVector(t *testing.T, name, file string) []byte {
	b, err := os.ReadFile(filepath.Join("..", "testdata", "structures", name, file))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func wantReported(t *testing.T, vf vectorFile, res *webauthntpm.Result) {
	t.Helper()
	m := res.Manufacturer.Code
	if m == "" {
		m = strings.ToUpper(hex.EncodeToString([]byte{byte(res.Manufacturer.ID >> 24), byte(res.Manufacturer.ID >> 16), byte(res.Manufacturer.ID >> 8), byte(res.Manufacturer.ID)}))
	}
	if m != vf.fields["manufacturer"] || res.Model != vf.fields["model"] || res.FirmwareVersion != vf.fields["version"] {
		t.Errorf("reported %s %q %q, want %s %q %q", m, res.Model, res.FirmwareVersion, vf.fields["manufacturer"], vf.fields["model"], vf.fields["version"])
	}
	if res.Type != "AttCA" || len(res.TrustPath) == 0 || res.AIK == nil {
		t.Errorf("result type %q with %d trust path entries", res.Type, len(res.TrustPath))
	}
}

// checkFlag asserts that a recorded quirk is in the vector's bytes.
func checkFlag(t *testing.T, flag, name string, obj []byte) {
	t.Helper()
	aik := mustVector(t, name, "aikCert")
	certInfo := mustVector(t, name, "certInfo")
	pubArea := mustVector(t, name, "pubArea")
	st, _, err := webauthntpm.ParseAttestationObject(obj)
	if err != nil {
		t.Fatalf("ParseAttestationObject: %v", err)
	}
	if !bytes.Equal(st.CertInfo, certInfo) || !bytes.Equal(st.PubArea, pubArea) || !bytes.Equal(st.X5C[0], aik) {
		t.Fatalf("testdata/structures/%s does not hold the attestation object's fields", name)
	}
	switch flag {
	case "rs1":
		if st.Alg != -65535 {
			t.Errorf("rs1: alg is %d", st.Alg)
		}
	case "winhello":
		if !bytes.Contains(st.X5C[1], []byte("Microsoft TPM Root Certificate Authority 2014")) {
			t.Errorf("winhello: x5c[1] is not issued by the Microsoft TPM root")
		}
	case "fido-tool":
		if !bytes.Contains(aik, []byte("id:FFFFF1D0")) {
			t.Errorf("fido-tool: AIK does not name vendor FFFFF1D0")
		}
	case "spec-vector":
		if !bytes.Contains(aik, []byte("id:00000000")) {
			t.Errorf("spec-vector: AIK does not name vendor 00000000")
		}
	case "multi-valued-rdn", "separate-rdns":
		n := sanRDNs(t, aik)
		if (flag == "multi-valued-rdn") != (n == 1) {
			t.Errorf("%s: the SAN directoryName has %d RDNs", flag, n)
		}
	case "aaguid-extension":
		c, _ := x509.ParseCertificate(aik)
		found := false
		for _, e := range c.Extensions {
			found = found || e.Id.String() == "1.3.6.1.4.1.45724.1.1.4"
		}
		if !found {
			t.Errorf("aaguid-extension: none")
		}
	case "negative-serial":
		if _, err := x509.ParseCertificate(st.X5C[1]); err == nil || !strings.Contains(err.Error(), "negative serial") {
			t.Errorf("negative-serial: x5c[1] parses (%v)", err)
		}
	case "safe-not-yes-no":
		_, err := tpms.ParseAttest(certInfo)
		var e *tpm2wire.Error
		if !errors.As(err, &e) || e.Field != "safe" || certInfo[e.Offset] != 0x33 {
			t.Errorf("safe-not-yes-no: %v", err)
		}
	case "ecc-coordinate-33":
		p, err := tpmt.ParsePublic(pubArea)
		pt, _ := p.Unique.ECC()
		if err != nil || len(pt.Y) != 33 || pt.Y[0] != 0 {
			t.Errorf("ecc-coordinate-33: y has %d bytes (%v)", len(pt.Y), err)
		}
	case "no-basic-constraints":
		c, _ := x509.ParseCertificate(aik)
		if c.BasicConstraintsValid {
			t.Errorf("no-basic-constraints: the AIK has them")
		}
	case "scheme-without-hash":
		_, err := tpmt.ParsePublic(pubArea)
		var e *tpm2wire.Error
		if !errors.As(err, &e) || e.Type != "TPMS_SCHEME_HASH" || !errors.Is(err, tpm2wire.ErrHash) {
			t.Errorf("scheme-without-hash: %v", err)
		}
	case "indefinite-cbor":
		if obj[0] != 0xbf {
			t.Errorf("indefinite-cbor: the object starts with %#x", obj[0])
		}
	default:
		t.Fatalf("unknown flag %q", flag)
	}
}

// sanRDNs counts the RDNs of the AIK SAN's directoryName.
func sanRDNs(t *testing.T, aik []byte) int {
	c, err := x509.ParseCertificate(aik)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Extensions {
		if e.Id.String() != "2.5.29.17" {
			continue
		}
		in := cryptobyte.String(e.Value)
		var names, dn, name cryptobyte.String
		if !in.ReadASN1(&names, cbasn1.SEQUENCE) || !names.ReadASN1(&dn, cbasn1.Tag(4).Constructed().ContextSpecific()) || !dn.ReadASN1(&name, cbasn1.SEQUENCE) {
			t.Fatal("SAN is not a directoryName")
		}
		n := 0
		for !name.Empty() {
			var rdn cryptobyte.String
			name.ReadASN1(&rdn, cbasn1.SET)
			n++
		}
		return n
	}
	t.Fatal("no SAN")
	return 0
}

// The embedded root is the public Microsoft TPM Root Certificate Authority
// 2014, pinned by its SHA-256.
func TestMicrosoftTPMRoot(t *testing.T) {
	b, err := os.ReadFile("roots/microsoft-tpm-root-ca-2014.pem")
	if err != nil {
		t.Fatal(err)
	}
	p := webauthntpm.MicrosoftTPMRoots()
	var block []byte
	for _, line := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(line, "-----") {
			block = append(block, strings.TrimSpace(line)...)
		}
	}
	der := decodeBase64(t, string(block))
	d := sha256.Sum256(der)
	if got := strings.ToUpper(hex.EncodeToString(d[:])); got != "870C7A35CEAB3D59979F2C6A524042D404CB71518004350925FB2CED79A999DA" {
		t.Errorf("root SHA-256 = %s", got)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	if c.Subject.CommonName != "Microsoft TPM Root Certificate Authority 2014" {
		t.Errorf("root subject %q", c.Subject.CommonName)
	}
	if !p.Equal(func() *x509.CertPool { q := x509.NewCertPool(); q.AddCert(c); return q }()) {
		t.Errorf("MicrosoftTPMRoots holds something else")
	}
	// Each call returns a new pool: a caller adding to it changes no other.
	p.AddCert(&x509.Certificate{Raw: []byte{1}})
	if p.Equal(webauthntpm.MicrosoftTPMRoots()) {
		t.Errorf("MicrosoftTPMRoots returns a shared pool")
	}
}

func decodeBase64(t *testing.T, s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
