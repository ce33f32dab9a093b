// Command specgen generates the tpm2wire parser packages from the
// transcription of TPM 2.0 Part 2 in gen/.
//
// Usage, from the module root:
//
//	go run ./tools/specgen          # rewrite the generated files
//	go run ./tools/specgen -check   # exit 1 if a generated file is stale
//
// `go generate ./...` runs the first form.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

func main() {
	root := flag.String("root", ".", "module root")
	checkOnly := flag.Bool("check", false, "report stale generated files instead of writing them")
	flag.Parse()
	files, err := generateDir(filepath.Join(*root, "gen"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "specgen:", err)
		os.Exit(1)
	}
	stale := false
	for _, name := range sortedKeys(files) {
		path := filepath.Join(*root, filepath.FromSlash(name))
		old, _ := os.ReadFile(path)
		if bytes.Equal(old, files[name]) {
			continue
		}
		if *checkOnly {
			fmt.Fprintf(os.Stderr, "specgen: %s is stale; run go generate ./...\n", name)
			stale = true
			continue
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			fmt.Fprintln(os.Stderr, "specgen:", err)
			os.Exit(1)
		}
		if err := os.WriteFile(path, files[name], 0o644); err != nil {
			fmt.Fprintln(os.Stderr, "specgen:", err)
			os.Exit(1)
		}
	}
	if stale {
		os.Exit(1)
	}
}

// generateDir reads every *.tpm file of dir (in name order) and dir/golang.map
// and returns the generated files by module-relative path.
func generateDir(dir string) (map[string][]byte, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.tpm"))
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	inputs := map[string][]byte{}
	for _, n := range append(names, filepath.Join(dir, "golang.map")) {
		b, err := os.ReadFile(n)
		if err != nil {
			return nil, err
		}
		inputs[filepath.ToSlash(filepath.Join("gen", filepath.Base(n)))] = b
	}
	return generateFrom(inputs)
}

// generateFrom runs the generator on in-memory inputs: *.tpm files (taken in
// name order) and exactly one *.map file.
func generateFrom(inputs map[string][]byte) (map[string][]byte, error) {
	var blocks []*block
	var ds []directive
	maps := 0
	for _, name := range sortedKeys(inputs) {
		switch {
		case strings.HasSuffix(name, ".tpm"):
			bs, err := readBlocks(name, bytes.NewReader(inputs[name]))
			if err != nil {
				return nil, err
			}
			blocks = append(blocks, bs...)
		case strings.HasSuffix(name, ".map"):
			maps++
			d, err := readMap(name, bytes.NewReader(inputs[name]))
			if err != nil {
				return nil, err
			}
			ds = d
		default:
			return nil, fmt.Errorf("%s: unknown input kind", name)
		}
	}
	if maps != 1 {
		return nil, fmt.Errorf("want exactly one .map input, have %d", maps)
	}
	s, err := build(blocks)
	if err != nil {
		return nil, err
	}
	if err := s.link(ds); err != nil {
		return nil, err
	}
	return s.generate()
}
