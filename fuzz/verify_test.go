package fuzz

import (
	"bytes"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"flag"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tpm2wire/tpm2wire/internal/corpus"
	"github.com/tpm2wire/tpm2wire/internal/samples"
	"github.com/tpm2wire/tpm2wire/internal/testauthn"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// verifySeed is a valid attestation: the object, the client data hash and
// a time inside the AIK's validity.
type verifySeed struct {
	obj, cdh []byte
	at       int64
}

// The seeds of FuzzVerify are files of the native corpus format in
// testdata/fuzz/FuzzVerify named seed-*, so that the fuzzing coordinator and
// its workers see the same bytes: the attestations testauthn builds carry
// randomized signatures, so they are built once, by
//
//	go test ./fuzz -run TestVerifySeeds -update
//
// and committed. Inputs the fuzzer saves there have other names and never
// explain an acceptance.
const seedDir = "testdata/fuzz/FuzzVerify"

var update = flag.Bool("update", false, "rewrite the FuzzVerify seeds")

// buildVerifySeeds builds an attestation for every algorithm and credential
// kind, and takes the reference TPM's attestations and the shared
// real-world vectors with the times their expectation files give.
func buildVerifySeeds() map[string]verifySeed {
	out := map[string]verifySeed{}
	add := func(name string, c testauthn.Config) {
		a := testauthn.Build(c)
		out[name] = verifySeed{a.Object, a.ClientDataHash, a.Now.Unix()}
	}
	for _, alg := range testauthn.Algs {
		c := testauthn.Default()
		c.Alg = alg
		add("seed-"+alg.Name, c)
	}
	for _, kind := range testauthn.CredentialKinds[1:] {
		c := testauthn.Default()
		c.Credential = kind
		add("seed-credential-"+kind, c)
	}
	entries, err := corpus.Load()
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		if e.Type != "WEBAUTHN_TPM" {
			continue
		}
		obj, err1 := corpus.Read(e)
		cdj, err2 := corpus.ReadFile(path.Join(path.Dir(e.File), "clientDataJSON"))
		when, err3 := time.Parse(time.RFC3339, e.At)
		if err := errors.Join(err1, err2, err3); err != nil {
			panic(err)
		}
		cdh := sha256.Sum256(cdj)
		out["seed-corpus-"+path.Base(path.Dir(e.File))] = verifySeed{obj, cdh[:], when.Unix()}
	}
	files, _ := filepath.Glob(filepath.Join(samples.Root(), "testdata", "webauthntpm", "*.txt"))
	for _, f := range files {
		hdr, _ := os.ReadFile(f)
		var vector, at string
		for line := range strings.Lines(string(hdr)) {
			k, v, _ := strings.Cut(line, ":")
			switch k {
			case "vector":
				vector = strings.TrimSpace(v)
			case "at":
				at = strings.TrimSpace(v)
			}
		}
		dir := filepath.Join(samples.Root(), "testdata", "vectors", vector)
		obj, err1 := os.ReadFile(filepath.Join(dir, "attestationObject"))
		cdh, err2 := os.ReadFile(filepath.Join(dir, "clientDataHash"))
		when, err3 := time.Parse(time.RFC3339, at)
		if err := errors.Join(err1, err2, err3); err != nil {
			panic(err)
		}
		out["seed-vector-"+vector] = verifySeed{obj, cdh, when.Unix()}
	}
	return out
}

// readVerifySeeds reads the seed-* files.
func readVerifySeeds() (map[string]verifySeed, error) {
	files, err := filepath.Glob(filepath.Join(seedDir, "seed-*"))
	if err != nil {
		return nil, err
	}
	out := map[string]verifySeed{}
	for _, f := range files {
		s, err := readVerifySeedFile(f)
		if err != nil {
			return nil, err
		}
		out[filepath.Base(f)] = s
	}
	return out, nil
}

// readVerifySeedFile reads one FuzzVerify corpus file.
func readVerifySeedFile(f string) (verifySeed, error) {
	b, err := os.ReadFile(f)
	if err != nil {
		return verifySeed{}, err
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 4 || lines[0] != "go test fuzz v1" {
		return verifySeed{}, fmt.Errorf("%s: not a FuzzVerify corpus file", f)
	}
	obj, err1 := unquoteBytes(lines[1])
	cdh, err2 := unquoteBytes(lines[2])
	at, err3 := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(lines[3], "int64("), ")"), 10, 64)
	if err := errors.Join(err1, err2, err3); err != nil {
		return verifySeed{}, fmt.Errorf("%s: %v", f, err)
	}
	return verifySeed{obj, cdh, at}, nil
}

func unquoteBytes(line string) ([]byte, error) {
	q, ok := strings.CutPrefix(line, "[]byte(")
	if !ok || !strings.HasSuffix(q, ")") {
		return nil, fmt.Errorf("line %.20q is not a []byte", line)
	}
	s, err := strconv.Unquote(q[:len(q)-1])
	return []byte(s), err
}

func writeVerifySeed(name string, s verifySeed) error {
	body := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n[]byte(%q)\nint64(%d)\n", s.obj, s.cdh, s.at)
	return os.WriteFile(filepath.Join(seedDir, name), []byte(body), 0o644)
}

// TestVerifySeeds checks that the committed seeds are the complete set and
// that each built one verifies (with test vendors admitted, without roots).
// Only seeds that verify explain an acceptance.
func TestVerifySeeds(t *testing.T) {
	built := buildVerifySeeds()
	if *update {
		if err := os.MkdirAll(seedDir, 0o755); err != nil {
			t.Fatal(err)
		}
		// Existing seeds stay as they are (rebuilding changes their
		// random signatures); missing ones are written, stale ones removed.
		old, _ := filepath.Glob(filepath.Join(seedDir, "seed-*"))
		for _, f := range old {
			if _, ok := built[filepath.Base(f)]; !ok {
				os.Remove(f)
			}
		}
		for name, s := range built {
			if _, err := os.Stat(filepath.Join(seedDir, name)); err == nil {
				continue
			}
			if err := writeVerifySeed(name, s); err != nil {
				t.Fatal(err)
			}
		}
	}
	seeds, err := readVerifySeeds()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := slices.Sorted(maps.Keys(seeds)), slices.Sorted(maps.Keys(built)); !slices.Equal(got, want) {
		t.Fatalf("seed files %v, want %v (run with -update)", got, want)
	}
	for name, s := range seeds {
		opts := &webauthntpm.Options{Now: time.Unix(s.at, 0), AllowTestVendors: true}
		_, err := webauthntpm.VerifyAttestationObject(s.obj, s.cdh, opts)
		if strings.HasPrefix(name, "seed-vector-") {
			continue // webauthntpm's TestVectors checks their outcomes
		}
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// signed is what the procedure checks: alg, the TPM signature and what it
// covers, what §8.3.1 requires of the AIK certificate, and extraData's
// inputs. An accepted input must agree with a seed in all of it. Of the
// AIK, that is its version, subject, key and the extensions the procedure
// reads (SAN, EKU, basic constraints, the FIDO AAGUID), with their
// criticality. Without Roots nothing reads its serial number, issuer,
// validity bounds beyond containing the time, authority key ID or
// signature (the trust path is the caller's decision; with Roots the chain
// fails if they change), so those may differ: the fuzzer found both an
// AIK with a changed signatureValue (82ae4787f6595edd) and one with a
// changed issuer name (402c62627fb42d61), accepted without roots and
// refused with them.
type signed struct {
	alg                                         int64
	sig, certInfo, pubArea, aikChecked, ad, cdh string
}

// aikOIDs are the AIK extensions the procedure reads.
var aikOIDs = []asn1.ObjectIdentifier{
	{2, 5, 29, 17},                     // subjectAltName
	{2, 5, 29, 37},                     // extKeyUsage
	{2, 5, 29, 19},                     // basicConstraints
	{1, 3, 6, 1, 4, 1, 45724, 1, 1, 4}, // id-fido-gen-ce-aaguid
}

func newSigned(st *webauthntpm.Statement, ad, cdh []byte) (signed, bool) {
	if len(st.X5C) == 0 {
		return signed{}, false
	}
	aik, err := x509.ParseCertificate(st.X5C[0])
	if err != nil {
		return signed{}, false
	}
	checked := fmt.Sprintf("v%d|%x|%x", aik.Version, aik.RawSubject, aik.RawSubjectPublicKeyInfo)
	for _, e := range aik.Extensions {
		if slices.ContainsFunc(aikOIDs, e.Id.Equal) {
			checked += fmt.Sprintf("|%v,%v,%x", e.Id, e.Critical, e.Value)
		}
	}
	return signed{st.Alg, string(st.Sig), string(st.CertInfo), string(st.PubArea), checked, string(ad), string(cdh)}, true
}

// parsedSeed is a seed that verifies, decoded.
type parsedSeed struct {
	stmt    *webauthntpm.Statement
	ad, cdh []byte
	at      int64
}

// validSeeds returns the seeds that verify (with test vendors, without
// roots), in name order.
var validSeeds = sync.OnceValue(func() []parsedSeed {
	seeds, err := readVerifySeeds()
	if err != nil {
		panic(err)
	}
	var out []parsedSeed
	for _, name := range slices.Sorted(maps.Keys(seeds)) {
		s := seeds[name]
		if _, err := webauthntpm.VerifyAttestationObject(s.obj, s.cdh, &webauthntpm.Options{Now: time.Unix(s.at, 0), AllowTestVendors: true}); err != nil {
			continue
		}
		st, ad, err := webauthntpm.ParseAttestationObject(s.obj)
		if err != nil {
			panic(err)
		}
		out = append(out, parsedSeed{st, ad, s.cdh, s.at})
	}
	return out
})

// seedSigned is the set of what the valid seeds sign and certify.
var seedSigned = sync.OnceValue(func() map[signed]bool {
	m := map[signed]bool{}
	for _, s := range validSeeds() {
		st := s.stmt
		k, ok := newSigned(st, s.ad, s.cdh)
		if !ok {
			panic("a valid seed has no AIK")
		}
		m[k] = true
	}
	return m
})

// checkVerifyError checks a rejection: no result, and an error wrapping
// exactly one webauthntpm sentinel.
func checkVerifyError(t *testing.T, res *webauthntpm.Result, err error) {
	t.Helper()
	if res != nil {
		t.Fatalf("rejected with %v but returned a result", err)
	}
	n := 0
	for _, s := range webauthntpm.Sentinels() {
		if errors.Is(err, s) {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("error %q wraps %d webauthntpm sentinels, want 1", err, n)
	}
}

func signedParts(obj, cdh []byte) (signed, bool) {
	st, ad, err := webauthntpm.ParseAttestationObject(obj)
	if err != nil {
		return signed{}, false
	}
	return newSigned(st, ad, cdh)
}

// fuzzRoots holds the test roots (testauthn's and the corpus's) and
// Microsoft's TPM root.
var fuzzRoots = sync.OnceValue(func() *x509.CertPool {
	p := testauthn.Roots()
	pems, _ := filepath.Glob(filepath.Join(corpus.Dir(), "webauthn", "*", "root.pem"))
	pems = append(pems, filepath.Join(samples.Root(), "webauthntpm", "roots", "microsoft-tpm-root-ca-2014.pem"))
	for _, f := range pems {
		pem, err := os.ReadFile(f)
		if err != nil || !p.AppendCertsFromPEM(pem) {
			panic("cannot load root " + f)
		}
	}
	return p
})

// FuzzVerify runs the WebAuthn verifier on hostile attestation objects,
// client data hashes and times, without and with trust anchors. A rejection
// wraps exactly one webauthntpm sentinel and returns no result. An
// acceptance must be explained: the input agrees with a valid seed in
// everything the procedure checks (alg, sig, certInfo, pubArea, the AIK
// certificate's checked contents, the authenticator data and the client data
// hash), so only what the procedure ignores (CBOR map order, the AIK's
// issuer, serial and signature and the certificates after it when no roots
// are given) may
// differ (see signed).
func FuzzVerify(f *testing.F) {
	f.Fuzz(func(t *testing.T, obj, cdh []byte, at int64) {
		now := time.Unix(at, 0)
		for _, opts := range []*webauthntpm.Options{
			{Now: now, AllowTestVendors: true},
			{Now: now, AllowTestVendors: true, Roots: fuzzRoots()},
		} {
			res, err := webauthntpm.VerifyAttestationObject(obj, cdh, opts)
			if err != nil {
				checkVerifyError(t, res, err)
				continue
			}
			k, ok := signedParts(obj, cdh)
			if !ok || !seedSigned()[k] {
				t.Fatalf("accepted an attestation that differs from every valid seed in what the procedure checks")
			}
			if !bytes.Equal(res.PubArea.Raw, []byte(k.pubArea)) {
				t.Fatal("Result.PubArea is not the statement's pubArea")
			}
		}
	})
}

// FuzzVerifyParts reaches past the CBOR layer: it takes the statement and
// authenticator data of a valid seed (chosen by the first argument) and
// replaces certInfo, pubArea, sig and the authenticator data with fuzzed
// bytes. The properties are FuzzVerify's.
func FuzzVerifyParts(f *testing.F) {
	seeds := validSeeds()
	for i, s := range seeds {
		f.Add(uint8(i), s.stmt.CertInfo, s.stmt.PubArea, s.stmt.Sig, s.ad)
	}
	f.Fuzz(func(t *testing.T, i uint8, certInfo, pubArea, sig, ad []byte) {
		s := seeds[int(i)%len(seeds)]
		st := *s.stmt
		st.CertInfo, st.PubArea, st.Sig = certInfo, pubArea, sig
		res, err := webauthntpm.Verify(&st, ad, s.cdh, &webauthntpm.Options{Now: time.Unix(s.at, 0), AllowTestVendors: true})
		if err != nil {
			checkVerifyError(t, res, err)
			return
		}
		k, ok := newSigned(&st, ad, s.cdh)
		if !ok || !seedSigned()[k] {
			t.Fatalf("accepted certInfo %x, pubArea %x, sig %x, authData %x: they differ from every valid seed", certInfo, pubArea, sig, ad)
		}
	})
}
