package gotpm

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// TestFuzzCacheClasses tallies the disagreement classes over the inputs
// that `go test -fuzz` kept in the build cache (the fuzzer's generated
// corpus) and in testdata/fuzz. It runs only when GOTPM_FUZZCACHE is set:
//
//	GOTPM_FUZZCACHE=1 go test -run TestFuzzCacheClasses -v
//
// With GOTPM_FUZZCACHE=keep it also writes, for each target and class, the
// shortest generated input of that class to testdata/fuzz/<FuzzName>/, where
// plain `go test` runs it from then on.
func TestFuzzCacheClasses(t *testing.T) {
	mode := os.Getenv("GOTPM_FUZZCACHE")
	if mode == "" {
		t.Skip("set GOTPM_FUZZCACHE=1 (or keep) to tally the fuzzer's corpus")
	}
	out, err := exec.Command("go", "env", "GOCACHE").Output()
	if err != nil {
		t.Fatal(err)
	}
	cache := filepath.Join(strings.TrimSpace(string(out)), "fuzz", "github.com", "tpm2wire", "tpm2wire", "fuzz", "gotpm")
	for _, tg := range allTargets {
		var inputs, agreed int
		perClass := map[string]int{}
		shortest := map[string][]byte{}
		for _, dir := range []string{filepath.Join(cache, tg.fuzz), filepath.Join("testdata", "fuzz", tg.fuzz)} {
			files, _ := filepath.Glob(filepath.Join(dir, "*"))
			for _, f := range files {
				b, err := readFuzzFile(f)
				if err != nil {
					t.Fatalf("%s: %v", f, err)
				}
				inputs++
				id, err := tg.check(b)
				switch {
				case err != nil:
					t.Errorf("%s: %v", f, err)
				case id == "":
					agreed++
				default:
					perClass[id]++
					if s, ok := shortest[id]; !ok || len(b) < len(s) {
						shortest[id] = b
					}
				}
			}
		}
		t.Logf("%s: %d inputs, %d agreements; %s", tg.fuzz, inputs, agreed, formatCounts(perClass))
		if mode != "keep" {
			continue
		}
		ids := make([]string, 0, len(shortest))
		for id := range shortest {
			ids = append(ids, id)
		}
		sort.Strings(ids)
		for _, id := range ids {
			dir := filepath.Join("testdata", "fuzz", tg.fuzz)
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "class-"+id), fuzzFile(shortest[id]), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// readFuzzFile reads a corpus file of go test -fuzz ("go test fuzz v1",
// then one []byte value).
func readFuzzFile(name string) ([]byte, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		return nil, errors.New("not a one-value go test fuzz v1 file")
	}
	v, ok := strings.CutPrefix(lines[1], "[]byte(")
	v, ok2 := strings.CutSuffix(v, ")")
	if !ok || !ok2 {
		return nil, errors.New("not a []byte value")
	}
	s, err := strconv.Unquote(v)
	return []byte(s), err
}

func fuzzFile(b []byte) []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "go test fuzz v1\n[]byte(%q)\n", b)
	return buf.Bytes()
}
