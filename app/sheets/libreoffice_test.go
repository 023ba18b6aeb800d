package sheets

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestLibreOffice opens exported and filled workbooks in LibreOffice
// (headless): they must convert to CSV with their values, and a workbook
// re-saved by LibreOffice (as a person using it would send it back) must
// import exactly. Skipped when soffice is not installed.
func TestLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("soffice (LibreOffice) 未安装,跳过")
	}
	if testing.Short() {
		t.Skip("-short")
	}
	s := newDemo(t)
	s.Now = func() time.Time { return testTime }
	dir := t.TempDir()
	filled := fillWorkbook(t, exportBytes(t, s, "statistics"), fill{
		{"21", 2016}: "0.48", {"21", 2017}: "=0.4+0.05", {"21:condition", 2017}: "否",
	}, nil)
	src := filepath.Join(dir, "区统计局-指标填报表.xlsx")
	if err := os.WriteFile(src, filled, 0o644); err != nil {
		t.Fatal(err)
	}
	a := load(t, s)
	sum, err := Summary(a, testTime)
	if err != nil {
		t.Fatal(err)
	}
	if err := sum.SaveAs(filepath.Join(dir, "summary.xlsx")); err != nil {
		t.Fatal(err)
	}
	sum.Close()
	run := func(args ...string) {
		t.Helper()
		cmd := exec.Command(soffice, append([]string{"--headless", "-env:UserInstallation=file://" + filepath.Join(dir, "lo-profile")}, args...)...)
		cmd.Dir = dir
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice %v: %v\n%s", args, err, out)
		}
	}
	outDir := filepath.Join(dir, "lo")
	// Every sheet to CSV (LibreOffice 7.2+), and the filled workbook re-saved as .xlsx.
	run("--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir, src, filepath.Join(dir, "summary.xlsx"))
	run("--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outDir, src)
	csv, err := os.ReadFile(filepath.Join(outDir, "区统计局-指标填报表-指标数据.csv"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"单位地区生产总值能耗", "0.48", "0.45", "否", "21:condition"} {
		if !strings.Contains(string(csv), want) {
			t.Errorf("LibreOffice CSV lacks %q:\n%s", want, csv)
		}
	}
	if b, err := os.ReadFile(filepath.Join(outDir, "summary-任务分解汇总.csv")); err != nil || !strings.Contains(string(b), "达标") {
		t.Errorf("summary CSV: %v", err)
	}
	resaved, err := os.ReadFile(filepath.Join(outDir, "区统计局-指标填报表.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	rep := mustImport(t, s, ImportOptions{}, Input{Name: "区统计局-LibreOffice.xlsx", Data: resaved})
	if rep.Files[0].TemplateVersion != TemplateVersion || rep.Counts.Errors != 0 {
		t.Fatalf("re-saved workbook: %+v\n%s", rep.Files[0], problemsText(rep))
	}
	if v := value(t, s, "21", 2017, "value"); v.Num != 0.45 {
		t.Errorf("21/2017 = %v (formula cached by LibreOffice)", v)
	}
	if v := value(t, s, "21", 2017, "condition"); v.State != "否" {
		t.Errorf("21/2017 condition = %v", v)
	}
}
