//go:build race

package wiretest

// RaceEnabled reports whether the race detector, which allocates, is on.
const RaceEnabled = true
