package main

import (
	"fmt"
	"strings"

	"github.com/google/go-tpm/tpm2"
)

// An object is a key or data object the generator asks the TPM to create.
type object struct {
	name    string // file name stem, such as "sign-rsa2048-sha256"
	desc    string // for the manifest's how lines
	primary bool   // TPM2_CreatePrimary in the owner hierarchy; else TPM2_Create under the SRK
	public  tpm2.TPMTPublic
	data    []byte // sensitive data (sealed objects)
	pcrs    tpm2.TPMLPCRSelection

	// Filled in when the TPM created it.
	pub2B        []byte // TPM2B_PUBLIC as returned
	priv2B       []byte // TPM2B_PRIVATE as returned (children)
	creation2B   []byte // TPM2B_CREATION_DATA as returned
	creationHash []byte // TPM2B_DIGEST as returned
	ticket       []byte // TPMT_TK_CREATION as returned
}

func (o *object) pubFile() string { return "tpmt_public/" + o.name + ".bin" }

// Object attributes.
var (
	attrSign = tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, SignEncrypt: true}
	attrAK   = tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, Restricted: true, SignEncrypt: true}
	attrDec  = tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, Decrypt: true}
	attrStor = tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, NoDA: true, Restricted: true, Decrypt: true}
)

var hashNames = map[tpm2.TPMAlgID]string{
	tpm2.TPMAlgSHA1: "sha1", tpm2.TPMAlgSHA256: "sha256", tpm2.TPMAlgSHA384: "sha384",
	tpm2.TPMAlgSHA512: "sha512", tpm2.TPMAlgSHA3256: "sha3-256",
}

var hashTitles = map[tpm2.TPMAlgID]string{
	tpm2.TPMAlgSHA1: "SHA-1", tpm2.TPMAlgSHA256: "SHA-256", tpm2.TPMAlgSHA384: "SHA-384",
	tpm2.TPMAlgSHA512: "SHA-512", tpm2.TPMAlgSHA3256: "SHA3-256",
}

var curveNames = map[tpm2.TPMECCCurve]string{
	tpm2.TPMECCNistP224: "p224", tpm2.TPMECCNistP192: "p192", tpm2.TPMECCNistP256: "p256", tpm2.TPMECCNistP384: "p384", tpm2.TPMECCNistP521: "p521", tpm2.TPMECCBNP256: "bnp256",
}

var curveTitles = map[tpm2.TPMECCCurve]string{
	tpm2.TPMECCNistP192: "NIST P-192", tpm2.TPMECCNistP224: "NIST P-224", tpm2.TPMECCNistP256: "NIST P-256", tpm2.TPMECCNistP384: "NIST P-384", tpm2.TPMECCNistP521: "NIST P-521", tpm2.TPMECCBNP256: "BN P-256",
}

func attrString(a tpm2.TPMAObject) string {
	var s []string
	for _, f := range []struct {
		on   bool
		name string
	}{
		{a.FixedTPM, "fixedTPM"}, {a.STClear, "stClear"}, {a.FixedParent, "fixedParent"},
		{a.SensitiveDataOrigin, "sensitiveDataOrigin"}, {a.UserWithAuth, "userWithAuth"},
		{a.AdminWithPolicy, "adminWithPolicy"}, {a.NoDA, "noDA"}, {a.EncryptedDuplication, "encryptedDuplication"},
		{a.Restricted, "restricted"}, {a.Decrypt, "decrypt"}, {a.SignEncrypt, "sign"},
	} {
		if f.on {
			s = append(s, f.name)
		}
	}
	return strings.Join(s, "|")
}

var nullSym = tpm2.TPMTSymDefObject{Algorithm: tpm2.TPMAlgNull}

func aes(bits tpm2.TPMKeyBits, mode tpm2.TPMAlgID) tpm2.TPMTSymDefObject {
	return tpm2.TPMTSymDefObject{
		Algorithm: tpm2.TPMAlgAES,
		KeyBits:   tpm2.NewTPMUSymKeyBits(tpm2.TPMAlgAES, bits),
		Mode:      tpm2.NewTPMUSymMode(tpm2.TPMAlgAES, tpm2.TPMIAlgSymMode(mode)),
	}
}

func rsaScheme(scheme, hash tpm2.TPMAlgID) tpm2.TPMTRSAScheme {
	switch scheme {
	case tpm2.TPMAlgNull:
		return tpm2.TPMTRSAScheme{Scheme: tpm2.TPMAlgNull}
	case tpm2.TPMAlgRSASSA:
		return tpm2.TPMTRSAScheme{Scheme: scheme, Details: tpm2.NewTPMUAsymScheme(scheme, &tpm2.TPMSSigSchemeRSASSA{HashAlg: hash})}
	case tpm2.TPMAlgRSAPSS:
		return tpm2.TPMTRSAScheme{Scheme: scheme, Details: tpm2.NewTPMUAsymScheme(scheme, &tpm2.TPMSSigSchemeRSAPSS{HashAlg: hash})}
	case tpm2.TPMAlgOAEP:
		return tpm2.TPMTRSAScheme{Scheme: scheme, Details: tpm2.NewTPMUAsymScheme(scheme, &tpm2.TPMSEncSchemeOAEP{HashAlg: hash})}
	}
	panic(fmt.Sprintf("rsaScheme %v", scheme))
}

func eccScheme(scheme, hash tpm2.TPMAlgID) tpm2.TPMTECCScheme {
	switch scheme {
	case tpm2.TPMAlgNull:
		return tpm2.TPMTECCScheme{Scheme: tpm2.TPMAlgNull}
	case tpm2.TPMAlgECDSA:
		return tpm2.TPMTECCScheme{Scheme: scheme, Details: tpm2.NewTPMUAsymScheme(scheme, &tpm2.TPMSSigSchemeECDSA{HashAlg: hash})}
	case tpm2.TPMAlgECDH:
		return tpm2.TPMTECCScheme{Scheme: scheme, Details: tpm2.NewTPMUAsymScheme(scheme, &tpm2.TPMSKeySchemeECDH{HashAlg: hash})}
	}
	panic(fmt.Sprintf("eccScheme %v", scheme))
}

func rsaPublic(bits tpm2.TPMKeyBits, nameAlg tpm2.TPMAlgID, attrs tpm2.TPMAObject, scheme tpm2.TPMTRSAScheme, sym tpm2.TPMTSymDefObject) tpm2.TPMTPublic {
	return tpm2.TPMTPublic{
		Type: tpm2.TPMAlgRSA, NameAlg: nameAlg, ObjectAttributes: attrs,
		Parameters: tpm2.NewTPMUPublicParms(tpm2.TPMAlgRSA, &tpm2.TPMSRSAParms{Symmetric: sym, Scheme: scheme, KeyBits: bits}),
		Unique:     tpm2.NewTPMUPublicID(tpm2.TPMAlgRSA, &tpm2.TPM2BPublicKeyRSA{}),
	}
}

func eccPublic(curve tpm2.TPMECCCurve, nameAlg tpm2.TPMAlgID, attrs tpm2.TPMAObject, scheme tpm2.TPMTECCScheme, sym tpm2.TPMTSymDefObject) tpm2.TPMTPublic {
	return tpm2.TPMTPublic{
		Type: tpm2.TPMAlgECC, NameAlg: nameAlg, ObjectAttributes: attrs,
		Parameters: tpm2.NewTPMUPublicParms(tpm2.TPMAlgECC, &tpm2.TPMSECCParms{
			Symmetric: sym, Scheme: scheme, CurveID: curve, KDF: tpm2.TPMTKDFScheme{Scheme: tpm2.TPMAlgNull},
		}),
		Unique: tpm2.NewTPMUPublicID(tpm2.TPMAlgECC, &tpm2.TPMSECCPoint{}),
	}
}

func keyedHashPublic(nameAlg tpm2.TPMAlgID, attrs tpm2.TPMAObject, scheme tpm2.TPMTKeyedHashScheme, policy []byte) tpm2.TPMTPublic {
	return tpm2.TPMTPublic{
		Type: tpm2.TPMAlgKeyedHash, NameAlg: nameAlg, ObjectAttributes: attrs,
		AuthPolicy: tpm2.TPM2BDigest{Buffer: policy},
		Parameters: tpm2.NewTPMUPublicParms(tpm2.TPMAlgKeyedHash, &tpm2.TPMSKeyedHashParms{Scheme: scheme}),
		Unique:     tpm2.NewTPMUPublicID(tpm2.TPMAlgKeyedHash, &tpm2.TPM2BDigest{}),
	}
}

func symPublic(nameAlg tpm2.TPMAlgID, attrs tpm2.TPMAObject, sym tpm2.TPMTSymDefObject) tpm2.TPMTPublic {
	return tpm2.TPMTPublic{
		Type: tpm2.TPMAlgSymCipher, NameAlg: nameAlg, ObjectAttributes: attrs,
		Parameters: tpm2.NewTPMUPublicParms(tpm2.TPMAlgSymCipher, &tpm2.TPMSSymCipherParms{Sym: sym}),
		Unique:     tpm2.NewTPMUPublicID(tpm2.TPMAlgSymCipher, &tpm2.TPM2BDigest{}),
	}
}

func pcrSelection(hash tpm2.TPMAlgID, pcrs ...uint) tpm2.TPMSPCRSelection {
	sel := make([]byte, 3) // the 24 PCRs of a PC Client TPM
	for _, p := range pcrs {
		sel[p/8] |= 1 << (p % 8)
	}
	return tpm2.TPMSPCRSelection{Hash: hash, PCRSelect: sel}
}

// Names of the objects other code refers to.
const (
	srkName        = "storage-rsa2048-aes128cfb-sha256"
	akRSASSASHA1   = "ak-rsa2048-rsassa-sha1"
	akRSASSASHA256 = "ak-rsa2048-rsassa-sha256"
	akRSAPSSSHA256 = "ak-rsa2048-rsapss-sha256"
	akECDSAP256    = "ak-ecc-p256-ecdsa-sha256"
	akECDSAP384    = "ak-ecc-p384-ecdsa-sha384"
	akECDSAP521    = "ak-ecc-p521-ecdsa-sha512"
	nullSigner     = "null"
)

// objects returns what the generator creates, in creation order; the SRK,
// the parent of every other non-primary object, comes first.
func objects() []*object {
	hashes := []tpm2.TPMAlgID{tpm2.TPMAlgSHA1, tpm2.TPMAlgSHA256, tpm2.TPMAlgSHA384, tpm2.TPMAlgSHA512}
	sha256PCRs := tpm2.TPMLPCRSelection{PCRSelections: []tpm2.TPMSPCRSelection{pcrSelection(tpm2.TPMAlgSHA256, 0, 1, 2, 3, 4, 5, 6, 7)}}
	multiPCRs := tpm2.TPMLPCRSelection{PCRSelections: []tpm2.TPMSPCRSelection{pcrSelection(tpm2.TPMAlgSHA1, 7), pcrSelection(tpm2.TPMAlgSHA384, 0, 7)}}

	var objs []*object
	add := func(o *object) { objs = append(objs, o) }

	add(&object{name: srkName, primary: true, public: tpm2.RSASRKTemplate, pcrs: sha256PCRs,
		desc: "the TCG reference RSA-2048 SRK template (restricted decrypt, AES-128-CFB, nameAlg SHA-256, 256 zero bytes of unique)"})
	add(&object{name: "storage-ecc-p256-aes128cfb-sha256", primary: true, public: tpm2.ECCSRKTemplate,
		desc: "the TCG reference ECC P-256 SRK template (restricted decrypt, AES-128-CFB, nameAlg SHA-256, 32-byte zero x and y)"})
	add(&object{name: "storage-ecc-p384-aes128cfb-sha256",
		public: eccPublic(tpm2.TPMECCNistP384, tpm2.TPMAlgSHA256, attrStor, eccScheme(tpm2.TPMAlgNull, 0), aes(128, tpm2.TPMAlgCFB)),
		desc:   "ECC NIST P-384 storage key (restricted decrypt), AES-128-CFB, nameAlg SHA-256"})

	// Unrestricted signing keys, scheme NULL, as a WebAuthn credential key.
	add(&object{name: "sign-rsa1024-sha256", public: rsaPublic(1024, tpm2.TPMAlgSHA256, attrSign, rsaScheme(tpm2.TPMAlgNull, 0), nullSym),
		desc: "RSA-1024 unrestricted signing key, scheme NULL, nameAlg SHA-256"})
	for _, h := range hashes {
		add(&object{name: "sign-rsa2048-" + hashNames[h], public: rsaPublic(2048, h, attrSign, rsaScheme(tpm2.TPMAlgNull, 0), nullSym),
			desc: "RSA-2048 unrestricted signing key, scheme NULL, nameAlg " + hashTitles[h]})
	}
	for _, c := range []tpm2.TPMECCCurve{tpm2.TPMECCNistP256, tpm2.TPMECCNistP384} {
		for _, h := range hashes {
			add(&object{name: "sign-ecc-" + curveNames[c] + "-" + hashNames[h], public: eccPublic(c, h, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym),
				desc: "ECC " + curveTitles[c] + " unrestricted signing key, scheme NULL, KDF NULL, nameAlg " + hashTitles[h]})
		}
	}
	add(&object{name: "sign-ecc-p224-sha256", public: eccPublic(tpm2.TPMECCNistP224, tpm2.TPMAlgSHA256, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym),
		desc: "ECC NIST P-224 unrestricted signing key, scheme NULL, KDF NULL, nameAlg SHA-256"})
	add(&object{name: "sign-ecc-p521-sha512", public: eccPublic(tpm2.TPMECCNistP521, tpm2.TPMAlgSHA512, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym),
		desc: "ECC NIST P-521 unrestricted signing key, scheme NULL, KDF NULL, nameAlg SHA-512"})
	add(&object{name: "sign-ecc-bnp256-sha256", public: eccPublic(tpm2.TPMECCBNP256, tpm2.TPMAlgSHA256, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym),
		desc: "ECC BN P-256 unrestricted signing key, scheme NULL, KDF NULL, nameAlg SHA-256"})
	add(&object{name: "sign-ecc-p256-ecdsa-sha384", public: eccPublic(tpm2.TPMECCNistP256, tpm2.TPMAlgSHA256, attrSign, eccScheme(tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA384), nullSym),
		desc: "ECC NIST P-256 unrestricted signing key, scheme ECDSA SHA-384, nameAlg SHA-256"})

	// Attestation keys: restricted signing keys with a scheme.
	add(&object{name: akRSASSASHA1, public: rsaPublic(2048, tpm2.TPMAlgSHA256, attrAK, rsaScheme(tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA1), nullSym), pcrs: sha256PCRs,
		desc: "RSA-2048 attestation key (restricted signing), scheme RSASSA SHA-1, nameAlg SHA-256"})
	add(&object{name: akRSASSASHA256, public: rsaPublic(2048, tpm2.TPMAlgSHA256, attrAK, rsaScheme(tpm2.TPMAlgRSASSA, tpm2.TPMAlgSHA256), nullSym), pcrs: sha256PCRs,
		desc: "RSA-2048 attestation key (restricted signing), scheme RSASSA SHA-256, nameAlg SHA-256"})
	add(&object{name: akRSAPSSSHA256, public: rsaPublic(2048, tpm2.TPMAlgSHA256, attrAK, rsaScheme(tpm2.TPMAlgRSAPSS, tpm2.TPMAlgSHA256), nullSym), pcrs: sha256PCRs,
		desc: "RSA-2048 attestation key (restricted signing), scheme RSAPSS SHA-256, nameAlg SHA-256"})
	add(&object{name: akECDSAP256, public: eccPublic(tpm2.TPMECCNistP256, tpm2.TPMAlgSHA256, attrAK, eccScheme(tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA256), nullSym), pcrs: sha256PCRs,
		desc: "ECC NIST P-256 attestation key (restricted signing), scheme ECDSA SHA-256, nameAlg SHA-256"})
	add(&object{name: akECDSAP384, public: eccPublic(tpm2.TPMECCNistP384, tpm2.TPMAlgSHA384, attrAK, eccScheme(tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA384), nullSym), pcrs: multiPCRs,
		desc: "ECC NIST P-384 attestation key (restricted signing), scheme ECDSA SHA-384, nameAlg SHA-384"})
	add(&object{name: akECDSAP521, public: eccPublic(tpm2.TPMECCNistP521, tpm2.TPMAlgSHA512, attrAK, eccScheme(tpm2.TPMAlgECDSA, tpm2.TPMAlgSHA512), nullSym), pcrs: sha256PCRs,
		desc: "ECC NIST P-521 attestation key (restricted signing), scheme ECDSA SHA-512, nameAlg SHA-512"})

	// Decryption keys.
	add(&object{name: "decrypt-rsa2048-oaep-sha256", public: rsaPublic(2048, tpm2.TPMAlgSHA256, attrDec, rsaScheme(tpm2.TPMAlgOAEP, tpm2.TPMAlgSHA256), nullSym),
		desc: "RSA-2048 unrestricted decryption key, scheme OAEP SHA-256, nameAlg SHA-256"})
	add(&object{name: "decrypt-ecc-p256-ecdh-sha256", public: eccPublic(tpm2.TPMECCNistP256, tpm2.TPMAlgSHA256, attrDec, eccScheme(tpm2.TPMAlgECDH, tpm2.TPMAlgSHA256), nullSym),
		desc: "ECC NIST P-256 unrestricted key-exchange key, scheme ECDH SHA-256, nameAlg SHA-256"})

	// Keyed-hash objects.
	for _, h := range hashes {
		add(&object{name: "hmac-" + hashNames[h],
			public: keyedHashPublic(h, attrSign, tpm2.TPMTKeyedHashScheme{Scheme: tpm2.TPMAlgHMAC, Details: tpm2.NewTPMUSchemeKeyedHash(tpm2.TPMAlgHMAC, &tpm2.TPMSSchemeHMAC{HashAlg: h})}, nil),
			desc:   "keyedhash HMAC key, scheme HMAC " + hashTitles[h] + ", nameAlg " + hashTitles[h]})
	}
	add(&object{name: "derive-xor-sha256",
		public: keyedHashPublic(tpm2.TPMAlgSHA256, attrStor, tpm2.TPMTKeyedHashScheme{Scheme: tpm2.TPMAlgXOR, Details: tpm2.NewTPMUSchemeKeyedHash(tpm2.TPMAlgXOR, &tpm2.TPMSSchemeXOR{HashAlg: tpm2.TPMAlgSHA256, KDF: tpm2.TPMAlgKDF1SP800108})}, nil),
		desc:   "keyedhash derivation parent (restricted decrypt), scheme XOR SHA-256 KDF1_SP800_108, nameAlg SHA-256"})
	sealed := tpm2.TPMAObject{FixedTPM: true, FixedParent: true, UserWithAuth: true, NoDA: true}
	add(&object{name: "sealed-sha256", data: []byte("tpm2wire corpus sealed secret"),
		public: keyedHashPublic(tpm2.TPMAlgSHA256, sealed, tpm2.TPMTKeyedHashScheme{Scheme: tpm2.TPMAlgNull}, nil),
		desc:   "sealed data object (keyedhash, scheme NULL, neither sign nor decrypt, 29 bytes of caller data), nameAlg SHA-256"})
	policy := make([]byte, 48)
	for i := range policy {
		policy[i] = byte(0xA0 + i)
	}
	add(&object{name: "sealed-policy-sha384", data: []byte("sealed under a policy"),
		public: keyedHashPublic(tpm2.TPMAlgSHA384, tpm2.TPMAObject{FixedTPM: true, FixedParent: true}, tpm2.TPMTKeyedHashScheme{Scheme: tpm2.TPMAlgNull}, policy),
		desc:   "sealed data object (keyedhash, scheme NULL, userWithAuth clear, a 48-byte authPolicy A0A1...CF), nameAlg SHA-384"})

	// Symmetric cipher keys.
	symAttrs := tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, Decrypt: true, SignEncrypt: true}
	add(&object{name: "symcipher-aes128-cfb-sha256", public: symPublic(tpm2.TPMAlgSHA256, symAttrs, aes(128, tpm2.TPMAlgCFB)),
		desc: "symcipher AES-128 key, mode CFB, decrypt|sign, nameAlg SHA-256"})
	add(&object{name: "symcipher-aes256-null-sha1", public: symPublic(tpm2.TPMAlgSHA1, symAttrs, aes(256, tpm2.TPMAlgNull)),
		desc: "symcipher AES-256 key, mode NULL (chosen per command), decrypt|sign, nameAlg SHA-1"})
	return objs
}

// refusals are requests the reference TPM's profile is expected to refuse;
// each is attempted and the response recorded.
func refusals() []*object {
	return []*object{
		// A storage key that cannot be duplicated (fixedParent) must have
		// its parent's nameAlg (TPM_RC_HASH) and symmetric definition
		// (TPM_RC_SYMMETRIC).
		{name: "storage-ecc-p384-aes128cfb-sha384", public: eccPublic(tpm2.TPMECCNistP384, tpm2.TPMAlgSHA384, attrStor, eccScheme(tpm2.TPMAlgNull, 0), aes(128, tpm2.TPMAlgCFB)), desc: "ECC NIST P-384 storage key (restricted decrypt, fixedParent), AES-128-CFB, nameAlg SHA-384 under the SHA-256 SRK"},
		{name: "storage-ecc-p384-aes256cfb-sha256", public: eccPublic(tpm2.TPMECCNistP384, tpm2.TPMAlgSHA256, attrStor, eccScheme(tpm2.TPMAlgNull, 0), aes(256, tpm2.TPMAlgCFB)), desc: "ECC NIST P-384 storage key (restricted decrypt, fixedParent), AES-256-CFB under the AES-128-CFB SRK, nameAlg SHA-256"},
		{name: "sign-rsa3072-sha256", public: rsaPublic(3072, tpm2.TPMAlgSHA256, attrSign, rsaScheme(tpm2.TPMAlgNull, 0), nullSym), desc: "RSA-3072 unrestricted signing key, nameAlg SHA-256"},
		{name: "sign-rsa4096-sha256", public: rsaPublic(4096, tpm2.TPMAlgSHA256, attrSign, rsaScheme(tpm2.TPMAlgNull, 0), nullSym), desc: "RSA-4096 unrestricted signing key, nameAlg SHA-256"},
		{name: "sign-ecc-p192-sha256", public: eccPublic(tpm2.TPMECCNistP192, tpm2.TPMAlgSHA256, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym), desc: "ECC NIST P-192 unrestricted signing key, nameAlg SHA-256"},
		{name: "sign-ecc-bnp638-sha256", public: eccPublic(tpm2.TPMECCBNP638, tpm2.TPMAlgSHA256, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym), desc: "ECC BN P-638 unrestricted signing key, nameAlg SHA-256"},
		{name: "sign-ecc-p256-sha3-256", public: eccPublic(tpm2.TPMECCNistP256, tpm2.TPMAlgSHA3256, attrSign, eccScheme(tpm2.TPMAlgNull, 0), nullSym), desc: "ECC NIST P-256 unrestricted signing key, nameAlg SHA3-256"},
		{name: "symcipher-aes192-cfb-sha256", public: symPublic(tpm2.TPMAlgSHA256, tpm2.TPMAObject{FixedTPM: true, FixedParent: true, SensitiveDataOrigin: true, UserWithAuth: true, Decrypt: true, SignEncrypt: true}, aes(192, tpm2.TPMAlgCFB)), desc: "symcipher AES-192 key, mode CFB, nameAlg SHA-256"},
	}
}
