package reftpm

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		_ = shared.Close()
	}
	os.Exit(code)
}

func sharedTPM(tb testing.TB) *TPM {
	tb.Helper()
	t, err := Shared()
	if err != nil {
		tb.Fatal(err)
	}
	return t
}

// tally counts results by class, the TPM's code and tpm2wire's sentinel.
type tally struct {
	byKey       map[string]int
	byClass     map[Class]int
	unexplained []*Result
}

func newTally() *tally { return &tally{byKey: map[string]int{}, byClass: map[Class]int{}} }

func (ty *tally) add(r *Result) {
	ty.byKey[r.TallyKey()]++
	ty.byClass[r.Class]++
	if r.Class == ClassUnexplained {
		ty.unexplained = append(ty.unexplained, r)
	}
}

func (ty *tally) log(t *testing.T, what string) {
	t.Helper()
	var classes []string
	for c, n := range ty.byClass {
		classes = append(classes, fmt.Sprintf("%s=%d", c, n))
	}
	sort.Strings(classes)
	t.Logf("%s by class: %s", what, strings.Join(classes, " "))
	keys := make([]string, 0, len(ty.byKey))
	for k := range ty.byKey {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.Logf("  %7d  %s", ty.byKey[k], k)
	}
}

func (ty *tally) fail(t *testing.T) {
	t.Helper()
	for i, r := range ty.unexplained {
		if i == 20 {
			t.Errorf("... and %d more", len(ty.unexplained)-20)
			break
		}
		t.Errorf("unexplained: %v", r)
	}
}

func TestReferenceTPMAgrees(t *testing.T) {
	tpm := sharedTPM(t)
	start, cmds := time.Now(), tpm.Commands
	pubs, sigs, err := StructureSeeds()
	if err != nil {
		t.Fatal(err)
	}
	pubs = append(pubs, BuiltPublicSeeds()...)
	sigs = append(sigs, BuiltSignatureSeeds()...)
	mp, ms, err := ManifestSeeds()
	if err != nil {
		t.Fatal(err)
	}
	if mp == nil && ms == nil {
		t.Logf("testdata/corpus/manifest.json: absent, no corpus seeds")
	} else {
		t.Logf("testdata/corpus/manifest.json: %d public and %d signature seeds", len(mp), len(ms))
	}
	pubs, sigs = append(pubs, mp...), append(sigs, ms...)

	pt := newTally()
	for _, s := range pubs {
		for _, c := range PublicCandidates(s) {
			if len(c) > maxParams-8 {
				continue
			}
			r, err := tpm.ComparePublic(c)
			if err != nil {
				t.Fatalf("%s: %v", s.Name, err)
			}
			pt.add(r)
		}
	}
	pt.log(t, fmt.Sprintf("TPM2_LoadExternal, %d seeds, %v", len(pubs), time.Since(start).Round(time.Millisecond)))
	sigStart := time.Now()
	st := newTally()
	signers, verified := 0, 0
	for _, s := range sigs {
		external := s.Verifier != Builtin(kindOf(s.Verifier))
		if external {
			signers++
		}
		for i, c := range SignatureCandidates(s) {
			if len(c) > maxParams-40 {
				continue
			}
			r, err := tpm.CompareSignature(s.Verifier, c)
			if err != nil {
				t.Fatalf("%s: %v", s.Name, err)
			}
			st.add(r)
			if i == 0 && external && r.TPM == RCSuccess && r.Class == ClassAgree {
				verified++
			}
		}
	}
	st.log(t, fmt.Sprintf("TPM2_VerifySignature, %d seeds, %v", len(sigs), time.Since(sigStart).Round(time.Millisecond)))
	t.Logf("%d of %d corpus signatures checked with their signer's key verified", verified, signers)
	t.Logf("%d commands in %v, %d simulator restarts", tpm.Commands-cmds, time.Since(start).Round(time.Millisecond), tpm.Restarts)
	pt.fail(t)
	st.fail(t)
}
