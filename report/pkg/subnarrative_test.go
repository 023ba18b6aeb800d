package pkg

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"ecoreport/app/assess"
	"ecoreport/app/sheets"
	"ecoreport/app/store"
)

// sheetCodes lists the 序号 column of an organisation's 工作措施与成效 sheet.
func sheetCodes(t *testing.T, s *store.Store, org string) []string {
	t.Helper()
	a, err := assess.Load(s)
	if err != nil {
		t.Fatal(err)
	}
	f, err := sheets.Template(a, org, sheets.ExportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows(sheets.SheetNarrative)
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, row := range rows[3:] { // below the header (row 3)
		if len(row) > 0 {
			codes = append(codes, row[0])
		}
	}
	return codes
}

// TestSubNarrativeSheetRoundTrip: sub-indicators with measures of their own
// (13.x, 24.x) have rows in the 工作措施与成效 sheet after their parent's;
// 9.x and 10.x, whose measures are one piece of work, do not. Texts written
// in the sub-indicator rows come back under the sub-indicator's name in the
// parent's section of the 技术报告.
func TestSubNarrativeSheetRoundTrip(t *testing.T) {
	s, err := store.CreateDemo(filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	agri := sheetCodes(t, s, "agriculture")
	for _, want := range []string{"13", "13.1", "13.2", "24", "24.1", "24.2"} {
		if !slices.Contains(agri, want) {
			t.Errorf("区农委's sheet lacks a row %s: %v", want, agri)
		}
	}
	if i := slices.Index(agri, "24"); i < 0 || i+2 >= len(agri) || agri[i+1] != "24.1" || agri[i+2] != "24.2" {
		t.Errorf("24.1 and 24.2 do not follow 24: %v", agri)
	}
	env := sheetCodes(t, s, "env")
	for _, code := range env {
		if code == "9.1" || code == "9.2" || code == "10.1" || code == "10.2" {
			t.Errorf("海陵环保局's sheet has a row %s; 9.x and 10.x are written once for the parent: %v", code, env)
		}
	}

	data := fillNarrative(t, s, "agriculture", map[string]map[string]string{
		"24.1": {"D": "全区推行秸秆机械化还田和离田收储，建成秸秆收储点6个。", "E": "2017年秸秆综合利用率为{{指标值 24.1 2017}}。"},
		"24.2": {"D": "规模养殖场配套建设粪污处理设施，推广种养结合。"},
	})
	ctx := context.Background()
	rep, err := sheets.Import(ctx, s, []sheets.Input{{Name: "区农委_指标填报表.xlsx", Data: data}}, sheets.ImportOptions{Actor: "测试"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Committed {
		t.Fatalf("not committed: %s %v", rep.Note, rep.Problems())
	}
	h, _ := s.NarrativeHistory("24.1", store.Measures)
	if len(h) == 0 || h[len(h)-1].Origin != "import" || h[len(h)-1].Sheet != sheets.SheetNarrative {
		t.Fatalf("24.1 主要措施 not imported: %+v", h)
	}

	res, err := Render(ctx, s, Options{Only: "technical"})
	if err != nil {
		t.Fatal(err)
	}
	text := squash(withoutWatermark(pdfText(t, file(t, res, "01_技术报告.pdf").Data(), false)))
	sec := section(t, text, "24", "农业废弃物综合利用率", "指标25")
	pos := 0
	for _, want := range []string{"主要措施", "24.1秸秆综合利用率", "全区推行秸秆机械化还田和离田收储，建成秸秆收储点6个。",
		"24.2畜禽养殖场粪便综合利用率", "规模养殖场配套建设粪污处理设施，推广种养结合。", "主要成效", "24.1秸秆综合利用率", "2017年秸秆综合利用率为"} {
		i := strings.Index(sec[pos:], want)
		if i < 0 {
			t.Errorf("section 24 lacks %q after position %d:\n%s", want, pos, sec)
			break
		}
		pos += i + len(want)
	}
}
