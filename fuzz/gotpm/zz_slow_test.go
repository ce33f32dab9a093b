package gotpm

import (
	"path/filepath"
	"testing"
	"time"
)

func TestSlow(t *testing.T) {
	files, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, f := range files {
		b, _ := readFuzzFile(f)
		for _, tg := range allTargets {
			if tg.fuzz != filepath.Base(filepath.Dir(f)) {
				continue
			}
			t0 := time.Now()
			id, err := tg.check(b)
			d := time.Since(t0)
			t0 = time.Now()
			r := tg.run(b)
			d2 := time.Since(t0)
			t.Logf("%s len %d: check %v (run %v) class %q err %v\n%v", f, len(b), d, d2, id, err, r)
		}
	}
}
