package main

import (
	"bytes"
	"flag"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files of testdata/golden")

const root = "../.."

// The checked-in generated files are exactly what the transcription gives:
// edit gen/ and run go generate ./..., never edit them by hand.
func TestGeneratedFilesUpToDate(t *testing.T) {
	files, err := generateDir(filepath.Join(root, "gen"))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(root, name))
		if err != nil {
			t.Errorf("%s: %v (run go generate ./...)", name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s is stale: run go generate ./...", name)
		}
	}
	// No generated file is left over from an earlier transcription.
	onDisk, _ := filepath.Glob(filepath.Join(root, "*", "zz_generated.go"))
	more, _ := filepath.Glob(filepath.Join(root, "internal", "*", "zz_generated.go"))
	cmds, _ := filepath.Glob(filepath.Join(root, "cmd", "*", "zz_*.go"))
	for _, p := range append(append(onDisk, more...), cmds...) {
		rel, _ := filepath.Rel(root, p)
		if _, ok := files[filepath.ToSlash(rel)]; !ok {
			t.Errorf("%s is not produced by the generator: delete it", rel)
		}
	}
}

// Output is gofmt'd, carries the standard header before the package clause
// (so go/ast.IsGenerated and tools see it), and does not depend on map order.
func TestGeneratedFilesAreFormattedAndMarked(t *testing.T) {
	a, err := generateDir(filepath.Join(root, "gen"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := generateDir(filepath.Join(root, "gen"))
	if err != nil {
		t.Fatal(err)
	}
	if len(a) == 0 {
		t.Fatal("no files generated")
	}
	for name, src := range a {
		if !bytes.Equal(src, b[name]) {
			t.Errorf("%s differs between two runs", name)
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments|parser.PackageClauseOnly)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !ast.IsGenerated(f) {
			t.Errorf("%s: ast.IsGenerated is false", name)
		}
		if fmtd, err := format.Source(src); err != nil || !bytes.Equal(fmtd, src) {
			t.Errorf("%s is not gofmt'd (%v)", name, err)
		}
	}
}

// readArchive parses the test archives: sections introduced by "-- NAME --"
// lines.
func readArchive(t *testing.T, path string) map[string][]byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	var cur string
	for _, line := range strings.SplitAfter(string(data), "\n") {
		if strings.HasPrefix(line, "-- ") && strings.HasSuffix(strings.TrimSpace(line), " --") {
			cur = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(line), "-- "), " --")
			files[cur] = nil
			continue
		}
		if cur == "" {
			continue // a comment before the first section
		}
		files[cur] = append(files[cur], line...)
	}
	return files
}

func writeArchive(path string, comment string, files map[string][]byte) error {
	var b bytes.Buffer
	b.WriteString(comment)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		b.WriteString("-- " + n + " --\n")
		b.Write(files[n])
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// Each testdata/golden archive holds inputs (in/*.tpm, in/golang.map) and
// the exact files the generator must produce from them (out/...).
func TestGolden(t *testing.T) {
	paths, _ := filepath.Glob("testdata/golden/*.txt")
	if len(paths) == 0 {
		t.Fatal("no golden archives")
	}
	for _, path := range paths {
		t.Run(filepath.Base(path), func(t *testing.T) {
			ar := readArchive(t, path)
			in := map[string][]byte{}
			for n, b := range ar {
				if strings.HasPrefix(n, "in/") {
					in[strings.TrimPrefix(n, "in/")] = b
				}
			}
			out, err := generateFrom(in)
			if err != nil {
				t.Fatal(err)
			}
			if *update {
				all := map[string][]byte{}
				for n, b := range in {
					all["in/"+n] = b
				}
				for n, b := range out {
					all["out/"+n] = b
				}
				raw, _ := os.ReadFile(path)
				comment := string(raw[:bytes.Index(raw, []byte("-- "))])
				if err := writeArchive(path, comment, all); err != nil {
					t.Fatal(err)
				}
				return
			}
			for n, want := range ar {
				if !strings.HasPrefix(n, "out/") {
					continue
				}
				got, ok := out[strings.TrimPrefix(n, "out/")]
				if !ok {
					t.Errorf("%s not generated", n)
					continue
				}
				if !bytes.Equal(got, want) {
					t.Errorf("%s differs from the golden file:\n%s", n, diffLines(string(want), string(got)))
				}
			}
			for n := range out {
				if _, ok := ar["out/"+n]; !ok {
					t.Errorf("generated %s, which the golden archive does not have", n)
				}
			}
		})
	}
}

// diffLines shows the first differing line of two texts.
func diffLines(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, b string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			b = g[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\nwant: " + a + "\n got: " + b
		}
	}
	return "(equal)"
}

func itoa(n int) string { return strings.TrimSpace(strings.Repeat(" ", 0) + fmtInt(n)) }

func fmtInt(n int) string {
	if n == 0 {
		return "0"
	}
	var d []byte
	for ; n > 0; n /= 10 {
		d = append([]byte{byte('0' + n%10)}, d...)
	}
	return string(d)
}

// prelude is a small valid transcription that the error cases extend.
const prelude = `table 2:3 "Definition of Base Types"
| Type   | Name   | Description
| uint8  | BYTE   |
| uint16 | UINT16 |
| uint32 | UINT32 |

table 1:2 "Definition of (UINT16) TPM_ALG_ID Constants"
| Name         | Value  | Comments
| TPM_ALG_SHA1 | 0x0004 |
| TPM_ALG_NULL | 0x0010 |
| TPM_ALG_RSA  | 0x0001 |

table 1:13 "Defines for SHA1 Hash Values"
| Name             | Value | Description
| SHA1_DIGEST_SIZE | 20    |

table 2:66 "Definition of (TPM_ALG_ID) TPMI_ALG_HASH Type"
| Values        | Comments
| TPM_ALG_SHA1  |
| +TPM_ALG_NULL |
| #TPM_RC_HASH  |

table 2:79 "Definition of TPMU_HA Union"
| Parameter               | Type | Selector     | Description
| sha1 [SHA1_DIGEST_SIZE] | BYTE | TPM_ALG_SHA1 |
| null                    |      | TPM_ALG_NULL |

table 2:80 "Definition of TPMT_HA Structure"
| Parameter       | Type           | Description
| hashAlg         | +TPMI_ALG_HASH |
| [hashAlg]digest | TPMU_HA        |
`

const preludeMap = `package algid 1
package tpms 3
package tpmt 4
rc TPM_RC_INSUFFICIENT ErrTruncated
rc TPM_RC_SIZE ErrSize
rc TPM_RC_SELECTOR ErrSelector
rc TPM_RC_VALUE ErrValue
rc TPM_RC_HASH ErrHash
type TPM_ALG_ID algid ID prefix=TPM_ALG_
type TPMT_HA tpmt HA parse
`

// The generator refuses a transcription with a mistake, naming the file and
// line of the mistake.
func TestTranscriptionErrors(t *testing.T) {
	for _, tc := range []struct {
		name, tpm, gomap, want string
	}{
		{"prelude is valid", "", "", ""},
		{"unknown member type", `
table 2:1 "Definition of TPMS_X Structure"
| Parameter | Type      | Description
| a         | TPMS_NOPE |
`, "type TPMS_X tpms X\n", "gen/b.tpm:4: unknown type TPMS_NOPE"},
		{"duplicate type", `
table 2:1 "Definition of TPMT_HA Structure"
| Parameter | Type   | Description
| a         | UINT16 |
`, "", "gen/b.tpm:2: type TPMT_HA is already defined at gen/a.tpm:"},
		{"duplicate constant", `
table 1:3 "Definition of (UINT16) TPM_X Constants"
| Name         | Value  | Comments
| TPM_ALG_SHA1 | 0x0007 |
`, "type TPM_X tpms X\n", "gen/b.tpm:4: constant TPM_ALG_SHA1 is already defined at gen/a.tpm:"},
		{"selector value without an arm", `
table 2:1 "Definition of (TPM_ALG_ID) TPMI_ALG_X Type"
| Values       | Comments
| TPM_ALG_SHA1 |
| TPM_ALG_RSA  |
| #TPM_RC_HASH |

table 2:2 "Definition of TPMU_X Union"
| Parameter | Type   | Selector     | Description
| a         | UINT16 | TPM_ALG_SHA1 |

table 2:3 "Definition of TPMT_X Structure"
| Parameter | Type       | Description
| sel       | TPMI_ALG_X |
| [sel]u    | TPMU_X     |
`, "type TPMU_X tpmt U\ntype TPMT_X tpmt X\n", "gen/b.tpm:15: TPMT_X.u: selector value TPM_ALG_RSA has no arm in TPMU_X"},
		{"union member without a selector", `
table 2:3 "Definition of TPMT_X Structure"
| Parameter | Type    | Description
| u         | TPMU_HA |
`, "type TPMT_X tpmt X\n", "gen/b.tpm:4: TPMT_X.u: a union member needs a [selector]"},
		{"selector that is not an earlier member", `
table 2:3 "Definition of TPMT_X Structure"
| Parameter      | Type          | Description
| [later]digest  | TPMU_HA       |
| later          | TPMI_ALG_HASH |
`, "type TPMT_X tpmt X\n", "gen/b.tpm:4: TPMT_X.digest: selector later is not an earlier member"},
		{"plus on a type without conditional values", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Type    | Description
| a         | UINT16+ |
`, "type TPMS_X tpms X\n", "gen/b.tpm:4: TPMS_X.a: UINT16 has no conditional values, so a + on it means nothing"},
		{"interface type without its error row", `
table 2:1 "Definition of (TPM_ALG_ID) TPMI_ALG_X Type"
| Values       | Comments
| TPM_ALG_SHA1 |
`, "", "gen/b.tpm:2: TPMI_ALG_X: an interface type needs its #TPM_RC_ error row"},
		{"interface value of another type", `
table 1:3 "Definition of (UINT16) TPM_Y Constants"
| Name  | Value  | Comments
| TPM_Y | 0x0004 |

table 2:1 "Definition of (TPM_ALG_ID) TPMI_ALG_X Type"
| Values       | Comments
| TPM_Y        |
| #TPM_RC_HASH |
`, "type TPM_Y tpms Y\n", "gen/b.tpm:8: TPMI_ALG_X: TPM_Y is a TPM_Y, not a TPM_ALG_ID"},
		{"bits that overlap", `
table 2:31 "Definition of (UINT16) TPMA_X Bits"
| Bit  | Name     | Definition
| 0    | a        |
| 3:0  | b        |
| 15:4 | Reserved |
`, "type TPMA_X tpms X\n", "gen/b.tpm:5: TPMA_X: bits 3:0 overlap an earlier row"},
		{"bits that leave a gap", `
table 2:31 "Definition of (UINT16) TPMA_X Bits"
| Bit  | Name     | Definition
| 0    | a        |
| 15:2 | Reserved |
`, "type TPMA_X tpms X\n", "gen/b.tpm:2: TPMA_X: the rows do not cover all 16 bits (missing 0x2)"},
		{"wrong columns", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Kind   | Description
| a         | UINT16 |
`, "", `gen/b.tpm:2: "Definition of TPMS_X Structure": columns ["Parameter" "Kind" "Description"], want ["Parameter" "Type" "Description"]`},
		{"title of no known kind", `
table 2:3 "Definition of TPMS_X Thing"
| Parameter | Type   | Description
`, "", `gen/b.tpm:2: cannot tell the kind of table "Definition of TPMS_X Thing" from its title`},
		{"unparsable parameter", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Type   | Description
| a{1       | UINT16 |
`, "", `gen/b.tpm:4: cannot parse parameter "a{1"`},
		{"row outside a table", `
| a | b |
`, "", "gen/b.tpm:2: table row outside a table"},
		{"sized buffer without a bound", `
table 2:81 "Definition of TPM2B_X Structure"
| Parameter    | Type   | Description
| size         | UINT16 |
| buffer[size] | BYTE   |
`, "type TPM2B_X tpms X\n", "gen/b.tpm:5: TPM2B_X.buffer: a sized buffer needs a bound {:max}"},
		{"bound over a UINT16", `
table 2:81 "Definition of TPM2B_X Structure"
| Parameter             | Type   | Description
| size                  | UINT16 |
| buffer[size]{:70000}  | BYTE   |
`, "type TPM2B_X tpms X\n", "gen/b.tpm:2: TPM2B_X: bound 70000 does not fit a UINT16 size"},
		{"type with no Go mapping", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Type   | Description
| a         | UINT16 |
`, "", "gen/b.tpm:2: TPMS_X (structure) has no type line in golang.map"},
		{"mapping that makes an import cycle", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Type    | Description
| a         | TPMT_HA |
`, "type TPMS_X tpms X\n", "gen/b.tpm:2: TPMS_X (package tpms) uses TPMT_HA (package tpmt): import cycle"},
		{"unknown map directive", "", "typo TPMT_HA\n", `gen/z.map:11: unknown directive "typo"`},
		{"Type letters without TPMA_ALGORITHM", `
table 1:3 "Definition of (UINT16) TPM_X Constants"
| Name    | Value  | Type | Comments
| TPM_X_A | 0x0007 | H    |
`, "type TPM_X tpms X\n", "gen/b.tpm:4: TPM_X_A: a Type column needs a mapped TPMA_ALGORITHM Bits table"},
		{"unknown sentinel row", `
table 2:3 "Definition of TPMS_X Structure"
| Parameter | Type   | Description
| a {1:2}   | UINT16 |
| #TPM_RC_NOPE |     |
`, "type TPMS_X tpms X\n", "gen/b.tpm:4: no rc line in golang.map for TPM_RC_NOPE"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := map[string][]byte{
				"gen/a.tpm": []byte(prelude),
				"gen/b.tpm": []byte(tc.tpm),
				"gen/z.map": []byte(preludeMap + tc.gomap),
			}
			_, err := generateFrom(in)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tc.want == "":
			case err == nil:
				t.Fatalf("no error, want %q", tc.want)
			case !strings.HasPrefix(err.Error(), tc.want):
				t.Fatalf("error %q\n     want %q", err, tc.want)
			}
		})
	}
}
