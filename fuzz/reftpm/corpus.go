package reftpm

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/elliptic"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
	"golang.org/x/crypto/cryptobyte"
	"golang.org/x/crypto/cryptobyte/asn1"
)

// Seed is a named structure that mutations start from.
type Seed struct {
	Name  string
	Bytes []byte // TPMT_PUBLIC (public seeds, unframed), TPM2B_PUBLIC (Framed), or TPMT_SIGNATURE
	// Verifier is, for a signature, the key and digest TPM2_VerifySignature
	// checks it with.
	Verifier *Verifier
	// Framed marks a public seed given as a TPM2B_PUBLIC, used verbatim.
	Framed bool
	// Light asks for fewer mutations (see Mutations): the corpus has many
	// seeds of the same shapes.
	Light bool
	// Unmutated asks for the seed alone: a corpus signature whose shape
	// (sigAlg, hash and length) an earlier seed already had is still
	// verified with its own key, but not mutated again.
	Unmutated bool
}

// RepoRoot is the tpm2wire repository, relative to this package.
const RepoRoot = "../.."

// StructureSeeds reads testdata/structures/*/pubArea and sig. A pubArea is
// a TPMT_PUBLIC (java-synthetic-rs256's is malformed on purpose); a sig is a
// raw RSA signature (framed as RSASSA-SHA1 or SHA-256, as WebAuthn's alg
// says nothing the file keeps) or a DER ECDSA signature (framed as
// ECDSA-SHA256).
func StructureSeeds() (pubs, sigs []Seed, err error) {
	dirs, err := filepath.Glob(filepath.Join(RepoRoot, "testdata", "structures", "*"))
	if err != nil || len(dirs) == 0 {
		return nil, nil, errors.New("reftpm: no testdata/structures")
	}
	sort.Strings(dirs)
	for _, d := range dirs {
		name := filepath.Base(d)
		if b, err := os.ReadFile(filepath.Join(d, "pubArea")); err == nil {
			pubs = append(pubs, Seed{Name: name + "/pubArea", Bytes: b})
		}
		raw, err := os.ReadFile(filepath.Join(d, "sig"))
		if err != nil {
			continue
		}
		if r, s, ok := parseDERECDSA(raw); ok {
			sigs = append(sigs, Seed{Name: name + "/sig", Verifier: Builtin(KeyECC), Bytes: tpmt.Signature{Signature: tpmt.SignatureUnionECDSA(
				tpms.SignatureECC{Hash: algid.SHA256, SignatureR: r, SignatureS: s})}.Append(nil)})
			continue
		}
		h := algid.SHA256
		if strings.Contains(name, "sha1") || strings.Contains(name, "rs1") {
			h = algid.SHA1
		}
		sigs = append(sigs, Seed{Name: name + "/sig", Verifier: Builtin(KeyRSA), Bytes: tpmt.Signature{Signature: tpmt.SignatureUnionRSASSA(
			tpms.SignatureRSA{Hash: h, Sig: raw})}.Append(nil)})
	}
	return pubs, sigs, nil
}

func parseDERECDSA(der []byte) (r, s []byte, ok bool) {
	var seq, ri, si cryptobyte.String
	in := cryptobyte.String(der)
	if !in.ReadASN1(&seq, asn1.SEQUENCE) || !in.Empty() || !seq.ReadASN1(&ri, asn1.INTEGER) || !seq.ReadASN1(&si, asn1.INTEGER) || !seq.Empty() {
		return nil, nil, false
	}
	trim := func(b []byte) []byte { return new(big.Int).SetBytes(b).Bytes() }
	return trim(ri), trim(si), true
}

// pattern returns n bytes of a fixed pattern whose first byte is top.
func pattern(n int, top byte) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(0x5a + 7*i)
	}
	if n > 0 {
		b[0] = top
	}
	return b
}

func point(c elliptic.Curve, seed byte) tpms.ECCPoint {
	// A fixed private key gives a fixed, valid point.
	size := (c.Params().BitSize + 7) / 8
	d := append(make([]byte, size-20), pattern(20, seed)...)
	k, err := ecdsa.ParseRawPrivateKey(c, d)
	if err != nil {
		panic(err)
	}
	enc, err := k.PublicKey.Bytes() // 04 || X || Y
	if err != nil {
		panic(err)
	}
	return tpms.ECCPoint{X: enc[1 : 1+size], Y: enc[1+size:]}
}

// BuiltPublicSeeds are public areas built with tpm2wire's encoders: every
// object type, valid keys (that the simulator loads) and a few that its
// post-unmarshal checks refuse.
func BuiltPublicSeeds() []Seed {
	nullSym := tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsNull(), Mode: tpmt.SymModeNull()}
	aes := func(bits uint16, mode algid.ID) tpmt.SymDefObject {
		return tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsAES(bits), Mode: tpmt.SymModeAES(mode)}
	}
	nullKDF := tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsNull()}
	hash := func(h algid.ID) tpms.SchemeHash { return tpms.SchemeHash{HashAlg: h} }
	rsa := func(name string, attrs tpmt.ObjectAttributes, sym tpmt.SymDefObject, s tpmt.AsymSchemeDetails, bits uint16, exp uint32, n []byte) Seed {
		return Seed{Name: name, Bytes: tpmt.Public{NameAlg: algid.SHA256, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsRSADetail(tpmt.RSAParms{Symmetric: sym, Scheme: tpmt.RSAScheme{Details: s}, KeyBits: bits, Exponent: exp}),
			Unique:     tpmt.PublicIDRSA(n)}.Append(nil)}
	}
	ecc := func(name string, nameAlg algid.ID, attrs tpmt.ObjectAttributes, sym tpmt.SymDefObject, s tpmt.AsymSchemeDetails, c algid.Curve, kdf tpmt.KDFScheme, pt tpms.ECCPoint) Seed {
		return Seed{Name: name, Bytes: tpmt.Public{NameAlg: nameAlg, ObjectAttributes: attrs, AuthPolicy: pattern(32, 0x11),
			Parameters: tpmt.PublicParmsECCDetail(tpmt.ECCParms{Symmetric: sym, Scheme: tpmt.ECCScheme{Details: s}, CurveID: c, KDF: kdf}),
			Unique:     tpmt.PublicIDECC(pt)}.Append(nil)}
	}
	keyed := func(name string, nameAlg algid.ID, attrs tpmt.ObjectAttributes, s tpmt.KeyedHashSchemeDetails, u []byte) Seed {
		return Seed{Name: name, Bytes: tpmt.Public{NameAlg: nameAlg, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsKeyedHashDetail(tpmt.KeyedHashParms{Scheme: tpmt.KeyedHashScheme{Details: s}}),
			Unique:     tpmt.PublicIDKeyedHash(u)}.Append(nil)}
	}
	sym := func(name string, nameAlg algid.ID, attrs tpmt.ObjectAttributes, d tpmt.SymDefObject, u []byte) Seed {
		return Seed{Name: name, Bytes: tpmt.Public{NameAlg: nameAlg, ObjectAttributes: attrs,
			Parameters: tpmt.PublicParmsSymDetail(tpmt.SymCipherParms{Sym: d}),
			Unique:     tpmt.PublicIDSym(u)}.Append(nil)}
	}
	k := Keys()
	const signKey = tpmt.UserWithAuth | tpmt.Sign
	const storage = tpmt.FixedTPM | tpmt.FixedParent | tpmt.SensitiveDataOrigin | tpmt.UserWithAuth | tpmt.Restricted | tpmt.Decrypt
	bn := tpms.ECCPoint{X: append(make([]byte, 31), 1), Y: append(make([]byte, 31), 2)} // BN P256's generator
	seeds := []Seed{
		{Name: "key-rsa", Bytes: k[KeyRSA].Public.Append(nil)},
		{Name: "key-ecc", Bytes: k[KeyECC].Public.Append(nil)},
		{Name: "key-hmac-nullname", Bytes: k[KeyHMAC].Public.Append(nil)},
		rsa("rsa2048-storage", storage, aes(128, algid.CFB), tpmt.AsymSchemeDetailsNull(), 2048, 0, pattern(256, 0xc3)),
		rsa("rsa1024-oaep", tpmt.UserWithAuth|tpmt.Decrypt, nullSym, tpmt.AsymSchemeDetailsOAEP(hash(algid.SHA256)), 1024, 65537, pattern(128, 0x9d)),
		rsa("rsa1024-pss-exp3", signKey, nullSym, tpmt.AsymSchemeDetailsRSAPSS(hash(algid.SHA384)), 1024, 3, pattern(128, 0xb1)),
		rsa("rsa2048-rsaes", tpmt.UserWithAuth|tpmt.Decrypt, nullSym, tpmt.AsymSchemeDetailsRSAES(), 2048, 0, pattern(256, 0x80)),
		ecc("p256-ecdsa", algid.SHA256, signKey, nullSym, tpmt.AsymSchemeDetailsECDSA(hash(algid.SHA256)), algid.ECC_NIST_P256, nullKDF, point(elliptic.P256(), 1)),
		ecc("p384-ecdh", algid.SHA384, tpmt.UserWithAuth|tpmt.Decrypt, nullSym, tpmt.AsymSchemeDetailsECDH(hash(algid.SHA384)), algid.ECC_NIST_P384, nullKDF, point(elliptic.P384(), 2)),
		ecc("p521-ecdsa", algid.SHA512, signKey, nullSym, tpmt.AsymSchemeDetailsECDSA(hash(algid.SHA512)), algid.ECC_NIST_P521, nullKDF, point(elliptic.P521(), 3)),
		ecc("p224-null", algid.SHA1, signKey, nullSym, tpmt.AsymSchemeDetailsNull(), algid.ECC_NIST_P224, nullKDF, point(elliptic.P224(), 4)),
		ecc("bn256-ecdaa", algid.SHA256, signKey, nullSym, tpmt.AsymSchemeDetailsECDAA(tpms.SchemeECDAA{HashAlg: algid.SHA256, Count: 7}), algid.ECC_BN_P256, nullKDF, bn),
		ecc("bn256-schnorr-nullname", algid.NULL, signKey, nullSym, tpmt.AsymSchemeDetailsECSchnorr(hash(algid.SHA1)), algid.ECC_BN_P256, nullKDF, bn),
		ecc("p256-storage", algid.SHA256, storage, aes(256, algid.CFB), tpmt.AsymSchemeDetailsNull(), algid.ECC_NIST_P256, nullKDF, point(elliptic.P256(), 5)),
		ecc("p256-kdf", algid.SHA256, tpmt.UserWithAuth|tpmt.Decrypt, nullSym, tpmt.AsymSchemeDetailsNull(), algid.ECC_NIST_P256,
			tpmt.KDFScheme{Details: tpmt.KDFSchemeDetailsKDF1_SP800_108(hash(algid.SHA256))}, point(elliptic.P256(), 6)),
		keyed("hmac-sha256", algid.SHA256, signKey, tpmt.KeyedHashSchemeDetailsHMAC(hash(algid.SHA256)), pattern(32, 1)),
		keyed("sealed-sha384", algid.SHA384, tpmt.UserWithAuth, tpmt.KeyedHashSchemeDetailsNull(), pattern(48, 2)),
		keyed("xor-restricted", algid.SHA1, tpmt.Restricted|tpmt.Decrypt, tpmt.KeyedHashSchemeDetailsXOR(tpms.SchemeXOR{HashAlg: algid.SHA256, KDF: algid.KDF1_SP800_108}), pattern(20, 3)),
		sym("aes128-cfb", algid.SHA256, tpmt.UserWithAuth|tpmt.Decrypt, aes(128, algid.CFB), pattern(32, 4)),
		sym("aes256-cbc-signdecrypt", algid.SHA512, tpmt.Sign|tpmt.Decrypt, aes(256, algid.CBC), pattern(64, 5)),
		sym("aes128-null-nullname", algid.NULL, tpmt.Decrypt, aes(128, algid.NULL), nil),
	}
	return seeds
}

// BuiltSignatureSeeds are genuine signatures by the verification keys and
// well-formed ones of the other schemes.
func BuiltSignatureSeeds() []Seed {
	ecc := func(u func(tpms.SignatureECC) tpmt.SignatureUnion, h algid.ID) []byte {
		return tpmt.Signature{Signature: u(tpms.SignatureECC{Hash: h, SignatureR: pattern(32, 0x21), SignatureS: pattern(32, 0x42)})}.Append(nil)
	}
	return []Seed{
		{Name: "rsassa-genuine", Verifier: Builtin(KeyRSA), Bytes: Sign(KeyRSA, false)},
		{Name: "rsapss-genuine", Verifier: Builtin(KeyRSA), Bytes: Sign(KeyRSA, true)},
		{Name: "ecdsa-genuine", Verifier: Builtin(KeyECC), Bytes: Sign(KeyECC, false)},
		{Name: "hmac-genuine", Verifier: Builtin(KeyHMAC), Bytes: Sign(KeyHMAC, false)},
		{Name: "ecdaa", Verifier: Builtin(KeyECC), Bytes: ecc(tpmt.SignatureUnionECDAA, algid.SHA256)},
		{Name: "ecschnorr", Verifier: Builtin(KeyECC), Bytes: ecc(tpmt.SignatureUnionECSchnorr, algid.SHA384)},
		{Name: "sm2", Verifier: Builtin(KeyECC), Bytes: ecc(tpmt.SignatureUnionSM2, algid.SM3_256)},
		{Name: "eddsa", Verifier: Builtin(KeyECC), Bytes: ecc(tpmt.SignatureUnionEdDSA, algid.SHA512)},
		{Name: "hmac-sha1", Verifier: Builtin(KeyHMAC), Bytes: tpmt.Signature{Signature: tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA1, Digest: pattern(20, 9)})}.Append(nil)},
		{Name: "hmac-sha3", Verifier: Builtin(KeyHMAC), Bytes: tpmt.Signature{Signature: tpmt.SignatureUnionHMAC(tpmt.HA{HashAlg: algid.SHA3_256, Digest: pattern(32, 9)})}.Append(nil)},
	}
}

// ManifestSeeds reads testdata/corpus/manifest.json when it exists: a list
// of entries (a JSON array, or an object whose "entries" holds one) with a
// "file" (relative to the manifest) and a "type" (a Part 2 name, + allowed).
// TPMT_PUBLIC, TPM2B_PUBLIC and TPMT_SIGNATURE entries are used; files
// holding only hex digits and spaces are hex-decoded. A signature whose
// entry names its signer ("key", a TPMT_PUBLIC file) and what it signed
// ("signed") is checked with that key over the digest of those bytes, so a
// genuine one verifies; others with a generated key. A missing manifest
// gives no seeds and no error. Corpus seeds are Light, and a signature of a
// shape already seen is Unmutated.
func ManifestSeeds() (pubs, sigs []Seed, err error) {
	dir := filepath.Join(RepoRoot, "testdata", "corpus")
	b, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	} else if err != nil {
		return nil, nil, err
	}
	type entry struct {
		File   string `json:"file"`
		Type   string `json:"type"`
		Key    string `json:"key"`
		Signed string `json:"signed"`
	}
	var entries []entry
	if err := json.Unmarshal(b, &entries); err != nil {
		var obj struct {
			Entries []entry `json:"entries"`
		}
		if err2 := json.Unmarshal(b, &obj); err2 != nil {
			return nil, nil, errors.New("reftpm: testdata/corpus/manifest.json: " + err.Error())
		}
		entries = obj.Entries
	}
	shapes := map[string]bool{}
	for _, e := range entries {
		typ := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(e.Type), "+"), "+")
		if typ != "TPMT_PUBLIC" && typ != "TPM2B_PUBLIC" && typ != "TPMT_SIGNATURE" || e.File == "" {
			continue
		}
		data, err := readCorpusFile(dir, e.File)
		if err != nil {
			return nil, nil, err
		}
		s := Seed{Name: "corpus/" + e.File, Bytes: data, Light: true}
		switch typ {
		case "TPMT_PUBLIC":
			pubs = append(pubs, s)
		case "TPM2B_PUBLIC":
			s.Framed = true
			pubs = append(pubs, s)
		case "TPMT_SIGNATURE":
			shape := fmt.Sprintf("%x/%d", data[:min(4, len(data))], len(data))
			s.Unmutated, shapes[shape] = shapes[shape], true
			s.Verifier = Builtin(sigKey(data))
			if e.Key != "" && e.Signed != "" {
				if v, ok := signerOf(dir, e.Key, e.Signed, data); ok {
					s.Verifier = v
				}
			}
			sigs = append(sigs, s)
		}
	}
	return pubs, sigs, nil
}

func readCorpusFile(dir, name string) ([]byte, error) {
	data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		return nil, err
	}
	if t := strings.Join(strings.Fields(string(data)), ""); len(t) > 0 && len(t)%2 == 0 {
		if d, err := hex.DecodeString(t); err == nil {
			data = d
		}
	}
	return data, nil
}

// signerOf makes the verifier of a corpus signature: its signer's key over
// the digest, with the signature's own hash, of the bytes it signed.
func signerOf(dir, keyFile, signedFile string, sig []byte) (*Verifier, bool) {
	key, err := readCorpusFile(dir, keyFile)
	if err != nil {
		return nil, false
	}
	signed, err := readCorpusFile(dir, signedFile)
	if err != nil {
		return nil, false
	}
	s, err := tpmt.ParseSignature(sig)
	if err != nil {
		return nil, false
	}
	alg, ok := s.HashAlg()
	if !ok {
		return nil, false
	}
	h, ok := alg.Hash()
	if !ok {
		return nil, false
	}
	hh := h.New()
	hh.Write(signed)
	return ExternalVerifier(keyFile+" over "+signedFile, key, hh.Sum(nil))
}

// sigKey picks the verification key for a signature by its sigAlg.
func sigKey(b []byte) KeyKind {
	if len(b) >= 2 {
		switch algid.ID(binary.BigEndian.Uint16(b)) {
		case algid.RSASSA, algid.RSAPSS:
			return KeyRSA
		case algid.HMAC:
			return KeyHMAC
		}
	}
	return KeyECC
}

// frame returns b as a TPM2B: its 16-bit length, then b.
func frame(b []byte) []byte {
	return append(binary.BigEndian.AppendUint16(nil, uint16(len(b))), b...)
}

// sized is a TPM2B inside a structure: the offset of its size field and
// the bounds worth trying.
type sized struct {
	at     int
	bounds []int
}

// publicTPM2Bs finds the TPM2Bs of a TPMT_PUBLIC that tpm2wire parses.
func publicTPM2Bs(b []byte) []sized {
	p, err := tpmt.ParsePublicAllowNull(b)
	if err != nil {
		return nil
	}
	digest := []int{boundDigest.sim, boundDigest.w}
	out := []sized{{8, digest}}
	switch p.Type() {
	case algid.RSA:
		n, _ := p.Unique.RSA()
		out = append(out, sized{len(b) - 2 - len(n), []int{boundRSA.sim, boundRSA.w}})
	case algid.ECC:
		pt, _ := p.Unique.ECC()
		ecc := []int{boundECC.sim, boundECC.w}
		out = append(out, sized{len(b) - 4 - len(pt.X) - len(pt.Y), ecc}, sized{len(b) - 2 - len(pt.Y), ecc})
	default:
		u, _ := p.Unique.KeyedHash()
		if u == nil {
			u, _ = p.Unique.Sym()
		}
		out = append(out, sized{len(b) - 2 - len(u), digest})
	}
	return out
}

// signatureTPM2Bs finds the TPM2Bs of a TPMT_SIGNATURE that tpm2wire parses.
func signatureTPM2Bs(b []byte) []sized {
	s, err := tpmt.ParseSignature(b)
	if err != nil {
		return nil
	}
	if r, ok := s.Signature.RSASSA(); ok {
		return []sized{{4, []int{boundRSA.sim, boundRSA.w, len(r.Sig)}}}
	}
	if r, ok := s.Signature.RSAPSS(); ok {
		return []sized{{4, []int{boundRSA.sim, boundRSA.w, len(r.Sig)}}}
	}
	if _, ok := s.Signature.HMAC(); ok {
		return nil
	}
	for _, get := range []func() (tpms.SignatureECC, bool){s.Signature.ECDSA, s.Signature.ECDAA, s.Signature.SM2, s.Signature.ECSchnorr, s.Signature.EdDSA, s.Signature.EdDSA_PH} {
		if e, ok := get(); ok {
			ecc := []int{boundECC.sim, boundECC.w}
			return []sized{{4, ecc}, {6 + len(e.SignatureR), ecc}}
		}
	}
	return nil
}

// sweepValues are the values tried in every algorithm-sized field near the
// start of a structure: every TPM_ALG_ID and TPM_ECC_CURVE either side
// knows, and a few that neither does.
var sweepValues = func() []uint16 {
	var v []uint16
	for _, s := range []*set{setPublic, setHash, setSymObject, setSymMode, setKDF, setSigScheme, setKeyedHashScheme, setRSAScheme, setECCScheme, setCurve, setRSAKeyBits, setAESKeyBits} {
		v = append(v, s.w...)
		v = append(v, s.sim...)
	}
	v = append(v, uint16(algid.NULL), uint16(algid.TDES), uint16(algid.XOR), uint16(algid.SHAKE128), uint16(algid.LMS), 0, 0xFFFF, 0x00C1)
	sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
	out := v[:0]
	for i, x := range v {
		if i == 0 || x != v[i-1] {
			out = append(out, x)
		}
	}
	return out
}()

// Mutations returns the mutations of b the brief asks for, deduplicated,
// b itself first: every strict prefix, each byte set to 0x00, 0xFF and
// +1, every bit of the first 64 bytes flipped, every TPM2B's size set to
// 0, 1, each bound and bound+1 (alone, and with the buffer resized to
// match), one and four bytes appended, and every algorithm-sized field of
// the first 24 bytes set to each value in sweepValues. fix reframes a mutated structure (nil: none).
// A light seed (head > 0) keeps prefixes, byte changes and bit flips to
// the first head bytes, the last 4 and every TPM2B's size field, and sweeps
// the first sweep bytes: past the parameters, a byte of a key or signature
// only ever meets the semantic checks, which the full seeds exercise.
func Mutations(b []byte, tpm2bs []sized, fix func([]byte) []byte, head, sweep int) [][]byte {
	light := head > 0
	if !light {
		head, sweep = 64, 24
	}
	keep := func(i int) bool {
		if !light || i < head || i >= len(b)-4 {
			return true
		}
		for _, t := range tpm2bs {
			if i == t.at || i == t.at+1 || i == t.at+2 {
				return true
			}
		}
		return false
	}
	seen := map[string]bool{}
	var out [][]byte
	add := func(m []byte) {
		if fix != nil {
			m = fix(m)
		}
		if !seen[string(m)] {
			seen[string(m)] = true
			out = append(out, m)
		}
	}
	clone := func() []byte { return bytes.Clone(b) }
	add(clone())
	for n := 0; n < len(b); n++ {
		if keep(n) {
			add(clone()[:n])
		}
	}
	for i := range b {
		if !keep(i) {
			continue
		}
		for _, f := range []func(byte) byte{func(byte) byte { return 0 }, func(byte) byte { return 0xFF }, func(v byte) byte { return v + 1 }} {
			m := clone()
			m[i] = f(m[i])
			add(m)
		}
	}
	for i := 0; i < len(b) && i < head; i++ {
		for bit := 0; bit < 8; bit++ {
			m := clone()
			m[i] ^= 1 << bit
			add(m)
		}
	}
	for _, t := range tpm2bs {
		old := int(binary.BigEndian.Uint16(b[t.at:]))
		for _, bd := range t.bounds {
			for _, n := range []int{0, 1, bd, bd + 1} {
				m := clone()
				binary.BigEndian.PutUint16(m[t.at:], uint16(n))
				add(m)
				r := append(append(clone()[:t.at], frame(pattern(n, 0xc5))...), b[t.at+2+old:]...)
				add(r)
			}
		}
	}
	for _, extra := range [][]byte{{0}, {0x40, 0, 0, 0x07}} {
		add(append(clone(), extra...))
	}
	for i := 0; i+2 <= len(b) && i < sweep; i += 2 {
		for _, v := range sweepValues {
			m := clone()
			binary.BigEndian.PutUint16(m[i:], v)
			add(m)
		}
	}
	return out
}

// PublicCandidates returns the TPM2B_PUBLIC candidates of one seed: the
// mutations of its TPMT_PUBLIC, each framed with its own size, and those of
// its TPM2B_PUBLIC form used verbatim (so that the outer size is mutated
// too: prefixes, byte changes, and the size set to 0, 1, len-1, len+1 and
// 0xFFFF).
func PublicCandidates(s Seed) [][]byte {
	if s.Framed {
		var tpm2bs []sized
		for _, t := range publicTPM2Bs(s.Bytes[min(2, len(s.Bytes)):]) {
			tpm2bs = append(tpm2bs, sized{t.at + 2, t.bounds})
		}
		head, sweep := s.lightness(16, 12)
		return Mutations(s.Bytes, tpm2bs, nil, head, sweep)
	}
	head, sweep := s.lightness(16, 12)
	out := Mutations(s.Bytes, publicTPM2Bs(s.Bytes), frame, head, sweep)
	seen := map[string]bool{}
	for _, c := range out {
		seen[string(c)] = true
	}
	f := frame(s.Bytes)
	var verbatim [][]byte
	for n := 0; n < len(f); n++ {
		if !s.Light || n < 16 || n >= len(f)-8 {
			verbatim = append(verbatim, f[:n])
		}
	}
	for _, extra := range [][]byte{{0}, {0, 0, 0, 0}, {0x40, 0, 0, 0x07}} {
		verbatim = append(verbatim, append(bytes.Clone(f), extra...))
	}
	for _, n := range []int{0, 1, len(s.Bytes) - 1, len(s.Bytes) + 1, 0xFFFF} {
		m := bytes.Clone(f)
		binary.BigEndian.PutUint16(m, uint16(n))
		verbatim = append(verbatim, m)
	}
	for i := 0; i < 2; i++ {
		for _, v := range []byte{0, 0xFF, f[i] + 1} {
			m := bytes.Clone(f)
			m[i] = v
			verbatim = append(verbatim, m)
		}
	}
	for _, c := range verbatim {
		if !seen[string(c)] {
			seen[string(c)] = true
			out = append(out, c)
		}
	}
	return out
}

// SignatureCandidates returns the mutations of one signature seed.
func SignatureCandidates(s Seed) [][]byte {
	if s.Unmutated {
		return [][]byte{s.Bytes}
	}
	head, sweep := s.lightness(8, 4)
	return Mutations(s.Bytes, signatureTPM2Bs(s.Bytes), nil, head, sweep)
}

// lightness is Mutations' head and sweep for s: 0, 0 unless s is Light.
func (s Seed) lightness(head, sweep int) (int, int) {
	if !s.Light {
		return 0, 0
	}
	return head, sweep
}

// Point returns a valid point of c for tests.
func Point(c elliptic.Curve, seed byte) tpms.ECCPoint { return point(c, seed) }
