package fuzz

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/sha3"
	"crypto/sha512"
	"errors"
	"iter"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/corpus"
	"github.com/tpm2wire/tpm2wire/internal/testauthn"
	"github.com/tpm2wire/tpm2wire/tpm2b"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

var (
	testRSAKey = testauthn.Key(testauthn.RSA2048).Public().(*rsa.PublicKey)
	testECKey  = testauthn.Key(testauthn.P256).Public().(*ecdsa.PublicKey)
)

// countList checks that a list yields exactly Len elements and that
// breaking out of the iteration early is safe.
func countList[E any](t *testing.T, n int, all iter.Seq[E]) {
	t.Helper()
	got := 0
	for range all {
		got++
	}
	if got != n {
		t.Fatalf("list yields %d elements, Len is %d", got, n)
	}
	for range all {
		break
	}
}

// nameDigests computes each hash a Name may use, independently of algid:
// SHA256_192 is SHA-256 cut to 24 bytes and SHAKE256_N is SHAKE256 with an
// N-bit output (NIST SP 800-208).
var nameDigests = map[algid.ID]func([]byte) []byte{
	algid.SHA1:         func(b []byte) []byte { d := sha1.Sum(b); return d[:] },
	algid.SHA256:       func(b []byte) []byte { d := sha256.Sum256(b); return d[:] },
	algid.SHA256_192:   func(b []byte) []byte { d := sha256.Sum256(b); return d[:24] },
	algid.SHA384:       func(b []byte) []byte { d := sha512.Sum384(b); return d[:] },
	algid.SHA512:       func(b []byte) []byte { d := sha512.Sum512(b); return d[:] },
	algid.SHA3_256:     func(b []byte) []byte { d := sha3.Sum256(b); return d[:] },
	algid.SHA3_384:     func(b []byte) []byte { d := sha3.Sum384(b); return d[:] },
	algid.SHA3_512:     func(b []byte) []byte { d := sha3.Sum512(b); return d[:] },
	algid.SHAKE256_192: func(b []byte) []byte { return sha3.SumSHAKE256(b, 24) },
	algid.SHAKE256_256: func(b []byte) []byte { return sha3.SumSHAKE256(b, 32) },
	algid.SHAKE256_512: func(b []byte) []byte { return sha3.SumSHAKE256(b, 64) },
}

// checkName checks the Name of a parsed object: nameAlg, then the nameAlg
// digest of exactly the bytes received (Part 1 §16), or an empty Name for
// TPM_ALG_NULL, or ErrUnsupported for a hash Go does not implement (SM3).
func checkName(t *testing.T, nameAlg algid.ID, raw []byte, name func() (tpm2b.Name, error)) {
	t.Helper()
	got, err := name()
	if nameAlg == algid.NULL {
		if err != nil || len(got) != 0 {
			t.Fatalf("Name with nameAlg TPM_ALG_NULL = %x, %v; want empty", got, err)
		}
		return
	}
	digest, ok := nameDigests[nameAlg]
	if !ok {
		if !errors.Is(err, tpm2wire.ErrUnsupported) {
			t.Fatalf("Name with nameAlg %v = %x, %v; want ErrUnsupported", nameAlg, got, err)
		}
		return
	}
	want := append([]byte{byte(nameAlg >> 8), byte(nameAlg)}, digest(raw)...)
	if err != nil || string(got) != string(want) {
		t.Fatalf("Name = %x, %v; want %x", got, err, want)
	}
}

// checkKey checks that PublicKey either converts or refuses with ErrKey or
// ErrUnsupported.
func checkKey(t *testing.T, p *tpmt.Public) {
	t.Helper()
	k, err := p.PublicKey()
	switch {
	case err == nil && k == nil:
		t.Fatal("PublicKey returned neither a key nor an error")
	case err != nil && !errors.Is(err, tpm2wire.ErrKey) && !errors.Is(err, tpm2wire.ErrUnsupported):
		t.Fatalf("PublicKey: %v, want ErrKey or ErrUnsupported", err)
	}
}

func sortedKeys[V any](m map[string]V) []string { return slices.Sorted(maps.Keys(m)) }

// corpusSeeds returns the reference-TPM corpus entries of the given Part 2
// types, bare: a TPM2B_ entry loses its size field.
func corpusSeeds(types ...string) [][]byte {
	entries, err := corpus.Load()
	if err != nil {
		panic(err)
	}
	var out [][]byte
	for _, e := range entries {
		if !slices.Contains(types, e.Type) {
			continue
		}
		b, err := corpus.Read(e)
		if err != nil {
			panic(err)
		}
		if strings.HasPrefix(e.Type, "TPM2B_") {
			b = b[2:]
		}
		out = append(out, b)
	}
	return out
}
