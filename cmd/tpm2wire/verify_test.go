package main

import (
	"encoding/base64"
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

// registrationJSON builds a RegistrationResponseJSON around a vector, as a
// browser's PublicKeyCredential.toJSON() or go-webauthn's client sends it.
func registrationJSON(t *testing.T, v string) []byte {
	t.Helper()
	obj, err1 := os.ReadFile(vectorFile(v, "attestationObject"))
	cdj, err2 := os.ReadFile(vectorFile(v, "clientDataJSON"))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	b, err := json.Marshal(map[string]any{
		"id": "AAAA", "rawId": "AAAA", "type": "public-key", "authenticatorAttachment": "platform",
		"response": map[string]any{
			"attestationObject": base64.RawURLEncoding.EncodeToString(obj),
			"clientDataJSON":    base64.RawURLEncoding.EncodeToString(cdj),
			"transports":        []string{"internal"},
		},
		"clientExtensionResults": map[string]any{},
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// verify takes a registration response as it arrives from a browser: the
// client data hash comes from its clientDataJSON.
func TestVerifyRegistrationJSON(t *testing.T) {
	v := "webauthn-rs-winhello-rs1-intc"
	reg := registrationJSON(t, v)
	path := filepath.Join(t.TempDir(), "registration.json")
	if err := os.WriteFile(path, reg, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCmd(t, nil, "verify", "--at", "2020-08-11T17:22:16Z", "--roots", "microsoft", path)
	if code != 0 || errs != "" || !strings.Contains(out, "verdict: verified (AttCA)\n") {
		t.Fatalf("exit %d, stderr %q\n%s", code, errs, out)
	}
	// On standard input, with JSON output.
	code, out, _ = runCmd(t, reg, "verify", "--json", "--at", "2020-08-11T17:22:16Z", "-")
	var r struct{ Verified bool }
	if err := json.Unmarshal([]byte(out), &r); code != 0 || err != nil || !r.Verified {
		t.Fatalf("stdin --json: exit %d, %v\n%s", code, err, out)
	}
	// Another clientDataJSON changes the hash: the signature no longer
	// covers it.
	var m map[string]any
	json.Unmarshal(reg, &m)
	m["response"].(map[string]any)["clientDataJSON"] = base64.RawURLEncoding.EncodeToString([]byte(`{"type":"webauthn.create"}`))
	tampered, _ := json.Marshal(m)
	code, out, _ = runCmd(t, tampered, "verify", "--at", "2020-08-11T17:22:16Z", "-")
	if code != 1 || !strings.Contains(out, "verdict: rejected\n") || !strings.Contains(out, "extraData") {
		t.Errorf("tampered clientDataJSON: exit %d\n%s", code, out)
	}
	// Usage errors: client data given twice, bad JSON, wrong type, bad base64url.
	for name, c := range map[string]struct {
		in   []byte
		args []string
	}{
		"client data twice": {reg, []string{"--client-data-hash", strings.Repeat("00", 32)}},
		"not JSON":          {[]byte(`{"type":`), nil},
		"wrong type":        {[]byte(`{"type":"password","response":{"attestationObject":"AA","clientDataJSON":"AA"}}`), nil},
		"bad base64url":     {[]byte(`{"type":"public-key","response":{"attestationObject":"A+/=","clientDataJSON":"AA"}}`), nil},
		"no clientDataJSON": {[]byte(`{"type":"public-key","response":{"attestationObject":"AA"}}`), nil},
	} {
		args := append(append([]string{"verify"}, c.args...), "-")
		if code, _, errs := runCmd(t, c.in, args...); code != 2 || errs == "" {
			t.Errorf("%s: exit %d, stderr %q; want 2 and a message", name, code, errs)
		}
	}
}

// The bundled registration response is the Windows Hello vector's.
func TestBundledRegistration(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "registration-winhello-rs1.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := append(registrationJSON(t, "webauthn-rs-winhello-rs1-intc"), '\n'); string(b) != string(want) {
		t.Error("testdata/registration-winhello-rs1.json is not the vector's registration response")
	}
}

// TestREADMECommands runs every `go run ./cmd/tpm2wire` command of the
// README from the module root: each must succeed, and the main one must
// verify.
func TestREADMECommands(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(filepath.Join("..", ".."))
	n := 0
	for line := range strings.Lines(string(readme)) {
		rest, ok := strings.CutPrefix(strings.TrimSpace(line), "go run ./cmd/tpm2wire ")
		if !ok {
			continue
		}
		n++
		code, out, errs := runCmd(t, nil, strings.Fields(rest)...)
		if code != 0 || errs != "" || out == "" {
			t.Errorf("%s: exit %d, stderr %q\n%s", rest, code, errs, out)
		}
		if strings.HasPrefix(rest, "verify ") && !strings.Contains(out, "verdict: verified (AttCA)\n") {
			t.Errorf("%s does not verify:\n%s", rest, out)
		}
	}
	if n != 4 {
		t.Errorf("found %d commands in the README, want 4 (the main one and three in The command)", n)
	}
}
