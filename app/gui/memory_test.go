package gui

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// gcTarget reads the collector's target without changing it.
func gcTarget() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestRunBackgroundGCTarget checks that background work runs with the lower
// collector target, that overlapping jobs keep it until the last one ends,
// and that the target outside background work comes back afterwards.
func TestRunBackgroundGCTarget(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(50))
	release1, release2 := make(chan struct{}), make(chan struct{})
	inside := make(chan int)
	done := make(chan struct{}, 2)
	job := func(release chan struct{}) func() {
		return func() {
			inside <- gcTarget()
			<-release
			done <- struct{}{}
		}
	}
	runBackground(job(release1))
	if got := <-inside; got != backgroundGCPercent {
		t.Errorf("first job: GC target %d, want %d", got, backgroundGCPercent)
	}
	runBackground(job(release2))
	if got := <-inside; got != backgroundGCPercent {
		t.Errorf("second job: GC target %d, want %d", got, backgroundGCPercent)
	}
	close(release1)
	<-done
	if got := gcTarget(); got != backgroundGCPercent {
		t.Errorf("one job still running: GC target %d, want %d", got, backgroundGCPercent)
	}
	close(release2)
	<-done
	waitBackground() // jobEnded runs after f
	if got := gcTarget(); got != 50 {
		t.Errorf("after the jobs: GC target %d, want 50", got)
	}
}

// waitBackground waits until no background job is running.
func waitBackground() {
	for ; ; runtime.Gosched() {
		jobsMu.Lock()
		n := jobs
		jobsMu.Unlock()
		if n == 0 {
			return
		}
	}
}
