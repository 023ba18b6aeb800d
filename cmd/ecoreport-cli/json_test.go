package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
)

// decodeStrict decodes a command's JSON output into v, refusing fields v does
// not know and anything after the value.
func decodeStrict(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader([]byte(out)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decoding %T: %v\n%.400s", v, err, out)
	}
	if _, err := dec.Token(); err != io.EOF {
		t.Fatalf("output after the JSON value: %v", err)
	}
}

// TestEveryJSONCommandDecodes runs every command that has --json on a demo
// project, decodes its output into the documented type and checks fields.
func TestEveryJSONCommandDecodes(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "示例.db")
	if code, _, errs := cli(t, "init", "--db", db, "--demo"); code != 0 {
		t.Fatal(errs)
	}
	tpl := filepath.Join(dir, "填报表")
	if code, _, errs := cli(t, "templates", "--db", db, "--out", tpl); code != 0 {
		t.Fatal(errs)
	}
	wbs, _ := filepath.Glob(filepath.Join(tpl, "区绩效办-*.xlsx"))
	if len(wbs) != 1 {
		t.Fatalf("templates: %v", wbs)
	}

	cases := map[string]struct {
		args  []string
		check func(t *testing.T, out string)
	}{
		"catalog": {nil, func(t *testing.T, out string) {
			var c assess.CatalogJSON
			decodeStrict(t, out, &c)
			if c.Schema != "ecoreport.catalog/1" || c.ID != "hailing-2018" || len(c.Indicators) != 37 || len(c.Domains) != 6 || len(c.TaskGroups) != 10 {
				t.Errorf("catalog: schema %q id %q, %d indicators, %d domains, %d task groups", c.Schema, c.ID, len(c.Indicators), len(c.Domains), len(c.TaskGroups))
			}
			i9 := c.Indicators[8]
			if i9.Code != "9" || i9.Target != nil || len(i9.Subs) != 2 || i9.Subs[0].Code != "9.1" || i9.Subs[0].Target == nil ||
				i9.Subs[0].Target.Op != "≥" || *i9.Subs[0].Target.Value != 2 || i9.Subs[0].Target.Text != "≥2%" {
				t.Errorf("indicator 9: %+v", i9)
			}
			if i11 := c.Indicators[10]; i11.Target == nil || !i11.Target.NoDecline || i11.Target.Kind != "numeric" {
				t.Errorf("indicator 11 target: %+v", i11.Target)
			}
			if i16 := c.Indicators[15]; !i16.Veto || i16.Target == nil || i16.Target.Kind != "state" {
				t.Errorf("indicator 16: %+v", i16)
			}
			if len(c.Vetoes) != 1 || c.Vetoes[0] != "16" || len(c.Organisations) < 20 {
				t.Errorf("vetoes %v, %d organisations", c.Vetoes, len(c.Organisations))
			}
		}},
		"check": {nil, func(t *testing.T, out string) {
			var c assess.CheckJSON
			decodeStrict(t, out, &c)
			if c.Schema != assess.CheckSchema || !c.Project.Sample || len(c.Indicators) != 37 || c.Verdict.Year != 2017 {
				t.Errorf("check: %s sample %v, %d indicators, verdict year %d", c.Schema, c.Project.Sample, len(c.Indicators), c.Verdict.Year)
			}
		}},
		"history": {[]string{"--indicator", "2"}, func(t *testing.T, out string) {
			var hs []store.ValueEvent
			decodeStrict(t, out, &hs)
			if len(hs) == 0 || hs[0].Code != "2" || hs[0].Year != 2015 || hs[0].Value != "21.5" || hs[0].Actor == "" {
				t.Errorf("history: %+v", hs)
			}
		}},
		"evidence-list": {[]string{"--indicator", "2"}, func(t *testing.T, out string) {
			var items []evidence.Item
			decodeStrict(t, out, &items)
			if len(items) != 3 || items[0].Indicator != "2" || items[0].Title == "" || items[0].State == "" {
				t.Errorf("evidence-list: %+v", items)
			}
		}},
		"evidence-history": {[]string{"--id", "1"}, func(t *testing.T, out string) {
			var hs []evidence.Event
			decodeStrict(t, out, &hs)
			if len(hs) == 0 || hs[0].Item != 1 || hs[0].Kind != evidence.KindCreate {
				t.Errorf("evidence-history: %+v", hs)
			}
		}},
		"evidence-feedback": {nil, func(t *testing.T, out string) {
			var fb []evidence.OrgFeedback
			decodeStrict(t, out, &fb)
			if len(fb) == 0 || fb[0].Org == "" || len(fb[0].Items) == 0 {
				t.Errorf("evidence-feedback: %+v", fb)
			}
		}},
		"evidence-completeness": {nil, func(t *testing.T, out string) {
			var sum evidence.Summary
			decodeStrict(t, out, &sum)
			if sum.Total != 123 || sum.Complete != 37 || len(sum.ByOrg) == 0 {
				t.Errorf("evidence-completeness: total %d complete %d", sum.Total, sum.Complete)
			}
		}},
		"milestones": {nil, func(t *testing.T, out string) {
			var rows []evidence.OrgMilestone
			decodeStrict(t, out, &rows)
			if len(rows) == 0 || rows[0].Milestone == "" || rows[0].OrgName == "" || rows[0].StateLabel == "" {
				t.Errorf("milestones: %+v", rows[:1])
			}
		}},
		"import": {[]string{"--dry-run", wbs[0]}, func(t *testing.T, out string) {
			var rep sheets.Report
			decodeStrict(t, out, &rep)
			// 3 values and 2 texts (工作措施与成效) unchanged.
			if !rep.DryRun || rep.Committed || len(rep.Files) != 1 || rep.Files[0].OrgName != "区绩效办" || rep.Counts.Unchanged != 5 || len(rep.Narratives) != 2 {
				t.Errorf("import: %+v", rep)
			}
		}},
		"narratives": {nil, func(t *testing.T, out string) {
			var rows []narrativeRow
			decodeStrict(t, out, &rows)
			if len(rows) < 74 || rows[0].Indicator != "1" || rows[0].State != "合格" || rows[0].Text == "" {
				t.Errorf("narratives: %d rows, first %+v", len(rows), rows[0])
			}
		}},
		"narrative-history": {[]string{"--indicator", "27", "--field", "主要措施"}, func(t *testing.T, out string) {
			var h []store.Narrative
			decodeStrict(t, out, &h)
			if len(h) != 1 || h[0].Code != "27" || h[0].Origin != "demo" || h[0].Org != "housing" {
				t.Errorf("narrative-history: %+v", h)
			}
		}},
		"imports": {nil, func(t *testing.T, out string) {
			var list []sheets.ImportRecord
			decodeStrict(t, out, &list)
			if list == nil {
				t.Errorf("imports: null, want []")
			}
		}},
		"conditions": {nil, func(t *testing.T, out string) {
			var cs []store.Condition
			decodeStrict(t, out, &cs)
			if len(cs) != 8 || cs[0].Key != "1" || cs[0].Title == "" || cs[0].Evidence == nil {
				t.Errorf("conditions: %+v", cs)
			}
		}},
		"feedback": {nil, func(t *testing.T, out string) {
			var fbs []sheets.Feedback
			decodeStrict(t, out, &fbs)
			if len(fbs) == 0 || fbs[0].OrgName == "" {
				t.Errorf("feedback: %+v", fbs)
			}
		}},
	}

	// Every command with --json must be covered here.
	var withJSON []string
	for name, c := range commands {
		fs := flag.NewFlagSet(name, flag.ContinueOnError)
		c.flags(fs)
		if fs.Lookup("json") != nil {
			withJSON = append(withJSON, name)
		}
	}
	sort.Strings(withJSON)
	for _, name := range withJSON {
		c, ok := cases[name]
		if !ok {
			t.Errorf("command %s has --json but no decoding test", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			args := append([]string{name, "--db", db, "--json"}, c.args...)
			code, out, errs := cli(t, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, errs)
			}
			c.check(t, out)
		})
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatal(err)
	}
}
