package pkg

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/demo"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// openDemo opens the real demo project (demo.Open: review states and
// attached PDFs and images), not store.OpenDemo, so that the package tests
// cover the binder's imported attachment pages.
func openDemo(t testing.TB) *store.Store {
	t.Helper()
	s, err := demo.Open()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

var (
	demoOnce sync.Once
	demoRes  *Result
	demoErr  error
	demoA    *assess.Assessment
)

// demoPackage renders the demo package once for the tests that only read it.
func demoPackage(t *testing.T) (*Result, *assess.Assessment) {
	t.Helper()
	demoOnce.Do(func() {
		s, err := demo.Open()
		if err != nil {
			demoErr = err
			return
		}
		defer s.Close()
		demoRes, demoErr = Render(context.Background(), s, Options{})
		if demoErr == nil {
			demoA, demoErr = assess.Load(s)
		}
	})
	if demoErr != nil {
		t.Fatal(demoErr)
	}
	return demoRes, demoA
}

func file(t *testing.T, r *Result, name string) File {
	t.Helper()
	for _, f := range r.Files {
		if f.Name == name {
			return f
		}
	}
	t.Fatalf("no file %s in the package", name)
	return File{}
}

// pdfText runs pdftotext on data; pages are separated by \f.
func pdfText(t *testing.T, data []byte, layoutMode bool) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext 不可用(poppler-utils),跳过 PDF 文字检查")
	}
	args := []string{"-enc", "UTF-8"}
	if layoutMode {
		args = append(args, "-layout")
	}
	cmd := exec.Command(bin, append(args, "-", "-")...)
	cmd.Stdin = bytes.NewReader(data)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var watermarkLineRE = regexp.MustCompile(`(?m)^\s*[示例数据]\s*$`)

// withoutWatermark drops the watermark's characters, which pdftotext
// prints one per line among the page's text.
func withoutWatermark(text string) string { return watermarkLineRE.ReplaceAllString(text, "") }

var spaceRE = regexp.MustCompile(`\s+`)

func squash(s string) string { return spaceRE.ReplaceAllString(s, "") }

func TestPackageFiles(t *testing.T) {
	r, _ := demoPackage(t)
	want := []string{ManifestPDF}
	for _, d := range Documents {
		want = append(want, d.File)
	}
	want = append(want, ManifestJSON)
	if len(r.Files) != len(want) {
		t.Fatalf("files = %d, want %d", len(r.Files), len(want))
	}
	for i, f := range r.Files {
		if f.Name != want[i] {
			t.Errorf("file %d = %s, want %s", i, f.Name, want[i])
		}
		if f.Name != ManifestJSON && f.Pages == 0 {
			t.Errorf("%s has no pages", f.Name)
		}
		t.Logf("%-20s %3d 页 %7d 字节", f.Name, f.Pages, f.Bytes)
	}
	if len(r.NotReady) == 0 {
		t.Error("the demo project should not be ready (unresolved disagreements, evidence gaps)")
	}
}

func TestTechnicalReportText(t *testing.T) {
	r, a := demoPackage(t)
	text := pdfText(t, file(t, r, "01_技术报告.pdf").Data(), false)
	flat := squash(withoutWatermark(text))
	for _, ind := range a.Catalog.All() {
		if !strings.Contains(flat, squash(layout.Punctuate(ind.Name))) {
			t.Errorf("indicator %s %s is not in the technical report", ind.Code, ind.Name)
		}
		if !ind.Measurable() {
			continue
		}
		for _, y := range a.Settings.AssessedYears {
			v := narrative.FormatValue(a, ind, y)
			if !strings.Contains(flat, squash(v)) {
				t.Errorf("value %s of %s in %d is not in the technical report", v, ind.Code, y)
			}
		}
	}
	if !strings.Contains(flat, a.Eval.Verdict.Label) {
		t.Errorf("verdict %q missing", a.Eval.Verdict.Label)
	}
	for _, reason := range a.Eval.Verdict.Reasons {
		if !strings.Contains(flat, squash(layout.Punctuate(reason))) {
			t.Errorf("verdict reason %q missing", reason)
		}
	}
	// Every page carries the watermark of the sample data.
	pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
	if len(pages) != r.Pages("01_技术报告.pdf") {
		t.Errorf("pdftotext pages %d, Info.Pages %d", len(pages), r.Pages("01_技术报告.pdf"))
	}
}

func TestSampleWatermarkOnEveryPage(t *testing.T) {
	r, _ := demoPackage(t)
	for _, f := range r.Files {
		if f.Name == ManifestJSON {
			continue
		}
		text := pdfText(t, f.Data(), false)
		for i, p := range strings.Split(strings.TrimRight(text, "\f"), "\f") {
			if n := len(watermarkLineRE.FindAllString(p, -1)); n < 4 {
				t.Errorf("%s page %d has no 示例数据 watermark", f.Name, i+1)
			}
		}
	}
}

// TestMissingDataShown: a missing value is printed 缺数据, never blank or 0.
func TestMissingDataShown(t *testing.T) {
	r, a := demoPackage(t)
	if _, ok := a.Values.Get("32", 2017); ok {
		t.Fatal("demo data changed: 32/2017 should be missing")
	}
	text := pdfText(t, file(t, r, "01_技术报告.pdf").Data(), true)
	found := false
	for _, line := range strings.Split(text, "\n") {
		if strings.Contains(line, "公众绿色出行率") && strings.Contains(line, "52.0") { // the 单位 column carries the %
			found = true
			if strings.Count(line, "缺数据") < 2 { // value cell and status cell of 2017
				t.Errorf("summary row of 32 does not show 缺数据 twice: %q", line)
			}
		}
	}
	if !found {
		t.Error("summary row of indicator 32 not found")
	}
}

var tocLineRE = regexp.MustCompile(`^\s*(\S.*?\S)\s+(\d+)\s*$`)
var footerRE = regexp.MustCompile(`第\s*(\d+)\s*页\s*共\s*(\d+)\s*页`)

// TestContentsPageNumbers checks every line of the contents against the
// page its heading is really on.
func TestContentsPageNumbers(t *testing.T) {
	r, _ := demoPackage(t)
	text := pdfText(t, file(t, r, "01_技术报告.pdf").Data(), true)
	pages := strings.Split(text, "\f")
	byLabel := map[int]int{} // printed page number → index
	for i, p := range pages {
		if m := footerRE.FindStringSubmatch(p); m != nil {
			n, _ := strconv.Atoi(m[1])
			byLabel[n] = i
		}
	}
	checked := 0
	for i := 1; i < len(pages); i++ {
		if footerRE.MatchString(pages[i]) {
			break // the body has started
		}
		for _, line := range strings.Split(pages[i], "\n") {
			m := tocLineRE.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			label := squash(m[1])
			n, _ := strconv.Atoi(m[2])
			idx, ok := byLabel[n]
			if !ok {
				t.Errorf("contents: %s → page %d, which does not exist", label, n)
				continue
			}
			// The label may be cut by the contents line width; its start must
			// be on that page.
			probe := []rune(label)
			if len(probe) > 8 {
				probe = probe[:8]
			}
			if !strings.Contains(squash(pages[idx]), string(probe)) {
				t.Errorf("contents: %s → page %d, but it is not there", label, n)
			}
			checked++
		}
	}
	if checked < 50 {
		t.Errorf("only %d contents lines checked", checked)
	}
}

func TestBookmarks(t *testing.T) {
	r, a := demoPackage(t)
	data := file(t, r, "01_技术报告.pdf").Data()
	if !bytes.Contains(data, []byte("/Outlines")) {
		t.Fatal("no outlines (bookmarks) in the technical report")
	}
	n := bytes.Count(data, []byte("/Title "))
	// Chapters, domains, every indicator and its four parts, appendices.
	if min := len(a.Catalog.Indicators) * 5; n < min {
		t.Errorf("bookmarks = %d, want at least %d", n, min)
	}
}

func TestDeterministic(t *testing.T) {
	r1, _ := demoPackage(t)
	s := openDemo(t)
	r2, err := Render(context.Background(), s, Options{Parallel: 1})
	if err != nil {
		t.Fatal(err)
	}
	for i := range r1.Files {
		if !bytes.Equal(r1.Files[i].Data(), r2.Files[i].Data()) {
			t.Errorf("%s differs between two builds of the same data", r1.Files[i].Name)
		}
	}
}

// TestNarrativeComplete checks that no character of a narrative paragraph is
// lost in the PDF (without the watermark, which pdftotext would mix in).
func TestNarrativeComplete(t *testing.T) {
	s := openDemo(t)
	st, _ := s.Settings()
	st.Sample = false
	if err := s.SetSettings(st); err != nil {
		t.Fatal(err)
	}
	r, err := Render(context.Background(), s, Options{Only: "work"})
	if err != nil {
		t.Fatal(err)
	}
	b, err := newBuilder(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	text := pdfText(t, file(t, r, "02_创建工作报告.pdf").Data(), false)
	// Drop the page numbers "— N —".
	text = regexp.MustCompile(`—\s*\d+\s*—`).ReplaceAllString(text, "")
	flat := squash(text)
	n := 0
	for _, key := range []string{"基本概况", "主要做法", "主要成效", "主要体会", "下一步打算"} {
		exp, err := narrative.Expand(key, b.chapters[key].Text, b.nd)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range narrative.Paragraphs(exp) {
			n++
			if !strings.Contains(flat, squash(p)) {
				t.Errorf("%s: paragraph not found intact in the PDF:\n%s", key, p)
			}
		}
	}
	if n < 10 {
		t.Errorf("only %d paragraphs checked", n)
	}
}

func TestStrictRefuses(t *testing.T) {
	s := openDemo(t)
	dir := filepath.Join(t.TempDir(), "out")
	_, err := Build(context.Background(), s, dir, Options{Strict: true})
	var nr *NotReadyError
	if !errors.As(err, &nr) || len(nr.Issues) == 0 {
		t.Fatalf("strict build of the demo: err = %v, want NotReadyError", err)
	}
	if !strings.Contains(err.Error(), "未就绪") {
		t.Errorf("message not in Chinese: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Error("a refused strict build wrote something")
	}
}

func TestFailedBuildKeepsPrevious(t *testing.T) {
	s := openDemo(t)
	dir := filepath.Join(t.TempDir(), "材料")
	var calls int
	res, err := Build(context.Background(), s, dir, Options{Only: "matrix", Progress: func(done, total int, name string) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	if calls != 3 {
		t.Errorf("progress calls = %d, want 3 (matrix, manifest PDF, manifest JSON)", calls)
	}
	before := snapshotDir(t, dir)
	if err := s.SaveChapter("主要做法", "第一行\n{{不存在的占位符}}\n", "测试", ""); err != nil {
		t.Fatal(err)
	}
	_, err = Build(context.Background(), s, dir, Options{})
	var ne *narrative.Error
	if !errors.As(err, &ne) || ne.Line != 2 || ne.Chapter != "主要做法" {
		t.Fatalf("err = %v, want a narrative error at 主要做法 line 2", err)
	}
	if !strings.Contains(err.Error(), "第 2 行") || !strings.Contains(err.Error(), "不存在的占位符") {
		t.Errorf("message = %v", err)
	}
	after := snapshotDir(t, dir)
	if len(before) != len(after) {
		t.Fatalf("files changed: %v → %v", before, after)
	}
	for k, v := range before {
		if after[k] != v {
			t.Errorf("%s changed by a failed build", k)
		}
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("leftovers next to the package: %v", entries)
	}
	_ = res
}

func snapshotDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		out[e.Name()] = string(b)
	}
	return out
}

func TestOnlyKeepsOtherFiles(t *testing.T) {
	s := openDemo(t)
	dir := filepath.Join(t.TempDir(), "out")
	if _, err := Build(context.Background(), s, dir, Options{}); err != nil {
		t.Fatal(err)
	}
	res, err := Build(context.Background(), s, dir, Options{Only: "责任单位矩阵"})
	if err != nil {
		t.Fatal(err)
	}
	kept := 0
	for _, f := range res.Files {
		if f.Kept {
			kept++
			if f.Pages == 0 {
				t.Errorf("kept %s lost its page count", f.Name)
			}
		}
	}
	if kept != len(Documents)-1 {
		t.Errorf("kept = %d, want %d", kept, len(Documents)-1)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != len(Documents)+2 {
		t.Errorf("files in the folder = %d", len(entries))
	}
}

func TestRefusesForeignFolder(t *testing.T) {
	s := openDemo(t)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "论文.docx"), []byte("x"), 0o644)
	if _, err := Build(context.Background(), s, dir, Options{Only: "matrix"}); err == nil || !strings.Contains(err.Error(), "为免覆盖") {
		t.Fatalf("err = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "论文.docx")); err != nil {
		t.Error("the foreign file is gone")
	}
}
