package main

import (
	"bufio"
	"bytes"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

const verifyUsage = `usage: tpm2wire verify [--client-data-json FILE | --client-data-hash HEX] [--at RFC3339]
                       [--allow-test-vendors] [--reject-sha1] [--require-tpm-bound-key]
                       [--roots microsoft|PEMFILE] [--json] ATTESTATION_OBJECT|REGISTRATION_JSON|-

Verifies a WebAuthn "tpm" attestation object (raw CBOR, hex, base64 or
base64url) and prints the verdict, the TPM, the credential key and every
check performed. The input may instead be a registration response as JSON
(PublicKeyCredential.toJSON(), as browsers and go-webauthn send it): its
response.attestationObject and response.clientDataJSON are used, and the
client data flags must not be given. Exit status 0 means verified, 1
rejected, 2 a usage error.
`

// registrationResponse is the part of a PublicKeyCredential's JSON form
// (WebAuthn Level 3 §5.1, RegistrationResponseJSON) that verify reads.
type registrationResponse struct {
	Type     string `json:"type"`
	Response struct {
		AttestationObject string `json:"attestationObject"`
		ClientDataJSON    string `json:"clientDataJSON"`
	} `json:"response"`
}

// parseRegistration reads a RegistrationResponseJSON; ok is false when b is
// not a JSON object.
func parseRegistration(b []byte) (obj, clientDataJSON []byte, ok bool, err error) {
	if t := bytes.TrimSpace(b); len(t) == 0 || t[0] != '{' {
		return nil, nil, false, nil
	}
	var r registrationResponse
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, nil, true, fmt.Errorf("registration response: %v", err)
	}
	if r.Type != "public-key" {
		return nil, nil, true, fmt.Errorf("registration response: type is %q, want \"public-key\"", r.Type)
	}
	if obj, err = decodeBase64URL(r.Response.AttestationObject); err != nil {
		return nil, nil, true, fmt.Errorf("registration response: attestationObject: %v", err)
	}
	if clientDataJSON, err = decodeBase64URL(r.Response.ClientDataJSON); err != nil {
		return nil, nil, true, fmt.Errorf("registration response: clientDataJSON: %v", err)
	}
	return obj, clientDataJSON, true, nil
}

// decodeBase64URL decodes the base64url of WebAuthn's JSON forms, which
// omits padding; padded input is accepted too. An empty string is an error.
func decodeBase64URL(s string) ([]byte, error) {
	if s == "" {
		return nil, errors.New("missing")
	}
	if b, err := base64.RawURLEncoding.Strict().DecodeString(s); err == nil {
		return b, nil
	}
	return base64.URLEncoding.Strict().DecodeString(s)
}

func runVerify(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("verify", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, verifyUsage) }
	cdjFile := fs.String("client-data-json", "", "`file` holding the clientDataJSON; its SHA-256 is the clientDataHash")
	cdhHex := fs.String("client-data-hash", "", "the clientDataHash in hex")
	at := fs.String("at", "", "verify as of this RFC 3339 time (default: now)")
	allowTest := fs.Bool("allow-test-vendors", false, "admit the conformance tool's and simulators' vendor IDs")
	rejectSHA1 := fs.Bool("reject-sha1", false, "refuse RS1 attestations")
	requireBound := fs.Bool("require-tpm-bound-key", false, "refuse a key without fixedTPM, fixedParent and sensitiveDataOrigin")
	roots := fs.String("roots", "", "build the chain to `microsoft` (the Microsoft TPM root) or to the roots in a PEM file")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 || (*cdjFile != "" && *cdhHex != "") {
		fs.Usage()
		return 2
	}
	raw, err := readFile(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "tpm2wire:", err)
		return 2
	}
	obj, regCDJ, isJSON, err := parseRegistration(raw)
	if err != nil {
		fmt.Fprintln(stderr, "tpm2wire:", err)
		return 2
	}
	if isJSON != (*cdjFile == "" && *cdhHex == "") {
		fs.Usage()
		return 2
	}
	if !isJSON {
		obj = decodeInput(raw)
	}
	opts := webauthntpm.Options{AllowTestVendors: *allowTest, RejectSHA1: *rejectSHA1, RequireTPMBoundKey: *requireBound}
	if *at != "" {
		t, err := time.Parse(time.RFC3339, *at)
		if err != nil {
			fmt.Fprintln(stderr, "tpm2wire: --at:", err)
			return 2
		}
		opts.Now = t
	}
	switch *roots {
	case "":
	case "microsoft":
		opts.Roots = webauthntpm.MicrosoftTPMRoots()
	default:
		pem, err := os.ReadFile(*roots)
		if err != nil {
			fmt.Fprintln(stderr, "tpm2wire: --roots:", err)
			return 2
		}
		opts.Roots = x509.NewCertPool()
		if !opts.Roots.AppendCertsFromPEM(pem) {
			fmt.Fprintln(stderr, "tpm2wire: --roots: no certificate in", *roots)
			return 2
		}
	}
	var cdh []byte
	switch {
	case isJSON:
		d := sha256.Sum256(regCDJ)
		cdh = d[:]
	case *cdjFile != "":
		cdj, err := os.ReadFile(*cdjFile)
		if err != nil {
			fmt.Fprintln(stderr, "tpm2wire:", err)
			return 2
		}
		d := sha256.Sum256(cdj)
		cdh = d[:]
	default:
		var err error
		if cdh, err = hex.DecodeString(*cdhHex); err != nil || len(cdh) != 32 {
			fmt.Fprintln(stderr, "tpm2wire: --client-data-hash must be 32 bytes in hex")
			return 2
		}
	}
	res, err := webauthntpm.VerifyAttestationObject(obj, cdh, &opts)
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if *asJSON {
		writeVerifyJSON(w, res, err)
	} else {
		writeVerifyText(w, res, err)
	}
	if err != nil {
		return 1
	}
	return 0
}

func describeKey(k any) string {
	switch k := k.(type) {
	case *rsa.PublicKey:
		return fmt.Sprintf("RSA %d bits, exponent %d", k.N.BitLen(), k.E)
	case *ecdsa.PublicKey:
		return "ECDSA " + k.Curve.Params().Name
	}
	return fmt.Sprintf("%T", k)
}

func aaguid(a [16]byte) string {
	h := hex.EncodeToString(a[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func chainNames(r *webauthntpm.Result) []string {
	var out []string
	for _, c := range r.Chains {
		var names []string
		for i, cert := range c {
			n := cert.Subject.CommonName
			if i == 0 {
				n = "AIK"
			}
			names = append(names, n)
		}
		out = append(out, strings.Join(names, " <- "))
	}
	return out
}

func writeVerifyText(w io.Writer, r *webauthntpm.Result, err error) {
	if err != nil {
		fmt.Fprintf(w, "verdict: rejected\nerror: %v\n", err)
		return
	}
	fmt.Fprintf(w, "verdict: verified (%s)\n", r.Type)
	form := r.AlgName
	if r.SHA1 {
		form += " (SHA-1)"
	}
	fmt.Fprintf(w, "attestation: %s, signature form %s\n", form, r.SignatureForm)
	m := r.Manufacturer
	code := fmt.Sprintf("id:%08X", m.ID)
	if m.Code != "" {
		code = m.Code + ", " + code
	}
	fmt.Fprintf(w, "TPM: %s (%s), model %q, firmware %s\n", m.Company, code, r.Model, r.FirmwareVersion)
	fmt.Fprintf(w, "credential key: %s, COSE alg %d, TPM-bound %v\n", describeKey(r.CredentialPublicKey), r.CredentialAlg, r.TPMBoundKey)
	fmt.Fprintf(w, "AAGUID: %s\n", aaguid(r.AAGUID))
	fmt.Fprintf(w, "AIK: issued by %q, valid %s to %s\n", r.AIK.Issuer.CommonName, r.AIK.NotBefore.UTC().Format(time.RFC3339), r.AIK.NotAfter.UTC().Format(time.RFC3339))
	for _, c := range chainNames(r) {
		fmt.Fprintf(w, "chain: %s\n", c)
	}
	for _, warn := range r.Warnings {
		fmt.Fprintf(w, "warning: %s\n", warn)
	}
	fmt.Fprintln(w, "checks:")
	for _, c := range r.Checks {
		fmt.Fprintf(w, "  ok  %s\n", c)
	}
}

func writeVerifyJSON(w io.Writer, r *webauthntpm.Result, err error) {
	type out struct {
		Verified        bool     `json:"verified"`
		Error           string   `json:"error,omitempty"`
		Type            string   `json:"attestationType,omitempty"`
		Alg             string   `json:"alg,omitempty"`
		SHA1            bool     `json:"sha1,omitempty"`
		SignatureForm   string   `json:"signatureForm,omitempty"`
		VendorID        string   `json:"manufacturerId,omitempty"`
		VendorCode      string   `json:"manufacturerCode,omitempty"`
		Vendor          string   `json:"manufacturer,omitempty"`
		Model           string   `json:"model,omitempty"`
		FirmwareVersion string   `json:"firmwareVersion,omitempty"`
		Key             string   `json:"credentialKey,omitempty"`
		CredentialAlg   int64    `json:"credentialAlg,omitempty"`
		TPMBound        bool     `json:"tpmBoundKey,omitempty"`
		AAGUID          string   `json:"aaguid,omitempty"`
		Chains          []string `json:"chains,omitempty"`
		Warnings        []string `json:"warnings,omitempty"`
		Checks          []string `json:"checks,omitempty"`
	}
	var o out
	if err != nil {
		o.Error = err.Error()
	} else {
		o = out{Verified: true, Type: r.Type, Alg: r.AlgName, SHA1: r.SHA1, SignatureForm: r.SignatureForm,
			VendorID: fmt.Sprintf("%08X", r.Manufacturer.ID), VendorCode: r.Manufacturer.Code, Vendor: r.Manufacturer.Company,
			Model: r.Model, FirmwareVersion: r.FirmwareVersion, Key: describeKey(r.CredentialPublicKey), CredentialAlg: r.CredentialAlg,
			TPMBound: r.TPMBoundKey, AAGUID: aaguid(r.AAGUID), Chains: chainNames(r), Warnings: r.Warnings, Checks: r.Checks}
	}
	b, _ := json.MarshalIndent(o, "", "  ")
	w.Write(append(b, '\n'))
}
