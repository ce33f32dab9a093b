package bench

// The facts each implementation reads from a blob, in one comparable form:
// byte strings as hex, algorithms as their 16-bit values. agree_test.go
// requires the three forms of each blob to be equal (==), so that the
// benchmarks provably time the same work.

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"

	legacy "github.com/google/go-tpm/legacy/tpm2"
	"github.com/google/go-tpm/tpm2"

	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// algNull is TPM_ALG_NULL, which the legacy decoders represent as a nil
// scheme pointer.
const algNull = 0x0010

type attestFacts struct {
	Magic                uint32
	Type                 uint16
	QualifiedSigner      string
	ExtraData            string
	Clock                uint64
	ResetCount           uint32
	RestartCount         uint32
	Safe                 bool
	FirmwareVersion      uint64
	CertifyName          string
	CertifyQualifiedName string
	QuoteSelection       string // "hash:pcr,pcr;..." per TPMS_PCR_SELECTION
	QuoteDigest          string
}

type publicFacts struct {
	Type       uint16
	NameAlg    uint16
	Attributes uint32
	AuthPolicy string
	Symmetric  uint16
	Scheme     uint16
	// RSA
	KeyBits  uint16
	Exponent uint32
	Modulus  string
	// ECC
	Curve uint16
	KDF   uint16
	X, Y  string
}

type signatureFacts struct {
	SigAlg uint16
	Hash   uint16
	RSASig string
	// ECDSA r and s as numbers (hex of the integer): the legacy decoder keeps
	// them only as *big.Int. signatureBytesAgree compares the raw bytes of
	// the two others.
	R, S string
}

func hx(b []byte) string { return hex.EncodeToString(b) }

func num(b []byte) string { return new(big.Int).SetBytes(b).Text(16) }

// selectionString renders one TPMS_PCR_SELECTION as "hash:pcr,pcr".
func selectionString(hash uint16, pcrs []int) string {
	s := make([]string, len(pcrs))
	for i, p := range pcrs {
		s[i] = fmt.Sprint(p)
	}
	return fmt.Sprintf("%04x:%s", hash, strings.Join(s, ","))
}

// bitmapPCRs lists the PCRs a pcrSelect bitmap selects, in order.
func bitmapPCRs(bitmap []byte) []int {
	var pcrs []int
	for i, octet := range bitmap {
		for bit := range 8 {
			if octet&(1<<bit) != 0 {
				pcrs = append(pcrs, 8*i+bit)
			}
		}
	}
	return pcrs
}

// --- tpm2wire ---

func attestTPM2Wire(a *tpms.Attest) attestFacts {
	f := attestFacts{
		Magic:           tpms.GENERATED_VALUE, // ParseAttest accepts no other
		Type:            uint16(a.Type()),
		QualifiedSigner: hx(a.QualifiedSigner),
		ExtraData:       hx(a.ExtraData),
		Clock:           a.ClockInfo.Clock,
		ResetCount:      a.ClockInfo.ResetCount,
		RestartCount:    a.ClockInfo.RestartCount,
		Safe:            a.ClockInfo.Safe,
		FirmwareVersion: a.FirmwareVersion,
	}
	if c, ok := a.Attested.Certify(); ok {
		f.CertifyName, f.CertifyQualifiedName = hx(c.Name), hx(c.QualifiedName)
	}
	if q, ok := a.Attested.Quote(); ok {
		var sels []string
		for sel := range q.PCRSelect.All() {
			sels = append(sels, selectionString(uint16(sel.Hash), bitmapPCRs(sel.PCRSelect)))
		}
		f.QuoteSelection, f.QuoteDigest = strings.Join(sels, ";"), hx(q.PCRDigest)
	}
	return f
}

func publicTPM2Wire(p *tpmt.Public) publicFacts {
	f := publicFacts{
		Type:       uint16(p.Type()),
		NameAlg:    uint16(p.NameAlg),
		Attributes: uint32(p.ObjectAttributes),
		AuthPolicy: hx(p.AuthPolicy),
	}
	if r, ok := p.Parameters.RSADetail(); ok {
		f.Symmetric, f.Scheme = uint16(r.Symmetric.Algorithm()), uint16(r.Scheme.Scheme())
		f.KeyBits, f.Exponent = r.KeyBits, r.Exponent
	}
	if n, ok := p.Unique.RSA(); ok {
		f.Modulus = hx(n)
	}
	if e, ok := p.Parameters.ECCDetail(); ok {
		f.Symmetric, f.Scheme = uint16(e.Symmetric.Algorithm()), uint16(e.Scheme.Scheme())
		f.Curve, f.KDF = uint16(e.CurveID), uint16(e.KDF.Scheme())
	}
	if pt, ok := p.Unique.ECC(); ok {
		f.X, f.Y = hx(pt.X), hx(pt.Y)
	}
	return f
}

func signatureTPM2Wire(s *tpmt.Signature) signatureFacts {
	f := signatureFacts{SigAlg: uint16(s.SigAlg())}
	if r, ok := s.Signature.RSASSA(); ok {
		f.Hash, f.RSASig = uint16(r.Hash), hx(r.Sig)
	}
	if r, ok := s.Signature.RSAPSS(); ok {
		f.Hash, f.RSASig = uint16(r.Hash), hx(r.Sig)
	}
	if e, ok := s.Signature.ECDSA(); ok {
		f.Hash, f.R, f.S = uint16(e.Hash), num(e.SignatureR), num(e.SignatureS)
	}
	return f
}

// --- go-tpm tpm2.Unmarshal ---

func attestGoTPM(a *tpm2.TPMSAttest) attestFacts {
	f := attestFacts{
		Magic:           uint32(a.Magic),
		Type:            uint16(a.Type),
		QualifiedSigner: hx(a.QualifiedSigner.Buffer),
		ExtraData:       hx(a.ExtraData.Buffer),
		Clock:           a.ClockInfo.Clock,
		ResetCount:      a.ClockInfo.ResetCount,
		RestartCount:    a.ClockInfo.RestartCount,
		Safe:            a.ClockInfo.Safe,
		FirmwareVersion: a.FirmwareVersion,
	}
	if c, err := a.Attested.Certify(); err == nil {
		f.CertifyName, f.CertifyQualifiedName = hx(c.Name.Buffer), hx(c.QualifiedName.Buffer)
	}
	if q, err := a.Attested.Quote(); err == nil {
		var sels []string
		for _, sel := range q.PCRSelect.PCRSelections {
			sels = append(sels, selectionString(uint16(sel.Hash), bitmapPCRs(sel.PCRSelect)))
		}
		f.QuoteSelection, f.QuoteDigest = strings.Join(sels, ";"), hx(q.PCRDigest.Buffer)
	}
	return f
}

func publicGoTPM(p *tpm2.TPMTPublic) publicFacts {
	f := publicFacts{
		Type:       uint16(p.Type),
		NameAlg:    uint16(p.NameAlg),
		Attributes: binary.BigEndian.Uint32(tpm2.Marshal(p.ObjectAttributes)),
		AuthPolicy: hx(p.AuthPolicy.Buffer),
	}
	if r, err := p.Parameters.RSADetail(); err == nil {
		f.Symmetric, f.Scheme = uint16(r.Symmetric.Algorithm), uint16(r.Scheme.Scheme)
		f.KeyBits, f.Exponent = uint16(r.KeyBits), r.Exponent
	}
	if n, err := p.Unique.RSA(); err == nil {
		f.Modulus = hx(n.Buffer)
	}
	if e, err := p.Parameters.ECCDetail(); err == nil {
		f.Symmetric, f.Scheme = uint16(e.Symmetric.Algorithm), uint16(e.Scheme.Scheme)
		f.Curve, f.KDF = uint16(e.CurveID), uint16(e.KDF.Scheme)
	}
	if pt, err := p.Unique.ECC(); err == nil {
		f.X, f.Y = hx(pt.X.Buffer), hx(pt.Y.Buffer)
	}
	return f
}

func signatureGoTPM(s *tpm2.TPMTSignature) signatureFacts {
	f := signatureFacts{SigAlg: uint16(s.SigAlg)}
	if r, err := s.Signature.RSASSA(); err == nil {
		f.Hash, f.RSASig = uint16(r.Hash), hx(r.Sig.Buffer)
	}
	if r, err := s.Signature.RSAPSS(); err == nil {
		f.Hash, f.RSASig = uint16(r.Hash), hx(r.Sig.Buffer)
	}
	if e, err := s.Signature.ECDSA(); err == nil {
		f.Hash, f.R, f.S = uint16(e.Hash), num(e.SignatureR.Buffer), num(e.SignatureS.Buffer)
	}
	return f
}

// --- go-tpm legacy decoders ---

// legacyName is the TPM2B_NAME buffer a legacy Name was decoded from: empty,
// a handle, or nameAlg || digest.
func legacyName(n legacy.Name) []byte {
	switch {
	case n.Handle != nil:
		return binary.BigEndian.AppendUint32(nil, uint32(*n.Handle))
	case n.Digest != nil:
		return append(binary.BigEndian.AppendUint16(nil, uint16(n.Digest.Alg)), n.Digest.Value...)
	}
	return nil
}

func attestLegacy(a *legacy.AttestationData) attestFacts {
	f := attestFacts{
		Magic:           a.Magic,
		Type:            uint16(a.Type),
		QualifiedSigner: hx(legacyName(a.QualifiedSigner)),
		ExtraData:       hx(a.ExtraData),
		Clock:           a.ClockInfo.Clock,
		ResetCount:      a.ClockInfo.ResetCount,
		RestartCount:    a.ClockInfo.RestartCount,
		Safe:            a.ClockInfo.Safe != 0,
		FirmwareVersion: a.FirmwareVersion,
	}
	if c := a.AttestedCertifyInfo; c != nil {
		f.CertifyName, f.CertifyQualifiedName = hx(legacyName(c.Name)), hx(legacyName(c.QualifiedName))
	}
	if q := a.AttestedQuoteInfo; q != nil {
		f.QuoteSelection = selectionString(uint16(q.PCRSelection.Hash), q.PCRSelection.PCRs)
		f.QuoteDigest = hx(q.PCRDigest)
	}
	return f
}

func legacySchemes(sym *legacy.SymScheme, sign *legacy.SigScheme) (uint16, uint16) {
	s, g := uint16(algNull), uint16(algNull)
	if sym != nil {
		s = uint16(sym.Alg)
	}
	if sign != nil {
		g = uint16(sign.Alg)
	}
	return s, g
}

func publicLegacy(p *legacy.Public) publicFacts {
	f := publicFacts{
		Type:       uint16(p.Type),
		NameAlg:    uint16(p.NameAlg),
		Attributes: uint32(p.Attributes),
		AuthPolicy: hx(p.AuthPolicy),
	}
	if r := p.RSAParameters; r != nil {
		f.Symmetric, f.Scheme = legacySchemes(r.Symmetric, r.Sign)
		f.KeyBits, f.Exponent, f.Modulus = r.KeyBits, r.ExponentRaw, hx(r.ModulusRaw)
	}
	if e := p.ECCParameters; e != nil {
		f.Symmetric, f.Scheme = legacySchemes(e.Symmetric, e.Sign)
		f.Curve, f.KDF = uint16(e.CurveID), algNull
		if e.KDF != nil {
			f.KDF = uint16(e.KDF.Alg)
		}
		f.X, f.Y = hx(e.Point.XRaw), hx(e.Point.YRaw)
	}
	return f
}

func signatureLegacy(s *legacy.Signature) signatureFacts {
	f := signatureFacts{SigAlg: uint16(s.Alg)}
	if r := s.RSA; r != nil {
		f.Hash, f.RSASig = uint16(r.HashAlg), hx(r.Signature)
	}
	if e := s.ECC; e != nil {
		f.Hash, f.R, f.S = uint16(e.HashAlg), e.R.Text(16), e.S.Text(16)
	}
	return f
}

// signatureBytesAgree compares the raw ECDSA r and s buffers of tpm2wire and
// go-tpm (the legacy decoder drops their leading zero bytes).
func signatureBytesAgree(w *tpmt.Signature, g *tpm2.TPMTSignature) bool {
	we, wok := w.Signature.ECDSA()
	ge, gerr := g.Signature.ECDSA()
	if !wok || gerr != nil {
		return wok == (gerr == nil)
	}
	return bytes.Equal(we.SignatureR, ge.SignatureR.Buffer) && bytes.Equal(we.SignatureS, ge.SignatureS.Buffer)
}

// decodeLegacySignature adapts legacy.DecodeSignature, which reads from a
// *bytes.Buffer, to the []byte the others take.
func decodeLegacySignature(b []byte) (*legacy.Signature, error) {
	return legacy.DecodeSignature(bytes.NewBuffer(b))
}

// decodeLegacyPublic returns a pointer, like the other two (the benchmark
// calls legacy.DecodePublic itself, which returns a value).
func decodeLegacyPublic(b []byte) (*legacy.Public, error) {
	p, err := legacy.DecodePublic(b)
	return &p, err
}
