package evidence_test

import (
	"strings"
	"testing"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

func TestAddValidates(t *testing.T) {
	s := newProject(t)
	tests := []struct {
		name string
		edit func(d *evidence.Draft)
		want string // part of the error; "" for success
	}{
		{"ok", func(d *evidence.Draft) {}, ""},
		{"spanning years", func(d *evidence.Draft) { d.Year = 0 }, ""},
		{"sub-indicator", func(d *evidence.Draft) { d.Indicator = "9.1" }, ""},
		{"org by name", func(d *evidence.Draft) { d.Org = "环保局" }, ""},
		{"Chinese date", func(d *evidence.Draft) { d.IssuedOn = "2017年2月4日" }, ""},
		{"empty title", func(d *evidence.Draft) { d.Title = "  " }, "名称不能为空"},
		{"unknown indicator", func(d *evidence.Draft) { d.Indicator = "99" }, "指标 \"99\" 不存在"},
		{"year outside", func(d *evidence.Draft) { d.Year = 2012 }, "不属于本项目"},
		{"bad class", func(d *evidence.Draft) { d.Class = "D" }, "分类"},
		{"bad org", func(d *evidence.Draft) { d.Org = "外星办" }, "单位"},
		{"bad date", func(d *evidence.Draft) { d.IssuedOn = "2017-02-30" }, "没有这一天"},
		{"bad file", func(d *evidence.Draft) { d.Files = []evidence.File{{Name: "a.pdf", Data: []byte("hello")}} }, "无法识别"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := draft("1", 2017, "海陵区生态文明建设规划")
			tt.edit(&d)
			before, _ := evidence.List(s, evidence.Filter{})
			_, err := evidence.Add(s, d, "张三")
			after, _ := evidence.List(s, evidence.Filter{})
			if tt.want == "" {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Add error = %v, want %q", err, tt.want)
			}
			if len(after) != len(before) {
				t.Fatalf("a refused item was written")
			}
		})
	}
	items, _ := evidence.List(s, evidence.Filter{Org: "env"})
	if len(items) != 1 || items[0].Org != "env" {
		t.Fatalf("org not normalised to its ID: %+v", items)
	}
	items, _ = evidence.List(s, evidence.Filter{Indicator: "9"})
	if len(items) != 1 || items[0].Indicator != "9.1" {
		t.Fatalf("parent filter should include sub-indicators: %+v", items)
	}
}

func TestEditDeleteHistory(t *testing.T) {
	s := newProject(t)
	d := draft("2", 2017, "2017年度综合考核办法")
	d.DocNumber = "泰海委发〔2017〕7号"
	id := mustAdd(t, s, d)

	if err := evidence.Edit(s, id, "李四", func(e *store.EvidenceItem) { e.Pages = 16; e.Class = "原始文件" }); err != nil {
		t.Fatal(err)
	}
	// Nothing changed: nothing recorded.
	if err := evidence.Edit(s, id, "李四", func(e *store.EvidenceItem) { e.Pages = 16 }); err != nil {
		t.Fatal(err)
	}
	if err := evidence.Edit(s, id, "李四", func(e *store.EvidenceItem) { e.Year = 1999 }); err == nil {
		t.Fatal("an invalid edit was accepted")
	}
	if _, err := evidence.Attach(s, id, pdf("rules"), "张三"); err != nil {
		t.Fatal(err)
	}
	if err := evidence.Review(s, id, evidence.StateAccepted, "", "王审核"); err != nil {
		t.Fatal(err)
	}
	if err := evidence.Delete(s, id, "李四", "重复登记"); err != nil {
		t.Fatal(err)
	}
	if err := evidence.Delete(s, id, "李四", ""); err == nil {
		t.Fatal("deleting twice was accepted")
	}
	if err := evidence.Edit(s, id, "李四", func(e *store.EvidenceItem) { e.Pages = 3 }); err == nil {
		t.Fatal("editing a deleted item was accepted")
	}
	if items, _ := evidence.List(s, evidence.Filter{}); len(items) != 0 {
		t.Fatalf("deleted item listed: %+v", items)
	}
	it, err := evidence.Get(s, id)
	if err != nil || it.DeletedAt == "" || it.Pages != 16 || it.FileName != "rules.pdf" {
		t.Fatalf("Get deleted item = %+v, %v", it, err)
	}

	hs, err := evidence.History(s, id)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hs {
		got = append(got, h.Actor+" "+h.Describe())
	}
	want := []string{
		"张三 登记",
		"李四 修改 页数：0 → 16",
		"张三 添加附件 rules.pdf",
		"王审核 审核：合格",
		"李四 删除（理由：重复登记）",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("history:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for i := 1; i < len(hs); i++ {
		if hs[i].At <= hs[i-1].At {
			t.Fatalf("history times not increasing: %v", hs)
		}
	}
}
