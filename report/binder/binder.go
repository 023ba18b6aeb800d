// Package binder builds the evidence binder (佐证材料汇编): after a cover
// (district, issuer, date) and a table of contents by domain and indicator,
// per indicator, grouped by domain in catalog order, a cover sheet (requirement, basic
// facts, completion in the assessed years, measures, data sources), the
// catalog of its evidence items with the binder page where each starts, and
// the attached documents themselves (PDF pages imported, images placed),
// every page under a running header and numbered "第 N 页 共 M 页".
//
// Attachments are read twice, one at a time: before layout, to learn their
// pages and sizes, and when the laid-out binder is merged with them
// (report/pdfimport), so memory is bounded by the largest attachment. An
// attachment that cannot be read becomes a page naming the file, the
// problem and what to do, and is listed in Info.Problems.
package binder

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
	"ecoreport/app/store"
	"ecoreport/report/layout"
	"ecoreport/report/pdfimport"
)

// FileName is the binder's file name in the package.
const FileName = "佐证材料汇编.pdf"

// DefaultMaxPages bounds the pages imported from one attachment: every page
// of any file that could be attached.
const DefaultMaxPages = pdfimport.MaxPages

// Options tune the binder.
type Options struct {
	// MaxPages bounds the pages imported per attachment; 0: DefaultMaxPages.
	MaxPages int
	// Date is the data snapshot's time: on the cover (year and month) and
	// the PDF's creation date. Zero: the latest value or attachment
	// recorded in the project (the same project gives the same bytes).
	Date time.Time
	// Issuer is who issues the binder, on the cover; "": the district's
	// creation office.
	Issuer string
	Fonts  layout.Fonts
}

// Info describes a written binder.
type Info struct {
	layout.Info
	Indicators  int
	Items       int
	Attachments int
	// ItemPages maps an evidence item ID to the printed page where it starts
	// (items without an electronic file are missing).
	ItemPages map[int64]int
	// Problems lists, one Chinese line each, the attachments (or pages of
	// them) that could not be included: the binder has a page saying so
	// where they would be.
	Problems []string
}

// att is an attachment after probing: bytes dropped, facts kept.
type att struct {
	a     evidence.Attachment
	kind  pdfimport.Kind
	sizes []pdfimport.Size // of every page
	err   error
}

type entry struct {
	it   evidence.Item
	atts []*att
}

type section struct {
	ind     *catalog.Indicator
	domain  string
	entries []*entry
}

// Build writes the binder of a project as PDF to w.
func Build(ctx context.Context, s *store.Store, w io.Writer, o Options) (Info, error) {
	if o.MaxPages <= 0 {
		o.MaxPages = DefaultMaxPages
	}
	a, err := assess.Load(s)
	if err != nil {
		return Info{}, err
	}
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		return Info{}, err
	}
	secs, info, err := collect(ctx, s, a, items)
	if err != nil {
		return info, err
	}
	if o.Date.IsZero() {
		o.Date = latestChange(a, items)
	}
	b := &builder{a: a, o: o, secs: secs, byKey: map[string]*att{}, flow: map[string]bool{}}
	// Two-pass (or more) layout: the catalog quotes the page where each
	// item starts, which is only known after layout.
	var refs map[string]int
	var laid *layout.Laid
	for pass := 0; ; pass++ {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		laid, err = b.document(refs).Lay()
		if err != nil {
			return info, err
		}
		li := laid.Info()
		got := pageRefs(li)
		changed := b.spills(li)
		if refs != nil && mapsEqual(got, refs) && !changed {
			break
		}
		if pass >= 4 {
			return info, fmt.Errorf("佐证材料汇编的目录页码不收敛")
		}
		refs = got
	}
	// The laid-out binder (its pages draw the attached pages by name) is
	// small; the attachments are added to it on the way to w.
	var shell bytes.Buffer
	li, err := laid.Write(&shell)
	if err != nil {
		return info, err
	}
	open := func(key string, write func(*pdfimport.Doc) error) error {
		p := b.byKey[key]
		size := 0
		defer func() { collectAfter(size) }()
		return evidence.Use(s, p.a.SHA256, func(data []byte) error {
			size = len(data)
			d, err := pdfimport.Open(p.kind, data)
			if err != nil {
				return fmt.Errorf("附件“%s”：%w", p.a.Name, err)
			}
			return write(d)
		})
	}
	err = pdfimport.Merge(w, shell.Bytes(), b.uses, open)
	info.Info = li
	info.ItemPages = map[int64]int{}
	for k, v := range refs {
		if id, ok := itemID(k); ok {
			info.ItemPages[id] = v
		}
	}
	return info, err
}

// collect groups the items by indicator and probes every attachment.
func collect(ctx context.Context, s *store.Store, a *assess.Assessment, items []evidence.Item) ([]*section, Info, error) {
	var info Info
	cat := a.Catalog
	byTop := map[string][]evidence.Item{}
	for _, it := range items {
		code := it.Indicator
		if ind, ok := cat.Indicator(code); ok && ind.Parent != nil {
			code = ind.Parent.Code
		}
		byTop[code] = append(byTop[code], it)
	}
	for _, items := range byTop { // numbered as the evidence catalog numbers them
		slices.SortStableFunc(items, func(x, y evidence.Item) int { return store.ComparePartEvidence(x.EvidenceItem, y.EvidenceItem) })
	}
	var secs []*section
	for _, d := range cat.Domains {
		for i := range cat.Indicators {
			ind := &cat.Indicators[i]
			if ind.Domain != d.ID {
				continue
			}
			secs = append(secs, &section{ind: ind, domain: d.Name})
		}
	}
	// Indicators of no known domain keep catalog order at the end.
	for i := range cat.Indicators {
		ind := &cat.Indicators[i]
		if _, ok := cat.Domain(ind.Domain); !ok {
			secs = append(secs, &section{ind: ind, domain: ind.Domain})
		}
	}
	for _, sec := range secs {
		if err := ctx.Err(); err != nil {
			return nil, info, err
		}
		info.Indicators++
		for _, it := range byTop[sec.ind.Code] {
			e := &entry{it: it}
			info.Items++
			for _, at := range it.Attachments {
				info.Attachments++
				p := probe(s, at)
				if p.err != nil {
					info.Problems = append(info.Problems, fmt.Sprintf("指标%s“%s”的附件“%s”无法编入佐证材料汇编：%v", sec.ind.Code, it.Title, at.Name, p.err))
				}
				e.atts = append(e.atts, p)
			}
			sec.entries = append(sec.entries, e)
		}
	}
	return secs, info, nil
}

func probe(s *store.Store, at evidence.Attachment) *att {
	p := &att{a: at}
	switch at.Mime {
	case evidence.MimePDF:
		p.kind = pdfimport.PDF
	case evidence.MimeJPEG:
		p.kind = pdfimport.JPEG
	case evidence.MimePNG:
		p.kind = pdfimport.PNG
	default:
		p.err = fmt.Errorf("不支持的文件类型，请改为 PDF、JPEG 或 PNG 文件后重新上传")
		return p
	}
	var d *pdfimport.Doc
	size := 0
	defer func() { collectAfter(size) }()
	err := evidence.Peek(s, at.SHA256, func(data []byte) error {
		size = len(data)
		var err error
		d, err = pdfimport.Open(p.kind, data)
		if err == nil && p.kind == pdfimport.PNG {
			// A PNG is decoded when it is merged: find a damaged one now.
			// (A JPEG is copied as it is; the check at attach time
			// decoded it.)
			err = d.Verify()
		}
		if err != nil {
			p.err = err
		}
		return nil
	})
	if err != nil {
		p.err = fmt.Errorf("无法从项目数据库读取附件内容（%v）", chineseOnly(err))
		return p
	}
	if p.err != nil {
		return p
	}
	for i := 1; i <= d.Pages(); i++ {
		p.sizes = append(p.sizes, d.Size(i))
	}
	return p
}

// chineseOnly keeps an error's text when it is a Chinese sentence (the
// store's and the evidence ledger's messages are) and replaces a Go
// library's English with a general phrase.
func chineseOnly(err error) string {
	for _, r := range err.Error() {
		if r >= 0x4e00 && r <= 0x9fff {
			return err.Error()
		}
	}
	return "数据库读取错误"
}

// spills marks the indicators whose cover sheet runs over its first page
// (the catalog, after a page break, starts two pages or more after the
// sheet) and reports whether it marked any new one.
func (b *builder) spills(li layout.Info) bool {
	pages := li.HeadingPages()
	changed := false
	for _, s := range b.secs {
		code := s.ind.Code
		if b.flow[code] {
			continue
		}
		if pages[catKey(code)]-pages["ind:"+code] >= 2 {
			b.flow[code] = true
			changed = true
		}
	}
	return changed
}

func pageRefs(li layout.Info) map[string]int {
	m := map[string]int{}
	for _, h := range li.Headings {
		if n, err := strconv.Atoi(h.PageLabel); err == nil {
			m[h.ID] = n
		}
	}
	return m
}

func itemID(key string) (int64, bool) {
	if len(key) > 5 && key[:5] == "item:" {
		id, err := strconv.ParseInt(key[5:], 10, 64)
		return id, err == nil
	}
	return 0, false
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// latestChange is the time of the latest value or attachment recorded,
// zero if none is.
func latestChange(a *assess.Assessment, items []evidence.Item) time.Time {
	latest := ""
	for _, p := range a.Provenance {
		latest = max(latest, p.At)
	}
	for _, it := range items {
		for _, at := range it.Attachments {
			latest = max(latest, at.AddedAt)
		}
	}
	for _, layout := range []string{time.RFC3339Nano, time.RFC3339, "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, latest); err == nil {
			return t
		}
	}
	return time.Time{}
}

// itemKey is the heading ID of an item's first page.
func itemKey(id int64) string { return "item:" + strconv.FormatInt(id, 10) }

func sortedYears(ys []int) []int {
	out := slices.Clone(ys)
	slices.Sort(out)
	return out
}

// bigAttachment is the size from which an attachment's memory is collected
// as soon as it has been read.
const bigAttachment = 4 << 20

// collectAfter runs the garbage collector after an attachment of size bytes
// has been read, when it is big. The garbage of one scanned PDF (its bytes,
// the copies of its streams the PDF reader makes, the output buffers) is
// several times its size; left to the collector's pace it would still be
// there when the next one is read, and the peak memory of a binder would be
// that of two or three attachments instead of one (issue #12 §1). A
// collection costs a few milliseconds against the tens it takes to read
// such a file.
func collectAfter(size int) {
	if size >= bigAttachment {
		runtime.GC()
	}
}
