package store

import (
	"path/filepath"
	"testing"

	"ecoreport/templates"
)

func TestChapterHistory(t *testing.T) {
	s, err := CreateDemo(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cs, err := s.Chapters()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != len(templates.List) {
		t.Fatalf("seeded %d chapters, want %d", len(cs), len(templates.List))
	}
	if n, _ := s.SeedChapters(); n != 0 {
		t.Errorf("seeding twice added %d", n)
	}
	def, _ := templates.Default("区域概况")
	if cs["区域概况"].Text != def || cs["区域概况"].Actor != TemplateActor {
		t.Error("区域概况 is not the default template")
	}
	for _, text := range []string{"第一版", "第二版", "第二版"} {
		if err := s.SaveChapter("区域概况", text, "张三", ""); err != nil {
			t.Fatal(err)
		}
	}
	h, err := s.ChapterHistory("区域概况")
	if err != nil {
		t.Fatal(err)
	}
	if len(h) != 3 || h[0].Text != def || h[1].Text != "第一版" || h[2].Text != "第二版" || h[2].Actor != "张三" {
		t.Errorf("history = %+v", h)
	}
	cs, _ = s.Chapters()
	if cs["区域概况"].Text != "第二版" {
		t.Errorf("current = %q", cs["区域概况"].Text)
	}
	if err := s.SaveChapter(MeasuresKey("21"), "单位 GDP 能耗的措施", "张三", ""); err != nil {
		t.Fatal(err)
	}
	if cs, _ = s.Chapters(); cs["主要措施/21"].Text == "" {
		t.Error("per-indicator chapter missing")
	}
	if err := s.SaveChapter("", "x", "张三", ""); err == nil {
		t.Error("empty key accepted")
	}
}
