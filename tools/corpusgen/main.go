// Command corpusgen drives the TCG reference TPM (Microsoft's simulator, as
// go-tpm-tools builds it with cgo) to produce a corpus of TPM 2.0 structures
// exactly as a TPM returns them, and complete WebAuthn "tpm" attestations,
// for tpm2wire's tests (internal/corpus). Run it from its directory:
//
//	go run . [-out ../../testdata/corpus]
//
// It replaces the output directory: the blobs, manifest.json and README.md.
// Keys and signatures are random, so each run gives different bytes; the
// file names and the manifest are the same from run to run.
package main

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/google/go-tpm-tools/simulator"
	"github.com/google/go-tpm/tpm2"
	"github.com/google/go-tpm/tpm2/transport"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// maxCorpusSize bounds what is committed.
const maxCorpusSize = 2 << 20

func main() {
	out := flag.String("out", "../../testdata/corpus", "the corpus directory to replace")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "corpusgen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	sim, err := simulator.Get()
	if err != nil {
		return err
	}
	defer sim.Close()
	g := &gen{rec: &recorder{tpm: transport.FromReadWriter(sim)}, c: newCorpus(), objs: map[string]*object{}, names: map[tpm2.TPMHandle]tpm2.TPM2BName{}}
	if err := g.identify(); err != nil {
		return err
	}
	g.c.add(entry{File: messageFile, Type: "BYTES", How: "the message every TPM2_Sign signature signs (not a TPM structure): TPM2_Sign is given its digest"}, message)

	// Objects, then the requests the profile is expected to refuse; one the
	// TPM accepts after all joins the corpus like the others.
	for _, o := range append(objects(), refusals()...) {
		ok, err := g.create(o)
		if err != nil {
			return fmt.Errorf("creating %s: %w", o.name, err)
		}
		if ok {
			g.objs[o.name] = o
			g.order = append(g.order, o)
		}
	}
	var signers []string
	for _, s := range []string{akRSASSASHA1, akRSASSASHA256, akRSAPSSSHA256, akECDSAP256, akECDSAP384, akECDSAP521} {
		if g.objs[s] != nil {
			signers = append(signers, s)
		}
	}
	signers = append(signers, nullSigner)
	if g.objs[akRSASSASHA256] == nil {
		return fmt.Errorf("%s, the baseline signer, was not created", akRSASSASHA256)
	}
	others := slices.DeleteFunc(slices.Clone(signers), func(s string) bool { return s == akRSASSASHA256 })
	// each runs f for the named objects that exist.
	each := func(names []string, f func(string) error) error {
		for _, n := range names {
			if g.objs[n] == nil {
				continue
			}
			if err := f(n); err != nil {
				return err
			}
		}
		return nil
	}

	// TPM2_Certify and TPM2_CertifyCreation of every object by the
	// RSASSA SHA-256 AK; of a few by every signer.
	for _, o := range g.order {
		if err := g.certify(o.name, akRSASSASHA256); err != nil {
			return err
		}
		if err := g.certifyCreation(o.name, akRSASSASHA256); err != nil {
			return err
		}
	}
	for _, s := range others {
		if err := each([]string{"sign-rsa2048-sha1", "sign-rsa2048-sha256", "sign-rsa2048-sha384", "sign-ecc-p256-sha256"}, func(n string) error { return g.certify(n, s) }); err != nil {
			return err
		}
		if err := each([]string{"sign-ecc-p256-sha256"}, func(n string) error { return g.certifyCreation(n, s) }); err != nil {
			return err
		}
	}

	// TPM2_Quote.
	if err := g.extendPCR16(); err != nil {
		return err
	}
	sha256Low := tpm2.TPMLPCRSelection{PCRSelections: []tpm2.TPMSPCRSelection{pcrSelection(tpm2.TPMAlgSHA256, 0, 1, 2, 3, 4, 5, 6, 7)}}
	var banks16 tpm2.TPMLPCRSelection
	for _, b := range g.info.banks {
		banks16.PCRSelections = append(banks16.PCRSelections, pcrSelection(b, 16))
	}
	all := make([]uint, 24)
	for i := range all {
		all[i] = uint(i)
	}
	for _, s := range signers {
		if err := g.quote(s, "sha256-pcr0-7", sha256Low); err != nil {
			return err
		}
	}
	for _, q := range []struct {
		signer, name string
		sel          tpm2.TPMLPCRSelection
	}{
		{akRSASSASHA256, "all-banks-pcr16", banks16},
		{akECDSAP384, "all-banks-pcr16", banks16},
		{akRSASSASHA256, "empty-selection", tpm2.TPMLPCRSelection{}},
		{akECDSAP256, "sha256-pcr0-23", tpm2.TPMLPCRSelection{PCRSelections: []tpm2.TPMSPCRSelection{pcrSelection(tpm2.TPMAlgSHA256, all...)}}},
	} {
		if err := each([]string{q.signer}, func(s string) error { return g.quote(s, q.name, q.sel) }); err != nil {
			return err
		}
	}

	// TPM2_GetTime, and the audit attestations.
	for _, s := range signers {
		if err := g.getTime(s); err != nil {
			return err
		}
	}
	for _, s := range []string{akRSASSASHA256, akECDSAP256, nullSigner} {
		if err := g.sessionAudit(s); err != nil {
			return err
		}
	}
	for _, s := range []string{akRSASSASHA256, akECDSAP384, nullSigner} {
		if err := g.commandAudit(s); err != nil {
			return err
		}
	}

	// NV indexes and TPM2_NV_Certify.
	for _, n := range nvIndexes() {
		ok, err := g.defineNV(n)
		if err != nil {
			return err
		}
		if !ok || n.write == nil {
			continue
		}
		size := uint16(n.public.DataSize)
		if n.name == "nv-ordinary-sha256" {
			for _, s := range signers {
				if err := g.nvCertify(n, s, size, 0); err != nil {
					return err
				}
				if err := g.nvCertify(n, s, 0, 0); err != nil {
					return err
				}
			}
			if err := g.nvCertify(n, akRSASSASHA256, 8, 4); err != nil {
				return err
			}
			continue
		}
		if err := g.nvCertify(n, akRSASSASHA256, size, 0); err != nil {
			return err
		}
		if err := g.nvCertify(n, akECDSAP384, 0, 0); err != nil {
			return err
		}
	}

	// TPM2_Sign with the unrestricted keys, every scheme they admit.
	sigs := map[string]*tpm2.TPMTSignature{}
	type scheme struct{ scheme, hash tpm2.TPMAlgID }
	rsaSchemes := []scheme{
		{tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA1}, {tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA256}, {tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA384}, {tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA512},
		{tpm2.TPMAlgRSAPSS, tpm2.TPMAlgSHA256}, {tpm2.TPMAlgRSAPSS, tpm2.TPMAlgSHA384}, {tpm2.TPMAlgRSAPSS, tpm2.TPMAlgSHA512},
	}
	eccSchemes := []scheme{{tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA1}, {tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA256}, {tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA384}, {tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA512}}
	for _, o := range g.order {
		var schemes []scheme
		switch {
		case !strings.HasPrefix(o.name, "sign-") || o.name == "sign-ecc-bnp256-sha256":
			// BN P-256 is left out: no Go implementation can check it.
			continue
		case o.name == "sign-ecc-p256-ecdsa-sha384":
			sig, err := g.sign(o.name, tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA384, true, nil, "")
			if err != nil {
				return err
			}
			sigs[o.name] = sig
			continue
		case o.public.Type == tpm2.TPMAlgRSA:
			schemes = rsaSchemes
		default:
			schemes = eccSchemes
		}
		for _, s := range schemes {
			sig, err := g.sign(o.name, s.scheme, s.hash, false, nil, "")
			if err != nil {
				return err
			}
			sigs[fmt.Sprint(o.name, s.scheme, s.hash)] = sig
		}
	}
	for _, h := range []tpm2.TPMAlgID{tpm2.TPMAlgSHA1, tpm2.TPMAlgSHA256, tpm2.TPMAlgSHA384, tpm2.TPMAlgSHA512} {
		if err := each([]string{"hmac-" + hashNames[h]}, func(n string) error {
			_, err := g.sign(n, tpm2.TPMAlgHMAC, h, true, nil, "")
			return err
		}); err != nil {
			return err
		}
	}
	// A restricted key signs only a digest the TPM hashed itself.
	ticket, ticketFile, _, err := g.hash("message-sha256-owner", message, messageFile)
	if err != nil {
		return err
	}
	for _, k := range []struct {
		key    string
		scheme tpm2.TPMAlgID
	}{{akRSASSASHA256, tpm2.TPMAlgRSASSA}, {akRSAPSSSHA256, tpm2.TPMAlgRSAPSS}, {akECDSAP256, tpm2.TPMAlgECDSA}} {
		if err := each([]string{k.key}, func(n string) error {
			_, err := g.sign(n, k.scheme, tpm2.TPMAlgSHA256, true, ticket, ticketFile)
			return err
		}); err != nil {
			return err
		}
	}
	// Data that starts with TPM_GENERATED_VALUE gets a NULL ticket.
	generated := append([]byte{0xFF, 'T', 'C', 'G'}, []byte(" data a restricted key must not sign")...)
	if _, _, _, err := g.hash("generated-prefix-sha256-owner", generated, fmt.Sprintf("%q (it starts with TPM_GENERATED_VALUE, so the ticket is NULL)", generated)); err != nil {
		return err
	}
	for _, v := range []struct {
		key            string
		scheme, hash   tpm2.TPMAlgID
		schemeName, hn string
	}{
		{"sign-ecc-p256-sha256", tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA256, "ecdsa", "sha256"},
		{"sign-rsa2048-sha256", tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA256, "rsassa", "sha256"},
		{"sign-rsa2048-sha256", tpm2.TPMAlgRSAPSS, tpm2.TPMAlgSHA384, "rsapss", "sha384"},
	} {
		sig := sigs[fmt.Sprint(v.key, v.scheme, v.hash)]
		if sig == nil {
			continue
		}
		file := "tpmt_signature/message-" + v.schemeName + "-" + v.hn + "-by-" + v.key + ".bin"
		if err := g.verify(v.key, sig, v.hash, file); err != nil {
			return err
		}
	}
	if err := g.policySecret(); err != nil {
		return err
	}

	// WebAuthn attestations.
	p, err := newPKI()
	if err != nil {
		return err
	}
	for i, wc := range webauthnCases() {
		if err := g.webauthn(p, wc, int64(0x1000+i)); err != nil {
			return err
		}
	}

	rejected := append(g.c.check(), g.rejected...)
	for _, r := range rejected {
		fmt.Println("tpm2wire rejects:", r)
	}
	n, err := g.c.write(out, g.readme(rejected), maxCorpusSize)
	if err != nil {
		return err
	}
	for _, c := range g.c.counts() {
		fmt.Printf("%-20s %s\n", c[0], c[1])
	}
	fmt.Printf("%d entries, %d files, %d bytes in %s\n", len(g.c.entries), len(g.c.files)+2, n, out)
	return nil
}

// readme describes the corpus: where it comes from, what the simulator is,
// what it refused, and what tpm2wire rejected.
func (g *gen) readme(rejected []string) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("# TPM corpus\n\n")
	w("Generated by `tools/corpusgen` (do not edit): TPM 2.0 structures exactly as the\n")
	w("TCG reference TPM returned them (the Microsoft simulator, ms-tpm-20-ref, built by\n")
	w("github.com/google/go-tpm-tools/simulator), cut from the raw responses. `manifest.json`\n")
	w("lists every file with its Part 2 type and the command that made it; `internal/corpus`\n")
	w("checks each with tpm2wire's strict parsers. Regenerate with\n\n")
	w("```sh\ncd tools/corpusgen && go run .\n```\n\n")
	w("Keys and signatures are random: a new run changes the bytes, not the file names.\n\n")
	w("## Layout\n\n")
	w("- `<type>/<name>.bin`: one structure of the Part 2 type `<TYPE>` (lower-cased), raw:\n")
	w("  a TPMS_ or TPMT_ structure without a size field, a TPM2B_ one with it.\n")
	w("- Names: `tpmt_public/<object>.bin` (also its `tpm2b_public`, `tpms_creation_data`,\n")
	w("  `tpm2b_creation_data`, `tpmt_tk_creation`); attestations `tpms_attest/<command>-...-by-<signer>.bin`\n")
	w("  with their `tpmt_signature` of the same name (`certify-`, `creation-`, `quote-`,\n")
	w("  `time-`, `session-audit-`, `command-audit-`, `nv-offset<o>-size<s>-`, `nv-digest-`,\n")
	w("  `webauthn-`); `tpmt_signature/message-<scheme>-<hash>-by-<key>.bin` from TPM2_Sign\n")
	w("  over `bytes/message.bin`; signer `null` is TPM_RH_NULL (a NULL signature).\n")
	w("- Every attestation signed by a key has qualifyingData = the first 16 bytes of\n")
	w("  SHA-256(\"tpm2wire corpus \" || its file name without `.bin`), except the WebAuthn ones,\n")
	w("  whose qualifyingData is the WebAuthn attToBeSigned hash; a NULL-signed one has none.\n")
	w("- `webauthn/<name>/`: `attestationObject` (CBOR), `clientDataJSON`, and `root.pem`,\n")
	w("  the test root the AIK certificate chains to through x5c[1]; verify at the manifest's `at`.\n")
	w("- `manifest.json`: per file `type`, `how` (the command and its parameters), and where\n")
	w("  they apply `key` (the signer's TPMT_PUBLIC; for WEBAUTHN_TPM the AIK's), `signed` (what\n")
	w("  the signature is over), `certified` (the TPMT_PUBLIC or TPMS_NV_PUBLIC an attestation\n")
	w("  names; for creation data and tickets, the object they were made with; for WEBAUTHN_TPM\n")
	w("  the credential key) and `at`.\n\n")
	w("## The simulator\n\n")
	m := g.info.manufacturer()
	if v, ok := webauthntpm.LookupVendor(m); ok && !v.Test {
		w("- TPM_PT_MANUFACTURER: 0x%08X (%q), in the TCG vendor registry as %s: webauthntpm needs no AllowTestVendors\n", m, binary32(m), v.Company)
	} else {
		w("- TPM_PT_MANUFACTURER: 0x%08X (%q), not a product vendor of the TCG registry: webauthntpm needs AllowTestVendors\n", m, binary32(m))
	}
	w("- TPM_PT_VENDOR_STRING_1..4: %q\n", g.info.vendorString())
	fw1, fw2 := g.info.firmware()
	w("- TPM_PT_FIRMWARE_VERSION_1, _2: 0x%08X, 0x%08X\n", fw1, fw2)
	p := g.info.props
	w("- TPM_PT_FAMILY_INDICATOR %q, TPM_PT_LEVEL %d, TPM_PT_REVISION %d, TPM_PT_YEAR %d\n",
		strings.TrimRight(string(binary32(p[tpm2.TPMPTFamilyIndicator])), "\x00"), p[tpm2.TPMPTLevel], p[tpm2.TPMPTRevision], p[tpm2.TPMPTYear])
	var banks, curves []string
	for _, h := range g.info.banks {
		banks = append(banks, hashTitles[h])
	}
	for _, c := range g.info.curves {
		if t, ok := curveTitles[c]; ok {
			curves = append(curves, t)
		} else {
			curves = append(curves, fmt.Sprintf("0x%04X", uint16(c)))
		}
	}
	w("- PCR banks: %s; ECC curves: %s\n\n", strings.Join(banks, ", "), strings.Join(curves, ", "))
	w("## Refused by the simulator\n\n")
	if len(g.refused) == 0 {
		w("Nothing.\n")
	}
	for _, r := range g.refused {
		w("- %s\n", r)
	}
	w("\n## Rejected by tpm2wire\n\n")
	if len(rejected) == 0 {
		w("Nothing: every blob parses strictly and re-encodes to its bytes.\n")
	}
	for _, r := range rejected {
		w("- %s\n", r)
	}
	w("\n## Contents\n\n| type | entries |\n|---|---|\n")
	for _, c := range g.c.counts() {
		w("| %s | %s |\n", c[0], c[1])
	}
	return b.String()
}

func binary32(v uint32) []byte {
	return []byte{byte(v >> 24), byte(v >> 16), byte(v >> 8), byte(v)}
}
