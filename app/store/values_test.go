package store_test

import (
	"context"
	"database/sql"
	"testing"

	"ecoreport/app/store"
)

// TestSameValueNewSourceOrNote: a change that keeps the value but brings
// another 数据来源 or 备注 is recorded (the history shows it); an empty
// source or note keeps the current one; a change with everything equal
// writes nothing.
func TestSameValueNewSourceOrNote(t *testing.T) {
	s, _ := newProject(t)
	type event struct{ value, source, note string }
	steps := []struct {
		raw, source, note string
		written, same     bool
		before            string // the source current before the step
	}{
		{raw: "81.3", source: "2015年满意度调查", written: true},
		{raw: "81.3", source: "2015年满意度调查"}, // everything equal
		{raw: "81.30"}, // no source or note given
		{raw: "81.3", source: "2017年满意度调查报告", written: true, same: true, before: "2015年满意度调查"},
		{raw: "81.3", note: "抽样 1200 户", written: true, same: true, before: "2017年满意度调查报告"},
		{raw: "81.3", source: "2017年满意度调查报告", note: "抽样 1200 户", before: "2017年满意度调查报告"},
		{raw: "90", written: true, before: "2017年满意度调查报告"}, // a new value: as given, as before
		{raw: "", written: true},
		{raw: "", source: "某来源"}, // cleared already: nothing to annotate
	}
	for i, st := range steps {
		ch, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2017, Raw: st.raw,
			Provenance: store.Provenance{Actor: "测试", Origin: "cli", Source: st.source, Note: st.note}})
		if err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
		if ch.Written != st.written || ch.SameValue != st.same || (st.before != "" && ch.Before.Source != st.before) {
			t.Errorf("step %d (%q %q %q): written %v same %v before %q, want %v %v %q", i, st.raw, st.source, st.note,
				ch.Written, ch.SameValue, ch.Before.Source, st.written, st.same, st.before)
		}
	}
	hs, err := s.History("37", 2017)
	if err != nil {
		t.Fatal(err)
	}
	want := []event{
		{"81.3", "2015年满意度调查", ""},
		{"81.3", "2017年满意度调查报告", ""},
		{"81.3", "2017年满意度调查报告", "抽样 1200 户"},
		{"90", "", ""},
		{"", "", ""},
	}
	var got []event
	for _, h := range hs {
		got = append(got, event{h.Value, h.Source, h.Note})
	}
	if len(got) != len(want) {
		t.Fatalf("history %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("history entry %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if hs[1].Old != "81.3" || hs[1].Value != "81.3" {
		t.Errorf("a source-only change shows %q → %q, want 81.3 → 81.3", hs[1].Old, hs[1].Value)
	}
}

// TestRestoreValueExact: restoring an earlier event (undoing an import)
// writes its source and note as they were, empty ones too, and nothing
// when they are the current ones.
func TestRestoreValueExact(t *testing.T) {
	s, _ := newProject(t)
	if _, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2016, Raw: "80",
		Provenance: store.Provenance{Actor: "测试", Origin: "import", Source: "新来源", Note: "新备注"}}); err != nil {
		t.Fatal(err)
	}
	checked, err := s.SetValue(context.Background(), store.Change{Code: "37", Year: 2016, Raw: "80"})
	if err != nil || checked.Written {
		t.Fatalf("same value again: written %v, err %v", checked.Written, err)
	}
	checked.Source, checked.Note = "", "" // the earlier event had neither
	before := countEvents(t, s)
	restore := func() {
		t.Helper()
		if err := s.Update(context.Background(), func(tx *sql.Tx) error {
			return s.RestoreValue(tx, checked) // 80 with no source and no note
		}); err != nil {
			t.Fatal(err)
		}
	}
	restore()
	restore()
	if n := countEvents(t, s) - before; n != 1 {
		t.Errorf("two restores wrote %d events, want 1", n)
	}
	prov, err := s.CurrentProvenance()
	if err != nil {
		t.Fatal(err)
	}
	for k, p := range prov {
		if k.Code == "37" && k.Year == 2016 && (p.Source != "" || p.Note != "") {
			t.Errorf("after the restore: source %q note %q, want both empty", p.Source, p.Note)
		}
	}
}
