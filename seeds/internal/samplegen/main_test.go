package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestSamplesUpToDate: the embedded sample attachments are what samplegen
// makes now (run it after changing the texts or the layout engine).
func TestSamplesUpToDate(t *testing.T) {
	dir := t.TempDir()
	for _, s := range samples {
		if err := write(s, dir); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, s.file))
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join("..", "..", "samples", s.file))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("seeds/samples/%s is stale: run go run ./seeds/internal/samplegen", s.file)
		}
	}
}
