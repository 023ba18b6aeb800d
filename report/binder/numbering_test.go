package binder

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/png"
	"regexp"
	"slices"
	"strings"
	"testing"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// TestEvidenceNumberedAsCatalog: in an indicator's part the binder numbers
// the evidence (材料1, 2, …) as the evidence catalog and the technical
// report do (store.ComparePartEvidence): by year, the sub-indicators' items
// mixed in, not sub-indicator by sub-indicator.
func TestEvidenceNumberedAsCatalog(t *testing.T) {
	s := openDemo(t)
	items, err := evidence.List(s, evidence.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	// Every item gets a file, so that every item has a heading.
	var img bytes.Buffer
	if err := png.Encode(&img, image.NewGray(image.Rect(0, 0, 20, 20))); err != nil {
		t.Fatal(err)
	}
	for _, it := range items {
		if len(it.Attachments) == 0 {
			if _, err := evidence.Attach(s, it.ID, evidence.File{Name: "照片.png", Data: img.Bytes()}, "测试"); err != nil {
				t.Fatal(err)
			}
		}
	}
	var out bytes.Buffer
	info, err := Build(context.Background(), s, &out, Options{})
	if err != nil {
		t.Fatal(err)
	}
	top := func(code string) string { return strings.SplitN(code, ".", 2)[0] }
	parts := map[string][]store.EvidenceItem{}
	for _, it := range items {
		parts[top(it.Indicator)] = append(parts[top(it.Indicator)], it.EvidenceItem)
	}
	want := map[int64]string{} // "材料N "
	mixed := 0
	for _, p := range parts {
		byCode := slices.Clone(p)
		slices.SortStableFunc(byCode, store.CompareEvidence)
		slices.SortStableFunc(p, store.ComparePartEvidence)
		if !slices.EqualFunc(byCode, p, func(a, b store.EvidenceItem) bool { return a.ID == b.ID }) {
			mixed++
		}
		for i, e := range p {
			want[e.ID] = fmt.Sprintf("材料%d ", i+1)
		}
	}
	if mixed == 0 {
		t.Fatal("no indicator of the demo mixes its sub-indicators' items by year: the test tests nothing")
	}
	checked := 0 // every item
	for _, h := range info.Headings {
		id, ok := itemID(h.ID)
		if !ok {
			continue
		}
		checked++
		if !strings.HasPrefix(h.Label, want[id]) {
			t.Errorf("item %d is headed %q, want it numbered %q as in the evidence catalog", id, h.Label, want[id])
		}
	}
	if checked != len(items) {
		t.Fatalf("%d item headings in the binder, want %d", checked, len(items))
	}
}

// TestPendingLeadOnCoverSheet: while the office has not ruled between the
// annexes' leads of indicator 1, its cover sheet names both candidates,
// marked 待裁定, as the technical report does; it never quietly prints one.
func TestPendingLeadOnCoverSheet(t *testing.T) {
	s := openDemo(t)
	pdf, info := build(t, s)
	page := pageTexts(t, pdf)[physical(info, "ind:1")-1]
	flat := strings.Join(strings.Fields(page), "")
	if !strings.Contains(flat, "牵头单位区政府办、海陵环保局（待裁定）") {
		t.Errorf("cover sheet of indicator 1 does not name both candidate leads:\n%s", page)
	}
}

// TestCoverSheetAndCatalogWording: the cover sheet calls the plan's task
// text what it is (the technical report's 主要措施 are the office's own
// text), and the catalog marks a sub-indicator's items as the evidence
// catalog (06) does.
func TestCoverSheetAndCatalogWording(t *testing.T) {
	s := openDemo(t)
	pdf, info := build(t, s)
	pages := pageTexts(t, pdf)
	flat := func(id string) string {
		return strings.Join(strings.Fields(pages[physical(info, id)-1]), "")
	}
	if c := flat("ind:1"); !strings.Contains(c, "四、工作任务（任务分解书）") || strings.Contains(c, "主要措施") {
		t.Errorf("cover sheet of indicator 1:\n%s", c)
	}
	if c := flat(catKey("10")); !strings.Contains(c, "【10.1") || !strings.Contains(c, "【10.2") {
		t.Errorf("catalog of indicator 10 does not mark its sub-indicators' items:\n%s", c)
	}
}

// TestNoStrandedSubTitles: the cover sheet's run-in titles (一、指标要求 …
// 五、数据来源) never end a page: something of their section follows them
// on the same page.
func TestNoStrandedSubTitles(t *testing.T) {
	s := openDemo(t)
	pdf, _ := build(t, s)
	furniture := regexp.MustCompile(`第\s*\d+\s*页\s*共\s*\d+\s*页|示例数据|\s`)
	titles := regexp.MustCompile(`[一二三四五]、(指标要求|基本信息|\S*完成情况|工作任务（任务分解书）|数据来源)`)
	found := 0
	for pi, page := range pageTexts(t, pdf) {
		for _, m := range titles.FindAllStringIndex(page, -1) {
			found++
			if rest := furniture.ReplaceAllString(page[m[1]:], ""); len([]rune(rest)) < 4 {
				t.Errorf("page %d ends with %q", pi+1, page[m[0]:m[1]])
			}
		}
	}
	if found < 5*37 {
		t.Errorf("%d run-in titles found, want 5 for each of 37 indicators", found)
	}
}
