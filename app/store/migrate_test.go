package store_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/templates"
)

// openV4 opens a copy of the project file written by schema version 4 (see
// testdata/README.md).
func openV4(t *testing.T) *store.Store {
	t.Helper()
	b, err := os.ReadFile("testdata/project-v004.db")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "旧项目.db")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// TestOpenProjectWrittenBySchema4 proves that the program reads everything an
// older one wrote: values, targets, resolutions, evidence, imports.
func TestOpenProjectWrittenBySchema4(t *testing.T) {
	s := openV4(t)
	if v, err := s.SchemaVersion(); err != nil || v != store.LatestSchemaVersion() {
		t.Fatalf("schema version %d (%v), want %d", v, err, store.LatestSchemaVersion())
	}
	st, err := s.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if !st.Sample || st.District != "海陵区" || st.PassRule.ReferenceShare != 0.8 || len(st.PassRule.Vetoes) != 1 {
		t.Errorf("settings %+v", st)
	}

	vals, err := s.Values()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		code string
		year int
		want string // "" means no value
	}{
		{"2", 2015, "21.5"}, {"2", 2016, "23"}, {"2", 2017, "22.5"}, {"12", 2016, ""},
	} {
		v, ok := vals[catalog.ValueKey{Code: c.code, Year: c.year, Field: catalog.FieldValue}]
		got := ""
		if ok {
			got = v.String()
		}
		if got != c.want {
			t.Errorf("value %s/%d = %q, want %q", c.code, c.year, got, c.want)
		}
	}
	if n := countEvents(t, s); n != 130 {
		t.Errorf("%d value events, want 130", n)
	}

	targets, err := s.Targets()
	if err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]string{"9.1": "≥2", "9.2": "≥10", "10.1": "≥3"} {
		te, ok := targets[code]
		if !ok || te.Target.String() != want || te.Target.Value == nil {
			t.Errorf("target %s = %+v, want %s", code, te, want)
		}
	}
	if p := targets["10.1"].Target.Pending; !strings.Contains(p, "省级环保部门") {
		t.Errorf("target 10.1 lost its pending text: %q", p)
	}
	if r := targets["10.1"].Reason; r != "省厅文件 2018-1 号" {
		t.Errorf("target 10.1 reason %q", r)
	}
	cat, err := s.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	if ind, _ := cat.Indicator("10.1"); ind.Target.Kind() != catalog.Numeric || ind.Target.String() != "≥3" {
		t.Errorf("effective target of 10.1: %v", ind.Target)
	}

	res, err := s.Resolutions()
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{"1.lead": "annex1", "33.target": "annex2", "8.target": "annex1"} {
		if res[id].Choice != want {
			t.Errorf("resolution %s = %+v, want %s", id, res[id], want)
		}
	}
	if res["1.lead"].Actor != "张三" || res["1.lead"].Reason != "以实施方案为准" {
		t.Errorf("resolution 1.lead %+v", res["1.lead"])
	}
	if ind, _ := cat.Indicator("1"); fmt.Sprint(ind.Lead) != "[gov-office]" {
		t.Errorf("indicator 1 lead %v after resolution annex1", ind.Lead)
	}

	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(items) != 49 {
		t.Errorf("%d evidence items, want 49", len(items))
	}
	it, err := evidence.Get(s, 3)
	if err != nil || it.Title != "生态文明建设规划制定实施情况汇总表(修订)" || it.Pages != 4 {
		t.Errorf("evidence 3: %+v %v", it, err)
	}
	hs, err := evidence.History(s, 3)
	if err != nil {
		t.Fatal(err)
	}
	var changes []evidence.Change
	for _, h := range hs {
		changes = append(changes, h.Changes...)
	}
	want := []evidence.Change{
		{Field: "title", Label: "名称", Old: "生态文明建设规划制定实施情况汇总表", New: "生态文明建设规划制定实施情况汇总表(修订)"},
		{Field: "pages", Label: "页数", Old: "1", New: "4"},
	}
	if !reflect.DeepEqual(changes, want) {
		t.Errorf("evidence 3 changes %+v", changes)
	}
	if it, _ := evidence.Get(s, 5); it.State != evidence.StateNeedsMore || it.Feedback != "缺盖章页" {
		t.Errorf("evidence 5: state %q feedback %q", it.State, it.Feedback)
	}

	// Version 4 stored the default chapters on first reading; this project
	// was never read, so the migration stores them.
	var chapters int
	if err := s.DB().QueryRow(`SELECT count(DISTINCT key) FROM chapters WHERE actor = ?`, store.TemplateActor).Scan(&chapters); err != nil || chapters != len(templates.List) {
		t.Errorf("%d default chapters stored by the migration (%v), want %d", chapters, err, len(templates.List))
	}

	imps, err := sheets.Imports(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(imps) != 1 || len(imps[0].Files) != 1 {
		t.Fatalf("imports %+v", imps)
	}
	f := imps[0].Files[0]
	if f.Counts.Changed != 1 || f.Counts.Errors != 1 || len(f.Problems) != 1 || f.Problems[0].Cell != "I4" || f.Problems[0].Found != "abc" {
		t.Errorf("import file %+v", f)
	}
}

// TestStoredJSONKeepsVersion4Spelling proves that targets are written with
// the field names version 4 wrote, so that old and new files read alike.
func TestStoredJSONKeepsVersion4Spelling(t *testing.T) {
	s := openV4(t)
	if err := s.SetTarget("10.2", "≥5", "测试", "省厅文件"); err != nil {
		t.Fatal(err)
	}
	var old, now string
	if err := s.DB().QueryRow(`SELECT target FROM target_events WHERE indicator = '9.1'`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	if err := s.DB().QueryRow(`SELECT target FROM target_events WHERE indicator = '10.2'`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	keys := func(js string) []string {
		var m map[string]any
		if err := json.Unmarshal([]byte(js), &m); err != nil {
			t.Fatal(err)
		}
		return slices.Sorted(maps.Keys(m))
	}
	if !slices.Equal(keys(old), keys(now)) {
		t.Errorf("target JSON keys changed: version 4 wrote %v, now %v", keys(old), keys(now))
	}
}
