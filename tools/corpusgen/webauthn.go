package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"encoding/base64"
	"encoding/binary"
	"encoding/pem"
	"fmt"
	"math/big"
	"time"

	"github.com/fxamacker/cbor/v2"
	"github.com/google/go-tpm/tpm2"
	"github.com/tpm2wire/tpm2wire/webauthntpm"
)

// The test PKI's validity, and the time the manifest gives for verifying.
var (
	pkiNotBefore = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	pkiNotAfter  = time.Date(2045, 1, 1, 0, 0, 0, 0, time.UTC)
	aikNotBefore = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	aikNotAfter  = time.Date(2035, 6, 1, 0, 0, 0, 0, time.UTC)
	verifyAt     = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

const rpID = "tpm2wire.example"

// aaguid is the authenticator data's AAGUID: "tpm2wire-corpus" and a NUL,
// not a real authenticator's.
var aaguid = []byte("tpm2wire-corpus\x00")

// TCG attribute and usage OIDs (TCG EK Credential Profile).
var (
	oidSAN             = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidEKU             = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidTPMManufacturer = asn1.ObjectIdentifier{2, 23, 133, 2, 1}
	oidTPMModel        = asn1.ObjectIdentifier{2, 23, 133, 2, 2}
	oidTPMVersion      = asn1.ObjectIdentifier{2, 23, 133, 2, 3}
	oidAIKCertificate  = asn1.ObjectIdentifier{2, 23, 133, 8, 3}
)

// pki is the test CA: a root and an intermediate, ECDSA P-256 keys made for
// this run.
type pki struct {
	root, inter       *x509.Certificate
	rootKey, interKey *ecdsa.PrivateKey
}

func newPKI() (*pki, error) {
	p := &pki{}
	var err error
	if p.rootKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	if p.interKey, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader); err != nil {
		return nil, err
	}
	rt := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "tpm2wire corpus test TPM root CA"},
		NotBefore: pkiNotBefore, NotAfter: pkiNotAfter,
		IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	der, err := x509.CreateCertificate(rand.Reader, rt, rt, p.rootKey.Public(), p.rootKey)
	if err != nil {
		return nil, err
	}
	if p.root, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	it := &x509.Certificate{
		SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "tpm2wire corpus test TPM intermediate CA"},
		NotBefore: pkiNotBefore, NotAfter: pkiNotAfter,
		IsCA: true, BasicConstraintsValid: true, MaxPathLenZero: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageCRLSign,
	}
	if der, err = x509.CreateCertificate(rand.Reader, it, p.root, p.interKey.Public(), p.rootKey); err != nil {
		return nil, err
	}
	if p.inter, err = x509.ParseCertificate(der); err != nil {
		return nil, err
	}
	return p, nil
}

// tpmSAN is the AIK certificate's subject alternative name: GeneralNames
// holding one directoryName whose three RDNs are tcg-at-tpmManufacturer,
// tcg-at-tpmModel and tcg-at-tpmVersion, each a UTF8String.
func tpmSAN(manufacturer, model, version string) ([]byte, error) {
	attr := func(oid asn1.ObjectIdentifier, v string) pkix.RelativeDistinguishedNameSET {
		return pkix.RelativeDistinguishedNameSET{{Type: oid, Value: asn1.RawValue{Tag: asn1.TagUTF8String, Bytes: []byte(v)}}}
	}
	name, err := asn1.Marshal(pkix.RDNSequence{
		attr(oidTPMManufacturer, manufacturer), attr(oidTPMModel, model), attr(oidTPMVersion, version),
	})
	if err != nil {
		return nil, err
	}
	return asn1.Marshal([]asn1.RawValue{{Class: asn1.ClassContextSpecific, Tag: 4, IsCompound: true, Bytes: name}})
}

// aikCertificate issues the AIK certificate WebAuthn §8.3.1 asks for:
// version 3, empty subject, the critical TPM SAN, EKU tcg-kp-AIKCertificate,
// basic constraints CA false.
func (p *pki) aikCertificate(aik crypto.PublicKey, serial int64, san []byte) ([]byte, error) {
	eku, err := asn1.Marshal([]asn1.ObjectIdentifier{oidAIKCertificate})
	if err != nil {
		return nil, err
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(serial), NotBefore: aikNotBefore, NotAfter: aikNotAfter,
		BasicConstraintsValid: true, IsCA: false, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtraExtensions: []pkix.Extension{
			{Id: oidSAN, Critical: true, Value: san},
			{Id: oidEKU, Value: eku},
		},
	}
	return x509.CreateCertificate(rand.Reader, tmpl, p.inter, aik, p.interKey)
}

// coseKey returns the COSE_Key of a TPM public area: RS256 for RSA, ES256
// for P-256, with coordinates at the full curve width.
func coseKey(pub *tpm2.TPMTPublic) (map[int]any, error) {
	switch pub.Type {
	case tpm2.TPMAlgRSA:
		parms, err := pub.Parameters.RSADetail()
		if err != nil {
			return nil, err
		}
		n, err := pub.Unique.RSA()
		if err != nil {
			return nil, err
		}
		e := parms.Exponent
		if e == 0 {
			e = 65537
		}
		return map[int]any{1: 3, 3: -257, -1: n.Buffer, -2: big.NewInt(int64(e)).Bytes()}, nil
	case tpm2.TPMAlgECC:
		parms, err := pub.Parameters.ECCDetail()
		if err != nil {
			return nil, err
		}
		if parms.CurveID != tpm2.TPMECCNistP256 {
			return nil, fmt.Errorf("curve %v", parms.CurveID)
		}
		pt, err := pub.Unique.ECC()
		if err != nil {
			return nil, err
		}
		pad := func(b []byte) []byte { return append(make([]byte, 32-len(b)), b...) }
		return map[int]any{1: 2, 3: -7, -1: 1, -2: pad(pt.X.Buffer), -3: pad(pt.Y.Buffer)}, nil
	}
	return nil, fmt.Errorf("credential type %v", pub.Type)
}

var cborMode = func() cbor.EncMode {
	m, err := cbor.CoreDetEncOptions().EncMode()
	if err != nil {
		panic(err)
	}
	return m
}()

type webauthnCase struct {
	name string
	aik  string // an RSASSA attestation key whose scheme hash is the alg's
	cred string
	alg  int64
	hash tpm2.TPMAlgID
}

func webauthnCases() []webauthnCase {
	return []webauthnCase{
		{"rs1-rsa2048", akRSASSASHA1, "sign-rsa2048-sha256", -65535, tpm2.TPMAlgSHA1},
		{"rs1-ecc-p256", akRSASSASHA1, "sign-ecc-p256-sha256", -65535, tpm2.TPMAlgSHA1},
		{"rs256-rsa2048", akRSASSASHA256, "sign-rsa2048-sha256", -257, tpm2.TPMAlgSHA256},
		{"rs256-ecc-p256", akRSASSASHA256, "sign-ecc-p256-sha256", -257, tpm2.TPMAlgSHA256},
	}
}

// webauthn builds one complete "tpm" attestation: the TPM certifies the
// credential key with the AIK over the attestation's hash, and the test CA
// issues the AIK certificate.
func (g *gen) webauthn(p *pki, wc webauthnCase, serial int64) error {
	aik, cred := g.objs[wc.aik], g.objs[wc.cred]
	if aik == nil || cred == nil {
		return fmt.Errorf("webauthn %s: %s or %s was not created", wc.name, wc.aik, wc.cred)
	}
	credPub, err := tpm2.Unmarshal[tpm2.TPMTPublic](body(cred.pub2B))
	if err != nil {
		return err
	}
	aikPub, err := tpm2.Unmarshal[tpm2.TPMTPublic](body(aik.pub2B))
	if err != nil {
		return err
	}
	aikKey, err := tpm2.Pub(*aikPub)
	if err != nil {
		return err
	}
	if _, ok := aikKey.(*rsa.PublicKey); !ok {
		return fmt.Errorf("AIK %s is not RSA", wc.aik)
	}

	// Authenticator data: rpIdHash, flags UP|UV|AT, signCount, AAGUID, the
	// credential ID and the COSE key.
	cose, err := coseKey(credPub)
	if err != nil {
		return err
	}
	coseBytes, err := cborMode.Marshal(cose)
	if err != nil {
		return err
	}
	rp := sha256.Sum256([]byte(rpID))
	credID := sha256.Sum256([]byte("tpm2wire corpus credential " + wc.name))
	ad := append(rp[:], 0x45)
	ad = binary.BigEndian.AppendUint32(ad, 0)
	ad = append(ad, aaguid...)
	ad = binary.BigEndian.AppendUint16(ad, uint16(len(credID)))
	ad = append(append(ad, credID[:]...), coseBytes...)

	challenge := sha256.Sum256([]byte("tpm2wire corpus challenge " + wc.name))
	clientData := fmt.Appendf(nil, `{"type":"webauthn.create","challenge":%q,"origin":"https://%s","crossOrigin":false}`,
		base64.RawURLEncoding.EncodeToString(challenge[:]), rpID)
	cdh := sha256.Sum256(clientData)
	extra := hashOf(wc.hash, append(append([]byte(nil), ad...), cdh[:]...))

	// TPM2_Certify of the credential key by the AIK.
	hs, release, err := g.load(wc.aik, wc.cred)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_Certify(objectHandle=%s, signHandle=%s, qualifyingData=%s(authenticatorData || SHA-256(clientDataJSON)), inScheme=NULL) for WebAuthn %s", wc.cred, wc.aik, hashTitles[wc.hash], wc.name)
	rsp, err := tpm2.Certify{ObjectHandle: g.nh(hs[1]), SignHandle: g.nh(hs[0]), QualifyingData: tpm2.TPM2BData{Buffer: extra}, InScheme: nullScheme}.Execute(g.rec)
	if err != nil {
		return fmt.Errorf("%s: %w", how, err)
	}
	stem := "webauthn-" + wc.name
	if err := g.attest(stem, how, wc.aik, cred.pubFile(), &rsp.CertifyInfo, &rsp.Signature); err != nil {
		return err
	}
	rsassa, err := rsp.Signature.Signature.RSASSA()
	if err != nil {
		return fmt.Errorf("%s: %w", how, err)
	}
	certInfo := rsp.CertifyInfo.Bytes()

	// The AIK certificate.
	fw1, _ := g.info.firmware()
	manufacturer, model, version := fmt.Sprintf("id:%08X", g.info.manufacturer()), g.info.vendorString(), fmt.Sprintf("id:%08X", fw1)
	san, err := tpmSAN(manufacturer, model, version)
	if err != nil {
		return err
	}
	aikDER, err := p.aikCertificate(aikKey, serial, san)
	if err != nil {
		return err
	}

	obj, err := cborMode.Marshal(map[string]any{
		"fmt": "tpm",
		"attStmt": map[string]any{
			"ver": "2.0", "alg": wc.alg, "x5c": [][]byte{aikDER, p.inter.Raw},
			"sig": rsassa.Sig.Buffer, "certInfo": certInfo, "pubArea": body(cred.pub2B),
		},
		"authData": ad,
	})
	if err != nil {
		return err
	}
	// The verifier under test must accept what the TPM made; if it does
	// not, that is a finding for the README, not a reason to drop it.
	roots := x509.NewCertPool()
	roots.AddCert(p.root)
	if _, err := webauthntpm.VerifyAttestationObject(obj, cdh[:], &webauthntpm.Options{Now: verifyAt, Roots: roots}); err != nil {
		g.rejected = append(g.rejected, fmt.Sprintf("webauthn/%s (WEBAUTHN_TPM): %v", wc.name, err))
	}
	dir := "webauthn/" + wc.name + "/"
	g.c.add(entry{
		File: dir + "attestationObject", Type: "WEBAUTHN_TPM", At: verifyAt.Format(time.RFC3339),
		How: fmt.Sprintf("WebAuthn \"tpm\" attestation object, alg %d (%s): pubArea %s, certInfo tpms_attest/%s.bin, sig the bare RSASSA signature of tpmt_signature/%s.bin, x5c [the AIK certificate of %s (SAN %s, %q, %s) from the test intermediate CA, the intermediate]; %sclientDataJSON, and %sroot.pem the test root CA",
			wc.alg, map[int64]string{-65535: "RS1", -257: "RS256"}[wc.alg], cred.pubFile(), stem, stem, wc.aik, manufacturer, model, version, dir, dir),
		Key: aik.pubFile(), Certified: cred.pubFile(),
	}, obj)
	g.c.put(dir+"clientDataJSON", clientData)
	g.c.put(dir+"root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: p.root.Raw}))
	return nil
}
