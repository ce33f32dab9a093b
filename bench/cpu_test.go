package bench

import (
	"testing"
	"time"
)

// cpuMeter adds the metric cpu-ns/op to a b.Loop benchmark: the CPU time the
// whole process used (the benchmark goroutine, the garbage collector, the
// runtime) divided by the iterations. On a shared machine, wall time also
// counts the time the process waited for a core while other jobs ran; CPU
// time does not, so the ratios between implementations stay meaningful when
// the load changes between their runs.
type cpuMeter struct {
	start time.Duration
	ok    bool
}

// startCPU is called just before "for b.Loop()".
func startCPU() cpuMeter {
	t, ok := processCPU()
	return cpuMeter{t, ok}
}

// report is called after the loop, when b.N is the number of iterations.
func (m cpuMeter) report(b *testing.B) {
	end, ok := processCPU()
	if !ok || !m.ok || b.N <= 0 {
		return
	}
	b.ReportMetric(float64(end-m.start)/float64(b.N), "cpu-ns/op")
}
