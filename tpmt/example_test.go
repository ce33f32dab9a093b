package tpmt_test

import (
	"crypto/rsa"
	"fmt"
	"os"

	"github.com/tpm2wire/tpm2wire/tpmt"
)

// Parse a Windows Hello pubArea, compute its Name and get its key.
func ExampleParsePublic() {
	pubArea, _ := os.ReadFile("../testdata/structures/webauthn-rs-winhello-rs1-intc/pubArea")
	p, err := tpmt.ParsePublic(pubArea)
	if err != nil {
		fmt.Println(err)
		return
	}
	name, _ := p.Name()
	key, _ := p.PublicKey()
	parms, _ := p.Parameters.RSADetail()
	fmt.Println(p.Type(), p.NameAlg, parms.KeyBits, parms.Exponent, key.(*rsa.PublicKey).E)
	fmt.Printf("%x\n", []byte(name))
	// Output:
	// TPM_ALG_RSA TPM_ALG_SHA256 2048 0 65537
	// 000bef3570fffd0cbda810fd0a956c071fd48f15990707996349cd615a6eb67804fa
}

// Build a structure with the encoders: Append gives its wire form.
func ExampleSignature_Append() {
	sig := tpmt.Signature{Signature: tpmt.SignatureUnionNull()}
	fmt.Printf("%x\n", sig.Append(nil))
	// Output:
	// 0010
}
