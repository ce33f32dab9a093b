package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"

	corpusfile "github.com/tpm2wire/tpm2wire/internal/corpus"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// entry is one entry of manifest.json, the type internal/corpus reads it
// with, so the writer and the reader cannot drift apart.
type entry = corpusfile.Entry

// corpus collects the files before anything is written.
type corpus struct {
	entries []entry
	files   map[string][]byte // path relative to the corpus directory
}

func newCorpus() *corpus { return &corpus{files: map[string][]byte{}} }

// add records a blob and its manifest entry.
func (c *corpus) add(e entry, data []byte) {
	c.put(e.File, data)
	c.entries = append(c.entries, e)
}

// put records a file the manifest does not list on its own line (the
// clientDataJSON and root.pem beside an attestation object).
func (c *corpus) put(file string, data []byte) {
	if _, dup := c.files[file]; dup {
		panic("corpusgen: two blobs named " + file)
	}
	if len(data) == 0 {
		panic("corpusgen: empty blob " + file)
	}
	c.files[file] = bytes.Clone(data)
}

// check parses every blob with tpm2wire's strict parser of its type and
// compares the re-encoding with the bytes, as the corpus test does. It
// returns one line per blob tpm2wire rejects: a finding, not something to
// drop from the corpus.
func (c *corpus) check() []string {
	var bad []string
	for _, e := range c.entries {
		b := c.files[e.File]
		var enc []byte
		var err error
		switch e.Type {
		case "TPMS_ATTEST":
			var v tpms.Attest
			if v, err = tpms.ParseAttest(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPMT_PUBLIC":
			var v tpmt.Public
			if v, err = tpmt.ParsePublic(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPM2B_PUBLIC":
			var v tpmt.Public
			if v, err = tpmt.Parse2BPublic(b); err == nil {
				enc = v.Append2B(nil)
			}
		case "TPMT_SIGNATURE":
			var v tpmt.Signature
			parse := tpmt.ParseSignature
			if e.Key == "" {
				parse = tpmt.ParseSignatureAllowNull
			}
			if v, err = parse(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPMS_CREATION_DATA":
			var v tpms.CreationData
			if v, err = tpms.ParseCreationData(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPM2B_CREATION_DATA":
			var v tpms.CreationData
			if v, err = tpms.Parse2BCreationData(b); err == nil {
				enc = v.Append2B(nil)
			}
		case "TPMS_NV_PUBLIC":
			var v tpms.NVPublic
			if v, err = tpms.ParseNVPublic(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPM2B_NV_PUBLIC":
			var v tpms.NVPublic
			if v, err = tpms.Parse2BNVPublic(b); err == nil {
				enc = v.Append2B(nil)
			}
		case "TPMT_TK_CREATION":
			var v tpmt.TKCreation
			if v, err = tpmt.ParseTKCreation(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPMT_TK_HASHCHECK":
			var v tpmt.TKHashcheck
			if v, err = tpmt.ParseTKHashcheck(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPMT_TK_VERIFIED":
			var v tpmt.TKVerified
			if v, err = tpmt.ParseTKVerified(b); err == nil {
				enc = v.Append(nil)
			}
		case "TPMT_TK_AUTH":
			var v tpmt.TKAuth
			if v, err = tpmt.ParseTKAuth(b); err == nil {
				enc = v.Append(nil)
			}
		default:
			continue
		}
		switch {
		case err != nil:
			bad = append(bad, fmt.Sprintf("%s (%s): %v", e.File, e.Type, err))
		case !bytes.Equal(enc, b):
			bad = append(bad, fmt.Sprintf("%s (%s): re-encodes as %x, not %x", e.File, e.Type, enc, b))
		}
	}
	return bad
}

// write replaces dir with the corpus: the blobs, manifest.json (sorted by
// file) and README.md, and returns the total size. It refuses a corpus over
// max bytes, and a non-empty dir that holds no manifest.json, so that a
// wrong -out does not delete someone's files.
func (c *corpus) write(dir, readme string, max int) (int, error) {
	slices.SortFunc(c.entries, func(a, b entry) int { return strings.Compare(a.File, b.File) })
	var manifest bytes.Buffer
	enc := json.NewEncoder(&manifest)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c.entries); err != nil {
		return 0, err
	}
	total := manifest.Len() + len(readme)
	for _, d := range c.files {
		total += len(d)
	}
	if total > max {
		return 0, fmt.Errorf("the corpus is %d bytes, over %d", total, max)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) > 0 {
		if _, err := os.Stat(filepath.Join(dir, "manifest.json")); err != nil {
			return 0, fmt.Errorf("%s is not empty and holds no manifest.json: not replacing it", dir)
		}
		if err := os.RemoveAll(dir); err != nil {
			return 0, err
		}
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	for file, data := range c.files {
		p := filepath.Join(dir, filepath.FromSlash(file))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return 0, err
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			return 0, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "manifest.json"), manifest.Bytes(), 0o644); err != nil {
		return 0, err
	}
	return total, os.WriteFile(filepath.Join(dir, "README.md"), []byte(readme), 0o644)
}

// counts returns the number of entries per type, sorted by type.
func (c *corpus) counts() [][2]string {
	m := map[string]int{}
	for _, e := range c.entries {
		m[e.Type]++
	}
	var out [][2]string
	for _, t := range slices.Sorted(maps.Keys(m)) {
		out = append(out, [2]string{t, fmt.Sprint(m[t])})
	}
	return out
}
