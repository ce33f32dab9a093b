package main

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func vector(t *testing.T, name, file string) string {
	return filepath.Join("..", "..", "testdata", "structures", name, file)
}

func runCmd(t *testing.T, stdin []byte, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, bytes.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

// The outputs in testdata were checked field by field against the hex dumps
// of the vectors (see tpms and tpmt tests, which assert the same values).
func TestPrintText(t *testing.T) {
	for _, tc := range []struct {
		typ, file, golden string
	}{
		{"TPMS_ATTEST", vector(t, "webauthn-rs-winhello-rs1-intc", "certInfo"), "certinfo.txt"},
		{"TPMT_PUBLIC", vector(t, "go-webauthn-winhello-ecc-p256", "pubArea"), "pubarea-ecc.txt"},
	} {
		code, out, errs := runCmd(t, nil, "print", "-t", tc.typ, tc.file)
		if code != 0 || errs != "" {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		want, err := os.ReadFile(filepath.Join("testdata", tc.golden))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("print -t %s:\n%s\nwant:\n%s", tc.typ, out, want)
		}
	}
}

// Raw, hex (with spaces and newlines) and base64 inputs all decode to the
// same structure, from a file or from standard input.
func TestPrintInputForms(t *testing.T) {
	raw, err := os.ReadFile(vector(t, "webauthn-rs-winhello-rs1-intc", "certInfo"))
	if err != nil {
		t.Fatal(err)
	}
	_, want, _ := runCmd(t, raw, "print", "-t", "TPMS_ATTEST", "-")
	h := hex.EncodeToString(raw)
	for name, in := range map[string][]byte{
		"raw":          raw,
		"hex":          []byte(h + "\n"),
		"spaced hex":   []byte(h[:10] + " " + h[10:40] + "\n  " + h[40:]),
		"base64":       []byte(base64.StdEncoding.EncodeToString(raw)),
		"base64url":    []byte(base64.RawURLEncoding.EncodeToString(raw)),
		"base64 lines": []byte(base64.StdEncoding.EncodeToString(raw)[:40] + "\n" + base64.StdEncoding.EncodeToString(raw)[40:] + "\n"),
	} {
		code, out, errs := runCmd(t, in, "print", "-t", "TPMS_ATTEST")
		if code != 0 || out != want {
			t.Errorf("%s: exit %d, stderr %q, output differs: %v", name, code, errs, out != want)
		}
	}
}

func TestPrintJSON(t *testing.T) {
	code, out, _ := runCmd(t, nil, "print", "--json", "-t", "TPMS_ATTEST", vector(t, "webauthn-rs-winhello-rs1-intc", "certInfo"))
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	var v struct {
		Magic     struct{ Name string }
		Type      struct{ Name string }
		ClockInfo struct {
			Clock uint64
			Safe  bool
		}
		Attested struct {
			Certify struct{ Name string }
		}
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v:\n%s", err, out)
	}
	if v.Magic.Name != "TPM_GENERATED_VALUE" || v.Type.Name != "TPM_ST_ATTEST_CERTIFY" || v.ClockInfo.Clock != 0x2dbd78926 || !v.ClockInfo.Safe ||
		v.Attested.Certify.Name != "000bef3570fffd0cbda810fd0a956c071fd48f15990707996349cd615a6eb67804fa" {
		t.Errorf("unexpected JSON: %+v", v)
	}
	// Lists become arrays.
	code, out, _ = runCmd(t, []byte("00000002000b03ff0000000403010000"), "print", "--json", "-t", "TPML_PCR_SELECTION")
	var l struct {
		Count         int
		PcrSelections []struct{ PcrSelect string }
	}
	if err := json.Unmarshal([]byte(out), &l); code != 0 || err != nil || l.Count != 2 || len(l.PcrSelections) != 2 || l.PcrSelections[1].PcrSelect != "010000" {
		t.Errorf("exit %d, %v: %s", code, err, out)
	}
}

// A malformed input gives one line naming the type, member and offset, and
// exit status 1.
func TestPrintErrors(t *testing.T) {
	code, out, errs := runCmd(t, nil, "print", "-t", "TPMS_ATTEST", vector(t, "w3c-spec-tpm-es256", "certInfo"))
	if code != 1 || out != "" || errs != "tpm2wire: TPMS_CLOCK_INFO.safe at offset 58: value not allowed (TPM_RC_VALUE): value 0x33\n" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	code, _, errs = runCmd(t, []byte("0010"), "print", "-t", "TPMT_SIGNATURE")
	if code != 1 || !strings.Contains(errs, "TPMT_SIGNATURE.sigAlg at offset 0") {
		t.Errorf("NULL signature: exit %d, stderr %q", code, errs)
	}
	if code, _, _ = runCmd(t, []byte("0010"), "print", "-t", "TPMT_SIGNATURE+"); code != 0 {
		t.Errorf("TPMT_SIGNATURE+ refused a NULL signature")
	}
	if code, _, errs = runCmd(t, nil, "print", "-t", "TPMS_NOPE"); code != 2 || !strings.Contains(errs, "unknown type") {
		t.Errorf("unknown type: exit %d, %q", code, errs)
	}
	if code, _, _ = runCmd(t, nil, "print"); code != 2 {
		t.Errorf("missing -t: exit %d", code)
	}
	if code, _, _ = runCmd(t, nil, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d", code)
	}
	if code, _, errs = runCmd(t, nil, "print", "-t", "TPMS_ATTEST", "no/such/file"); code != 1 || !strings.HasPrefix(errs, "tpm2wire: ") {
		t.Errorf("missing file: exit %d, %q", code, errs)
	}
}

// Every top-level structure, bare and framed, is a -t type.
func TestPrintTypes(t *testing.T) {
	for _, typ := range []string{"TPMS_ATTEST", "TPM2B_ATTEST", "TPMT_PUBLIC", "TPMT_PUBLIC+", "TPM2B_PUBLIC", "TPM2B_PUBLIC+",
		"TPMT_SIGNATURE", "TPMT_SIGNATURE+", "TPMT_HA", "TPMT_HA+", "TPML_DIGEST", "TPML_DIGEST_VALUES", "TPML_PCR_SELECTION",
		"TPMS_CREATION_DATA", "TPM2B_CREATION_DATA", "TPMS_NV_PUBLIC", "TPM2B_NV_PUBLIC", "TPMS_ECC_POINT", "TPM2B_ECC_POINT",
		"TPMT_TK_CREATION", "TPMT_TK_VERIFIED", "TPMT_TK_AUTH", "TPMT_TK_HASHCHECK"} {
		if _, ok := parsers[typ]; !ok {
			t.Errorf("-t %s is not supported", typ)
		}
	}
	if len(parsers) != 23 {
		t.Errorf("%d types, want 23", len(parsers))
	}
}
