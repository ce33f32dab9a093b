package gotpm

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// A classCounter counts, in one fuzzing worker process, the inputs checked
// and the class of each disagreement, and writes the counts to
// $GOTPM_CLASS_COUNTS/<FuzzName>.<pid>.json every few seconds. It is off
// (nil) unless that variable names a directory. Add the files of all pids
// to get the counts of a run.
type classCounter struct {
	mu       sync.Mutex
	path     string
	written  time.Time
	Inputs   int            `json:"inputs"`
	Agreed   int            `json:"agreements"`
	PerClass map[string]int `json:"classes"`
}

func newClassCounter(fuzzName string) *classCounter {
	dir := os.Getenv("GOTPM_CLASS_COUNTS")
	if dir == "" {
		return nil
	}
	return &classCounter{
		path:     filepath.Join(dir, fmt.Sprintf("%s.%d.json", fuzzName, os.Getpid())),
		PerClass: map[string]int{},
	}
}

func (c *classCounter) add(id string) {
	if c == nil {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.Inputs++
	if id == "" {
		c.Agreed++
	} else {
		c.PerClass[id]++
	}
	if time.Since(c.written) > 2*time.Second {
		c.written = time.Now()
		if b, err := json.Marshal(c); err == nil {
			_ = os.WriteFile(c.path, b, 0o644)
		}
	}
}
