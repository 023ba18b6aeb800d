package gui

import (
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// heavyWork is how much a background job must allocate for its memory to be
// handed back to the system when it ends: a package build allocates hundreds
// of megabytes, a screen's query a few.
const heavyWork = 64 << 20

// backgroundGCPercent is the collector's target while background work runs
// (a package build, an import): the heap grows by a quarter of what is live
// before the next collection rather than by cmd/ecoreport's 30%, which
// keeps the peak of a build about 10 MB lower for a few more collections on
// the worker's goroutine.
const backgroundGCPercent = 25

var (
	jobsMu    sync.Mutex
	jobs      int // background jobs running
	gcPercent int // the target outside background work, while jobs > 0
)

// runBackground runs slow work off the UI thread (the UI's bg). While it
// runs the collector keeps the heap closer to what is live; after heavy
// work the heap it grew is returned to the system at once: the Go runtime
// would otherwise keep it for minutes, and the window's resident memory
// would stay at the build's peak.
func runBackground(f func()) {
	go func() {
		jobStarted()
		before := heapAllocs()
		defer func() {
			jobEnded()
			if heapAllocs()-before >= heavyWork {
				debug.FreeOSMemory()
			}
		}()
		f()
	}()
}

func jobStarted() {
	jobsMu.Lock()
	defer jobsMu.Unlock()
	if jobs == 0 {
		gcPercent = debug.SetGCPercent(backgroundGCPercent)
		if gcPercent < backgroundGCPercent {
			debug.SetGCPercent(gcPercent) // already lower (GOGC), or off
		}
	}
	jobs++
}

func jobEnded() {
	jobsMu.Lock()
	defer jobsMu.Unlock()
	jobs--
	if jobs == 0 {
		debug.SetGCPercent(gcPercent)
	}
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
