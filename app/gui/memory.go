package gui

import (
	"runtime/debug"
	"runtime/metrics"
)

// heavyWork is how much a background job must allocate for its memory to be
// handed back to the system when it ends: a package build allocates hundreds
// of megabytes, a screen's query a few.
const heavyWork = 64 << 20

// runBackground runs slow work off the UI thread (the UI's bg). After heavy
// work, a package build or an import, the heap it grew is returned to the
// system at once: the Go runtime would otherwise keep it for minutes, and
// the window's resident memory would stay at the build's peak.
func runBackground(f func()) {
	go func() {
		before := heapAllocs()
		f()
		if heapAllocs()-before >= heavyWork {
			debug.FreeOSMemory()
		}
	}()
}

var allocsSample = []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}

// heapAllocs is how many bytes the program has allocated on the heap so far.
func heapAllocs() uint64 {
	s := make([]metrics.Sample, len(allocsSample))
	copy(s, allocsSample)
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
