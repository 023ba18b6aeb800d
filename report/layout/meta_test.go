package layout

import (
	"bytes"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestDatesAndFontNames: the dates carry their time zone, and the fonts
// are named by their PostScript names with a subset tag, in a PDF that
// readers still open.
func TestDatesAndFontNames(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	doc := NewDocument(Options{Title: "技术报告", Author: "创建办", Subject: "报告", Keywords: "海陵区",
		Date: time.Date(2018, 5, 31, 17, 0, 0, 0, cst)})
	doc.Add(H(1, "概况"), P("海陵区位于泰州市。"))
	pdf, _ := build(t, doc)
	for _, want := range []string{"/CreationDate (D:20180531170000+08'00')", "/ModDate (D:20180531170000+08'00')", "/Producer (ecoreport layout)"} {
		if !bytes.Contains(pdf, []byte(want)) {
			t.Errorf("%s missing", want)
		}
	}
	if bytes.Contains(pdf, []byte("/utf8")) {
		t.Error("fpdf's font names left in the PDF")
	}
	bin, err := exec.LookPath("pdffonts")
	if err != nil {
		t.Skip("pdffonts not installed")
	}
	cmd := exec.Command(bin, "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("pdffonts: %v\n%s", err, out)
	}
	names := regexp.MustCompile(`(?m)^([A-Z]{6}\+\S+)\s+CID TrueType`).FindAllStringSubmatch(string(out), -1)
	if len(names) != 2 {
		t.Fatalf("want two subset fonts named TAG+PostScriptName, pdffonts says:\n%s", out)
	}
	got := names[0][1] + " " + names[1][1]
	if !strings.Contains(got, "+WenQuanYiZenHei") || !strings.Contains(got, "+BousungEG-Light-GB") {
		t.Errorf("font names %s", got)
	}
	// The cross-reference table is intact: the text reads back.
	if txt := squash(pdfText(t, pdf, 0)); !strings.Contains(txt, "海陵区位于泰州市") {
		t.Errorf("text = %q", txt)
	}
}
