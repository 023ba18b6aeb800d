package main

import (
	"reflect"
	"strings"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/evidence"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
	"ecoreport/report/pkg"
)

// untagged lists the exported struct fields reachable from t that have no
// json tag: renaming such a field would silently change the JSON.
func untagged(t reflect.Type, seen map[reflect.Type]bool, path string) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" {
		return nil
	}
	seen[t] = true
	var out []string
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		tag, ok := f.Tag.Lookup("json")
		if tag == "-" {
			continue
		}
		if !ok && !f.Anonymous {
			out = append(out, t.String()+"."+f.Name)
		}
		out = append(out, untagged(f.Type, seen, path+"."+f.Name)...)
	}
	return out
}

// TestEmittedJSONTypesHaveTags covers every type a --json command writes and
// every type the store keeps as JSON.
func TestEmittedJSONTypesHaveTags(t *testing.T) {
	types := []any{
		assess.CatalogJSON{}, assess.CheckJSON{}, store.ValueEvent{}, store.Settings{}, store.TargetEntry{},
		evidence.Item{}, evidence.Event{}, evidence.OrgFeedback{}, evidence.Summary{}, evidence.OrgMilestone{},
		sheets.Report{}, sheets.ImportRecord{}, sheets.Feedback{}, sheets.ImportFile{}, pkg.Manifest{},
	}
	seen := map[reflect.Type]bool{}
	var bad []string
	for _, v := range types {
		bad = append(bad, untagged(reflect.TypeOf(v), seen, "")...)
	}
	if len(bad) > 0 {
		t.Errorf("fields without json tag:\n%s", strings.Join(bad, "\n"))
	}
}
