package assess

import (
	"context"
	"path/filepath"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/seeds"
)

// TestLoadReadsOneSnapshot writes a value, an evidence item and a resolution
// between Load's first query and the others: the assessment must show the
// project before all three changes, never a mix.
func TestLoadReadsOneSnapshot(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s, err := store.Create(path, seeds.Catalog, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	set := func(raw string) {
		t.Helper()
		if _, err := s.SetValue(context.Background(), store.Change{Code: "2", Year: 2017, Raw: raw,
			Provenance: store.Provenance{Actor: "测试", Origin: "cli"}}); err != nil {
			t.Fatal(err)
		}
	}
	set("21")
	betweenReads = func() {
		set("30")
		if _, err := evidence.Add(s, evidence.Draft{EvidenceItem: store.EvidenceItem{Indicator: "2", Year: 2017, Title: "考核办法", Class: "B"}}, "测试"); err != nil {
			t.Fatal(err)
		}
		if err := s.Resolve("8.target", "annex1", "测试", "以国家指标为准"); err != nil {
			t.Fatal(err)
		}
	}
	defer func() { betweenReads = nil }()
	a, err := Load(s)
	if err != nil {
		t.Fatal(err)
	}
	k := catalog.ValueKey{Code: "2", Year: 2017, Field: catalog.FieldValue}
	if v := a.Values[k].String(); v != "21" {
		t.Errorf("value %s, want 21", v)
	}
	if p := a.Provenance[k].Value; p != "21" {
		t.Errorf("provenance shows %s, values 21: a mixed read", p)
	}
	if len(a.Evidence) != 0 || a.EvidenceCompleteness.States[evidence.StatePending] != 0 {
		t.Errorf("evidence written after the first read is in the assessment: %d items", len(a.Evidence))
	}
	if len(a.Resolutions) != 0 {
		t.Errorf("resolution written after the first read is in the assessment: %v", a.Resolutions)
	}
	if ind, _ := a.Catalog.Indicator("8"); ind.Target.String() != "≥80" {
		t.Errorf("catalog after a later resolution: target %s", ind.Target)
	}

	betweenReads = nil
	if a, err = Load(s); err != nil {
		t.Fatal(err)
	}
	if v := a.Values[k].String(); v != "30" || len(a.Evidence) != 1 || len(a.Resolutions) != 1 {
		t.Errorf("the next Load: value %s, %d evidence items, %d resolutions", v, len(a.Evidence), len(a.Resolutions))
	}
}

// BenchmarkLoad measures Load on the demo project (one snapshot: a read
// connection opened per Load).
func BenchmarkLoad(b *testing.B) {
	s, err := store.CreateDemo(filepath.Join(b.TempDir(), "demo.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	for b.Loop() {
		if _, err := Load(s); err != nil {
			b.Fatal(err)
		}
	}
}
