// Command tpm2wire decodes TPM 2.0 structures with the strict tpm2wire
// parsers.
//
// Usage:
//
//	tpm2wire print -t TYPE [--json] [FILE|-]
//	tpm2wire verify [--client-data-json FILE | --client-data-hash HEX] [--at RFC3339]
//	                [--allow-test-vendors] [--reject-sha1] [--require-tpm-bound-key]
//	                [--roots microsoft|PEMFILE] [--json] ATTESTATION_OBJECT|-
//
// print decodes one structure of TYPE, a Part 2 name such as TPMS_ATTEST,
// TPMT_PUBLIC, TPM2B_PUBLIC or TPMT_SIGNATURE (add + for the forms that admit
// TPM_ALG_NULL, e.g. TPMT_SIGNATURE+), from FILE or standard input, and
// prints every member under its Part 2 name. The input may be raw bytes, hex
// or base64 (standard or URL alphabet, padded or not); hex is tried first,
// then base64, and anything else is read as raw bytes. The whole input must
// be one structure. A malformed input prints one line naming the structure,
// member and byte offset, and exits with status 1.
//
// verify runs the WebAuthn "tpm" attestation verification procedure on an
// attestation object (raw CBOR, hex or base64) with the given clientDataJSON
// or clientDataHash, and prints the verdict, the TPM's manufacturer, model and
// firmware, the credential key and every check performed. It exits with
// status 0 when the attestation verifies and 1 when it is rejected.
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

const usage = `usage: tpm2wire print -t TYPE [--json] [FILE|-]
       tpm2wire verify [flags] ATTESTATION_OBJECT   (tpm2wire verify -h for the flags)

TYPE is one of:
`

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage+typeList())
		return 2
	}
	switch args[0] {
	case "print":
		return runPrint(args[1:], stdin, stdout, stderr)
	case "verify":
		return runVerify(args[1:], stdin, stdout, stderr)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage+typeList())
		return 0
	}
	fmt.Fprintf(stderr, "tpm2wire: unknown command %q\n%s", args[0], usage+typeList())
	return 2
}

func typeList() string {
	names := make([]string, 0, len(parsers))
	for n := range parsers {
		names = append(names, n)
	}
	sort.Strings(names)
	return "  " + strings.Join(names, "\n  ") + "\n"
}

func runPrint(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("print", flag.ContinueOnError)
	fs.SetOutput(stderr)
	typ := fs.String("t", "", "the Part 2 type of the input, e.g. TPMS_ATTEST")
	asJSON := fs.Bool("json", false, "print JSON instead of text")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *typ == "" || fs.NArg() > 1 {
		fmt.Fprint(stderr, usage+typeList())
		return 2
	}
	parse, ok := parsers[*typ]
	if !ok {
		fmt.Fprintf(stderr, "tpm2wire: unknown type %q; known types:\n%s", *typ, typeList())
		return 2
	}
	in, err := readInput(fs.Arg(0), stdin)
	if err != nil {
		fmt.Fprintln(stderr, "tpm2wire:", err)
		return 1
	}
	n, err := parse(in)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	w := bufio.NewWriter(stdout)
	defer w.Flush()
	if *asJSON {
		writeJSON(w, n)
		w.WriteString("\n")
		return 0
	}
	fmt.Fprintf(w, "%s:\n", n.typ)
	writeText(w, n, "  ")
	return 0
}

// readInput reads FILE (or standard input for "" and "-") and decodes it:
// hex, then base64, else raw bytes.
func readInput(name string, stdin io.Reader) ([]byte, error) {
	b, err := readFile(name, stdin)
	if err != nil {
		return nil, err
	}
	return decodeInput(b), nil
}

// readFile reads the file name, or standard input for "" and "-".
func readFile(name string, stdin io.Reader) ([]byte, error) {
	if name == "" || name == "-" {
		return io.ReadAll(stdin)
	}
	return os.ReadFile(name)
}

func decodeInput(b []byte) []byte {
	text := strings.Join(strings.Fields(string(b)), "")
	if text == "" {
		return b
	}
	if h, err := hex.DecodeString(text); err == nil && bytes.IndexFunc(b, notText) < 0 {
		return h
	}
	if bytes.IndexFunc(b, notText) < 0 {
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
			if d, err := enc.Strict().DecodeString(text); err == nil {
				return d
			}
		}
	}
	return b
}

// notText reports runes that hex or base64 text cannot contain.
func notText(r rune) bool {
	return r > 0x7e || (r < 0x20 && r != '\n' && r != '\r' && r != '\t')
}
