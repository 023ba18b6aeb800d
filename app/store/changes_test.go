package store_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"ecoreport/app/store"
)

// TestValueChangesAndLatestChange are the queries the reports and the
// window ask the store instead of reading its tables.
func TestValueChangesAndLatestChange(t *testing.T) {
	s, _ := newProject(t)
	n, latest, err := s.ValueChanges()
	if err != nil || n != 0 || !latest.IsZero() {
		t.Fatalf("new project: %d changes, latest %v, %v", n, latest, err)
	}
	if l, err := s.LatestChange(); err != nil || !l.IsZero() {
		t.Fatalf("new project: latest change %v, %v", l, err)
	}
	day := time.Date(2018, 5, 10, 17, 0, 0, 0, time.FixedZone("CST", 8*3600))
	s.Now = func() time.Time { return day }
	for _, v := range []string{"21", "22"} {
		if _, err := set(s, "2", 2017, v); err != nil {
			t.Fatal(err)
		}
		day = day.Add(time.Hour)
	}
	n, latest, err = s.ValueChanges()
	if err != nil || n != 2 || !latest.Equal(time.Date(2018, 5, 10, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("%d changes, latest %v, %v", n, latest, err)
	}
	ev := store.EvidenceItem{Indicator: "2", Year: 2017, Title: "考核办法", Class: "B", Origin: "cli"}
	if err := s.Update(context.Background(), func(tx *sql.Tx) error {
		_, err := s.InsertEvidence(tx, ev)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if l, err := s.LatestChange(); err != nil || !l.Equal(day) {
		t.Errorf("latest change %v, want %v (%v)", l, day, err)
	}
}
