package webauthntpm_test

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// Verify a real Windows Hello attestation (Intel PTT, RS1) and its chain to
// the Microsoft TPM root, at a time inside its AIK certificate's validity.
func ExampleVerifyAttestationObject() {
	dir := "../testdata/vectors/webauthn-rs-winhello-rs1-intc/"
	obj, _ := os.ReadFile(dir + "attestationObject")
	clientDataHash, _ := os.ReadFile(dir + "clientDataHash")

	res, err := webauthntpm.VerifyAttestationObject(obj, clientDataHash, &webauthntpm.Options{
		Now:   time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC),
		Roots: webauthntpm.MicrosoftTPMRoots(),
	})
	if err != nil {
		fmt.Println("rejected:", err)
		return
	}
	fmt.Println(res.Type, res.AlgName)
	fmt.Println(res.Manufacturer.Company, res.Model, res.FirmwareVersion)
	fmt.Println(res.Chains[0][len(res.Chains[0])-1].Subject.CommonName)
	// Output:
	// AttCA RS1
	// Intel SPT id:00020000
	// Microsoft TPM Root Certificate Authority 2014
}

// A rejection wraps the sentinel of the check that failed.
func ExampleVerify_rejection() {
	dir := "../testdata/vectors/go-webauthn-fidotool-rsa-sha256/"
	obj, _ := os.ReadFile(dir + "attestationObject")
	clientDataHash, _ := os.ReadFile(dir + "clientDataHash")
	stmt, authData, err := webauthntpm.ParseAttestationObject(obj)
	if err != nil {
		fmt.Println(err)
		return
	}
	opts := &webauthntpm.Options{Now: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)}
	_, err = webauthntpm.Verify(stmt, authData, clientDataHash, opts)
	fmt.Println(errors.Is(err, webauthntpm.ErrManufacturer))
	// Output:
	// true
}
