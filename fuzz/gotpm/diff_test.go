package gotpm

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-tpm/tpm2"
	"github.com/tpm2wire/tpm2wire/tpms"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// A target is one Part 2 structure read by both parsers: tpm2wire's strict
// Parse function and go-tpm's generic tpm2.Unmarshal. Each returns the value
// in the plain representation of plain_test.go, or an error.
type target struct {
	name   string // the Part 2 name, with + for a use that admits NULL
	fuzz   string // the name of its fuzz target
	ours   func([]byte) (any, error)
	theirs func([]byte) (any, error)
}

// The targets, by Part 2 name. go-tpm knows nothing of the + rules (where
// Part 2 admits TPM_ALG_NULL), so each target picks the tpm2wire function of
// one use: TPMT_PUBLIC (WebAuthn's pubArea) and TPMT_HA (an element of
// TPML_DIGEST_VALUES) are strict, while TPM2B_PUBLIC+ (TPM2_LoadExternal's
// inPublic) and TPMT_SIGNATURE+ (an attestation signed with TPM_RH_NULL)
// use the AllowNull functions, so that both kinds are fuzzed.
var (
	targetAttest = &target{
		name: "TPMS_ATTEST",
		fuzz: "FuzzDiffAttest",
		ours: func(b []byte) (any, error) {
			x, err := tpms.ParseAttest(b)
			if err != nil {
				return nil, err
			}
			return ourAttest(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMSAttest](b)
			if err != nil {
				return nil, err
			}
			return theirAttest(x), nil
		},
	}
	target2BAttest = &target{
		name: "TPM2B_ATTEST",
		fuzz: "FuzzDiff2BAttest",
		ours: func(b []byte) (any, error) {
			x, err := tpms.Parse2BAttest(b)
			if err != nil {
				return nil, err
			}
			return ourAttest(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPM2BAttest](b)
			if err != nil {
				return nil, err
			}
			c, err := x.Contents()
			if err != nil {
				return nil, fmt.Errorf("Contents: %w", err)
			}
			return theirAttest(c), nil
		},
	}
	targetPublic = &target{
		name: "TPMT_PUBLIC",
		fuzz: "FuzzDiffPublic",
		ours: func(b []byte) (any, error) {
			x, err := tpmt.ParsePublic(b)
			if err != nil {
				return nil, err
			}
			return ourPublic(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMTPublic](b)
			if err != nil {
				return nil, err
			}
			return theirPublic(x), nil
		},
	}
	target2BPublic = &target{
		name: "TPM2B_PUBLIC+",
		fuzz: "FuzzDiff2BPublic",
		ours: func(b []byte) (any, error) {
			x, err := tpmt.Parse2BPublicAllowNull(b)
			if err != nil {
				return nil, err
			}
			return our2BPublic(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPM2BPublic](b)
			if err != nil {
				return nil, err
			}
			c, err := x.Contents()
			if err != nil {
				return nil, fmt.Errorf("Contents: %w", err)
			}
			return p2BPublic{PublicArea: theirPublic(c), Bytes: x.Bytes()}, nil
		},
	}
	targetSignature = &target{
		name: "TPMT_SIGNATURE+",
		fuzz: "FuzzDiffSignature",
		ours: func(b []byte) (any, error) {
			x, err := tpmt.ParseSignatureAllowNull(b)
			if err != nil {
				return nil, err
			}
			return ourSignature(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMTSignature](b)
			if err != nil {
				return nil, err
			}
			return theirSignature(x), nil
		},
	}
	targetHA = &target{
		name: "TPMT_HA",
		fuzz: "FuzzDiffHA",
		ours: func(b []byte) (any, error) {
			x, err := tpmt.ParseHA(b)
			if err != nil {
				return nil, err
			}
			return ourHA(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMTHA](b)
			if err != nil {
				return nil, err
			}
			return theirHA(*x), nil
		},
	}
	targetPCRSelection = &target{
		name: "TPML_PCR_SELECTION",
		fuzz: "FuzzDiffPCRSelection",
		ours: func(b []byte) (any, error) {
			x, err := tpms.ParsePCRSelectionList(b)
			if err != nil {
				return nil, err
			}
			return ourPCRSelections(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMLPCRSelection](b)
			if err != nil {
				return nil, err
			}
			return theirPCRSelections(*x), nil
		},
	}
	targetDigestValues = &target{
		name: "TPML_DIGEST_VALUES",
		fuzz: "FuzzDiffDigestValues",
		ours: func(b []byte) (any, error) {
			x, err := tpmt.ParseDigestValues(b)
			if err != nil {
				return nil, err
			}
			return ourDigestValues(x), nil
		},
		theirs: func(b []byte) (any, error) {
			x, err := tpm2.Unmarshal[tpm2.TPMLDigestValues](b)
			if err != nil {
				return nil, err
			}
			return theirDigestValues(x), nil
		},
	}
)

var allTargets = []*target{
	targetAttest, target2BAttest, targetPublic, target2BPublic, targetSignature, targetHA,
	targetPCRSelection, targetDigestValues,
}

// cmpOpts compares byte strings with bytes.Equal: as a whole (go-cmp's
// element-by-element walk costs a millisecond for a 256-byte RSA modulus),
// and with an empty string equal to an absent one (tpm2wire returns nil for
// a size-0 TPM2B, go-tpm an empty slice). The converters return nil for an
// empty list on both sides.
var cmpOpts = cmp.Options{cmp.Comparer(bytes.Equal)}

// A result is what the two parsers made of one input.
type result struct {
	ourErr, theirErr error
	diff             string // cmp.Diff(ours, theirs), when both accepted
}

func (r result) agree() bool {
	return (r.ourErr == nil) == (r.theirErr == nil) && r.diff == ""
}

func (r result) String() string {
	s := fmt.Sprintf("tpm2wire: %v\ngo-tpm:   %v", errString(r.ourErr), errString(r.theirErr))
	if r.diff != "" {
		s += "\nvalues differ (-tpm2wire +go-tpm):\n" + r.diff
	}
	return s
}

func errString(err error) string {
	if err == nil {
		return "accepted"
	}
	return err.Error()
}

// run parses b with both parsers. A panic in go-tpm is turned into an
// error (and so is a disagreement unless tpm2wire rejects b too); a panic in
// tpm2wire is not recovered, so that the fuzzer reports it as a crasher.
func (tg *target) run(b []byte) result {
	var r result
	ours, ourErr := tg.ours(b)
	theirs, theirErr := tg.runTheirs(b)
	r.ourErr, r.theirErr = ourErr, theirErr
	if ourErr == nil && theirErr == nil {
		if !cmp.Equal(ours, theirs, cmpOpts) {
			r.diff = cmp.Diff(ours, theirs, cmpOpts)
		}
	}
	return r
}

func (tg *target) runTheirs(b []byte) (v any, err error) {
	defer func() {
		if p := recover(); p != nil {
			v, err = nil, fmt.Errorf("go-tpm panicked: %v", p)
		}
	}()
	// go-tpm must not see tpm2wire's aliasing of the input, nor the
	// reverse: give it its own copy.
	return tg.theirs(append([]byte(nil), b...))
}

// check runs b through tg and returns the id of the class that explains a
// disagreement ("" for an agreement), or an error describing a disagreement
// that no class explains.
func (tg *target) check(b []byte) (string, error) {
	r := tg.run(b)
	if r.agree() {
		return "", nil
	}
	if c := classify(b, r); c != nil {
		return c.ID, nil
	}
	return "", fmt.Errorf("%s: unexplained disagreement on %d-byte input %s\n%v", tg.name, len(b), hex.EncodeToString(b), r)
}

// fuzz is the body of every fuzz target.
func fuzz(f *testing.F, tg *target) {
	for _, s := range seedsFor(f, tg) {
		f.Add(s)
	}
	counter := newClassCounter(tg.fuzz)
	f.Fuzz(func(t *testing.T, b []byte) {
		id, err := tg.check(b)
		if err != nil {
			t.Fatalf("%v", err)
		}
		counter.add(id)
	})
}

func FuzzDiffAttest(f *testing.F)       { fuzz(f, targetAttest) }
func FuzzDiff2BAttest(f *testing.F)     { fuzz(f, target2BAttest) }
func FuzzDiffPublic(f *testing.F)       { fuzz(f, targetPublic) }
func FuzzDiff2BPublic(f *testing.F)     { fuzz(f, target2BPublic) }
func FuzzDiffSignature(f *testing.F)    { fuzz(f, targetSignature) }
func FuzzDiffHA(f *testing.F)           { fuzz(f, targetHA) }
func FuzzDiffPCRSelection(f *testing.F) { fuzz(f, targetPCRSelection) }
func FuzzDiffDigestValues(f *testing.F) { fuzz(f, targetDigestValues) }
