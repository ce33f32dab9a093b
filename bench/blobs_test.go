package bench

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// testdata is the main module's test data, one directory up.
const testdata = "../testdata"

// The blobs every implementation is benchmarked on.
const (
	winhelloRSA = "webauthn-rs-winhello-rs1-intc" // Windows Hello, Intel PTT, RSA-2048 credential, RS1
	winhelloECC = "go-webauthn-winhello-ecc-p256" // Windows Hello, Nuvoton, ECC P-256 credential, RS1

	quoteFile     = "tpms_attest/quote-sha256-pcr0-7-by-ak-rsa2048-rsassa-sha256.bin"
	sigRSASSAFile = "tpmt_signature/certify-sign-rsa2048-sha256-by-ak-rsa2048-rsassa-sha256.bin"
	sigECDSAFile  = "tpmt_signature/certify-sign-rsa2048-sha256-by-ak-ecc-p256-ecdsa-sha256.bin"
)

// verifyAtRSA is the time the Intel vector is verified at: inside its AIK
// certificate's validity (2020-08-11 to 2025-03-21) and its chain's.
var verifyAtRSA = time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)

// verifyAtECC is tpm2wire's time for the Nuvoton vector (AIK valid
// 2022-01-12 to 2027-06-10). go-webauthn cannot be given a time: it uses
// time.Now().
var verifyAtECC = time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)

func readFile(tb testing.TB, elem ...string) []byte {
	tb.Helper()
	b, err := os.ReadFile(filepath.Join(append([]string{testdata}, elem...)...))
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// structure reads one field of a WebAuthn TPM statement kept under
// testdata/structures (certInfo, pubArea, sig, aikCert).
func structure(tb testing.TB, vector, field string) []byte {
	tb.Helper()
	return readFile(tb, "structures", vector, field)
}

// vector reads one file of testdata/vectors (attestationObject,
// clientDataHash, clientDataJSON).
func vector(tb testing.TB, name, file string) []byte {
	tb.Helper()
	return readFile(tb, "vectors", name, file)
}

type manifestEntry struct {
	File string `json:"file"`
	Type string `json:"type"`
}

// corpusFile reads a file of testdata/corpus after checking that
// manifest.json lists it with the Part 2 type typ.
func corpusFile(tb testing.TB, file, typ string) []byte {
	tb.Helper()
	var entries []manifestEntry
	if err := json.Unmarshal(readFile(tb, "corpus", "manifest.json"), &entries); err != nil {
		tb.Fatal(err)
	}
	i := slices.IndexFunc(entries, func(e manifestEntry) bool { return e.File == file })
	if i < 0 {
		tb.Fatalf("corpus manifest has no %s", file)
	}
	if entries[i].Type != typ {
		tb.Fatalf("corpus manifest: %s is a %s, not a %s", file, entries[i].Type, typ)
	}
	return readFile(tb, "corpus", filepath.FromSlash(file))
}

// quoteFiles lists the manifest's TPMS_ATTEST quotes.
func quoteFiles(tb testing.TB) []string {
	tb.Helper()
	var entries []manifestEntry
	if err := json.Unmarshal(readFile(tb, "corpus", "manifest.json"), &entries); err != nil {
		tb.Fatal(err)
	}
	var files []string
	for _, e := range entries {
		if e.Type == "TPMS_ATTEST" && strings.HasPrefix(e.File, "tpms_attest/quote-") {
			files = append(files, e.File)
		}
	}
	return files
}

type blob struct {
	name string // benchmark name
	kind string // "attest", "public" or "signature"
	b    []byte
}

// blobs returns the parse benchmarks' inputs, in the order they are run.
func blobs(tb testing.TB) []blob {
	tb.Helper()
	return []blob{
		{"attest-certify", "attest", structure(tb, winhelloRSA, "certInfo")},
		{"attest-quote", "attest", corpusFile(tb, quoteFile, "TPMS_ATTEST")},
		{"public-rsa2048", "public", structure(tb, winhelloRSA, "pubArea")},
		{"public-eccp256", "public", structure(tb, winhelloECC, "pubArea")},
		{"signature-rsassa", "signature", corpusFile(tb, sigRSASSAFile, "TPMT_SIGNATURE")},
		{"signature-ecdsa", "signature", corpusFile(tb, sigECDSAFile, "TPMT_SIGNATURE")},
	}
}
