package tpm2b_test

import (
	"fmt"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpm2b"
)

// A Name is empty, a handle, or nameAlg followed by a digest.
func ExampleName() {
	name, _ := tpm2b.AppendName(nil, algid.SHA1, []byte("public area"))
	alg, digest, ok := tpm2b.Name(name).Digest()
	fmt.Println(alg, len(digest), ok)
	h, ok := tpm2b.Name{0x40, 0x00, 0x00, 0x07}.Handle()
	fmt.Printf("%#x %v\n", h, ok)
	// Output:
	// TPM_ALG_SHA1 20 true
	// 0x40000007 true
}
