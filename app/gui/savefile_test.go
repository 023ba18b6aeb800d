package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"ecoreport/app/store"
)

// fillNewFile names a target in a new-file form and confirms it.
func fillNewFile(t *testing.T, f *newFileForm, dir, name string) {
	t.Helper()
	f.folder.SetText(dir)
	f.name.SetText(name)
	test.Tap(f.ok)
}

// valueCount is the number of current values of a project file.
func valueCount(t *testing.T, path string) int {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	defer s.Close()
	vs, err := s.Values()
	if err != nil {
		t.Fatal(err)
	}
	return len(vs)
}

func TestNewProjectRefusesExistingFiles(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	existing := filepath.Join(dir, "区项目.db")
	s, err := store.CreateDemo(existing)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	other := filepath.Join(dir, "笔记.db") // not a project, but a file all the same
	if err := os.WriteFile(other, []byte("不要动我"), 0o644); err != nil {
		t.Fatal(err)
	}
	before := map[string][]byte{}
	for _, p := range []string{existing, other} {
		before[p], _ = os.ReadFile(p)
	}
	for _, tc := range []struct{ name, want string }{
		{"区项目.db", "已有的项目"},
		{"区项目", "已有的项目"}, // .db is added, then refused
		{"笔记", "已存在"},
	} {
		f := chooseNewProject(u)
		fillNewFile(t, f.newFileForm, dir, tc.name)
		if !f.errMsg.Visible() || !strings.Contains(f.errMsg.Text, tc.want) {
			t.Errorf("%s: message %q, want it to say %q", tc.name, f.errMsg.Text, tc.want)
		}
		f.dlg.Hide()
	}
	if err := u.checkNewFile(filepath.Join(dir, "新的.db")); err != nil {
		t.Errorf("new file refused: %v", err)
	}
	for p, b := range before {
		if got, _ := os.ReadFile(p); !bytes.Equal(got, b) {
			t.Errorf("%s changed (%d → %d bytes)", p, len(b), len(got))
		}
	}
	if n := valueCount(t, existing); n == 0 {
		t.Errorf("existing project lost its values")
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "*.creating"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
}

func TestNewProjectWithForm(t *testing.T) {
	u := newTestUI(t)
	dir := t.TempDir()
	f := chooseNewProject(u)
	if f.name.Text == "" || f.district.Text == "" || f.assessed.Text == "" || f.today.Text == "" {
		t.Fatalf("the form has no defaults from the catalog: %q %q %q %q", f.name.Text, f.district.Text, f.assessed.Text, f.today.Text)
	}
	if f.catalogSel.Selected == "" {
		t.Errorf("no catalog selected")
	}
	f.name.SetText("测试区创建国家生态文明建设示范区")
	f.district.SetText("测试区")
	f.assessed.SetText("2016-2018")
	f.monitoring.SetText("2019、2020")
	f.today.SetText("2019-03-01")
	fillNewFile(t, f.newFileForm, dir, "测试区")
	if f.errMsg.Visible() {
		t.Fatalf("refused: %s", f.errMsg.Text)
	}
	path := filepath.Join(dir, "测试区.db")
	if u.proj == nil || !samePath(u.proj.Store.Path(), path) {
		t.Fatalf("the new project is not open")
	}
	st, err := u.proj.Store.Settings()
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "测试区创建国家生态文明建设示范区" || st.District != "测试区" || st.Today != "2019-03-01" ||
		yearsString(st.AssessedYears) != "2016、2017、2018" || yearsString(st.MonitoringYears) != "2019、2020" {
		t.Errorf("settings in the database: %+v", st)
	}

	// A bad year keeps the form open and creates nothing.
	f = chooseNewProject(u)
	f.assessed.SetText("二〇一五")
	fillNewFile(t, f.newFileForm, dir, "另一个")
	if !f.errMsg.Visible() || !strings.Contains(f.errMsg.Text, "考核年度") {
		t.Errorf("bad year: message %q", f.errMsg.Text)
	}
	if _, err := os.Stat(filepath.Join(dir, "另一个.db")); err == nil {
		t.Errorf("a project was created despite the error")
	}
}

func TestBackupRefusesOpenProject(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("settings")
	scr := u.shell.built["settings"].(*settingsScreen)
	live := u.proj.Store.Path()
	n := len(u.proj.Assessment().Values)
	f := scr.backup()
	fillNewFile(t, f, filepath.Dir(live), filepath.Base(live))
	if !f.errMsg.Visible() || !strings.Contains(f.errMsg.Text, "当前打开的项目") {
		t.Errorf("backup onto the open project: message %q", f.errMsg.Text)
	}
	f.dlg.Hide()
	// Without the extension too.
	f = scr.backup()
	fillNewFile(t, f, filepath.Dir(live), strings.TrimSuffix(filepath.Base(live), ".db"))
	if !f.errMsg.Visible() {
		t.Errorf("backup onto the open project without .db was not refused")
	}
	f.dlg.Hide()
	if err := u.proj.Reload(); err != nil {
		t.Fatalf("live project broken: %v", err)
	}
	if got := len(u.proj.Assessment().Values); got != n || n == 0 {
		t.Errorf("live project has %d values, had %d", got, n)
	}
}

func TestBackupWritesValidProject(t *testing.T) {
	u := newTestUI(t)
	u.ShowScreen("settings")
	scr := u.shell.built["settings"].(*settingsScreen)
	f := scr.backup()
	if !f.warn.Visible() || !strings.Contains(f.warn.Text, "临时文件夹") {
		t.Errorf("the demo project's backup form does not warn about the temporary folder: %q", f.warn.Text)
	}
	dir := t.TempDir()
	fillNewFile(t, f, dir, "备份一")
	out := filepath.Join(dir, "备份一.db")
	if err := store.CheckBackup(out); err != nil {
		t.Fatalf("backup is not a valid project: %v", err)
	}
	if got, want := valueCount(t, out), len(u.proj.Assessment().Values); got != want {
		t.Errorf("backup has %d values, project %d", got, want)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, "*.partial"))
	if len(leftovers) > 0 {
		t.Errorf("temporary files left: %v", leftovers)
	}
	// The same name again is refused and the first backup stays as it is.
	b, _ := os.ReadFile(out)
	f = scr.backup()
	fillNewFile(t, f, dir, "备份一.db")
	if !f.errMsg.Visible() || !strings.Contains(f.errMsg.Text, "不会被覆盖") {
		t.Errorf("second backup onto the first: message %q", f.errMsg.Text)
	}
	if got, _ := os.ReadFile(out); !bytes.Equal(got, b) {
		t.Errorf("the first backup changed")
	}
}
