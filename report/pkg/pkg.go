// Package pkg produces the package the creation office submits: the
// technical report (技术报告), the work report (创建工作报告, GB/T 9704-2012
// layout), the appendices as standalone PDFs (任务分解书, 任务分解表,
// 责任单位矩阵, 佐证材料目录), and a manifest (材料清单 as PDF and
// manifest.json) with page counts, SHA-256 of every file, the data snapshot
// and what is not ready for submission.
//
// The same database always gives byte-identical files: documents carry the
// data snapshot's time (the latest recorded value), never the clock.
//
//	res, err := pkg.Build(ctx, st, "提交材料", pkg.Options{Progress: func(done, total int, name string) { … }})
//
// A build writes into a temporary folder next to the output folder and
// swaps it in at the end, so a failed build leaves the previous package
// intact. With Strict, a project with anything not ready is refused and
// nothing is written.
package pkg

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"

	"ecoreport/app/assess"
	"ecoreport/app/store"
	"ecoreport/report/binder"
	"ecoreport/report/layout"
	"ecoreport/report/narrative"
)

// Document describes one PDF of the package.
type Document struct {
	Key   string // stable English key: technical, work, taskbook, tasktable, matrix, evidence
	File  string // file name in the package folder
	Title string // Chinese name, also accepted by Options.Only
	make  func(*builder) (*layout.Document, error)
	// write, when set, writes the document itself (the evidence binder,
	// which imports the attached files) and returns its page count.
	write func(*builder, context.Context, io.Writer) (int, error)
}

// Documents lists the PDFs of the package in order (the manifest comes last).
var Documents = []Document{
	{"technical", "01_技术报告.pdf", "技术报告", (*builder).technicalReport, nil},
	{"work", "02_创建工作报告.pdf", "创建工作报告", (*builder).workReport, nil},
	{"taskbook", "03_任务分解书.pdf", "任务分解书", (*builder).taskBookDoc, nil},
	{"tasktable", "04_任务分解表.pdf", "任务分解表", (*builder).taskTableDoc, nil},
	{"matrix", "05_责任单位矩阵.pdf", "责任单位矩阵", (*builder).matrixDoc, nil},
	{"evidence", "06_佐证材料目录.pdf", "佐证材料目录", (*builder).evidenceDoc, nil},
	{"binder", "07_" + binder.FileName, "佐证材料汇编", nil, (*builder).binderDoc},
}

// Manifest file names.
const (
	ManifestPDF  = "00_材料清单.pdf"
	ManifestJSON = "manifest.json"
)

// Options control a build.
type Options struct {
	// Only builds one document (its Key, Title or File name); the other
	// files of an existing package are kept. Empty: everything.
	Only string
	// Strict refuses to build while anything is not ready for submission.
	Strict bool
	// Fonts: "system" uses the official faces installed on the machine
	// (仿宋, 黑体, 楷体, 小标宋) where it has them and the bundled open
	// fonts for the rest; "bundled" the bundled open fonts only.
	// Empty takes the project's setting, and "system" when that is empty.
	Fonts string
	// FontDir is a folder with official font files, searched before the
	// folder named by ECOREPORT_FONTS and the system's font folders.
	FontDir string
	// Progress is called after each file: done of total, the file's name.
	// It may be called from several goroutines, one call at a time.
	Progress func(done, total int, name string)
	// Parallel is how many documents are laid out at once; 0: GOMAXPROCS.
	Parallel int
}

// File is one file of a built package.
type File struct {
	Name   string `json:"name"`
	Title  string `json:"title"`
	Pages  int    `json:"pages,omitempty"`
	Bytes  int    `json:"bytes"`
	SHA256 string `json:"sha256"`
	Kept   bool   `json:"kept,omitempty"` // kept from the previous build (Options.Only)
	data   []byte
}

// Data returns the file's content (only for files built in this run).
func (f File) Data() []byte { return f.data }

// Result is a built package.
type Result struct {
	Dir      string   `json:"dir,omitempty"`
	Files    []File   `json:"files"`
	Snapshot Snapshot `json:"snapshot"`
	NotReady []Issue  `json:"not_ready"`
	Warnings []string `json:"warnings"`
	// Fonts are the faces the documents are set in, by role.
	Fonts []FontUse `json:"fonts"`
}

// Pages returns the page count of a file of the package.
func (r *Result) Pages(name string) int {
	for _, f := range r.Files {
		if f.Name == name || f.Title == name {
			return f.Pages
		}
	}
	return 0
}

// NotReadyError is the refusal of a strict build.
type NotReadyError struct{ Issues []Issue }

func (e *NotReadyError) Error() string {
	return fmt.Sprintf("尚有 %d 项未就绪（%s），--strict 模式不生成材料", len(e.Issues), IssueSummary(e.Issues))
}

// findDocument resolves Options.Only.
func findDocument(name string) (*Document, error) {
	n := strings.TrimSuffix(strings.TrimSpace(name), ".pdf")
	for i := range Documents {
		d := &Documents[i]
		if n == d.Key || n == d.Title || n == strings.TrimSuffix(d.File, ".pdf") {
			return d, nil
		}
	}
	var names []string
	for _, d := range Documents {
		names = append(names, d.Title+"("+d.Key+")")
	}
	return nil, fmt.Errorf("没有名为“%s”的文件，可选：%s", name, strings.Join(names, "、"))
}

func newBuilder(s *store.Store, o Options) (*builder, error) {
	a, err := assess.Load(s)
	if err != nil {
		return nil, err
	}
	chapters, err := s.Chapters()
	if err != nil {
		return nil, fmt.Errorf("读取报告章节：%w", err)
	}
	sn, err := loadSnapshot(s, a, len(chapters))
	if err != nil {
		return nil, err
	}
	fonts := o.Fonts
	if fonts == "" && o.FontDir != "" {
		fonts = "system" // a folder of fonts given for this build
	}
	if fonts == "" {
		fonts = a.Settings.Fonts
	}
	b := &builder{st: s, a: a, sn: sn, chapters: chapters, date: sn.LatestChange}
	switch fonts {
	case "bundled":
	case "", "system":
		b.fonts = layout.Fonts{UseSystem: true}
		if o.FontDir != "" {
			b.fonts.Dirs = append([]string{o.FontDir}, layout.DefaultFontDirs()...)
		}
	default:
		return nil, fmt.Errorf("字体选项 %q 无效，应为 system 或 bundled", fonts)
	}
	// Look up the machine's fonts once for all documents of the package.
	if b.fonts, err = b.fonts.Pin(); err != nil {
		return nil, fmt.Errorf("字体：%w", err)
	}
	b.nd = &narrative.Data{A: a, Snapshot: sn.LatestChange}
	return b, nil
}

// Render builds the package in memory without writing anything. Files
// carry their content (File.Data).
func Render(ctx context.Context, s *store.Store, o Options) (*Result, error) {
	b, err := newBuilder(s, o)
	if err != nil {
		return nil, err
	}
	return b.render(ctx, o, nil)
}

func (b *builder) render(ctx context.Context, o Options, kept []File) (*Result, error) {
	res := &Result{Snapshot: b.sn, NotReady: NotReady(b.a), Warnings: []string{}}
	fonts, err := b.fontList()
	if err != nil {
		return nil, err
	}
	res.Fonts = fonts
	res.Warnings = append(res.Warnings, fontWarnings(fonts)...)
	res.Warnings = append(res.Warnings, ConditionWarnings(b.a)...)
	if o.Strict && len(res.NotReady) > 0 {
		return res, &NotReadyError{Issues: res.NotReady}
	}
	docs := Documents
	if o.Only != "" {
		d, err := findDocument(o.Only)
		if err != nil {
			return nil, err
		}
		docs = []Document{*d}
	}
	total := len(docs) + 2
	par := o.Parallel
	if par <= 0 {
		par = runtime.GOMAXPROCS(0)
	}
	files := make([]File, len(docs))
	errs := make([]error, len(docs))
	var mu sync.Mutex
	done := 0
	progress := func(name string) {
		mu.Lock()
		defer mu.Unlock()
		done++
		if o.Progress != nil {
			o.Progress(done, total, name)
		}
	}
	sem := make(chan struct{}, par)
	var wg sync.WaitGroup
	for i, d := range docs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			if err := ctx.Err(); err != nil {
				errs[i] = err
				return
			}
			f, err := b.renderDoc(ctx, d)
			if err != nil {
				errs[i] = fmt.Errorf("生成%s：%w", d.Title, err)
				return
			}
			files[i] = f
			progress(d.File)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Attachments the binder could not include: listed with what is not
	// ready (00_材料清单, manifest.json) and as warnings.
	for _, p := range b.binderProblems {
		res.Warnings = append(res.Warnings, p)
		res.NotReady = append(res.NotReady, Issue{Kind: IssueAttachment, Label: issueLabels[IssueAttachment], Detail: p})
	}
	all := append(append([]File{}, kept...), files...)
	sortFiles(all)
	mf, err := b.manifestPDF(all, res.NotReady, res.Warnings)
	if err != nil {
		return nil, fmt.Errorf("生成材料清单：%w", err)
	}
	progress(mf.Name)
	all = append([]File{mf}, all...)
	js, err := b.manifestJSON(all, res)
	if err != nil {
		return nil, err
	}
	progress(js.Name)
	res.Files = append(all, js)
	return res, nil
}

func sortFiles(fs []File) {
	order := map[string]int{}
	for i, d := range Documents {
		order[d.File] = i
	}
	for i := 1; i < len(fs); i++ {
		for j := i; j > 0 && order[fs[j].Name] < order[fs[j-1].Name]; j-- {
			fs[j], fs[j-1] = fs[j-1], fs[j]
		}
	}
}

func (b *builder) renderDoc(ctx context.Context, d Document) (File, error) {
	pages := 0
	f, err := b.sink().put(d.File, func(w io.Writer) error {
		if d.write != nil {
			n, err := d.write(b, ctx, w)
			pages = n
			return err
		}
		doc, err := d.make(b)
		if err != nil {
			return err
		}
		info, err := doc.Write(w)
		pages = info.Pages
		return err
	})
	if err != nil {
		return File{}, err
	}
	f.Title, f.Pages = d.Title, pages
	return f, nil
}

func newFile(name, title string, pages int, data []byte) File {
	sum := sha256.Sum256(data)
	return File{Name: name, Title: title, Pages: pages, Bytes: len(data), SHA256: hex.EncodeToString(sum[:]), data: data}
}

// binderDoc writes the evidence binder (佐证材料汇编): per indicator a cover
// sheet, its catalog and the attached documents themselves.
func (b *builder) binderDoc(ctx context.Context, w io.Writer) (int, error) {
	info, err := binder.Build(ctx, b.st, w, binder.Options{Date: b.date, Issuer: b.office(), Fonts: b.fonts})
	if err != nil {
		return 0, err
	}
	b.binderProblems = info.Problems // read after every document is done
	return info.Pages, nil
}
