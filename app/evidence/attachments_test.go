package evidence_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"ecoreport/app/evidence"
	"ecoreport/report/pdfimport/fixture"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, mime, want string }{
		{"规划.pdf", evidence.MimePDF, "规划.pdf"},
		{"../../x.pdf", evidence.MimePDF, "x.pdf"},
		{`..\..\Windows\system32\x.pdf`, evidence.MimePDF, "x.pdf"},
		{"/etc/passwd", evidence.MimePDF, "passwd.pdf"},
		{`C:\Users\张三\桌面\审计报告.PDF`, evidence.MimePDF, "审计报告.pdf"},
		{"..", evidence.MimePDF, "附件.pdf"},
		{"", evidence.MimePNG, "附件.png"},
		{"a\x00b\nc\x1b[31m.pdf", evidence.MimePDF, "abc[31m.pdf"},
		{"invoice\u202Efdp.exe", evidence.MimePDF, "invoicefdp.exe.pdf"}, // right-to-left override
		{`a<b>c:d"e|f?g*h.pdf`, evidence.MimePDF, "a_b_c_d_e_f_g_h.pdf"},
		{"CON.pdf", evidence.MimePDF, "_CON.pdf"},
		{"nul.tar.pdf", evidence.MimePDF, "_nul.tar.pdf"},
		{"com1.jpg", evidence.MimeJPEG, "_com1.jpg"},
		{"LPT9 .png", evidence.MimePNG, "_LPT9.png"},
		{"console.pdf", evidence.MimePDF, "console.pdf"},
		{" .hidden. .pdf", evidence.MimePDF, "hidden.pdf"},
		{"照片.jpeg", evidence.MimeJPEG, "照片.jpeg"},
		{"报告.docx", evidence.MimePDF, "报告.docx.pdf"},
		{"photo.pdf", evidence.MimePNG, "photo.pdf.png"},
		{strings.Repeat("长", 300) + ".pdf", evidence.MimePDF, strings.Repeat("长", 60) + ".pdf"},
	}
	for _, tt := range tests {
		if got := evidence.SafeName(tt.in, tt.mime); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestSniff(t *testing.T) {
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 4, 4)), nil)
	tests := []struct {
		name string
		data []byte
		mime string // "" when refused
		want string // part of the message
	}{
		{"a.pdf", evidence.SamplePDF("x", "y"), evidence.MimePDF, ""},
		{"x.png", evidence.SamplePNG(), evidence.MimePNG, ""},
		{"x.pdf", jpg.Bytes(), evidence.MimeJPEG, ""}, // the content decides, not the name
		{"a.doc", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 rest"), "", "请另存为 PDF"},
		{"a.docx", []byte("PK\x03\x04....word/document.xml"), "", "Word 文档"},
		{"a.xlsx", []byte("PK\x03\x04....xl/workbook.xml"), "", "Excel 表格"},
		{"a.zip", []byte("PK\x03\x04....readme.txt"), "", "压缩包"},
		{"a.ofd", []byte("PK\x03\x04....OFD.xml"), "", "OFD"},
		{"scan.tif", []byte("II*\x00 tiff"), "", "TIFF"},
		{"a.heic", []byte("\x00\x00\x00\x18ftypheic...."), "", "HEIC"},
		{"a.exe", []byte("MZ\x90\x00"), "", "只接受 PDF、JPEG、PNG"},
		{"empty.pdf", nil, "", "是空的"},
		{"broken.png", []byte("\x89PNG\r\n\x1a\nbroken"), "", "已损坏"},
	}
	for _, tt := range tests {
		mime, err := evidence.Sniff(tt.name, tt.data)
		if mime != tt.mime || (tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want))) {
			t.Errorf("Sniff(%s) = %q, %v; want %q, %q", tt.name, mime, err, tt.mime, tt.want)
		}
	}
}

func TestAttachDedupExport(t *testing.T) {
	s := newProject(t)
	a := mustAdd(t, s, draft("1", 2016, "规划"))
	b := mustAdd(t, s, draft("1", 2017, "人大决议"))
	f := pdf("plan")
	f.Name = "../../etc/规划.pdf"
	att, err := evidence.Attach(s, a, f, "张三")
	if err != nil {
		t.Fatal(err)
	}
	if att.Name != "规划.pdf" || att.Mime != evidence.MimePDF {
		t.Fatalf("attachment %+v", att)
	}
	if _, err := evidence.Attach(s, a, f, "张三"); err == nil || !strings.Contains(err.Error(), "内容相同") {
		t.Fatalf("same file twice on one item: %v", err)
	}
	if _, err := evidence.Attach(s, b, evidence.File{Name: "copy.pdf", Data: f.Data}, "张三"); err != nil {
		t.Fatal(err)
	}
	var blobs, atts int
	s.DB().QueryRow(`SELECT count(*) FROM evidence_blobs`).Scan(&blobs)
	s.DB().QueryRow(`SELECT count(*) FROM evidence_attachments`).Scan(&atts)
	if blobs != 1 || atts != 2 {
		t.Fatalf("%d blobs, %d attachments; want the content stored once", blobs, atts)
	}

	dir := t.TempDir()
	p1, err := evidence.Export(s, att.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := evidence.Export(s, att.ID, dir)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(p1) != "规划.pdf" || filepath.Base(p2) != "规划 (2).pdf" || filepath.Dir(p1) != dir {
		t.Fatalf("exported to %s and %s", p1, p2)
	}
	got, _ := os.ReadFile(p1)
	if !bytes.Equal(got, f.Data) {
		t.Fatal("exported bytes differ")
	}

	// A CON file and a path trick stay inside the folder.
	c, err := evidence.Attach(s, b, evidence.File{Name: `..\CON.png`, Data: evidence.SamplePNG()}, "张三")
	if err != nil {
		t.Fatal(err)
	}
	p3, err := evidence.Export(s, c.ID, dir)
	if err != nil || p3 != filepath.Join(dir, "_CON.png") {
		t.Fatalf("exported to %s, %v", p3, err)
	}

	// The item's own file columns follow its first attachment.
	it, _ := evidence.Get(s, b)
	if it.FileName != "copy.pdf" || len(it.Attachments) != 2 {
		t.Fatalf("item %+v", it)
	}
	must(t, evidence.Detach(s, it.Attachments[0].ID, "张三", "传错了"))
	it, _ = evidence.Get(s, b)
	if it.FileName != `CON.png` || len(it.Attachments) != 1 {
		t.Fatalf("after detach: file %q, %d attachments", it.FileName, len(it.Attachments))
	}
	data, err := evidence.Bytes(s, att.SHA256)
	if err != nil || !bytes.Equal(data, f.Data) {
		t.Fatalf("Bytes: %v", err)
	}
	// A damaged blob is detected.
	s.DB().Exec(`UPDATE evidence_blobs SET data = ? WHERE sha256 = ?`, []byte("%PDF-tampered"), att.SHA256)
	if _, err := evidence.Bytes(s, att.SHA256); err == nil || !strings.Contains(err.Error(), "已损坏") {
		t.Fatalf("tampered blob: %v", err)
	}
}

func TestAttachSizeLimit(t *testing.T) {
	s := newProject(t)
	id := mustAdd(t, s, draft("1", 2016, "规划"))
	big := make([]byte, evidence.MaxAttachmentSize+1)
	copy(big, "%PDF-1.4\n")
	_, err := evidence.Attach(s, id, evidence.File{Name: "扫描件.pdf", Data: big}, "张三")
	if err == nil || !strings.Contains(err.Error(), "过大") || !strings.Contains(err.Error(), "50.0 MB") {
		t.Fatalf("oversized file: %v", err)
	}
	// From disk, the size is checked before reading.
	path := filepath.Join(t.TempDir(), "big.pdf")
	fh, _ := os.Create(path)
	fh.Truncate(evidence.MaxAttachmentSize + 1)
	fh.Close()
	if _, err := evidence.AttachFile(s, id, path, "张三"); err == nil || !strings.Contains(err.Error(), "过大") {
		t.Fatalf("oversized file on disk: %v", err)
	}
	if _, err := evidence.AttachFile(s, id, t.TempDir(), "张三"); err == nil || !strings.Contains(err.Error(), "文件夹") {
		t.Fatalf("folder: %v", err)
	}
}

// TestAttach20MB measures a 20 MB scan stored in the database and read back.
func TestAttach20MB(t *testing.T) {
	if testing.Short() {
		t.Skip("large file")
	}
	s := newProject(t)
	id := mustAdd(t, s, draft("11", 2017, "EI 评价报告扫描件"))
	data := fixture.BigPDF(20<<20, 1)
	start := time.Now()
	a, err := evidence.Attach(s, id, evidence.File{Name: "EI.pdf", Data: data}, "张三")
	if err != nil {
		t.Fatal(err)
	}
	write := time.Since(start)
	start = time.Now()
	got, err := evidence.Bytes(s, a.SHA256)
	if err != nil || !bytes.Equal(got, data) {
		t.Fatalf("read back: %v", err)
	}
	read := time.Since(start)
	start = time.Now()
	if _, err := evidence.List(s, evidence.Filter{}); err != nil {
		t.Fatal(err)
	}
	list := time.Since(start)
	fi, _ := os.Stat(s.Path())
	t.Logf("20 MB attachment: write %v, read+verify %v, list %v, database %.1f MB", write, read, list, float64(fi.Size())/(1<<20))
	if list > 500*time.Millisecond {
		t.Errorf("listing loads attachment bytes? %v", list)
	}
}

// TestAttachChecks: every file is checked through when it is attached, and
// a refusal says in Chinese what is wrong and what to do.
func TestAttachChecks(t *testing.T) {
	text := fixture.TextPDF(3, fixture.Label("x"))
	owner, err := fixture.Encrypt(text, "", "owner")
	if err != nil {
		t.Fatal(err)
	}
	user, err := fixture.Encrypt(text, "user", "owner")
	if err != nil {
		t.Fatal(err)
	}
	jpg := fixture.OrientedJPEG(64, 32, 6)
	// JPEG kinds Go cannot encode, made with ImageMagick (see that README).
	fixtureJPEG := func(name string) []byte {
		data, err := os.ReadFile(filepath.Join("..", "..", "report", "pdfimport", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	tests := []struct {
		name string
		data []byte
		want string // part of the refusal; "" accepted
	}{
		{"只限打印.pdf", owner, ""},
		{"有打开密码.pdf", user, "打开密码"},
		{"很长.pdf", fixture.TextPDF(5001, fixture.Label("x")), "超过 5000 页"},
		{"损坏.pdf", []byte("%PDF-1.4\n1 0 obj << >> endobj\n"), "已损坏"},
		{"炸弹.png", fixture.PNGBomb(20000, 20000), "像素过多"},
		{"截断.jpg", jpg[:len(jpg)/2], "已损坏"},
		{"照片.jpg", jpg, ""},
		{"印刷稿CMYK.jpg", fixtureJPEG("cmyk.jpg"), ""},
		{"渐进式.jpg", fixtureJPEG("progressive.jpg"), ""},
		{"渐进式CMYK.jpg", fixtureJPEG("cmyk-progressive.jpg"), ""},
		{"手机竖拍.jpg", fixtureJPEG("orient6.jpg"), ""},
	}
	s := newProject(t)
	id := mustAdd(t, s, draft("11", 2017, "检查"))
	for _, tt := range tests {
		_, err := evidence.Attach(s, id, evidence.File{Name: tt.name, Data: tt.data}, "张三")
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s refused: %v", tt.name, err)
		case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), tt.name)):
			t.Errorf("%s: got %v, want a refusal naming the file with %q", tt.name, err, tt.want)
		}
	}
	as, err := evidence.Attachments(s, id)
	if err != nil || len(as) != 6 {
		t.Fatalf("%d attachments stored (%v), want the 6 accepted", len(as), err)
	}
}

// TestCheckStored finds files stored before the checks at attach time.
func TestCheckStored(t *testing.T) {
	s := newProject(t)
	id := mustAdd(t, s, draft("11", 2017, "旧附件"))
	if _, err := evidence.Attach(s, id, pdf("好的"), "张三"); err != nil {
		t.Fatal(err)
	}
	locked, err := fixture.Encrypt(fixture.TextPDF(1, fixture.Label("x")), "user", "owner")
	if err != nil {
		t.Fatal(err)
	}
	// As an older version stored it, unchecked.
	sum := sha256.Sum256(locked)
	hash := hex.EncodeToString(sum[:])
	if _, err := s.DB().Exec(`INSERT INTO evidence_blobs (sha256, size, mime, data, added_at) VALUES (?, ?, 'application/pdf', ?, '2018-01-01')`, hash, len(locked), locked); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`INSERT INTO evidence_attachments (item, sha256, name, sort, added_at, actor) VALUES (?, ?, '加密.pdf', 9, '2018-01-01', '测试')`, id, hash); err != nil {
		t.Fatal(err)
	}
	got, err := evidence.CheckStored(s)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "加密.pdf" || !strings.Contains(got[0].Problem, "打开密码") || !strings.Contains(got[0].Detail(), "指标11「旧附件」的附件「加密.pdf」") {
		t.Errorf("CheckStored = %+v", got)
	}
}
