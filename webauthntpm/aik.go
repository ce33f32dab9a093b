package webauthntpm

import (
	"bytes"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"strconv"
	"strings"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Object identifiers the AIK certificate checks use.
var (
	oidSAN              = asn1.ObjectIdentifier{2, 5, 29, 17}
	oidEKU              = asn1.ObjectIdentifier{2, 5, 29, 37}
	oidBasicConstraints = asn1.ObjectIdentifier{2, 5, 29, 19}
	// id-fido-gen-ce-aaguid (WebAuthn §8.2.1).
	oidFIDOAAGUID = asn1.ObjectIdentifier{1, 3, 6, 1, 4, 1, 45724, 1, 1, 4}
)

// DER contents of the TCG object identifiers (TCG EK Credential Profile),
// compared as bytes.
var (
	derTPMManufacturer = []byte{0x67, 0x81, 0x05, 0x02, 0x01} // 2.23.133.2.1 tcg-at-tpmManufacturer
	derTPMModel        = []byte{0x67, 0x81, 0x05, 0x02, 0x02} // 2.23.133.2.2 tcg-at-tpmModel
	derTPMVersion      = []byte{0x67, 0x81, 0x05, 0x02, 0x03} // 2.23.133.2.3 tcg-at-tpmVersion
	derAIKCertificate  = []byte{0x67, 0x81, 0x05, 0x08, 0x03} // 2.23.133.8.3 tcg-kp-AIKCertificate
	// 1.3.6.1.5.5.7.8.4 id-on-hardwareModuleName (RFC 4108).
	derHardwareModuleName = []byte{0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x08, 0x04}
)

// The TPM the AIK certificate's subject alternative name describes.
type tpmSAN struct {
	manufacturer, model, version string
	hardwareModuleName           bool
}

// checkAIK applies WebAuthn §8.3.1 "TPM Attestation Statement Certificate
// Requirements" to the AIK certificate, and the validity period at now.
func checkAIK(c *x509.Certificate, now time.Time, r *Result) (*tpmSAN, error) {
	// "Version MUST be set to 3."
	if c.Version != 3 {
		return nil, fail(ErrAIKVersion, nil, "version %d", c.Version)
	}
	r.check("AIK certificate version is 3")
	// "Subject field MUST be set to empty."
	if !bytes.Equal(c.RawSubject, []byte{0x30, 0x00}) {
		return nil, fail(ErrAIKSubject, nil, "subject %q", c.Subject.String())
	}
	r.check("AIK certificate subject is empty")
	// "The Subject Alternative Name extension MUST be set as defined in
	// [TPMv2-EK-Profile] section 3.2.9": a directoryName holding
	// tcg-at-tpmManufacturer, tcg-at-tpmModel and tcg-at-tpmVersion, and,
	// the subject being empty, critical (RFC 5280 §4.2.1.6).
	ext := extension(c, oidSAN)
	if ext == nil {
		return nil, fail(ErrAIKSAN, nil, "no subject alternative name")
	}
	if !ext.Critical {
		return nil, fail(ErrAIKSAN, nil, "subject alternative name is not critical although the subject is empty")
	}
	san, err := parseTPMSAN(ext.Value)
	if err != nil {
		return nil, err
	}
	r.check("AIK certificate subject alternative name is critical and names manufacturer, model and version")
	// "The Extended Key Usage extension MUST contain the OID 2.23.133.8.3."
	if ext := extension(c, oidEKU); ext == nil || !ekuContains(ext.Value, derAIKCertificate) {
		return nil, fail(ErrAIKEKU, nil, "")
	}
	r.check("AIK certificate extended key usage contains tcg-kp-AIKCertificate (2.23.133.8.3)")
	// "The Basic Constraints extension MUST have the CA component set to
	// false." An absent extension does not say CA is false: it is refused.
	if ext := extension(c, oidBasicConstraints); ext == nil {
		return nil, fail(ErrAIKBasicConstraints, nil, "absent")
	} else if ca, ok := basicConstraintsCA(ext.Value); !ok || ca {
		return nil, fail(ErrAIKBasicConstraints, nil, "CA is true or the extension is malformed")
	}
	r.check("AIK certificate basic constraints present with CA false")
	if now.Before(c.NotBefore) || now.After(c.NotAfter) {
		return nil, fail(ErrAIKValidity, nil, "%s is outside %s..%s", now.UTC().Format(time.RFC3339), c.NotBefore.UTC().Format(time.RFC3339), c.NotAfter.UTC().Format(time.RFC3339))
	}
	r.check("AIK certificate valid at " + now.UTC().Format(time.RFC3339))
	return san, nil
}

// extension returns the extension oid of c; x509.ParseCertificate has
// already refused a certificate that repeats one.
func extension(c *x509.Certificate, oid asn1.ObjectIdentifier) *pkix.Extension {
	for i := range c.Extensions {
		if c.Extensions[i].Id.Equal(oid) {
			return &c.Extensions[i]
		}
	}
	return nil
}

// parseTPMSAN reads GeneralNames (RFC 5280 §4.2.1.6). Every directoryName
// is searched, and the three TCG attributes are accepted in separate RDNs or
// in one multi-valued RDN, in any order (devices emit both layouts). Each
// must appear exactly once, as a UTF8String.
func parseTPMSAN(der []byte) (*tpmSAN, error) {
	san := &tpmSAN{}
	in := cryptobyte.String(der)
	var names cryptobyte.String
	if !in.ReadASN1(&names, cbasn1.SEQUENCE) || !in.Empty() || names.Empty() {
		return nil, fail(ErrAIKSAN, nil, "malformed GeneralNames")
	}
	seen := map[string]bool{}
	for !names.Empty() {
		var gn cryptobyte.String
		var tag cbasn1.Tag
		if !names.ReadAnyASN1(&gn, &tag) {
			return nil, fail(ErrAIKSAN, nil, "malformed GeneralName")
		}
		switch tag {
		case cbasn1.Tag(0).Constructed().ContextSpecific(): // otherName
			var oid cryptobyte.String
			if !gn.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) {
				return nil, fail(ErrAIKSAN, nil, "malformed otherName")
			}
			// "The HardwareModuleName ... SHOULD NOT be included": reported.
			if bytes.Equal(oid, derHardwareModuleName) {
				san.hardwareModuleName = true
			}
		case cbasn1.Tag(4).Constructed().ContextSpecific(): // directoryName [4] Name
			var name cryptobyte.String
			if !gn.ReadASN1(&name, cbasn1.SEQUENCE) || !gn.Empty() {
				return nil, fail(ErrAIKSAN, nil, "malformed directoryName")
			}
			for !name.Empty() {
				var rdn cryptobyte.String
				if !name.ReadASN1(&rdn, cbasn1.SET) || rdn.Empty() {
					return nil, fail(ErrAIKSAN, nil, "malformed RelativeDistinguishedName")
				}
				for !rdn.Empty() {
					var atv, oid, val cryptobyte.String
					var vtag cbasn1.Tag
					if !rdn.ReadASN1(&atv, cbasn1.SEQUENCE) || !atv.ReadASN1(&oid, cbasn1.OBJECT_IDENTIFIER) ||
						!atv.ReadAnyASN1(&val, &vtag) || !atv.Empty() {
						return nil, fail(ErrAIKSAN, nil, "malformed AttributeTypeAndValue")
					}
					var dst *string
					var what string
					switch {
					case bytes.Equal(oid, derTPMManufacturer):
						dst, what = &san.manufacturer, "tpmManufacturer"
					case bytes.Equal(oid, derTPMModel):
						dst, what = &san.model, "tpmModel"
					case bytes.Equal(oid, derTPMVersion):
						dst, what = &san.version, "tpmVersion"
					default:
						continue
					}
					if seen[what] {
						return nil, fail(ErrAIKSAN, nil, "%s appears twice", what)
					}
					seen[what] = true
					if vtag != cbasn1.UTF8String {
						return nil, fail(ErrAIKSAN, nil, "%s is not a UTF8String", what)
					}
					*dst = string(val)
				}
			}
		}
	}
	switch {
	case san.manufacturer == "":
		return nil, fail(ErrAIKSAN, nil, "no tcg-at-tpmManufacturer")
	case san.model == "":
		return nil, fail(ErrAIKSAN, nil, "no tcg-at-tpmModel")
	case san.version == "":
		return nil, fail(ErrAIKSAN, nil, "no tcg-at-tpmVersion")
	}
	if _, ok := parseHexID(san.version, 8); !ok {
		return nil, fail(ErrAIKSAN, nil, "tpmVersion %q is not id: and 1 to 8 hex digits", san.version)
	}
	return san, nil
}

// parseHexID parses "id:" followed by 1 to max hex digits, either case.
func parseHexID(s string, max int) (uint32, bool) {
	h, ok := strings.CutPrefix(s, "id:")
	if !ok || len(h) == 0 || len(h) > max {
		return 0, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	return uint32(v), err == nil
}

// ekuContains reports whether the ExtKeyUsageSyntax (a SEQUENCE of OIDs)
// contains oid.
func ekuContains(der, oid []byte) bool {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return false
	}
	found := false
	for !seq.Empty() {
		var o cryptobyte.String
		if !seq.ReadASN1(&o, cbasn1.OBJECT_IDENTIFIER) {
			return false
		}
		found = found || bytes.Equal(o, oid)
	}
	return found
}

// basicConstraintsCA reads BasicConstraints ::= SEQUENCE { cA BOOLEAN
// DEFAULT FALSE, pathLenConstraint INTEGER OPTIONAL } (RFC 5280 §4.2.1.9).
func basicConstraintsCA(der []byte) (ca, ok bool) {
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() {
		return false, false
	}
	if !seq.ReadOptionalASN1Boolean(&ca, cbasn1.BOOLEAN, false) {
		return false, false
	}
	if seq.PeekASN1Tag(cbasn1.INTEGER) {
		var n int64
		if !seq.ReadASN1Integer(&n) || !ca {
			// "CAs MUST NOT include the pathLenConstraint field unless the
			// cA boolean is asserted."
			return ca, false
		}
	}
	return ca, seq.Empty()
}

// aaguidExtension returns the AAGUID of an id-fido-gen-ce-aaguid extension
// (an OCTET STRING of 16 bytes), whether the certificate has one, and
// whether it is well formed.
func aaguidExtension(c *x509.Certificate) (aaguid []byte, present, ok bool) {
	ext := extension(c, oidFIDOAAGUID)
	if ext == nil {
		return nil, false, true
	}
	in := cryptobyte.String(ext.Value)
	var v cryptobyte.String
	if !in.ReadASN1(&v, cbasn1.OCTET_STRING) || !in.Empty() || len(v) != 16 {
		return nil, true, false
	}
	return v, true, true
}
