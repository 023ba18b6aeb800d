// Package demo creates the embedded demo project (示例数据): the catalog and
// sample values from package seeds, plus evidence review states and sample
// attachments, so that every screen and document has something to show.
package demo

import (
	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// Open creates the demo project in a temporary folder; closing the store
// removes it.
func Open() (*store.Store, error) { return finish(store.OpenDemo()) }

// Create creates the demo project at path (it refuses an existing file).
func Create(path string) (*store.Store, error) { return finish(store.CreateDemo(path)) }

func finish(s *store.Store, err error) (*store.Store, error) {
	if err != nil {
		return nil, err
	}
	if err := evidence.SeedDemo(s); err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}
