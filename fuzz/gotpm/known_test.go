package gotpm

import (
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"github.com/tpm2wire/tpm2wire/algid"
	"github.com/tpm2wire/tpm2wire/tpmt"
)

// TestKnownDisagreements checks the list of disagreement classes: each has
// its reason, citation and seeds, and each seed is a real disagreement
// between the two parsers that its own class, and no other, recognises.
func TestKnownDisagreements(t *testing.T) {
	ids := map[string]bool{}
	for _, c := range classes {
		if c.ID == "" || ids[c.ID] {
			t.Errorf("class id %q is empty or repeated", c.ID)
		}
		ids[c.ID] = true
		if c.Reason == "" || c.Citation == "" || !strings.Contains(c.Citation, "Part 2") || len(c.Seeds) == 0 {
			t.Errorf("class %s needs a reason, a Part 2 citation and at least one seed", c.ID)
		}
		for i, s := range c.Seeds {
			r := s.Target.run(s.Input)
			if r.agree() {
				t.Errorf("class %s seed %d (%s, %x): the parsers agree:\n%v", c.ID, i, s.Target.name, s.Input, r)
				continue
			}
			var matched []string
			for _, d := range classes {
				if d.Match(s.Input, r.ourErr, r.theirErr) {
					matched = append(matched, d.ID)
				}
			}
			if len(matched) != 1 || matched[0] != c.ID {
				t.Errorf("class %s seed %d (%s, %s): recognised by %v, want [%s]\n%v",
					c.ID, i, s.Target.name, hex.EncodeToString(s.Input), matched, c.ID, r)
			}
		}
	}
}

// TestREADMEListsClasses keeps README.md's table in step with the classes.
func TestREADMEListsClasses(t *testing.T) {
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range classes {
		if !strings.Contains(string(readme), "| `"+c.ID+"` |") {
			t.Errorf("README.md does not list class %s", c.ID)
		}
	}
}

// TestWellFormedSeeds anchors the comparison on valid input: every value
// built with tpm2wire's encoders and every structure of the simulator
// corpus is accepted by tpm2wire, and go-tpm reads the same value from it,
// unless go-tpm lacks the union member (gotpm-missing-arm) or cannot read a
// second TPMT_HA (ha-digest-to-end). A structure layout on which the
// parsers differ shows here as a value difference.
func TestWellFormedSeeds(t *testing.T) {
	for _, tg := range allTargets {
		_, corpus := seedSets(t, tg)
		var n, missing int
		for _, b := range append(builtSeeds(tg), corpus...) {
			n++
			r := tg.run(b)
			if r.ourErr != nil {
				t.Errorf("%s: tpm2wire rejects well-formed %x: %v", tg.name, b, r.ourErr)
				continue
			}
			if r.agree() {
				continue
			}
			if c := classify(b, r); c != nil && (c.ID == "gotpm-missing-arm" || c.ID == "ha-digest-to-end") {
				missing++
				continue
			}
			t.Errorf("%s: well-formed %x:\n%v", tg.name, b, r)
		}
		t.Logf("%s: %d well-formed inputs, %d that go-tpm cannot read", tg.name, n, missing)
	}
}

// TestMissingArmEvidence checks that gotpm-missing-arm does not explain
// away a tpm2wire that accepts invalid contents in a member go-tpm lacks:
// an SM4 symcipher with 256-bit keys (SM4 has only 128), which tpm2wire
// accepted before commit 1e18d60 by checking SM4 key sizes as AES's.
func TestMissingArmEvidence(t *testing.T) {
	sm4 := func(bits uint16) []byte {
		return symPublic(tpmt.SymDefObject{KeyBits: tpmt.SymKeyBitsSM4(bits), Mode: tpmt.SymModeSM4(algid.CFB)})
	}
	good, bad := sm4(128), sm4(256)
	_, theirGood := targetPublic.runTheirs(good)
	_, theirBad := targetPublic.runTheirs(bad)
	if theirGood == nil || theirBad == nil {
		t.Fatalf("go-tpm read an SM4 symcipher: %v, %v", theirGood, theirBad)
	}
	if !matchMissingArm(good, nil, theirGood) {
		t.Errorf("SM4-128 symcipher %x: not recognised as gotpm-missing-arm", good)
	}
	// As if tpm2wire had accepted it.
	if matchMissingArm(bad, nil, theirBad) {
		t.Errorf("SM4-256 symcipher %x: recognised as gotpm-missing-arm", bad)
	}
	if _, err := tpmt.ParsePublic(bad); err == nil {
		t.Errorf("tpm2wire accepts SM4-256 symcipher %x", bad)
	}
}
