package main

import (
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func vectorFile(name, file string) string {
	return filepath.Join("..", "..", "testdata", "vectors", name, file)
}

// The README's main command.
func TestVerifyWindowsHello(t *testing.T) {
	v := "webauthn-rs-winhello-rs1-intc"
	code, out, errs := runCmd(t, nil, "verify", "--client-data-json", vectorFile(v, "clientDataJSON"),
		"--at", "2020-08-11T17:22:16Z", "--roots", "microsoft", vectorFile(v, "attestationObject"))
	if code != 0 || errs != "" {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	for _, want := range []string{
		"verdict: verified (AttCA)\n",
		"attestation: RS1 (SHA-1), signature form raw\n",
		`TPM: Intel (INTC, id:494E5443), model "SPT", firmware id:00020000` + "\n",
		"credential key: RSA 2048 bits, exponent 65537, COSE alg -257, TPM-bound true\n",
		"AAGUID: 08987058-cadc-4b81-b6e1-30de50dcbe96\n",
		"chain: AIK <- NCU-INTC-KEYID-6CA9DF62A1AAE23E0FEB7C3F5EB8E61ECAC17CB7 <- Microsoft TPM Root Certificate Authority 2014\n",
		"  ok  certInfo certifies pubArea's Name (TPM_ALG_SHA256 over the exact pubArea bytes)\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n  ok  "); n != 19 {
		t.Errorf("%d checks printed, want 19", n)
	}
}

func TestVerifyRejections(t *testing.T) {
	v := "go-webauthn-fidotool-rsa-sha256"
	args := []string{"verify", "--client-data-json", vectorFile(v, "clientDataJSON"), "--at", "2018-02-01T01:00:00Z", vectorFile(v, "attestationObject")}
	code, out, _ := runCmd(t, nil, args...)
	if code != 1 || !strings.Contains(out, "verdict: rejected\nerror: webauthntpm: TPM manufacturer not in the TCG vendor registry") {
		t.Errorf("exit %d:\n%s", code, out)
	}
	code, out, _ = runCmd(t, nil, append([]string{"verify", "--allow-test-vendors"}, args[1:]...)...)
	if code != 0 || !strings.Contains(out, "TPM: FIDO Alliance conformance tool (id:FFFFF1D0)") {
		t.Errorf("--allow-test-vendors: exit %d:\n%s", code, out)
	}
	// The AIK expired in 2025.
	code, out, _ = runCmd(t, nil, "verify", "--allow-test-vendors", "--client-data-json", vectorFile(v, "clientDataJSON"), "--at", "2026-01-01T00:00:00Z", vectorFile(v, "attestationObject"))
	if code != 1 || !strings.Contains(out, "AIK certificate not valid at the verification time") {
		t.Errorf("expired: exit %d:\n%s", code, out)
	}
}

// The object may be hex on standard input, the client data given as its
// hash, and the output JSON.
func TestVerifyJSONAndInputs(t *testing.T) {
	v := "go-webauthn-winhello-ecc-p256"
	obj, _ := os.ReadFile(vectorFile(v, "attestationObject"))
	cdh, _ := os.ReadFile(vectorFile(v, "clientDataHash"))
	code, out, errs := runCmd(t, []byte(hex.EncodeToString(obj)), "verify", "--json", "--client-data-hash", hex.EncodeToString(cdh), "--at", "2022-01-12T23:15:18Z", "-")
	if code != 0 {
		t.Fatalf("exit %d, %s %s", code, errs, out)
	}
	var r struct {
		Verified         bool
		ManufacturerCode string
		Model            string
		Alg              string
		CredentialKey    string
		Checks           []string
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatal(err)
	}
	if !r.Verified || r.ManufacturerCode != "NTC" || r.Model != "NPCT75x" || r.Alg != "RS1" || r.CredentialKey != "ECDSA P-256" || len(r.Checks) != 18 {
		t.Errorf("%+v", r)
	}
}

func TestVerifyUsage(t *testing.T) {
	for _, args := range [][]string{
		{"verify"},
		{"verify", "x"},
		{"verify", "--client-data-hash", "00", "x"},
		{"verify", "--client-data-json", "a", "--client-data-hash", "00", "x"},
		{"verify", "--client-data-hash", strings.Repeat("00", 32), "--at", "yesterday", "x"},
		{"verify", "--client-data-hash", strings.Repeat("00", 32), "--roots", "no/such.pem", "x"},
	} {
		if code, _, _ := runCmd(t, nil, args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}
