// Package corpus reads testdata/corpus: TPM 2.0 structures exactly as the TCG
// reference TPM returned them, and WebAuthn "tpm" attestations made with it,
// which tools/corpusgen generates (see testdata/corpus/README.md). Only tests
// import it.
package corpus

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"strings"
)

// Entry is one entry of testdata/corpus/manifest.json. File names are
// slash-separated and relative to testdata/corpus.
type Entry struct {
	// File is the blob.
	File string `json:"file"`
	// Type is the Part 2 name of the blob's structure ("TPMS_ATTEST",
	// "TPM2B_PUBLIC", ...): TPMS_ and TPMT_ structures are stored bare,
	// TPM2B_ ones with their size. "BYTES" is data that is not a TPM
	// structure (a signed message); "WEBAUTHN_TPM" is an attestation
	// object, with clientDataJSON and root.pem in its directory.
	Type string `json:"type"`
	// How says which command, with which parameters, made the blob.
	How string `json:"how"`
	// Key is, for a signature, the signer's TPMT_PUBLIC ("" for a NULL
	// signature); for WEBAUTHN_TPM, the AIK's.
	Key string `json:"key,omitempty"`
	// Signed is, for a signature, the file it signs.
	Signed string `json:"signed,omitempty"`
	// Certified is, for an attestation that names an object or NV index,
	// its TPMT_PUBLIC or TPMS_NV_PUBLIC; for creation data and creation
	// tickets, the TPMT_PUBLIC of the object they were made with; for
	// WEBAUTHN_TPM, the credential key's TPMT_PUBLIC (the pubArea).
	Certified string `json:"certified,omitempty"`
	// At is, for WEBAUTHN_TPM, an RFC 3339 time inside the certificates'
	// validity.
	At string `json:"at,omitempty"`
}

// Dir is the corpus directory, testdata/corpus at the module root.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "testdata", "corpus")
}

// Load reads the manifest. It fails if the manifest is missing or empty,
// holds unknown fields or trailing data, or names a file twice, out of
// order, or outside the corpus directory.
func Load() ([]Entry, error) {
	b, err := os.ReadFile(filepath.Join(Dir(), "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("corpus: %w (generate it with tools/corpusgen)", err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var entries []Entry
	if err := dec.Decode(&entries); err != nil {
		return nil, fmt.Errorf("corpus: manifest.json: %w", err)
	}
	if dec.More() {
		return nil, errors.New("corpus: manifest.json: data after the array")
	}
	if len(entries) == 0 {
		return nil, errors.New("corpus: manifest.json lists nothing")
	}
	for i, e := range entries {
		if e.Type == "" || e.How == "" {
			return nil, fmt.Errorf("corpus: %q has no type or how", e.File)
		}
		for _, f := range []string{e.File, e.Key, e.Signed, e.Certified} {
			if f != "" && !local(f) {
				return nil, fmt.Errorf("corpus: %q is not a path inside the corpus", f)
			}
		}
		if i > 0 && entries[i-1].File >= e.File {
			return nil, fmt.Errorf("corpus: manifest.json is not sorted by file, or names %q twice", e.File)
		}
	}
	return entries, nil
}

// local reports whether name is a clean, relative, slash-separated path
// that stays inside the corpus directory.
func local(name string) bool {
	return path.Clean(name) == name && !strings.Contains(name, `\`) && filepath.IsLocal(filepath.FromSlash(name))
}

// Read returns the blob of e.
func Read(e Entry) ([]byte, error) { return ReadFile(e.File) }

// ReadFile returns a corpus file by its manifest name (an entry's File, Key,
// Signed or Certified, or a file beside a WEBAUTHN_TPM entry).
func ReadFile(name string) ([]byte, error) {
	if !local(name) {
		return nil, fmt.Errorf("corpus: %q is not a path inside the corpus", name)
	}
	return os.ReadFile(filepath.Join(Dir(), filepath.FromSlash(name)))
}
