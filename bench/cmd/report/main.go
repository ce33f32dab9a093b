// Command report turns the output of the bench module's benchmarks (go test
// -bench ... -benchmem -count N, raw text) into BENCHMARKS.md: the medians of
// every benchmark, the ratios between the implementations and whether the
// project's stated targets are met.
//
//	go run ./cmd/report -raw results.txt [-benchstat benchstat.txt] [-machine machine.txt] [-cmd "..."] > ../BENCHMARKS.md
//
// Benchmark names have the form Benchmark<Group>/<case>/<key>=<value>, as
// BenchmarkParse/attest-certify/impl=tpm2wire.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// The project's targets.
const (
	targetParseVsGoTPM  = 200.0 // tpm2wire parse at least this many times faster than tpm2.Unmarshal
	targetParseVsLegacy = 30.0  // ... and than the legacy decoders
	targetVerifyTime    = 0.35  // full verification at most this fraction of go-webauthn's time
	targetVerifyAllocs  = 0.2   // ... and of its allocations
)

type bench struct {
	name        string    // full name without the -GOMAXPROCS suffix
	group, kase string    // "Parse", "attest-certify"
	key, value  string    // "impl", "tpm2wire"
	ns, cpu     []float64 // ns/op (wall time) and cpu-ns/op (process CPU time)
	by, alloc   []float64
	procs       string
}

func median(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// NS, Bytes and Allocs are the medians of ns/op, B/op and allocs/op; NaN for
// a benchmark that did not run (b nil).
func (b *bench) NS() float64 {
	if b == nil {
		return math.NaN()
	}
	return median(b.ns)
}

func (b *bench) CPU() float64 {
	if b == nil {
		return math.NaN()
	}
	return median(b.cpu)
}

// MinCPU is the fastest run's cpu-ns/op: other jobs on the machine can only
// add time, so the fastest run is the least disturbed one.
func (b *bench) MinCPU() float64 {
	if b == nil || len(b.cpu) == 0 {
		return math.NaN()
	}
	return slices.Min(b.cpu)
}

func (b *bench) Bytes() float64 {
	if b == nil {
		return math.NaN()
	}
	return median(b.by)
}

func (b *bench) Allocs() float64 {
	if b == nil {
		return math.NaN()
	}
	return median(b.alloc)
}

// maxAllocs is the largest allocs/op of any run.
func (b *bench) maxAllocs() float64 {
	if b == nil || len(b.alloc) == 0 {
		return math.NaN()
	}
	return slices.Max(b.alloc)
}

type results struct {
	order  []*bench
	byName map[string]*bench
	header []string // goos, goarch, pkg, cpu lines
}

func (r *results) get(group, kase, kv string) *bench {
	return r.byName["Benchmark"+group+"/"+kase+"/"+kv]
}

// cases lists the cases of a group in the order they ran.
func (r *results) cases(group string) []string {
	var out []string
	for _, b := range r.order {
		if b.group == group && !slices.Contains(out, b.kase) {
			out = append(out, b.kase)
		}
	}
	return out
}

// values lists the key=value members of one case in the order they ran.
func (r *results) values(group, kase string) []*bench {
	var out []*bench
	for _, b := range r.order {
		if b.group == group && b.kase == kase {
			out = append(out, b)
		}
	}
	return out
}

var procsSuffix = regexp.MustCompile(`-(\d+)$`)

func parse(in io.Reader) (*results, error) {
	r := &results{byName: map[string]*bench{}}
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		for _, h := range []string{"goos:", "goarch:", "cpu:", "pkg:"} {
			if strings.HasPrefix(line, h) && !slices.Contains(r.header, line) {
				r.header = append(r.header, line)
			}
		}
		f := strings.Fields(line)
		if len(f) < 4 || !strings.HasPrefix(f[0], "Benchmark") {
			continue
		}
		if _, err := strconv.Atoi(f[1]); err != nil {
			continue // not a result line
		}
		name, procs := f[0], ""
		if m := procsSuffix.FindStringSubmatch(name); m != nil {
			name, procs = strings.TrimSuffix(name, m[0]), m[1]
		}
		b := r.byName[name]
		if b == nil {
			b = &bench{name: name, procs: procs}
			parts := strings.Split(strings.TrimPrefix(name, "Benchmark"), "/")
			b.group = parts[0]
			if len(parts) >= 3 {
				b.kase = strings.Join(parts[1:len(parts)-1], "/")
				b.key, b.value, _ = strings.Cut(parts[len(parts)-1], "=")
			} else if len(parts) == 2 {
				b.kase = parts[1]
			}
			r.byName[name] = b
			r.order = append(r.order, b)
		}
		for i := 2; i+1 < len(f); i += 2 {
			v, err := strconv.ParseFloat(f[i], 64)
			if err != nil {
				return nil, fmt.Errorf("%q: %v", line, err)
			}
			switch f[i+1] {
			case "ns/op":
				b.ns = append(b.ns, v)
			case "cpu-ns/op":
				b.cpu = append(b.cpu, v)
			case "B/op":
				b.by = append(b.by, v)
			case "allocs/op":
				b.alloc = append(b.alloc, v)
			}
		}
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(r.order) == 0 {
		return nil, fmt.Errorf("no benchmark results")
	}
	return r, nil
}

// --- formatting ---

func fnum(x float64) string {
	switch {
	case math.IsNaN(x):
		return "n/a"
	case x == math.Trunc(x) && math.Abs(x) < 1e15:
		return groupDigits(strconv.FormatFloat(x, 'f', 0, 64))
	case x >= 100:
		return groupDigits(strconv.FormatFloat(x, 'f', 0, 64))
	default:
		return strconv.FormatFloat(x, 'f', 1, 64)
	}
}

func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var out []byte
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}

// ftime renders nanoseconds with a unit.
func ftime(ns float64) string {
	switch {
	case math.IsNaN(ns):
		return "n/a"
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs", ns/1e3)
	default:
		return fmt.Sprintf("%.0f ns", ns)
	}
}

// speedup renders how many times slower other is than base ("245x").
func speedup(other, base float64) string {
	if math.IsNaN(other) || math.IsNaN(base) || base == 0 {
		return "n/a"
	}
	r := other / base
	if r >= 10 {
		return fmt.Sprintf("%.0fx", r)
	}
	return fmt.Sprintf("%.2fx", r)
}

// fraction renders a/b as "0.31x".
func fraction(a, b float64) string {
	if math.IsNaN(a) || math.IsNaN(b) || b == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.3fx", a/b)
}

// metric is a time per operation: the wall time go test reports (ns/op) or
// the process CPU time the benchmarks add (cpu-ns/op).
type metric struct {
	name string
	get  func(*bench) float64
}

var (
	wall   = metric{"wall time", (*bench).NS}
	cpu    = metric{"CPU time", (*bench).CPU}
	cpuMin = metric{"CPU time, fastest run", (*bench).MinCPU}
)

func verdict(met bool, ok bool) string {
	switch {
	case !ok:
		return "not evaluated"
	case met:
		return "**met**"
	default:
		return "**missed**"
	}
}

// --- the document ---

type report struct {
	w       io.Writer
	r       *results
	metrics []metric // wall, and cpu if the run has it
	targets []metric // the metrics the targets are judged in: metrics, and cpuMin
	floor   metric   // the metric of the floor analysis: cpu if present
	err     error
}

func (p *report) f(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format, args...)
	}
}

func main() {
	raw := flag.String("raw", "", "raw `go test -bench` output (required)")
	bs := flag.String("benchstat", "", "benchstat output to include verbatim")
	machine := flag.String("machine", "", "file of lines describing the machine and the run")
	cmd := flag.String("cmd", "", "the command that produced -raw")
	flag.Parse()
	if *raw == "" {
		flag.Usage()
		os.Exit(2)
	}
	in, err := os.Open(*raw)
	if err != nil {
		fatal(err)
	}
	r, err := parse(in)
	in.Close()
	if err != nil {
		fatal(err)
	}
	var machineLines []string
	if *machine != "" {
		b, err := os.ReadFile(*machine)
		if err != nil {
			fatal(err)
		}
		machineLines = strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	var benchstat string
	if *bs != "" {
		b, err := os.ReadFile(*bs)
		if err != nil {
			fatal(err)
		}
		benchstat = string(b)
	}
	out := bufio.NewWriter(os.Stdout)
	p := &report{w: out, r: r, metrics: []metric{wall}, targets: []metric{wall}, floor: wall}
	if slices.ContainsFunc(r.order, func(b *bench) bool { return len(b.cpu) > 0 }) {
		p.metrics, p.targets, p.floor = []metric{wall, cpu}, []metric{wall, cpu, cpuMin}, cpu
	}
	p.document(*cmd, machineLines, benchstat)
	if p.err == nil {
		p.err = out.Flush()
	}
	if p.err != nil {
		fatal(p.err)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "report:", err)
	os.Exit(1)
}

func (p *report) document(cmd string, machine []string, benchstat string) {
	p.f("# Benchmarks\n\n")
	p.f("Generated by `bench/run.sh`; every table below is computed by `bench/cmd/report` from the raw `go test` output, not by hand. ")
	p.f("tpm2wire against github.com/google/go-tpm v0.9.8 (`tpm2.Unmarshal`, the reflection-based decoder, ")
	p.f("and `legacy/tpm2`, the hand-written decoders) and github.com/go-webauthn/webauthn v0.18.2 ")
	p.f("(its stock `tpm` attestation handler), on the same blobs. `bench/agree_test.go` proves that the ")
	p.f("parsers read the same values from each blob and that every Name computation gives the same bytes, ")
	p.f("and each benchmark checks before timing that its implementation accepts its input.\n\n")
	p.f("```sh\n%s\n```\n\n", cmd)
	p.f("**Machine.** 2 shared cores; other jobs (such as a fuzzing campaign) may have been running, so ")
	p.f("absolute times are noisy: compare the ratios between implementations, not the absolute times. ")
	p.f("Every number is the median of the runs (`-count`). ")
	if len(p.metrics) > 1 {
		p.f("Besides go test's wall time (ns/op), each benchmark reports the CPU time the process used per operation ")
		p.f("(cpu-ns/op, from getrusage: the benchmark, the garbage collector and the runtime). Wall time also counts the time ")
		p.f("the process waited for a core while other jobs ran, and the load changes between the runs of two implementations; ")
		p.f("CPU time does not count that wait, so its ratios are the steadier ones on a loaded machine. Ratios are given for both.")
	}
	p.f("\n\n")
	for _, l := range append(slices.Clone(p.r.header), machine...) {
		p.f("- %s\n", strings.TrimSpace(l))
	}
	p.f("\n")
	p.summary()
	p.parseSection()
	p.nameSection()
	p.verifySection()
	p.floorSection()
	p.parallelSection()
	p.mediansSection()
	if benchstat != "" {
		p.f("## benchstat\n\nbenchstat on the same run: one table per group with `-col /impl` (columns are implementations; the first, tpm2wire, is the base), then the floors. ± is the 95%% confidence interval of the median.\n\n")
		p.f("```\n%s\n```\n", strings.TrimRight(benchstat, "\n"))
	}
}

// timeCells renders one time per metric: "341 ns · 85 ns".
func (p *report) timeCells(b *bench) string {
	var cells []string
	for _, m := range p.metrics {
		cells = append(cells, ftime(m.get(b)))
	}
	return strings.Join(cells, " · ")
}

// ratioCells renders other/base per metric with render: "172x · 190x".
func (p *report) ratioCells(other, base *bench, render func(a, b float64) string) string {
	var cells []string
	for _, m := range p.metrics {
		cells = append(cells, render(m.get(other), m.get(base)))
	}
	return strings.Join(cells, " · ")
}

func (p *report) metricNames() string {
	var names []string
	for _, m := range p.metrics {
		names = append(names, m.name)
	}
	return strings.Join(names, " · ")
}

// --- targets ---

func (p *report) summary() {
	p.f("## Targets\n\n")
	p.f("| target |")
	for _, m := range p.targets {
		p.f(" %s | verdict |", m.name)
	}
	p.f("\n|---|")
	for range p.targets {
		p.f("---|---|")
	}
	p.f("\n")

	// Allocations do not depend on the metric.
	var allocating []string
	parses := p.r.cases("Parse")
	for _, k := range parses {
		if a := p.r.get("Parse", k, "impl=tpm2wire").maxAllocs(); a != 0 {
			allocating = append(allocating, fmt.Sprintf("%s (%s)", k, fnum(a)))
		}
	}
	if len(parses) > 0 {
		res := "0 allocs/op in every run of every blob"
		if len(allocating) > 0 {
			res = "allocating: " + strings.Join(allocating, ", ")
		}
		p.f("| tpm2wire parses allocate nothing |")
		for range p.targets {
			p.f(" %s | %s |", res, verdict(len(allocating) == 0, true))
		}
		p.f("\n")
	}
	for _, t := range []struct {
		what   string
		impl   string
		target float64
	}{
		{"`tpm2.Unmarshal`", "gotpm", targetParseVsGoTPM},
		{"the legacy decoders", "legacy", targetParseVsLegacy},
	} {
		if len(parses) == 0 {
			break
		}
		p.f("| tpm2wire parse >= %.0fx faster than %s |", t.target, t.what)
		for _, m := range p.targets {
			slowest, ok := math.Inf(1), true
			var below []string
			for _, k := range parses {
				r := m.get(p.r.get("Parse", k, "impl="+t.impl)) / m.get(p.r.get("Parse", k, "impl=tpm2wire"))
				if math.IsNaN(r) {
					ok = false
					continue
				}
				slowest = math.Min(slowest, r)
				if r < t.target {
					below = append(below, fmt.Sprintf("%s %s", k, speedup(r, 1)))
				}
			}
			res := "smallest ratio " + speedup(slowest, 1)
			if len(below) > 0 {
				res += "; below: " + strings.Join(below, ", ")
			}
			p.f(" %s | %s |", res, verdict(len(below) == 0, ok))
		}
		p.f("\n")
	}
	accepting := p.verifyAccepting()
	for _, v := range accepting {
		g := p.r.get("Verify", v, "impl=gowebauthn")
		for _, impl := range []string{"tpm2wire", "tpm2wire-noroots"} {
			w := p.r.get("Verify", v, "impl="+impl)
			what := "with the chain to the Microsoft root (more work: go-webauthn builds no chain)"
			if impl == "tpm2wire-noroots" {
				what = "without the chain (the same work as go-webauthn)"
			}
			p.f("| full verification of %s, `%s` %s: time <= %.2fx go-webauthn's |", v, impl, what, targetVerifyTime)
			for _, m := range p.targets {
				r := m.get(w) / m.get(g)
				p.f(" %s | %s |", fraction(m.get(w), m.get(g)), verdict(r <= targetVerifyTime, !math.IsNaN(r)))
			}
			p.f("\n| full verification of %s, `%s` %s: allocations <= %.2fx go-webauthn's |", v, impl, what, targetVerifyAllocs)
			r := w.Allocs() / g.Allocs()
			for range p.targets {
				p.f(" %s (%s vs %s allocs/op) | %s |", fraction(w.Allocs(), g.Allocs()), fnum(w.Allocs()), fnum(g.Allocs()), verdict(r <= targetVerifyAllocs, !math.IsNaN(r)))
			}
			p.f("\n")
		}
	}
	if len(accepting) == 0 {
		p.f("| full verification vs go-webauthn |")
		for range p.targets {
			p.f(" go-webauthn accepted no vector in this run (it checks the AIK against the wall clock) | not evaluated |")
		}
		p.f("\n")
	}
	p.f("\n")
	if len(p.targets) > 1 {
		p.f("Each time is the median of the runs, except in the last column, which compares the fastest run of each implementation: ")
		p.f("other jobs can only add time, so the fastest run is the least disturbed. Where the verdicts of the columns differ, ")
		p.f("the result is within this machine's noise and needs a quiet machine to settle.\n\n")
	}
}

// verifyAccepting lists the Verify cases in which go-webauthn accepted.
func (p *report) verifyAccepting() []string {
	var out []string
	for _, k := range p.r.cases("Verify") {
		if p.r.get("Verify", k, "impl=gowebauthn") != nil && p.r.get("Verify", k, "impl=tpm2wire") != nil {
			out = append(out, k)
		}
	}
	return out
}

// --- sections ---

func (p *report) parseSection() {
	cases := p.r.cases("Parse")
	if len(cases) == 0 {
		return
	}
	p.f("## Parsing\n\n")
	p.f("`tpms.ParseAttest` / `tpmt.ParsePublic` / `tpmt.ParseSignature` against `tpm2.Unmarshal[T]` ")
	p.f("(go-tpm) and `DecodeAttestationData` / `DecodePublic` / `DecodeSignature` (go-tpm legacy). ")
	p.f("Blobs: certInfo and pubArea of real Windows Hello attestations (Intel PTT, RSA-2048; Nuvoton, ECC P-256), ")
	p.f("a TPM2_Quote and two TPMT_SIGNATUREs (RSASSA, ECDSA) of the reference TPM (`testdata/corpus`). ")
	p.f("Times and ratios are given as %s.\n\n", p.metricNames())
	p.f("| blob | tpm2wire | tpm2.Unmarshal | legacy | tpm2.Unmarshal / tpm2wire | legacy / tpm2wire | allocs/op tpm2wire / Unmarshal / legacy | B/op tpm2wire / Unmarshal / legacy |\n")
	p.f("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, k := range cases {
		w, g, l := p.r.get("Parse", k, "impl=tpm2wire"), p.r.get("Parse", k, "impl=gotpm"), p.r.get("Parse", k, "impl=legacy")
		p.f("| %s | %s | %s | %s | %s | %s | %s / %s / %s | %s / %s / %s |\n", k,
			p.timeCells(w), p.timeCells(g), p.timeCells(l),
			p.ratioCells(g, w, speedup), p.ratioCells(l, w, speedup),
			fnum(w.Allocs()), fnum(g.Allocs()), fnum(l.Allocs()),
			fnum(w.Bytes()), fnum(g.Bytes()), fnum(l.Bytes()))
	}
	p.f("\n")
}

func (p *report) nameSection() {
	cases := p.r.cases("Name")
	if len(cases) == 0 {
		return
	}
	p.f("## Name computation\n\n")
	p.f("The Name (nameAlg || H(pubArea)) of an already parsed pubArea: tpm2wire `(*tpmt.Public).Name()` and ")
	p.f("`AppendName(dst)` hash the bytes received; `tpm2.ObjectName` and legacy `Public.Name()` re-encode the ")
	p.f("structure first. All four give the same bytes, the Name certInfo certifies (checked before timing). ")
	p.f("Times and ratios are given as %s.\n\n", p.metricNames())
	p.f("| pubArea | Name() | AppendName | tpm2.ObjectName | legacy Name() | ObjectName / AppendName | legacy / AppendName | allocs/op Name / AppendName / ObjectName / legacy |\n")
	p.f("|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, k := range cases {
		n, a := p.r.get("Name", k, "impl=tpm2wire"), p.r.get("Name", k, "impl=tpm2wire-append")
		g, l := p.r.get("Name", k, "impl=gotpm"), p.r.get("Name", k, "impl=legacy")
		p.f("| %s | %s | %s | %s | %s | %s | %s | %s / %s / %s / %s |\n", k,
			p.timeCells(n), p.timeCells(a), p.timeCells(g), p.timeCells(l),
			p.ratioCells(g, a, speedup), p.ratioCells(l, a, speedup),
			fnum(n.Allocs()), fnum(a.Allocs()), fnum(g.Allocs()), fnum(l.Allocs()))
	}
	p.f("\n")
}

func (p *report) verifySection() {
	cases := p.r.cases("Verify")
	if len(cases) == 0 {
		return
	}
	p.f("## Full WebAuthn TPM verification\n\n")
	p.f("From the attestation object's bytes and the client data hash to the verdict. tpm2wire: ")
	p.f("`webauthntpm.VerifyAttestationObject` with `Options{Now, Roots: MicrosoftTPMRoots()}` (`tpm2wire`) and ")
	p.f("without Roots (`tpm2wire-noroots`). go-webauthn: `webauthncbor.Unmarshal` into a `protocol.AttestationObject`, ")
	p.f("`AuthData.Unmarshal`, then `VerifyAttestation` with no metadata provider, which runs its registered `tpm` handler. ")
	p.f("That handler builds no certificate chain, so `tpm2wire-noroots` is the equal-work comparison.\n\n")
	p.f("go-webauthn's handler checks the AIK certificate against `time.Now()` and its exported API offers no way to ")
	p.f("give it another time. The Intel vector's AIK expired on 2025-03-21, so go-webauthn rejects it ")
	p.f("(\"AIK certificate is either no longer valid or not yet valid\"); `gowebauthn-expired` times that rejection, ")
	p.f("which comes after its CBOR, pubArea, certInfo and certificate decoding and the signature check but before ")
	p.f("the SAN, EKU and basic-constraints checks and the Name: a lower bound of its cost. The Nuvoton ECC vector's ")
	p.f("AIK is valid until 2027-06-10, and go-webauthn accepts it (`gowebauthn`); after that date the benchmark ")
	p.f("reports it as expired too. tpm2wire verifies the Intel vector at 2021-01-01T00:00:00Z and the Nuvoton one at 2024-01-01T00:00:00Z.\n\n")
	p.f("Times and ratios are given as %s.\n\n", p.metricNames())
	p.f("| vector | implementation | time/op | B/op | allocs/op | time vs go-webauthn | allocs vs go-webauthn |\n")
	p.f("|---|---|---:|---:|---:|---:|---:|\n")
	for _, k := range cases {
		var g *bench
		for _, b := range p.r.values("Verify", k) {
			if strings.HasPrefix(b.value, "gowebauthn") {
				g = b
			}
		}
		for _, b := range p.r.values("Verify", k) {
			t, a := "", ""
			if g != nil && b != g {
				t, a = p.ratioCells(b, g, fraction), fraction(b.Allocs(), g.Allocs())
				if g.value != "gowebauthn" {
					t, a = t+" (of a lower bound)", a+" (of a lower bound)"
				}
			}
			p.f("| %s | %s | %s | %s | %s | %s | %s |\n", k, b.value, p.timeCells(b), fnum(b.Bytes()), fnum(b.Allocs()), t, a)
		}
	}
	p.f("\n")
}

func (p *report) floorSection() {
	cases := p.r.cases("VerifyFloor")
	if len(cases) == 0 {
		return
	}
	p.f("## What verification cannot avoid\n\n")
	p.f("The cryptography and X.509 parsing that any verifier of the Intel vector does, timed alone with the standard library: ")
	p.f("the RS1 signature over certInfo with the AIK key, `x509.ParseCertificate` of the AIK certificate and, for the chain, ")
	p.f("of the intermediate and the two certificate signatures (`CheckSignatureFrom`; the intermediate and the Microsoft root have RSA-4096 keys, ")
	p.f("and a CPU profile puts about a third of each such check in crypto/rsa recomputing the key's Montgomery constants, ")
	p.f("which it does on every verification, and the rest in the modular exponentiation). Times are given as %s.\n\n", p.metricNames())
	p.f("| operation | time/op | B/op | allocs/op |\n|---|---:|---:|---:|\n")
	for _, k := range cases {
		for _, b := range p.r.values("VerifyFloor", k) {
			p.f("| %s: %s | %s | %s | %s |\n", k, b.value, p.timeCells(b), fnum(b.Bytes()), fnum(b.Allocs()))
		}
	}
	m := p.floor
	p.f("\nIn %s:\n\n", m.name)
	for _, k := range cases {
		get := func(op string) *bench { return p.r.get("VerifyFloor", k, "op="+op) }
		sig, aik := get("rsa2048-pkcs1v15-sha1-verify"), get("x509-parse-aik")
		inter, s1, s2 := get("x509-parse-intermediate"), get("rsa4096-checksig-aik-by-intermediate"), get("rsa4096-checksig-intermediate-by-root")
		base := m.get(sig) + m.get(aik)
		chain := base + m.get(inter) + m.get(s1) + m.get(s2)
		noRoots, roots := p.r.get("Verify", k, "impl=tpm2wire-noroots"), p.r.get("Verify", k, "impl=tpm2wire")
		p.f("- %s without the chain: signature + AIK parse = %s; tpm2wire-noroots takes %s, so %s of it is this floor ",
			k, ftime(base), ftime(m.get(noRoots)), percent(base, m.get(noRoots)))
		p.f("and %s is everything else (CBOR, authenticator data, COSE key, TPM structures, SAN/EKU/AAGUID checks, Name).\n", ftime(m.get(noRoots)-base))
		p.f("- %s with the chain: the floor adds the intermediate's parse and two certificate signatures, %s in all; tpm2wire takes %s (%s of it is the floor",
			k, ftime(chain), ftime(m.get(roots)), percent(chain, m.get(roots)))
		if chain >= 0.95*m.get(roots) {
			p.f(": the floor timed piece by piece is not below the whole, so within this machine's noise the verification with the chain is all floor, two RSA-4096 verifications above all).\n")
		} else {
			p.f("; the rest is `x509.Certificate.Verify`'s chain building and the checks above).\n")
		}
		baseAllocs := sig.Allocs() + aik.Allocs()
		chainAllocs := baseAllocs + inter.Allocs() + s1.Allocs() + s2.Allocs()
		p.f("- allocations: the floor is %s allocs/op without the chain (tpm2wire-noroots: %s) and %s with it (tpm2wire: %s).\n",
			fnum(baseAllocs), fnum(noRoots.Allocs()), fnum(chainAllocs), fnum(roots.Allocs()))
		for _, v := range p.verifyAccepting() {
			g := p.r.get("Verify", v, "impl=gowebauthn")
			p.f("- against go-webauthn's whole chainless verification of %s (%s, %s allocs/op), the chain floor alone is %s of its time and %s of its allocations: ",
				v, ftime(m.get(g)), fnum(g.Allocs()), fraction(chain, m.get(g)), fraction(chainAllocs, g.Allocs()))
			switch t, a := chain/m.get(g), chainAllocs/g.Allocs(); {
			case math.IsNaN(t) || math.IsNaN(a):
				p.f("not evaluated.\n")
			case t > targetVerifyTime || a > targetVerifyAllocs:
				p.f("above the targets (%.2fx time, %.2fx allocations), so no verifier that checks this chain with crypto/x509 on every call can meet them against one that checks none.\n",
					targetVerifyTime, targetVerifyAllocs)
			default:
				p.f("within the targets, so the floor does not rule them out.\n")
			}
		}
	}
	p.f("\n")
}

func percent(part, whole float64) string {
	if math.IsNaN(part) || math.IsNaN(whole) || whole == 0 {
		return "n/a"
	}
	return fmt.Sprintf("%.0f%%", 100*part/whole)
}

func (p *report) parallelSection() {
	cases := p.r.cases("VerifyParallel")
	if len(cases) == 0 {
		return
	}
	p.f("## Throughput across cores\n\n")
	p.f("`b.RunParallel` runs GOMAXPROCS goroutines verifying at once (`VerifyAttestationObject` is safe for concurrent use); ")
	p.f("its ns/op is wall time divided by all verifications, so throughput is 1e9 / ns/op. The serial times are the same ")
	p.f("implementation's in BenchmarkVerify. With GOMAXPROCS cores to itself, the parallel time/op would approach ")
	p.f("the serial CPU time divided by GOMAXPROCS (the last column); on a machine whose cores other jobs are using, ")
	p.f("there is no idle core to gain.\n\n")
	p.f("| vector | implementation | GOMAXPROCS | serial wall time/op | parallel wall time/op | verifications/s | speedup over serial wall | serial CPU time / GOMAXPROCS |\n")
	p.f("|---|---|---:|---:|---:|---:|---:|---:|\n")
	for _, k := range cases {
		for _, b := range p.r.values("VerifyParallel", k) {
			serial := p.r.get("Verify", k, b.key+"="+b.value)
			procs, _ := strconv.ParseFloat(b.procs, 64)
			p.f("| %s | %s | %s | %s | %s | %s | %s | %s |\n", k, b.value, b.procs, ftime(serial.NS()), ftime(b.NS()),
				fnum(math.Round(1e9/b.NS())), speedup(serial.NS(), b.NS()), ftime(serial.CPU()/procs))
		}
	}
	p.f("\n")
}

func (p *report) mediansSection() {
	p.f("## All medians\n\n| benchmark | runs | ns/op | cpu-ns/op | B/op | allocs/op |\n|---|---:|---:|---:|---:|---:|\n")
	for _, b := range p.r.order {
		p.f("| %s | %d | %s | %s | %s | %s |\n", strings.TrimPrefix(b.name, "Benchmark"), len(b.ns),
			fnum(b.NS()), fnum(b.CPU()), fnum(b.Bytes()), fnum(b.Allocs()))
	}
	p.f("\n")
}
