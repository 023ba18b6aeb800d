package gui

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestOpenFailureIsShown: an opener that fails is reported with the path
// and a button that copies it.
func TestOpenFailureIsShown(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	old := openerCommand
	openerCommand = func(string) *exec.Cmd { return exec.Command("sh", "-c", "exit 3") }
	defer func() { openerCommand = old }()
	u.openPath(dir)
	// The failure arrives after Wait, through fyne.Do.
	u.openers.Wait()
	if u.lastOpenFailed == nil {
		t.Fatal("a failed opener is not reported")
	}
	found := false
	for _, o := range u.win.Canvas().Overlays().List() {
		if strings.Contains(test.RenderObjectToMarkup(o), dir) {
			found = true
		}
	}
	if !found {
		t.Errorf("the dialog does not show the path %s", dir)
	}
	test.Tap(u.lastOpenFailed)
	if got := u.app.Clipboard().Content(); got != dir {
		t.Errorf("clipboard %q, want the path %q", got, dir)
	}

	// A missing file is reported at once.
	u.lastOpenFailed = nil
	u.openPath(filepath.Join(dir, "不存在.pdf"))
	if u.lastOpenFailed == nil {
		t.Error("opening a missing file is not reported")
	}
}

// TestDemoExportsGoToDocuments: on the demo project, files the office keeps
// default to Documents, and the demo's temporary folder is recognised.
func TestDemoExportsGoToDocuments(t *testing.T) {
	u := newTestUI(t) // the demo project, in a temporary folder
	u.ShowScreen("reports")
	r := u.shell.built["reports"].(*reportsScreen)
	docs := documentsDir()
	if out := r.defaultOutDir(); !strings.HasPrefix(out, docs) {
		t.Errorf("demo package goes to %s, want under %s", out, docs)
	}
	if got := u.keepDir(); got != docs {
		t.Errorf("keepDir = %s, want %s", got, docs)
	}
	if !u.inDemoFolder(u.projectDir()) || !u.inDemoFolder(filepath.Join(u.projectDir(), "导出")) {
		t.Error("the demo's temporary folder is not recognised")
	}
	if u.inDemoFolder(docs) || u.inDemoFolder(filepath.Dir(u.projectDir())) {
		t.Error("a folder outside the demo's is taken for it")
	}
	if n := demoNote(u); !n.Visible() || !strings.Contains(n.Text, "临时") {
		t.Errorf("no warning on the demo project: %q", n.Text)
	}
	u.proj.Demo = false
	if n := demoNote(u); n.Visible() {
		t.Error("the demo warning shows on a real project")
	}
}
