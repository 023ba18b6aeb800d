package feedback

import (
	"bytes"
	"ecoreport/report/layout"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"ecoreport/app/assess"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
)

func demo(t *testing.T) (*store.Store, *assess.Assessment, []sheets.Feedback) {
	t.Helper()
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	a, fbs, err := sheets.LoadFeedback(s)
	if err != nil {
		t.Fatal(err)
	}
	return s, a, fbs
}

// watermarkLineRE matches a line of the diagonal watermark: pdftotext gives
// its rotated characters one per line.
var watermarkLineRE = regexp.MustCompile(`(?m)^\s*[示例数据]\s*$`)

// pdfText extracts the text of a PDF with pdftotext, without white space.
func pdfText(t *testing.T, pdf []byte) string {
	return squash(pdfLines(t, pdf))
}

// pdfLines extracts the text of a PDF with pdftotext in content-stream
// order, so that a cell's wrapped lines stay together.
func pdfLines(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) not installed")
	}
	in := filepath.Join(t.TempDir(), "in.pdf")
	if err := os.WriteFile(in, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-raw", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func squash(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestPDFHoldsTheItems writes the PDF of the organisation with the most
// items and checks that its text has the title, the date of the data, the
// deadline, every item's problem and request, the signature lines and the
// sample watermark; and that another organisation's items are not in it.
func TestPDFHoldsTheItems(t *testing.T) {
	s, a, fbs := demo(t)
	best := 0
	for i, fb := range fbs {
		if len(fb.Items) > len(fbs[best].Items) {
			best = i
		}
	}
	fb := fbs[best]
	if len(fb.Items) < 5 {
		t.Fatalf("demo feedback of %s has only %d items", fb.OrgName, len(fb.Items))
	}
	date, err := SnapshotDate(s)
	if err != nil {
		t.Fatal(err)
	}
	deadlines, err := Deadlines(s, a.Catalog)
	if err != nil {
		t.Fatal(err)
	}
	if deadlines[fb.Org] == "" {
		t.Errorf("no deadline for %s from the milestones: %v", fb.Org, deadlines)
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, a, fb, Options{Date: date, Deadline: deadlines[fb.Org]}); err != nil {
		t.Fatal(err)
	}
	txt := pdfText(t, buf.Bytes())
	want := []string{fb.OrgName + "问题反馈单", "数据截至：" + dateText(date), "整改期限", squash(deadlines[fb.Org]),
		"序号", "类别", "指标", "年度", "问题", "要求", "整改情况", "审核结果", "创建办（签字）", fb.OrgName + "（签字、盖章）"}
	for _, it := range fb.Items {
		// The engine sets Chinese text with full-width punctuation.
		want = append(want, squash(layout.Punctuate(it.Problem)), squash(layout.Punctuate(it.Request)))
	}
	for _, w := range want {
		if !strings.Contains(txt, w) {
			t.Errorf("PDF text lacks %q", w)
		}
	}
	if n := len(watermarkLineRE.FindAllString(pdfLines(t, buf.Bytes()), -1)); n < 2 {
		t.Errorf("sample data: watermark 示例数据 not found (%d lines)", n)
	}
	a.Settings.Sample = false
	buf.Reset()
	if _, err := Write(&buf, a, fb, Options{Date: date}); err != nil {
		t.Fatal(err)
	}
	if n := len(watermarkLineRE.FindAllString(pdfLines(t, buf.Bytes()), -1)); n != 0 {
		t.Errorf("real data: %d watermark lines", n)
	}
	for _, other := range fbs {
		if other.Org != fb.Org && strings.Contains(txt, other.OrgName+"问题反馈单") {
			t.Errorf("PDF of %s mentions %s", fb.OrgName, other.OrgName)
		}
	}
}

func dateText(t time.Time) string {
	return squash(t.Format("2006年1月2日"))
}

// TestPDFDeterministic: the same data gives the same bytes, whatever the
// clock says; the date written is the data's, not today's.
func TestPDFDeterministic(t *testing.T) {
	s, a, fbs := demo(t)
	date, err := SnapshotDate(s)
	if err != nil {
		t.Fatal(err)
	}
	if date.IsZero() || date.Year() == time.Now().Year() && date.YearDay() == time.Now().YearDay() {
		t.Errorf("snapshot date %v looks like the clock, not the data", date)
	}
	write := func() []byte {
		var buf bytes.Buffer
		if _, err := Write(&buf, a, fbs[0], Options{Date: date}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	one, two := write(), write()
	if !bytes.Equal(one, two) {
		t.Fatal("two PDFs of the same data differ")
	}
	// A second store from the same demo data gives the same bytes too.
	s2, a2, fbs2 := demo(t)
	date2, err := SnapshotDate(s2)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := Write(&buf, a2, fbs2[0], Options{Date: date2}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(one, buf.Bytes()) {
		t.Error("PDFs of two copies of the same data differ")
	}
}

// TestWriteAllAndEmpty writes every organisation's PDF, and one for an
// organisation without items ("未发现问题").
func TestWriteAllAndEmpty(t *testing.T) {
	s, a, fbs := demo(t)
	date, _ := SnapshotDate(s)
	dir := t.TempDir()
	day := time.Date(2018, 5, 20, 0, 0, 0, 0, time.UTC)
	paths, err := WriteAll(a, fbs, dir, day, nil, Options{Date: date})
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) != len(fbs) {
		t.Fatalf("%d files for %d organisations", len(paths), len(fbs))
	}
	if want := filepath.Join(dir, fbs[0].OrgName+"-问题反馈单-2018-05-20.pdf"); paths[0] != want {
		t.Errorf("path %s, want %s", paths[0], want)
	}
	empty := sheets.Feedback{Org: "x", OrgName: "测试单位", Items: nil}
	var buf bytes.Buffer
	if _, err := Write(&buf, a, empty, Options{Date: date}); err != nil {
		t.Fatal(err)
	}
	if txt := pdfText(t, buf.Bytes()); !strings.Contains(txt, "经核对，未发现问题。") || !strings.Contains(txt, "共0条") {
		t.Errorf("empty feedback text: %s", txt)
	}
}
