package evidence

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // DecodeConfig checks JPEG files
	_ "image/png"  // and PNG files
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"ecoreport/app/store"
	"ecoreport/report/pdfimport"
)

// MaxAttachmentSize is the largest file that can be attached (50 MB). A
// scanned document larger than that should be split or scanned at a lower
// resolution.
const MaxAttachmentSize = 50 << 20

// The accepted file types.
const (
	MimePDF  = "application/pdf"
	MimeJPEG = "image/jpeg"
	MimePNG  = "image/png"
)

// Attachment is a file attached to an evidence item. Its bytes are stored
// once per content, under SHA256; Name is the name the file had (without
// folders).
type Attachment struct {
	ID      int64  `json:"id"`
	Item    int64  `json:"item"`
	SHA256  string `json:"sha256"`
	Name    string `json:"name"`
	Mime    string `json:"mime"`
	Size    int64  `json:"size"`
	Sort    int    `json:"sort"`
	AddedAt string `json:"added_at"`
	Actor   string `json:"actor"`
}

// SafeName is the name to write the attachment out under: see SafeName.
func (a Attachment) SafeName() string { return SafeName(a.Name, a.Mime) }

// Limits of what can be attached, checked by Check.
const (
	// MaxPDFPages is the most pages of an attached PDF: every page of it
	// goes into the evidence binder.
	MaxPDFPages = pdfimport.MaxPages
	// MaxImagePixels is the most pixels of an attached image (50
	// megapixels): more than any phone photo or A3 scan at 600 dpi, and a
	// bound on the memory a decompression bomb could take.
	MaxImagePixels = pdfimport.MaxPixels
)

// Check tells the type of a file from its content (see Sniff) and checks
// that the evidence binder can include all of it: a PDF parses, opens
// without a password (one with an owner password only, which restricts
// printing or copying, is fine: the binder decrypts it) and has at most
// MaxPDFPages pages; an image decodes completely and has at most
// MaxImagePixels pixels. Errors are Chinese sentences naming the file,
// what is wrong and what to do.
func Check(name string, data []byte) (mime string, pages int, err error) {
	name = displayName(name)
	mime, err = Sniff(name, data)
	if err != nil {
		return "", 0, err
	}
	kind := map[string]pdfimport.Kind{MimePDF: pdfimport.PDF, MimeJPEG: pdfimport.JPEG, MimePNG: pdfimport.PNG}[mime]
	d, err := pdfimport.Open(kind, data)
	if err == nil {
		err = d.Verify()
	}
	if err != nil {
		return "", 0, fmt.Errorf("「%s」不能作为附件：%w", name, err)
	}
	return mime, d.Pages(), nil
}

// Sniff tells the type of a file from its content, not its name: PDF, JPEG or
// PNG. Any other file gets a Chinese message saying what to do with it (a
// Word document: 请另存为 PDF). name is only used in messages. Check also
// reads the file through.
func Sniff(name string, data []byte) (string, error) {
	name = displayName(name)
	switch {
	case len(data) == 0:
		return "", fmt.Errorf("文件「%s」是空的", name)
	case len(data) > MaxAttachmentSize:
		return "", tooLarge(name, int64(len(data)))
	}
	head := data[:min(len(data), 1024)]
	has := func(prefix string) bool { return bytes.HasPrefix(data, []byte(prefix)) }
	switch {
	case bytes.Contains(head, []byte("%PDF-")):
		return MimePDF, nil
	case has("\x89PNG\r\n\x1a\n"), has("\xff\xd8\xff"):
		cfg, kind, err := image.DecodeConfig(bytes.NewReader(data))
		if err != nil || cfg.Width == 0 || cfg.Height == 0 {
			return "", fmt.Errorf("图片「%s」已损坏或不完整，无法读取", name)
		}
		if kind == "png" {
			return MimePNG, nil
		}
		return MimeJPEG, nil
	case has("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
		return "", fmt.Errorf("「%s」是 Word、Excel 或 WPS 文档（旧格式），不能直接作为佐证材料，请另存为 PDF 后再添加", name)
	case has("PK\x03\x04"):
		switch {
		case bytes.Contains(data, []byte("word/")):
			return "", fmt.Errorf("「%s」是 Word 文档，不能直接作为佐证材料，请另存为 PDF 后再添加", name)
		case bytes.Contains(data, []byte("xl/")):
			return "", fmt.Errorf("「%s」是 Excel 表格，请另存为 PDF 后再添加（表格中的数据请用数据报送表导入）", name)
		case bytes.Contains(data, []byte("ppt/")):
			return "", fmt.Errorf("「%s」是演示文稿，请另存为 PDF 后再添加", name)
		case bytes.Contains(data, []byte("OFD.xml")):
			return "", fmt.Errorf("「%s」是 OFD 版式文件，请用阅读器另存（或打印）为 PDF 后再添加", name)
		}
		return "", fmt.Errorf("「%s」是压缩包，请解压后逐个添加其中的 PDF、JPEG 或 PNG 文件", name)
	case has("{\\rtf"):
		return "", fmt.Errorf("「%s」是 RTF 文档，请另存为 PDF 后再添加", name)
	case has("II*\x00"), has("MM\x00*"), has("GIF8"), has("BM"):
		return "", fmt.Errorf("「%s」的图片格式（TIFF、GIF 或 BMP）不支持，请转为 JPEG 或 PNG，多页扫描件请转为 PDF", name)
	case len(data) > 12 && string(data[4:8]) == "ftyp":
		return "", fmt.Errorf("「%s」是手机照片（HEIC）或视频格式，请转为 JPEG 后再添加", name)
	}
	return "", fmt.Errorf("无法识别「%s」的文件类型：佐证材料只接受 PDF、JPEG、PNG 文件", name)
}

func tooLarge(name string, size int64) error {
	return fmt.Errorf("文件「%s」过大（%s），单个附件上限 %s；请拆分或降低扫描分辨率后再添加",
		name, sizeText(size), sizeText(MaxAttachmentSize))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.FormatFloat(float64(n)/(1<<10), 'f', 1, 64) + " KB"
	}
	return strconv.FormatInt(n, 10) + " 字节"
}

// ReadFile reads a file to attach from disk, refusing one larger than
// MaxAttachmentSize before reading it.
func ReadFile(path string) (File, error) {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return File{}, fmt.Errorf("文件 %s 不存在", path)
		}
		return File{}, fmt.Errorf("打开 %s：%w", path, err)
	}
	defer func() { _ = f.Close() }() // read only
	fi, err := f.Stat()
	if err != nil {
		return File{}, err
	}
	if fi.IsDir() {
		return File{}, fmt.Errorf("%s 是文件夹，请选择文件", path)
	}
	if fi.Size() > MaxAttachmentSize {
		return File{}, tooLarge(filepath.Base(path), fi.Size())
	}
	data, err := io.ReadAll(io.LimitReader(f, MaxAttachmentSize+1))
	if err != nil {
		return File{}, fmt.Errorf("读取 %s：%w", path, err)
	}
	return File{Name: filepath.Base(path), Data: data}, nil
}

// Attach adds a file to an item. It is checked through (see Check), so that
// the office learns of a damaged, password-protected or oversized file now,
// not when the binder is built; the same content is stored only once in the
// project, and a file already attached to the item is refused.
func Attach(s *store.Store, item int64, f File, actor string) (Attachment, error) {
	var a Attachment
	err := s.Update(context.Background(), func(tx *sql.Tx) error {
		var err error
		a, err = attach(tx, item, f, actorOr(actor), stamp(s))
		return err
	})
	return a, err
}

// AttachFile reads a file from disk and attaches it (see Attach).
func AttachFile(s *store.Store, item int64, path, actor string) (Attachment, error) {
	f, err := ReadFile(path)
	if err != nil {
		return Attachment{}, err
	}
	return Attach(s, item, f, actor)
}

func attach(tx *sql.Tx, item int64, f File, actor, at string) (Attachment, error) {
	name := displayName(f.Name)
	mime, _, err := Check(name, f.Data)
	if err != nil {
		return Attachment{}, err
	}
	if _, deleted, err := readItem(tx, item); err != nil {
		return Attachment{}, err
	} else if deleted {
		return Attachment{}, fmt.Errorf("佐证材料 %d 已删除，不能添加附件", item)
	}
	sum := sha256.Sum256(f.Data)
	hash := hex.EncodeToString(sum[:])
	var same string
	err = tx.QueryRow(`SELECT name FROM evidence_attachments WHERE item = ? AND sha256 = ? AND removed_at IS NULL`, item, hash).Scan(&same)
	if err == nil {
		return Attachment{}, fmt.Errorf("「%s」与本条佐证材料已有的附件「%s」内容相同，不再重复添加", name, same)
	} else if !errors.Is(err, sql.ErrNoRows) {
		return Attachment{}, err
	}
	if _, err := tx.Exec(`INSERT INTO evidence_blobs (sha256, size, mime, data, added_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (sha256) DO NOTHING`, hash, len(f.Data), mime, f.Data, at); err != nil {
		return Attachment{}, err
	}
	a := Attachment{Item: item, SHA256: hash, Name: name, Mime: mime, Size: int64(len(f.Data)), AddedAt: at, Actor: actor}
	if err := tx.QueryRow(`SELECT coalesce(max(sort), 0) + 1 FROM evidence_attachments WHERE item = ?`, item).Scan(&a.Sort); err != nil {
		return a, err
	}
	res, err := tx.Exec(`INSERT INTO evidence_attachments (item, sha256, name, sort, added_at, actor) VALUES (?, ?, ?, ?, ?, ?)`,
		item, hash, name, a.Sort, at, actor)
	if err != nil {
		return a, err
	}
	if a.ID, err = res.LastInsertId(); err != nil {
		return a, err
	}
	if err := addEvent(tx, Event{Item: item, Kind: KindAttach, Feedback: name, Actor: actor, At: at}); err != nil {
		return a, err
	}
	return a, syncFirstFile(tx, item)
}

// syncFirstFile keeps the item's own file columns (file_sha256, file_name)
// pointing at its first attachment, for readers of store.EvidenceItems.
func syncFirstFile(tx *sql.Tx, item int64) error {
	_, err := tx.Exec(`UPDATE evidence_items SET
		file_sha256 = coalesce((SELECT sha256 FROM evidence_attachments WHERE item = ?1 AND removed_at IS NULL ORDER BY sort, id LIMIT 1), ''),
		file_name   = coalesce((SELECT name   FROM evidence_attachments WHERE item = ?1 AND removed_at IS NULL ORDER BY sort, id LIMIT 1), '')
		WHERE id = ?1`, item)
	return err
}

// Detach removes an attachment from its item; the bytes and the record stay
// (the history says who removed it, when and why).
func Detach(s *store.Store, attachment int64, actor, reason string) error {
	return s.Update(context.Background(), func(tx *sql.Tx) error {
		var item int64
		var name string
		var removed sql.NullString
		err := tx.QueryRow(`SELECT item, name, removed_at FROM evidence_attachments WHERE id = ?`, attachment).Scan(&item, &name, &removed)
		if errors.Is(err, sql.ErrNoRows) || removed.Valid {
			return fmt.Errorf("附件 %d 不存在或已移除", attachment)
		} else if err != nil {
			return err
		}
		at := stamp(s)
		if _, err := tx.Exec(`UPDATE evidence_attachments SET removed_at = ? WHERE id = ?`, at, attachment); err != nil {
			return err
		}
		note := name
		if r := strings.TrimSpace(reason); r != "" {
			note += "（" + r + "）"
		}
		if err := addEvent(tx, Event{Item: item, Kind: KindDetach, Feedback: note, Actor: actorOr(actor), At: at}); err != nil {
			return err
		}
		return syncFirstFile(tx, item)
	})
}

// Attachments returns the attachments of an item in their order.
func Attachments(s *store.Store, item int64) ([]Attachment, error) {
	return queryAttachments(s, `a.item = ?`, item)
}

// GetAttachment returns one attachment (also a removed one).
func GetAttachment(s *store.Store, id int64) (Attachment, error) {
	as, err := queryAttachments(s, `a.id = ?`, id)
	if err != nil {
		return Attachment{}, err
	}
	if len(as) == 0 {
		return Attachment{}, fmt.Errorf("附件 %d 不存在", id)
	}
	return as[0], nil
}

func queryAttachments(s *store.Store, where string, arg any) ([]Attachment, error) {
	q := `SELECT a.id, a.item, a.sha256, a.name, b.mime, b.size, a.sort, a.added_at, a.actor
		FROM evidence_attachments a JOIN evidence_blobs b ON b.sha256 = a.sha256 WHERE ` + where
	if !strings.Contains(where, "a.id") {
		q += ` AND a.removed_at IS NULL`
	}
	rows, err := s.DB().Query(q+` ORDER BY a.item, a.sort, a.id`, arg)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Item, &a.SHA256, &a.Name, &a.Mime, &a.Size, &a.Sort, &a.AddedAt, &a.Actor); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// fillAttachments sets the attachments of listed items in one query.
func fillAttachments(s *store.Store, items []Item) error {
	if len(items) == 0 {
		return nil
	}
	index := make(map[int64]int, len(items))
	for i := range items {
		index[items[i].ID] = i
	}
	rows, err := s.DB().Query(`SELECT a.id, a.item, a.sha256, a.name, b.mime, b.size, a.sort, a.added_at, a.actor
		FROM evidence_attachments a JOIN evidence_blobs b ON b.sha256 = a.sha256
		WHERE a.removed_at IS NULL ORDER BY a.item, a.sort, a.id`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var a Attachment
		if err := rows.Scan(&a.ID, &a.Item, &a.SHA256, &a.Name, &a.Mime, &a.Size, &a.Sort, &a.AddedAt, &a.Actor); err != nil {
			return err
		}
		if i, ok := index[a.Item]; ok {
			items[i].Attachments = append(items[i].Attachments, a)
		}
	}
	return rows.Err()
}

// Bytes returns the content stored under a SHA-256, checked against it.
func Bytes(s *store.Store, sum string) ([]byte, error) {
	var data []byte
	err := s.DB().QueryRow(`SELECT data FROM evidence_blobs WHERE sha256 = ?`, sum).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("附件内容 %s 不在项目中", short(sum))
	} else if err != nil {
		return nil, err
	}
	got := sha256.Sum256(data)
	if hex.EncodeToString(got[:]) != sum {
		return nil, fmt.Errorf("附件内容 %s 已损坏（校验值不符），请从备份恢复", short(sum))
	}
	return data, nil
}

// Peek calls fn with the content stored under a SHA-256 without copying it
// out of the database driver's buffer and without checking it against the
// hash: for a quick look at many large files (the binder learns the pages
// of every attachment before it lays them out, and reads them again, with
// Use, when it writes them). data is valid only during fn.
func Peek(s *store.Store, sum string, fn func(data []byte) error) error {
	return peek(s, sum, false, fn)
}

// Use is Peek with the content checked against its SHA-256 first (see
// Bytes): fn gets only intact content.
func Use(s *store.Store, sum string, fn func(data []byte) error) error {
	return peek(s, sum, true, fn)
}

func peek(s *store.Store, sum string, verify bool, fn func(data []byte) error) error {
	rows, err := s.DB().Query(`SELECT data FROM evidence_blobs WHERE sha256 = ?`, sum)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return fmt.Errorf("附件内容 %s 不在项目中", short(sum))
	}
	var data sql.RawBytes
	if err := rows.Scan(&data); err != nil {
		return err
	}
	if verify {
		if got := sha256.Sum256(data); hex.EncodeToString(got[:]) != sum {
			return fmt.Errorf("附件内容 %s 已损坏（校验值不符），请从备份恢复", short(sum))
		}
	}
	return fn(data)
}

func short(sum string) string { return sum[:min(len(sum), 12)] }

// Export writes an attachment into dir under its SafeName and returns the
// path. It never overwrites a file: an existing name gets " (2)", " (3)", …
func Export(s *store.Store, attachment int64, dir string) (string, error) {
	a, err := GetAttachment(s, attachment)
	if err != nil {
		return "", err
	}
	data, err := Bytes(s, a.SHA256)
	if err != nil {
		return "", err
	}
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return "", fmt.Errorf("输出文件夹 %s 不存在", dir)
	}
	safe := a.SafeName()
	ext := filepath.Ext(safe)
	stem := strings.TrimSuffix(safe, ext)
	for n := 1; n < 1000; n++ {
		name := safe
		if n > 1 {
			name = fmt.Sprintf("%s (%d)%s", stem, n, ext)
		}
		path := filepath.Join(dir, name)
		if filepath.Dir(path) != filepath.Clean(dir) { // cannot happen after SafeName; belt and braces
			return "", fmt.Errorf("附件名「%s」不安全", a.Name)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		} else if err != nil {
			return "", fmt.Errorf("写出附件 %s：%w", path, err)
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path)
			return "", fmt.Errorf("写出附件 %s：%w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("文件夹 %s 中同名文件过多", dir)
}

// displayName is the name kept for a file: without folders (either slash),
// without control and invisible formatting characters (which could make a
// name look like another), trimmed.
func displayName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.Map(func(r rune) rune {
		if r == utf8.RuneError || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, name)
	name = strings.TrimSpace(name)
	if name == "" || name == "." || name == ".." {
		return "附件"
	}
	return name
}

// maxNameRunes bounds a written file name (Chinese characters take three bytes
// of the 255 most file systems allow).
const maxNameRunes = 60

// SafeName turns a file's name into one that is safe to write on Windows, macOS
// and Linux: no folders, no control characters, none of <>:"/\|?*, no leading
// or trailing dots and spaces, not a reserved Windows device name (CON, NUL,
// COM1, …), at most 60 characters before the extension, and the extension of
// its real type (.pdf, .jpg, .png).
func SafeName(name, mime string) string {
	name = displayName(name)
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`<>:"/\|?*`, r) {
			return '_'
		}
		return r
	}, name)
	ext := strings.ToLower(filepath.Ext(name))
	stem := strings.TrimSuffix(name, filepath.Ext(name))
	want := map[string]string{MimePDF: ".pdf", MimeJPEG: ".jpg", MimePNG: ".png"}[mime]
	if want != "" && ext != want && !(want == ".jpg" && ext == ".jpeg") {
		stem, ext = name, want // keep a wrong extension as part of the name: 报告.docx.pdf
	}
	stem = strings.Trim(stem, " .")
	if r := []rune(stem); len(r) > maxNameRunes {
		stem = strings.TrimRight(string(r[:maxNameRunes]), " .")
	}
	if stem == "" {
		stem = "附件"
	}
	if reservedName(stem) {
		stem = "_" + stem
	}
	return stem + ext
}

// reservedName reports whether Windows reserves the name (before its first
// dot): CON, PRN, AUX, NUL, COM0–9, LPT0–9, also with superscript digits.
func reservedName(stem string) bool {
	base, _, _ := strings.Cut(stem, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if r := []rune(base); len(r) == 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		return strings.ContainsRune("0123456789¹²³", r[3])
	}
	return false
}

// Unusable is an attached file that cannot go into the evidence binder.
type Unusable struct {
	Item       int64  `json:"item"`
	Indicator  string `json:"indicator"`
	Title      string `json:"title"`
	Attachment int64  `json:"attachment"`
	Name       string `json:"name"`
	Problem    string `json:"problem"` // Chinese: what is wrong and what to do
}

// Detail is one Chinese line naming the item, the file and the problem.
func (u Unusable) Detail() string {
	return fmt.Sprintf("指标%s「%s」的附件「%s」无法编入佐证材料汇编：%s", u.Indicator, u.Title, u.Name, u.Problem)
}

// CheckStored checks every file attached to a live item as Check does at
// attach time, for readiness lists: files attached before the checks
// existed (or stored damaged) are found before the binder is built. It
// reads every attachment once (a project of 2,000 scanned pages: a few
// seconds).
func CheckStored(s *store.Store) ([]Unusable, error) {
	items, err := List(s, Filter{})
	if err != nil {
		return nil, err
	}
	var out []Unusable
	seen := map[string]string{} // sha256 -> problem
	for _, it := range items {
		for _, a := range it.Attachments {
			problem, ok := seen[a.SHA256]
			if !ok {
				err := Use(s, a.SHA256, func(data []byte) error {
					_, _, err := Check(a.Name, data)
					return err
				})
				if err != nil {
					problem = strings.TrimPrefix(err.Error(), "「"+displayName(a.Name)+"」不能作为附件：")
				}
				seen[a.SHA256] = problem
			}
			if problem != "" {
				out = append(out, Unusable{Item: it.ID, Indicator: it.Indicator, Title: it.Title, Attachment: a.ID, Name: a.Name, Problem: problem})
			}
		}
	}
	return out, nil
}
