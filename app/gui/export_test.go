package gui

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"
)

// TestExportsAskBeforeReplacing: exporting the same day's workbooks into a
// folder that holds them already writes nothing until the user confirms;
// 取消 keeps the files as they were, 替换 replaces them through temporary
// files that do not stay behind.
func TestExportsAskBeforeReplacing(t *testing.T) {
	for _, tc := range []struct {
		name   string
		export func(s *importsScreen, dir string)
	}{
		{"填报表", (*importsScreen).exportTemplates},
		{"汇总表", (*importsScreen).exportSummary},
		{"问题反馈单", (*importsScreen).exportFeedback},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u := newTestUI(t)
			u.ShowScreen("imports")
			s := u.shell.built["imports"].(*importsScreen)
			dir := t.TempDir()

			tc.export(s, dir)
			test.Tap(dialogButton(t, u, "关闭"))
			files, _ := filepath.Glob(filepath.Join(dir, "*.xlsx"))
			if len(files) == 0 {
				t.Fatal("the first export wrote no workbook")
			}
			// The office has edited one of them since.
			marker := []byte("edited by the office")
			if err := os.WriteFile(files[0], marker, 0o644); err != nil {
				t.Fatal(err)
			}

			tc.export(s, dir)
			test.Tap(dialogButton(t, u, "取消"))
			if got, _ := os.ReadFile(files[0]); !bytes.Equal(got, marker) {
				t.Fatalf("取消 replaced %s", filepath.Base(files[0]))
			}
			if !strings.Contains(s.exportNote.Text, "未写入") {
				t.Errorf("after 取消 the note says %q", s.exportNote.Text)
			}

			tc.export(s, dir)
			test.Tap(dialogButton(t, u, "替换"))
			test.Tap(dialogButton(t, u, "关闭"))
			if got, _ := os.ReadFile(files[0]); bytes.Equal(got, marker) {
				t.Fatalf("替换 did not replace %s", filepath.Base(files[0]))
			}
			after, err := os.ReadDir(dir) // temporary files start with a dot
			if err != nil {
				t.Fatal(err)
			}
			if len(after) != len(files) {
				t.Errorf("after 替换 the folder holds %d entries, want the %d workbooks: %v", len(after), len(files), after)
			}
		})
	}
}
