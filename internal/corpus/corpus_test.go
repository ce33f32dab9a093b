package corpus_test

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/binary"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/tpm2wire/tpm2wire"
	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/internal/corpus"
	"github.com/tpm2wire/tpm2wire/internal/wiretest"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// What the reference TPM (ms-tpm-20-ref as go-tpm-tools builds it) says about
// itself, which corpusgen writes into the AIK certificates. Its
// TPM_PT_MANUFACTURER, "MSFT", is a product vendor of the TCG registry, so
// the WebAuthn checks need no Options.AllowTestVendors.
const (
	simManufacturer = 0x4D534654    // TPM_PT_MANUFACTURER "MSFT"
	simModel        = "xCG fTPM"    // TPM_PT_VENDOR_STRING_1..4
	simVersion      = "id:20170619" // TPM_PT_FIRMWARE_VERSION_1
	// ticketSize is the size of every ticket's digest: the reference TPM
	// computes tickets with CONTEXT_INTEGRITY_HASH_ALG, its largest hash,
	// SHA-512 as go-tpm-tools builds it.
	ticketSize = sha512.Size
)

// wantCounts is how many entries of each type corpusgen writes: the file
// names, and so these counts, are the same from run to run.
var wantCounts = map[string]int{
	"BYTES":               1,
	"TPM2B_CREATION_DATA": 37,
	"TPM2B_NV_PUBLIC":     6,
	"TPM2B_PUBLIC":        37,
	"TPMS_ATTEST":         154,
	"TPMS_CREATION_DATA":  37,
	"TPMS_NV_PUBLIC":      6,
	"TPMT_PUBLIC":         37,
	"TPMT_SIGNATURE":      237,
	"TPMT_TK_AUTH":        1,
	"TPMT_TK_CREATION":    37,
	"TPMT_TK_HASHCHECK":   2,
	"TPMT_TK_VERIFIED":    3,
	"WEBAUTHN_TPM":        4,
}

// checker holds the manifest, indexed, for the checks that follow references.
type checker struct {
	byFile   map[string]corpus.Entry
	signedBy map[string]corpus.Entry // a signed file -> its signatures' entry (attestations: one)
	creation map[string]corpus.Entry // a TPMT_PUBLIC file -> its TPMS_CREATION_DATA entry
	names    map[string]string       // a TPMT_PUBLIC's Name -> its file
}

func TestCorpus(t *testing.T) {
	entries, err := corpus.Load()
	if err != nil {
		t.Fatal(err)
	}
	c := &checker{byFile: map[string]corpus.Entry{}, signedBy: map[string]corpus.Entry{}, creation: map[string]corpus.Entry{}, names: map[string]string{}}
	for _, e := range entries {
		c.byFile[e.File] = e
		switch e.Type {
		case "TPMT_SIGNATURE":
			if strings.HasPrefix(e.Signed, "tpms_attest/") {
				if prev, dup := c.signedBy[e.Signed]; dup {
					t.Errorf("%s is signed by both %s and %s", e.Signed, prev.File, e.File)
				}
				c.signedBy[e.Signed] = e
			}
		case "TPMS_CREATION_DATA":
			c.creation[e.Certified] = e
		case "TPMT_PUBLIC":
			// A public area that does not parse is reported by its
			// subtest; here it is only left out of the index.
			if p, err := tpmt.ParsePublic(c.read(t, e.File)); err == nil {
				if name, err := p.Name(); err == nil {
					c.names[string(name)] = e.File
				}
			}
		}
	}

	counts := map[string]int{}
	for _, e := range entries {
		counts[e.Type]++
		t.Run(e.File, func(t *testing.T) { c.check(t, e) })
	}
	for _, typ := range slices.Sorted(maps.Keys(counts)) {
		t.Logf("%-20s %d", typ, counts[typ])
	}
	t.Logf("%-20s %d", "total", len(entries))
	for _, typ := range slices.Sorted(maps.Keys(wantCounts)) {
		if counts[typ] != wantCounts[typ] {
			t.Errorf("%d entries of type %s, want %d", counts[typ], typ, wantCounts[typ])
		}
	}
	for typ := range counts {
		if _, ok := wantCounts[typ]; !ok {
			t.Errorf("unexpected type %s", typ)
		}
	}
}

// Every file of the corpus directory is the manifest, the README, an entry,
// or a file beside a WEBAUTHN_TPM entry.
func TestCorpusHasNoStrayFiles(t *testing.T) {
	entries, err := corpus.Load()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{"manifest.json": true, "README.md": true}
	for _, e := range entries {
		known[e.File] = true
		if e.Type == "WEBAUTHN_TPM" {
			known[path.Dir(e.File)+"/clientDataJSON"] = true
			known[path.Dir(e.File)+"/root.pem"] = true
		}
	}
	n := 0
	err = filepath.WalkDir(corpus.Dir(), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(corpus.Dir(), p)
		if err != nil {
			return err
		}
		if !known[filepath.ToSlash(rel)] {
			t.Errorf("%s is in the corpus directory but not in the manifest", rel)
		}
		n++
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != len(known) {
		t.Errorf("%d files in the corpus directory, want %d (an expected file is missing)", n, len(known))
	}
}

func (c *checker) check(t *testing.T, e corpus.Entry) {
	b, err := corpus.Read(e)
	if err != nil {
		t.Fatal(err)
	}
	c.references(t, e)
	switch e.Type {
	case "TPMS_ATTEST":
		a := wiretest.Strict(t, b, tpms.ParseAttest, func(a tpms.Attest) []byte { return a.Append(nil) })
		c.attest(t, e, &a)
	case "TPMT_PUBLIC":
		p := wiretest.Strict(t, b, tpmt.ParsePublic, func(p tpmt.Public) []byte { return p.Append(nil) })
		checkPublic(t, &p)
	case "TPM2B_PUBLIC":
		wiretest.Strict(t, b, tpmt.Parse2BPublic, func(p tpmt.Public) []byte { return p.Append2B(nil) })
		c.sameAsBare(t, e, b, "tpmt_public")
	case "TPMT_SIGNATURE":
		c.signature(t, e, b)
	case "TPMS_CREATION_DATA":
		cd := wiretest.Strict(t, b, tpms.ParseCreationData, func(cd tpms.CreationData) []byte { return cd.Append(nil) })
		c.creationData(t, e, &cd)
	case "TPM2B_CREATION_DATA":
		wiretest.Strict(t, b, tpms.Parse2BCreationData, func(cd tpms.CreationData) []byte { return cd.Append2B(nil) })
		c.sameAsBare(t, e, b, "tpms_creation_data")
	case "TPMT_TK_CREATION":
		tk := wiretest.Strict(t, b, tpmt.ParseTKCreation, func(tk tpmt.TKCreation) []byte { return tk.Append(nil) })
		// Every object was created in the owner hierarchy.
		if tk.Hierarchy != tpms.RH_OWNER || len(tk.Digest) != ticketSize {
			t.Errorf("creation ticket: hierarchy %v, digest of %d bytes; want TPM_RH_OWNER and %d bytes", tk.Hierarchy, len(tk.Digest), ticketSize)
		}
	case "TPMS_NV_PUBLIC":
		nv := wiretest.Strict(t, b, tpms.ParseNVPublic, func(nv tpms.NVPublic) []byte { return nv.Append(nil) })
		name, err := nv.Name()
		if err != nil || len(name) != 2+nv.NameAlg.DigestSize() {
			t.Errorf("NV Name %x, %v", []byte(name), err)
		}
		if h := uint32(nv.NVIndex); h < 0x01500010 || h > 0x01500015 {
			t.Errorf("NV index 0x%08X, not one corpusgen defines", h)
		}
	case "TPM2B_NV_PUBLIC":
		wiretest.Strict(t, b, tpms.Parse2BNVPublic, func(nv tpms.NVPublic) []byte { return nv.Append2B(nil) })
		c.sameAsBare(t, e, b, "tpms_nv_public")
	case "TPMT_TK_HASHCHECK":
		tk := wiretest.Strict(t, b, tpmt.ParseTKHashcheck, func(tk tpmt.TKHashcheck) []byte { return tk.Append(nil) })
		if strings.Contains(e.File, "generated-prefix") {
			// Data that starts with TPM_GENERATED_VALUE gets the NULL ticket.
			if tk.Hierarchy != tpms.RH_NULL || len(tk.Digest) != 0 {
				t.Errorf("hash check ticket: hierarchy %v, digest %x; want the NULL ticket", tk.Hierarchy, []byte(tk.Digest))
			}
		} else if tk.Hierarchy != tpms.RH_OWNER || len(tk.Digest) != ticketSize {
			t.Errorf("hash check ticket: hierarchy %v, digest of %d bytes; want TPM_RH_OWNER and %d bytes", tk.Hierarchy, len(tk.Digest), ticketSize)
		}
	case "TPMT_TK_VERIFIED":
		tk := wiretest.Strict(t, b, tpmt.ParseTKVerified, func(tk tpmt.TKVerified) []byte { return tk.Append(nil) })
		if tk.Hierarchy != tpms.RH_OWNER || len(tk.Digest) != ticketSize {
			t.Errorf("verified ticket: hierarchy %v, digest of %d bytes; want TPM_RH_OWNER and %d bytes", tk.Hierarchy, len(tk.Digest), ticketSize)
		}
	case "TPMT_TK_AUTH":
		tk := wiretest.Strict(t, b, tpmt.ParseTKAuth, func(tk tpmt.TKAuth) []byte { return tk.Append(nil) })
		if tk.Tag != tpms.ST_AUTH_SECRET || tk.Hierarchy != tpms.RH_OWNER || len(tk.Digest) != ticketSize {
			t.Errorf("auth ticket: tag %v, hierarchy %v, digest of %d bytes; want TPM_ST_AUTH_SECRET, TPM_RH_OWNER and %d bytes", tk.Tag, tk.Hierarchy, len(tk.Digest), ticketSize)
		}
	case "BYTES":
		if len(b) == 0 {
			t.Error("empty")
		}
	case "WEBAUTHN_TPM":
		c.webauthn(t, e, b)
	default:
		t.Errorf("unknown type %q", e.Type)
	}
}

// references checks that what an entry names is in the manifest, with the
// type the reference needs.
func (c *checker) references(t *testing.T, e corpus.Entry) {
	t.Helper()
	want := func(field, file string, types ...string) {
		if file == "" {
			return
		}
		r, ok := c.byFile[file]
		if !ok {
			t.Fatalf("%s %s is not in the manifest", field, file)
		}
		if !slices.Contains(types, r.Type) {
			t.Fatalf("%s %s is a %s, want %v", field, file, r.Type, types)
		}
	}
	want("key", e.Key, "TPMT_PUBLIC")
	want("signed", e.Signed, "TPMS_ATTEST", "BYTES")
	want("certified", e.Certified, "TPMT_PUBLIC", "TPMS_NV_PUBLIC")
	switch e.Type {
	case "TPMT_SIGNATURE":
		if e.Signed == "" {
			t.Fatal("a signature names nothing it signs")
		}
	case "TPMS_CREATION_DATA", "TPM2B_CREATION_DATA", "TPMT_TK_CREATION":
		if e.Certified == "" || c.byFile[e.Certified].Type != "TPMT_PUBLIC" {
			t.Fatal("creation data or ticket names no object")
		}
	case "WEBAUTHN_TPM":
		if e.Key == "" || e.Certified == "" || e.At == "" {
			t.Fatal("a WebAuthn attestation names no AIK, credential key or time")
		}
	}
}

func (c *checker) read(t *testing.T, file string) []byte {
	t.Helper()
	b, err := corpus.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func (c *checker) public(t *testing.T, file string) *tpmt.Public {
	t.Helper()
	p, err := tpmt.ParsePublic(c.read(t, file))
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return &p
}

// sameAsBare checks that a TPM2B file is the 16-bit size, then the bare
// structure of the same name in dir.
func (c *checker) sameAsBare(t *testing.T, e corpus.Entry, b []byte, dir string) {
	t.Helper()
	bareFile := dir + "/" + path.Base(e.File)
	if _, ok := c.byFile[bareFile]; !ok {
		t.Fatalf("no %s beside it", bareFile)
	}
	bare := c.read(t, bareFile)
	if want := binary.BigEndian.AppendUint16(nil, uint16(len(bare))); !bytes.Equal(b, append(want, bare...)) {
		t.Errorf("is not the size of %s and its bytes", bareFile)
	}
}

// checkPublic checks what a public area gives: a Name of nameAlg, and for RSA
// and ECC keys the public key of the size the area declares.
func checkPublic(t *testing.T, p *tpmt.Public) {
	t.Helper()
	name, err := p.Name()
	if err != nil || len(name) != 2+p.NameAlg.DigestSize() || algid.ID(binary.BigEndian.Uint16(name)) != p.NameAlg {
		t.Errorf("Name %x, %v; want one of nameAlg %v", []byte(name), err, p.NameAlg)
	}
	switch p.Type() {
	case algid.RSA:
		parms, _ := p.Parameters.RSADetail()
		k, err := p.PublicKey()
		if err != nil {
			t.Fatalf("PublicKey: %v", err)
		}
		if n := k.(*rsa.PublicKey).N.BitLen(); n != int(parms.KeyBits) {
			t.Errorf("RSA modulus of %d bits, keyBits %d", n, parms.KeyBits)
		}
	case algid.ECC:
		parms, _ := p.Parameters.ECCDetail()
		k, err := p.PublicKey()
		if parms.CurveID == algid.ECC_BN_P256 {
			// Go has no BN curves: the key is well-formed but unusable.
			if !errors.Is(err, tpm2wire.ErrUnsupported) {
				t.Errorf("PublicKey of a BN P-256 key: err = %v, want ErrUnsupported", err)
			}
			return
		}
		if err != nil {
			t.Fatalf("PublicKey: %v", err)
		}
		if got := k.(*ecdsa.PublicKey).Curve; got != tpmt.ECDSACurve(parms.CurveID) {
			t.Errorf("a %v key on %s", parms.CurveID, got.Params().Name)
		}
	}
}

// attestKind maps a file-name prefix to the attestation type its command
// makes.
type attestKind struct {
	prefix string
	st     tpms.ST
}

var attestKinds = []attestKind{
	{"certify-", tpms.ST_ATTEST_CERTIFY},
	{"webauthn-", tpms.ST_ATTEST_CERTIFY},
	{"creation-", tpms.ST_ATTEST_CREATION},
	{"quote-", tpms.ST_ATTEST_QUOTE},
	{"time-", tpms.ST_ATTEST_TIME},
	{"session-audit-", tpms.ST_ATTEST_SESSION_AUDIT},
	{"command-audit-", tpms.ST_ATTEST_COMMAND_AUDIT},
	{"nv-digest-", tpms.ST_ATTEST_NV_DIGEST},
	{"nv-offset", tpms.ST_ATTEST_NV},
}

func (c *checker) attest(t *testing.T, e corpus.Entry, a *tpms.Attest) {
	stem := strings.TrimSuffix(path.Base(e.File), ".bin")
	i := slices.IndexFunc(attestKinds, func(k attestKind) bool { return strings.HasPrefix(stem, k.prefix) })
	if i < 0 {
		t.Fatalf("no attestation kind for the name %s", stem)
	}
	if a.Type() != attestKinds[i].st {
		t.Errorf("type %v, want %v", a.Type(), attestKinds[i].st)
	}

	// The signer: qualifiedSigner is TPM_RH_NULL's handle for a NULL
	// signature, else a Name of the signer's nameAlg; extraData is the
	// qualifyingData corpusgen gave (WebAuthn's is checked by webauthntpm).
	sigEntry, ok := c.signedBy[e.File]
	if !ok {
		t.Fatal("no signature in the manifest signs it")
	}
	sig, err := tpmt.ParseSignatureAllowNull(c.read(t, sigEntry.File))
	if err != nil {
		t.Fatal(err)
	}
	var hashSize int // of the signing scheme's hash; 0 for a NULL signature
	if sigEntry.Key == "" {
		if want := []byte{0x40, 0, 0, 7}; !bytes.Equal(a.QualifiedSigner, want) || len(a.ExtraData) != 0 {
			t.Errorf("NULL-signed: qualifiedSigner %x, extraData %x; want %x and none", []byte(a.QualifiedSigner), []byte(a.ExtraData), want)
		}
	} else {
		signer := c.public(t, sigEntry.Key)
		if len(a.QualifiedSigner) != 2+signer.NameAlg.DigestSize() || algid.ID(binary.BigEndian.Uint16(a.QualifiedSigner)) != signer.NameAlg {
			t.Errorf("qualifiedSigner %x is not a qualified name of nameAlg %v", []byte(a.QualifiedSigner), signer.NameAlg)
		}
		if !strings.HasPrefix(stem, "webauthn-") {
			want := sha256.Sum256([]byte("tpm2wire corpus " + stem))
			if !bytes.Equal(a.ExtraData, want[:16]) {
				t.Errorf("extraData %x, want %x", []byte(a.ExtraData), want[:16])
			}
		}
		h, _ := sig.HashAlg()
		hashSize = h.DigestSize()
	}

	// What the attestation names.
	switch a.Type() {
	case tpms.ST_ATTEST_CERTIFY:
		info, _ := a.Attested.Certify()
		p := c.public(t, e.Certified)
		name, err := p.Name()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(info.Name, name) {
			t.Errorf("certified Name %x, %s's Name %x", []byte(info.Name), e.Certified, []byte(name))
		}
		if len(info.QualifiedName) != len(name) || !bytes.Equal(info.QualifiedName[:2], name[:2]) {
			t.Errorf("qualifiedName %x is not of nameAlg %v", []byte(info.QualifiedName), p.NameAlg)
		}
	case tpms.ST_ATTEST_CREATION:
		info, _ := a.Attested.Creation()
		p := c.public(t, e.Certified)
		name, err := p.Name()
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(info.ObjectName, name) {
			t.Errorf("objectName %x, %s's Name %x", []byte(info.ObjectName), e.Certified, []byte(name))
		}
		cd, ok := c.creation[e.Certified]
		if !ok {
			t.Fatalf("no creation data of %s", e.Certified)
		}
		want, err := p.NameAlg.AppendDigest(nil, c.read(t, cd.File))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(info.CreationHash, want) {
			t.Errorf("creationHash %x, %v of %s is %x", []byte(info.CreationHash), p.NameAlg, cd.File, want)
		}
	case tpms.ST_ATTEST_NV, tpms.ST_ATTEST_NV_DIGEST:
		nv, err := tpms.ParseNVPublic(c.read(t, e.Certified))
		if err != nil {
			t.Fatal(err)
		}
		name, err := nv.Name()
		if err != nil {
			t.Fatal(err)
		}
		if info, ok := a.Attested.NV(); ok {
			var off, size int
			if _, err := fmt.Sscanf(strings.SplitN(stem, "-", 3)[1], "offset%d", &off); err != nil {
				t.Fatal(err)
			}
			if _, err := fmt.Sscanf(strings.SplitN(stem, "-", 4)[2], "size%d", &size); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(info.IndexName, name) || int(info.Offset) != off || len(info.NVContents) != size {
				t.Errorf("indexName %x offset %d, %d bytes; want %x, %d, %d", []byte(info.IndexName), info.Offset, len(info.NVContents), []byte(name), off, size)
			}
		} else {
			info, _ := a.Attested.NVDigest()
			// The digest is of the signing scheme's hash; with no signer
			// there is no hash, and the reference TPM returns it empty.
			if !bytes.Equal(info.IndexName, name) || len(info.NVDigest) != hashSize {
				t.Errorf("indexName %x, nvDigest of %d bytes; want %x and %d", []byte(info.IndexName), len(info.NVDigest), []byte(name), hashSize)
			}
		}
	case tpms.ST_ATTEST_QUOTE:
		info, _ := a.Attested.Quote()
		if len(info.PCRDigest) != hashSize {
			t.Errorf("pcrDigest of %d bytes, want the signing hash's %d", len(info.PCRDigest), hashSize)
		}
	case tpms.ST_ATTEST_COMMAND_AUDIT:
		info, _ := a.Attested.CommandAudit()
		// corpusgen audits in SHA-256; both digests are of that hash.
		if info.DigestAlg != algid.SHA256 || len(info.AuditDigest) != sha256.Size || len(info.CommandDigest) != sha256.Size {
			t.Errorf("digestAlg %v, auditDigest of %d bytes, commandDigest of %d; want SHA-256", info.DigestAlg, len(info.AuditDigest), len(info.CommandDigest))
		}
	case tpms.ST_ATTEST_SESSION_AUDIT:
		info, _ := a.Attested.SessionAudit()
		if len(info.SessionDigest) != sha256.Size {
			t.Errorf("sessionDigest of %d bytes, want the session's SHA-256", len(info.SessionDigest))
		}
	}
	if e.Certified != "" && !slices.Contains([]tpms.ST{tpms.ST_ATTEST_CERTIFY, tpms.ST_ATTEST_CREATION, tpms.ST_ATTEST_NV, tpms.ST_ATTEST_NV_DIGEST}, a.Type()) {
		t.Errorf("a %v names %s, but names no object", a.Type(), e.Certified)
	}
}

func (c *checker) signature(t *testing.T, e corpus.Entry, b []byte) {
	if e.Key == "" {
		// A NULL signature (signHandle TPM_RH_NULL) verifies nothing: only
		// its form is checked. It is legal only where Part 2 writes
		// TPMT_SIGNATURE+, so the plain parser refuses it.
		s := wiretest.Strict(t, b, tpmt.ParseSignatureAllowNull, func(s tpmt.Signature) []byte { return s.Append(nil) })
		if s.SigAlg() != algid.NULL {
			t.Errorf("a signature with no key is %v, want TPM_ALG_NULL", s.SigAlg())
		}
		_, err := tpmt.ParseSignature(b)
		wiretest.WantError(t, err, tpm2wire.ErrScheme, "TPMT_SIGNATURE", "sigAlg", 0)
		return
	}
	s := wiretest.Strict(t, b, tpmt.ParseSignature, func(s tpmt.Signature) []byte { return s.Append(nil) })
	hash, ok := s.HashAlg()
	if !ok {
		t.Fatalf("%v signature has no hash", s.SigAlg())
	}
	stem := strings.TrimSuffix(path.Base(e.File), ".bin")
	if rest, ok := strings.CutPrefix(stem, "message-"); ok {
		// message-<scheme>-<hash>-by-<key>
		want := strings.SplitN(rest, "-by-", 2)[0]
		got := strings.ToLower(strings.TrimPrefix(s.SigAlg().String(), "TPM_ALG_") + "-" + strings.TrimPrefix(hash.String(), "TPM_ALG_"))
		if got != want {
			t.Errorf("a %s signature, the name says %s", got, want)
		}
	}
	signed := c.read(t, e.Signed)
	key := c.public(t, e.Key)
	if s.SigAlg() == algid.HMAC {
		// An HMAC can only be checked with the key's secret, which never
		// left the TPM: check that it is the key's HMAC of the right size.
		ha, _ := s.Signature.HMAC()
		parms, _ := key.Parameters.KeyedHashDetail()
		scheme, _ := parms.Scheme.Details.HMAC()
		if ha.HashAlg != scheme.HashAlg || len(ha.Digest) != ha.HashAlg.DigestSize() {
			t.Errorf("HMAC %v of %d bytes by a key whose scheme is HMAC %v", ha.HashAlg, len(ha.Digest), scheme.HashAlg)
		}
		return
	}
	pub, err := key.PublicKey()
	if err != nil {
		t.Fatalf("%s: %v", e.Key, err)
	}
	if err := s.Verify(pub, signed); err != nil {
		t.Errorf("does not verify over %s with %s: %v", e.Signed, e.Key, err)
	}
	tampered := bytes.Clone(signed)
	tampered[len(tampered)-1] ^= 1
	if err := s.Verify(pub, tampered); !errors.Is(err, tpm2wire.ErrSignature) {
		t.Errorf("verifies over a changed %s: err = %v", e.Signed, err)
	}
}

func (c *checker) creationData(t *testing.T, e corpus.Entry, cd *tpms.CreationData) {
	// A primary's parent is the owner hierarchy; every other object's is
	// the SRK, an object of the corpus.
	if len(cd.ParentName) == 4 {
		want := binary.BigEndian.AppendUint32(nil, uint32(tpms.RH_OWNER))
		if !bytes.Equal(cd.ParentName, want) || !bytes.Equal(cd.ParentQualifiedName, want) {
			t.Errorf("parentName %x, parentQualifiedName %x; want TPM_RH_OWNER", []byte(cd.ParentName), []byte(cd.ParentQualifiedName))
		}
	} else if parent, ok := c.names[string(cd.ParentName)]; !ok {
		t.Errorf("parentName %x is the Name of no object of the corpus", []byte(cd.ParentName))
	} else if p := c.public(t, parent); cd.ParentNameAlg != p.NameAlg || p.ObjectAttributes&(tpmt.Restricted|tpmt.Decrypt) != tpmt.Restricted|tpmt.Decrypt {
		t.Errorf("parent %s: nameAlg %v (creation data says %v), not a storage key", parent, p.NameAlg, cd.ParentNameAlg)
	}
	// The simulator runs every command at locality 0.
	if cd.Locality != 1 {
		t.Errorf("locality %v, want locality 0 (0x01)", cd.Locality)
	}
	if n := cd.PCRSelect.Len(); n > 0 {
		p := c.public(t, e.Certified)
		if len(cd.PCRDigest) != p.NameAlg.DigestSize() {
			t.Errorf("pcrDigest of %d bytes for %d PCR banks, want the nameAlg's %d", len(cd.PCRDigest), n, p.NameAlg.DigestSize())
		}
	}
}

func (c *checker) webauthn(t *testing.T, e corpus.Entry, obj []byte) {
	dir := path.Dir(e.File)
	clientData := c.read(t, dir+"/clientDataJSON")
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(c.read(t, dir+"/root.pem")) {
		t.Fatal("root.pem holds no certificate")
	}
	at, err := time.Parse(time.RFC3339, e.At)
	if err != nil {
		t.Fatal(err)
	}
	cdh := sha256.Sum256(clientData)
	opts := webauthntpm.Options{Now: at, Roots: roots}
	res, err := webauthntpm.VerifyAttestationObject(obj, cdh[:], &opts)
	if err != nil {
		t.Fatalf("VerifyAttestationObject: %v", err)
	}

	want := map[string]struct {
		alg  string
		sha1 bool
	}{"rs1": {"RS1", true}, "rs256": {"RS256", false}}[strings.SplitN(path.Base(dir), "-", 2)[0]]
	if res.AlgName != want.alg || res.SHA1 != want.sha1 || res.SignatureForm != "raw" {
		t.Errorf("alg %s (SHA-1 %v), signature form %s; want %s, raw", res.AlgName, res.SHA1, res.SignatureForm, want.alg)
	}
	if m := res.Manufacturer; m.ID != simManufacturer || m.Code != "MSFT" || m.Company != "Microsoft" || m.Test {
		t.Errorf("manufacturer %+v, want MSFT (Microsoft)", m)
	}
	if res.Model != simModel || res.FirmwareVersion != simVersion {
		t.Errorf("model %q, firmware %q; want %q, %q", res.Model, res.FirmwareVersion, simModel, simVersion)
	}
	if len(res.Chains) != 1 || len(res.Chains[0]) != 3 || len(res.TrustPath) != 2 {
		t.Errorf("%d chains, trust path of %d; want one chain AIK, intermediate, root", len(res.Chains), len(res.TrustPath))
	}
	if !res.TPMBoundKey || res.Type != "AttCA" {
		t.Errorf("TPM-bound %v, type %s", res.TPMBoundKey, res.Type)
	}
	if !bytes.Equal(res.PubArea.Raw, c.read(t, e.Certified)) {
		t.Errorf("pubArea is not %s", e.Certified)
	}
	if ci := "tpms_attest/webauthn-" + path.Base(dir) + ".bin"; !bytes.Equal(res.CertInfo.Append(nil), c.read(t, ci)) {
		t.Errorf("certInfo is not %s", ci)
	}
	aik, err := c.public(t, e.Key).PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if !res.AIK.PublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(aik) {
		t.Errorf("the AIK certificate's key is not %s", e.Key)
	}
	cred, err := c.public(t, e.Certified).PublicKey()
	if err != nil {
		t.Fatal(err)
	}
	if !res.CredentialPublicKey.(interface{ Equal(crypto.PublicKey) bool }).Equal(cred) {
		t.Errorf("the COSE key is not %s's", e.Certified)
	}

	// The same attestation is refused where it must be.
	if want.sha1 {
		o := opts
		o.RejectSHA1 = true
		if _, err := webauthntpm.VerifyAttestationObject(obj, cdh[:], &o); !errors.Is(err, webauthntpm.ErrSHA1) {
			t.Errorf("with RejectSHA1: err = %v, want ErrSHA1", err)
		}
	}
	o := opts
	o.Now = res.AIK.NotAfter.Add(time.Second)
	if _, err := webauthntpm.VerifyAttestationObject(obj, cdh[:], &o); !errors.Is(err, webauthntpm.ErrAIKValidity) {
		t.Errorf("after the AIK's validity: err = %v, want ErrAIKValidity", err)
	}
	other := sha256.Sum256(append(clientData, ' '))
	if _, err := webauthntpm.VerifyAttestationObject(obj, other[:], &opts); !errors.Is(err, webauthntpm.ErrExtraData) {
		t.Errorf("with another clientDataHash: err = %v, want ErrExtraData", err)
	}
}
