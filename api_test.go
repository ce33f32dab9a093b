package tpm2wire_test

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// parseSources parses the non-test Go files of dir.
func parseSources(t *testing.T, dir string, mode parser.Mode) map[string]*ast.File {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string]*ast.File{}
	for _, p := range paths {
		if strings.HasSuffix(p, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), p, nil, mode)
		if err != nil {
			t.Fatal(err)
		}
		files[p] = f
	}
	return files
}

// exportedFuncs lists the exported package-level functions of the package in
// dir whose name starts with prefix.
func exportedFuncs(t *testing.T, dir, prefix string) []string {
	t.Helper()
	var names []string
	for _, f := range parseSources(t, dir, 0) {
		for _, d := range f.Decls {
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.IsExported() && strings.HasPrefix(fd.Name.Name, prefix) {
				names = append(names, fd.Name.Name)
			}
		}
	}
	sort.Strings(names)
	return names
}

// Every Parse function of tpms and tpmt allocates nothing on a valid input.
// The test lists them from the source, so a new one cannot be forgotten.
func TestEveryParseFunctionAllocatesNothing(t *testing.T) {
	if wiretest.RaceEnabled {
		t.Skip("the race detector allocates")
	}
	h := wiretest.Hex
	pub := wiretest.Vector(t, "webauthn-rs-winhello-rs1-intc", "pubArea")
	certInfo := wiretest.Vector(t, "webauthn-rs-winhello-rs1-intc", "certInfo")
	frame := func(b []byte) []byte { return append([]byte{byte(len(b) >> 8), byte(len(b))}, b...) }
	nullPub := wiretest.Patch(pub, 2, 0x00, 0x10)
	framedCertInfo, framedPub, framedNullPub := frame(certInfo), frame(pub), frame(nullPub)
	nv := h(`01c00002 000b 20040014 0002 aabb 0008`)
	pcrs := h(`00000002 000b 03 ff0000 0004 03 010000`)
	creation := append(bytes.Clone(pcrs), h(`0001 01 01 000b 0004 40000001 0000 0000`)...)
	ecc := h(`0002 0102 0003 030405`)
	framedNV, framedCreation, framedECC := frame(nv), frame(creation), frame(ecc)
	sig := append(h(`0014 0004 0100`), wiretest.Vector(t, "webauthn-rs-winhello-rs1-intc", "sig")...)
	null, digests := h(`0010`), h(`00000002 0001 01 0000`)
	ha := append(h(`0004`), make([]byte, 20)...)
	digestValues := append(h(`00000001 0004`), make([]byte, 20)...)
	tkCreation, tkVerified := h(`8021 40000001 0000`), h(`8022 40000007 0000`)
	tkAuth, tkHashcheck := h(`8025 4000000b 0001 00`), h(`8024 4000000c 0000`)
	parsers := map[string]func() error{
		"tpms.ParseAttest":           func() error { _, err := tpms.ParseAttest(certInfo); return err },
		"tpms.Parse2BAttest":         func() error { _, err := tpms.Parse2BAttest(framedCertInfo); return err },
		"tpms.ParseECCPoint":         func() error { _, err := tpms.ParseECCPoint(ecc); return err },
		"tpms.Parse2BECCPoint":       func() error { _, err := tpms.Parse2BECCPoint(framedECC); return err },
		"tpms.ParseNVPublic":         func() error { _, err := tpms.ParseNVPublic(nv); return err },
		"tpms.Parse2BNVPublic":       func() error { _, err := tpms.Parse2BNVPublic(framedNV); return err },
		"tpms.ParseCreationData":     func() error { _, err := tpms.ParseCreationData(creation); return err },
		"tpms.Parse2BCreationData":   func() error { _, err := tpms.Parse2BCreationData(framedCreation); return err },
		"tpms.ParsePCRSelectionList": func() error { _, err := tpms.ParsePCRSelectionList(pcrs); return err },
		"tpms.ParseDigestList":       func() error { _, err := tpms.ParseDigestList(digests); return err },
		"tpmt.ParsePublic":           func() error { _, err := tpmt.ParsePublic(pub); return err },
		"tpmt.ParsePublicAllowNull":  func() error { _, err := tpmt.ParsePublicAllowNull(nullPub); return err },
		"tpmt.Parse2BPublic":         func() error { _, err := tpmt.Parse2BPublic(framedPub); return err },
		"tpmt.Parse2BPublicAllowNull": func() error {
			_, err := tpmt.Parse2BPublicAllowNull(framedNullPub)
			return err
		},
		"tpmt.ParseSignature":          func() error { _, err := tpmt.ParseSignature(sig); return err },
		"tpmt.ParseSignatureAllowNull": func() error { _, err := tpmt.ParseSignatureAllowNull(null); return err },
		"tpmt.ParseHA":                 func() error { _, err := tpmt.ParseHA(ha); return err },
		"tpmt.ParseHAAllowNull":        func() error { _, err := tpmt.ParseHAAllowNull(null); return err },
		"tpmt.ParseDigestValues": func() error {
			_, err := tpmt.ParseDigestValues(digestValues)
			return err
		},
		"tpmt.ParseTKCreation":  func() error { _, err := tpmt.ParseTKCreation(tkCreation); return err },
		"tpmt.ParseTKVerified":  func() error { _, err := tpmt.ParseTKVerified(tkVerified); return err },
		"tpmt.ParseTKAuth":      func() error { _, err := tpmt.ParseTKAuth(tkAuth); return err },
		"tpmt.ParseTKHashcheck": func() error { _, err := tpmt.ParseTKHashcheck(tkHashcheck); return err },
	}
	var declared []string
	for _, pkg := range []string{"tpms", "tpmt"} {
		for _, f := range exportedFuncs(t, pkg, "Parse") {
			declared = append(declared, pkg+"."+f)
		}
	}
	for _, name := range declared {
		p, ok := parsers[name]
		if !ok {
			t.Errorf("%s has no allocation test: add it to this table", name)
			continue
		}
		if err := p(); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if n := testing.AllocsPerRun(100, func() { _ = p() }); n != 0 {
			t.Errorf("%s allocates %v times", name, n)
		}
	}
	if len(declared) != len(parsers) {
		t.Errorf("%d Parse functions declared, %d tested", len(declared), len(parsers))
	}
}

// The library packages import only the standard library, cryptobyte and
// each other (and webauthntpm the CBOR library); the parser packages use
// neither reflection nor fmt (errors are built on the failure path with
// strconv).
func TestImports(t *testing.T) {
	const mod = "github.com/tpm2wire/tpm2wire"
	rank := map[string]int{mod: 0, mod + "/internal/wire": 1, mod + "/algid": 2, mod + "/tpm2b": 3, mod + "/internal/tpmi": 1, mod + "/tpms": 4, mod + "/tpmt": 5, mod + "/webauthntpm": 6}
	banned := map[string]bool{"reflect": true, "fmt": true, "encoding/binary": true, "unsafe": true, "os": true, "net": true}
	for _, dir := range []string{".", "internal/wire", "internal/tpmi", "algid", "tpm2b", "tpms", "tpmt", "webauthntpm"} {
		self := mod
		if dir != "." {
			self = mod + "/" + filepath.ToSlash(dir)
		}
		{
			for fname, f := range parseSources(t, dir, parser.ImportsOnly) {
				for _, imp := range f.Imports {
					path, _ := strconv.Unquote(imp.Path.Value)
					switch {
					case banned[path] && !(dir == "webauthntpm" && (path == "fmt" || path == "reflect")):
						// webauthntpm builds its error messages with fmt.
						t.Errorf("%s imports %s", fname, path)
					case strings.HasPrefix(path, mod):
						if rank[path] >= rank[self] {
							t.Errorf("%s (%s) imports %s: the layering is algid <- tpm2b <- tpms <- tpmt", fname, self, path)
						}
					case path == "golang.org/x/crypto/cryptobyte" || path == "golang.org/x/crypto/cryptobyte/asn1":
					case path == "github.com/fxamacker/cbor/v2" && dir == "webauthntpm":
					case strings.Contains(strings.Split(path, "/")[0], "."):
						t.Errorf("%s imports %s, outside the standard library", fname, path)
					}
				}
			}
		}
	}
}
