package gotpm

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// mutations returns b's systematic variants: every strict prefix, every
// single byte set to 0x00, to 0xFF and incremented by one, and every single
// bit flipped in the first 64 bytes.
func mutations(b []byte) [][]byte {
	var out [][]byte
	for n := range len(b) {
		out = append(out, b[:n:n])
	}
	for i := range b {
		for _, v := range []byte{0x00, 0xff, b[i] + 1} {
			if v == b[i] {
				continue
			}
			m := append([]byte(nil), b...)
			m[i] = v
			out = append(out, m)
		}
	}
	for i := range min(len(b), 64) {
		for bit := range 8 {
			m := append([]byte(nil), b...)
			m[i] ^= 1 << bit
			out = append(out, m)
		}
	}
	return out
}

// TestDifferentialCorpus runs every seed and every mutation of it through
// both parsers and fails on any disagreement that no class explains. With
// -short, the simulator corpus's entries are compared as they are, without
// their mutations (which are most of the minute the full test takes).
func TestDifferentialCorpus(t *testing.T) {
	for _, tg := range allTargets {
		t.Run(strings.ReplaceAll(tg.name, "+", "_null"), func(t *testing.T) {
			t.Parallel()
			own, corpus := seedSets(t, tg)
			seeds := append(own, corpus...)
			var inputs, agreed, unexplained int
			perClass := map[string]int{}
			for i, s := range seeds {
				variants := [][]byte{s}
				if i < len(own) || !testing.Short() {
					variants = append(variants, mutations(s)...)
				}
				for _, b := range variants {
					inputs++
					id, err := tg.check(b)
					switch {
					case err != nil:
						unexplained++
						if unexplained <= 20 {
							t.Error(err)
						}
					case id == "":
						agreed++
					default:
						perClass[id]++
					}
				}
			}
			t.Logf("%s: %d seeds (%d from the simulator corpus), %d inputs, %d agreements, %d explained disagreements, %d unexplained",
				tg.name, len(seeds), len(corpus), inputs, agreed, inputs-agreed-unexplained, unexplained)
			t.Log(formatCounts(perClass))
		})
	}
}

func formatCounts(m map[string]int) string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var sb strings.Builder
	sb.WriteString("per class:")
	if len(ids) == 0 {
		sb.WriteString(" none")
	}
	for _, id := range ids {
		fmt.Fprintf(&sb, " %s=%d", id, m[id])
	}
	return sb.String()
}
