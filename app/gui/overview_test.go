package gui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/evidence"
)

// findButton finds a button by its text on the current screen.
func findButton(t *testing.T, u *UI, text string) *widget.Button {
	t.Helper()
	var found *widget.Button
	walkPositions(u.win.Canvas().Content(), fyne.NewPos(0, 0), func(o fyne.CanvasObject, _ fyne.Position) {
		if b := asButton(o); b != nil && b.Text == text && found == nil {
			found = b
		}
	})
	if found == nil {
		t.Fatalf("no button %q on screen", text)
	}
	return found
}

// TestOverviewReadiness: the overview says how far the evidence is, with
// the evidence screen's numbers, and every readiness item leads to the
// screen where it is fixed.
func TestOverviewReadiness(t *testing.T) {
	u := newTestUI(t)
	sum, err := evidence.Completeness(u.proj.Store)
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("缺合格佐证材料的指标年度 %d 个", sum.Total-sum.Complete)
	if text := overviewText(t, u); !strings.Contains(text, want) {
		t.Errorf("overview does not say %q", want)
	}
	for _, tc := range []struct {
		button, screen string
		tab            int
	}{
		{"去处理", "catalog", 1},
		{"录入目标", "catalog", 0},
		{"去填报", "data", -1},
		{"去审核", "evidence", -1},
	} {
		u.ShowScreen("overview")
		findButton(t, u, tc.button).OnTapped()
		if got := u.CurrentScreen(); got != tc.screen {
			t.Errorf("%s opens %q, want %q", tc.button, got, tc.screen)
			continue
		}
		if tc.tab >= 0 {
			if got := u.shell.built["catalog"].(*catalogScreen).root.SelectedIndex(); got != tc.tab {
				t.Errorf("%s opens tab %d of 指标体系, want %d", tc.button, got, tc.tab)
			}
		}
	}
}

// TestQueriesOffUIThread: the evidence and import screens ask the database
// through the background runner and draw the answer when it comes back.
func TestQueriesOffUIThread(t *testing.T) {
	u := newTestUI(t)
	var queued []func()
	u.bg = func(f func()) { queued = append(queued, f) }
	u.ShowScreen("evidence")
	s := u.shell.built["evidence"].(*evidenceScreen)
	if len(queued) < 2 || len(s.items) != 0 {
		t.Fatalf("evidence screen: %d jobs queued, %d items drawn before they ran", len(queued), len(s.items))
	}
	u.ShowScreen("imports")
	n := len(queued)
	for len(queued) > 0 {
		f := queued[0]
		queued = queued[1:]
		f()
	}
	if n < 3 {
		t.Errorf("imports screen queued nothing (%d jobs in all)", n)
	}
	if len(s.items) == 0 {
		t.Error("the evidence list is empty after the queries ran")
	}
}

// TestReportsChaptersOffUIThread: the 报告 screen reads the chapters and
// their history through the background runner and shows them when they
// come back.
func TestReportsChaptersOffUIThread(t *testing.T) {
	u := newTestUI(t)
	var queued []func()
	u.bg = func(f func()) { queued = append(queued, f) }
	u.ShowScreen("reports")
	s := u.shell.built["reports"].(*reportsScreen)
	if len(queued) == 0 || len(s.keys) != 0 || s.chapters != nil {
		t.Fatalf("%d jobs queued, %d chapters listed before they ran", len(queued), len(s.keys))
	}
	for len(queued) > 0 {
		f := queued[0]
		queued = queued[1:]
		f()
	}
	if len(s.keys) == 0 || s.curKey != s.keys[0] {
		t.Fatalf("after the queries: %d chapters, current %q", len(s.keys), s.curKey)
	}
	if want := s.chapters[s.curKey].Text; want == "" || s.editor.Text != want {
		t.Errorf("the editor shows %q, want the chapter's text %q", s.editor.Text, want)
	}
	if len(s.history) == 0 {
		t.Error("the chapter's history was not read")
	}
	if s.snapshot.IsZero() {
		t.Error("the snapshot time was not read with the chapters")
	}
}
