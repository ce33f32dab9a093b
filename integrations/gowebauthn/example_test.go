package gowebauthn_test

import (
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"github.com/tpm2wire/tpm2wire/integrations/gowebauthn"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// A go-webauthn relying party swaps in the webauthntpm verifier for the
// "tpm" format, then finishes two registrations made by the TCG reference
// TPM: one signed with RS256, accepted, and one signed with RS1, which this
// server's policy refuses.
//
// (go test runs examples after the tests, so this example's Register, which
// is process-wide, does not change the stock handler the tests compare with.)
func Example() {
	const corpus = "../../testdata/corpus/webauthn/"

	// At start-up, before serving: replace go-webauthn's "tpm" handler for
	// the whole process.
	gowebauthn.Register(gowebauthn.Options{
		// Production Windows Hello: webauthntpm.MicrosoftTPMRoots().
		Roots:      testRoot(corpus + "rs256-rsa2048/root.pem"),
		RejectSHA1: true,
		// Production: leave Clock nil (time.Now). The recorded
		// attestations are verified on the date they were made for.
		Clock: func() time.Time { return time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) },
	})

	w, err := webauthn.New(&webauthn.Config{
		RPID:          "tpm2wire.example",
		RPDisplayName: "tpm2wire example",
		RPOrigins:     []string{"https://tpm2wire.example"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	alice := exampleUser{id: []byte("alice")}

	for _, name := range []string{"rs256-rsa2048", "rs1-rsa2048"} {
		_, session, err := w.BeginRegistration(alice)
		if err != nil {
			fmt.Println(err)
			return
		}
		// The browser's response; it answers a recorded challenge, which
		// the session therefore holds.
		body, challenge := browserResponse(corpus + name)
		session.Challenge = challenge

		parsed, err := protocol.ParseCredentialCreationResponseBytes(body)
		if err != nil {
			fmt.Println(err)
			return
		}
		cred, err := w.CreateCredential(alice, *session, parsed)
		if err != nil {
			fmt.Println(name, "refused by policy:", errors.Is(err, webauthntpm.ErrSHA1))
			fmt.Println(err)
			continue
		}
		fmt.Println(name, cred.AttestationFormat, cred.AttestationType)
	}
	// Output:
	// rs256-rsa2048 tpm attca
	// rs1-rsa2048 refused by policy: true
	// tpm attestation: webauthntpm: RS1 (SHA-1) attestation refused by policy: alg RS1
}

type exampleUser struct{ id []byte }

func (u exampleUser) WebAuthnID() []byte                         { return u.id }
func (u exampleUser) WebAuthnName() string                       { return "alice" }
func (u exampleUser) WebAuthnDisplayName() string                { return "Alice" }
func (u exampleUser) WebAuthnCredentials() []webauthn.Credential { return nil }

// testRoot reads the test CA of the reference-TPM attestations.
func testRoot(path string) *x509.CertPool {
	b, _ := os.ReadFile(path)
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(b)
	return pool
}

// browserResponse is the JSON a browser posts at the end of the
// registration recorded in dir, and the challenge it answers.
func browserResponse(dir string) (body []byte, challenge string) {
	obj, _ := os.ReadFile(filepath.Join(dir, "attestationObject"))
	cdj, _ := os.ReadFile(filepath.Join(dir, "clientDataJSON"))
	var cd struct{ Challenge string }
	_ = json.Unmarshal(cdj, &cd)
	// The credential ID, from the authenticator data's attested credential
	// data (after rpIdHash, flags, signCount and AAGUID).
	_, authData, _ := webauthntpm.ParseAttestationObject(obj)
	n := int(authData[53])<<8 | int(authData[54])
	id := base64.RawURLEncoding.EncodeToString(authData[55 : 55+n])
	enc := base64.RawURLEncoding.EncodeToString
	body, _ = json.Marshal(map[string]any{
		"id": id, "rawId": id, "type": "public-key",
		"response": map[string]string{"clientDataJSON": enc(cdj), "attestationObject": enc(obj)},
	})
	return body, cd.Challenge
}
