package main

import (
	"fmt"
	"strings"

	"github.com/google/go-tpm/tpm2"
)

// message is what every TPM2_Sign signature of the corpus signs (hashed with
// the scheme's hash: TPM2_Sign takes the digest).
var message = []byte("tpm2wire corpus: the message every TPM2_Sign signature in this corpus signs\n")

const messageFile = "bytes/message.bin"

var schemeNames = map[tpm2.TPMAlgID]string{
	tpm2.TPMAlgRSASSA: "rsassa", tpm2.TPMAlgRSAPSS: "rsapss", tpm2.TPMAlgECDSA: "ecdsa", tpm2.TPMAlgHMAC: "hmac",
}

func sigScheme(scheme, hash tpm2.TPMAlgID) tpm2.TPMTSigScheme {
	if scheme == tpm2.TPMAlgNull {
		return nullScheme
	}
	if scheme == tpm2.TPMAlgHMAC {
		return tpm2.TPMTSigScheme{Scheme: scheme, Details: tpm2.NewTPMUSigScheme(scheme, &tpm2.TPMSSchemeHMAC{HashAlg: hash})}
	}
	return tpm2.TPMTSigScheme{Scheme: scheme, Details: tpm2.NewTPMUSigScheme(scheme, &tpm2.TPMSSchemeHash{HashAlg: hash})}
}

// nullTicket is the TPMT_TK_HASHCHECK an unrestricted key's TPM2_Sign takes.
var nullTicket = tpm2.TPMTTKHashCheck{Tag: tpm2.TPMSTHashCheck, Hierarchy: tpm2.TPMRHNull}

// sign has key sign the message's digest with inScheme (scheme, hash) and
// records the signature. With a ticket the key may be restricted.
// inScheme NULL uses the key's scheme, whose hash is hash.
func (g *gen) sign(key string, scheme, hash tpm2.TPMAlgID, keyScheme bool, ticket *tpm2.TPMTTKHashCheck, ticketFile string) (*tpm2.TPMTSignature, error) {
	stem := "message-" + schemeNames[scheme] + "-" + hashNames[hash] + "-by-" + key
	hs, release, err := g.load(key)
	if err != nil {
		return nil, err
	}
	defer release()
	in := sigScheme(scheme, hash)
	inDesc := strings.ToUpper(schemeNames[scheme]) + " " + hashTitles[hash]
	if keyScheme {
		in, inDesc = nullScheme, "NULL (the key's "+inDesc+")"
	}
	validation, valDesc := nullTicket, "a NULL ticket"
	if ticket != nil {
		validation, valDesc = *ticket, "the ticket "+ticketFile
	}
	how := fmt.Sprintf("TPM2_Sign(keyHandle=%s, digest=%s(%s), inScheme=%s, validation=%s)", key, hashTitles[hash], messageFile, inDesc, valDesc)
	rsp, err := tpm2.Sign{KeyHandle: g.nh(hs[0]), Digest: tpm2.TPM2BDigest{Buffer: hashOf(hash, message)}, InScheme: in, Validation: validation}.Execute(g.rec)
	if err != nil {
		return nil, g.refuse(how, err)
	}
	r, err := g.rec.params(0)
	if err != nil {
		return nil, err
	}
	s := r.rest()
	if err := same(stem, s, tpm2.Marshal(rsp.Signature)); err != nil {
		return nil, err
	}
	g.c.add(entry{File: "tpmt_signature/" + stem + ".bin", Type: "TPMT_SIGNATURE", How: how, Key: g.objs[key].pubFile(), Signed: messageFile}, s)
	return &rsp.Signature, nil
}

// hash runs TPM2_Hash and records its ticket.
func (g *gen) hash(name string, data []byte, dataDesc string) (*tpm2.TPMTTKHashCheck, string, []byte, error) {
	file := "tpmt_tk_hashcheck/" + name + ".bin"
	how := fmt.Sprintf("TPM2_Hash(data=%s, hashAlg=SHA-256, hierarchy=TPM_RH_OWNER): validation", dataDesc)
	rsp, err := tpm2.Hash{Data: tpm2.TPM2BMaxBuffer{Buffer: data}, HashAlg: tpm2.TPMAlgSHA256, Hierarchy: tpm2.TPMRHOwner}.Execute(g.rec)
	if err != nil {
		return nil, "", nil, err
	}
	r, err := g.rec.params(0)
	if err != nil {
		return nil, "", nil, err
	}
	r.sized()
	t := r.ticket()
	if err := r.done(); err != nil {
		return nil, "", nil, err
	}
	if err := same(name, t, tpm2.Marshal(rsp.Validation)); err != nil {
		return nil, "", nil, err
	}
	g.c.add(entry{File: file, Type: "TPMT_TK_HASHCHECK", How: how}, t)
	return &rsp.Validation, file, rsp.OutHash.Buffer, nil
}

// verify has the TPM check a signature of the message and records the
// TPMT_TK_VERIFIED.
func (g *gen) verify(key string, sig *tpm2.TPMTSignature, hash tpm2.TPMAlgID, sigFile string) error {
	name := "verify-" + strings.TrimPrefix(strings.TrimSuffix(sigFile, ".bin"), "tpmt_signature/")
	hs, release, err := g.load(key)
	if err != nil {
		return err
	}
	defer release()
	how := fmt.Sprintf("TPM2_VerifySignature(keyHandle=%s, digest=%s(%s), signature=%s): validation", key, hashTitles[hash], messageFile, sigFile)
	if _, err := (tpm2.VerifySignature{KeyHandle: g.nh(hs[0]), Digest: tpm2.TPM2BDigest{Buffer: hashOf(hash, message)}, Signature: *sig}).Execute(g.rec); err != nil {
		return g.refuse(how, err)
	}
	r, err := g.rec.params(0)
	if err != nil {
		return err
	}
	t := r.ticket()
	if err := r.done(); err != nil {
		return err
	}
	g.c.add(entry{File: "tpmt_tk_verified/" + name + ".bin", Type: "TPMT_TK_VERIFIED", How: how}, t)
	return nil
}

// policySecret runs TPM2_PolicySecret with a negative expiration, which
// returns a TPMT_TK_AUTH.
func (g *gen) policySecret() error {
	sess, closeSess, err := tpm2.PolicySession(g.rec, tpm2.TPMAlgSHA256, 16)
	if err != nil {
		return err
	}
	defer func() { _ = closeSess() }()
	how := "TPM2_PolicySecret(authHandle=TPM_RH_OWNER, policySession=a SHA-256 policy session, nonceTPM=its nonce, cpHashA=empty, policyRef=\"tpm2wire corpus\", expiration=-3600): policyTicket"
	rsp, err := tpm2.PolicySecret{
		AuthHandle: tpm2.TPMRHOwner, PolicySession: sess.Handle(), NonceTPM: sess.NonceTPM(),
		PolicyRef: tpm2.TPM2BNonce{Buffer: []byte("tpm2wire corpus")}, Expiration: -3600,
	}.Execute(g.rec)
	if err != nil {
		return g.refuse(how, err)
	}
	r, err := g.rec.params(0)
	if err != nil {
		return err
	}
	r.sized() // timeout
	t := r.ticket()
	if err := r.done(); err != nil {
		return err
	}
	if err := same("policy ticket", t, tpm2.Marshal(rsp.PolicyTicket)); err != nil {
		return err
	}
	g.c.add(entry{File: "tpmt_tk_auth/policysecret-owner.bin", Type: "TPMT_TK_AUTH", How: how}, t)
	return nil
}
