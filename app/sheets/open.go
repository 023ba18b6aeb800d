package sheets

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// saveAsHint tells people how to turn what they sent into a workbook the
// importer reads.
const saveAsHint = "请用 Excel、WPS 或 LibreOffice 打开该文件，「另存为」Excel 工作簿（*.xlsx）后重新报送"

// oleMagic starts an OLE compound file: an old .xls/.et workbook, or an
// encrypted (password protected) .xlsx.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// utf16 returns s as UTF-16LE bytes, the way OLE stream names are stored.
func utf16(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for _, r := range s {
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}

// checkFormat tells from the name and the first bytes whether data can be a
// workbook the importer reads, and says how to fix it when not.
func checkFormat(name string, data []byte, size int64) error {
	if size > MaxFileSize || len(data) > MaxFileSize {
		return fmt.Errorf("文件过大（%.1f MB），上限 %d MB；填报表通常不足 1 MB，请删除粘贴的图片等内容后重新保存", float64(max(size, int64(len(data))))/(1<<20), MaxFileSize>>20)
	}
	if len(data) == 0 {
		return fmt.Errorf("文件是空的（0 字节）；%s", saveAsHint)
	}
	ext := strings.ToLower(filepath.Ext(name))
	switch {
	case bytes.HasPrefix(data, oleMagic):
		if bytes.Contains(data, utf16("EncryptionInfo")) || bytes.Contains(data, utf16("EncryptedPackage")) {
			return fmt.Errorf("文件设置了打开密码（已加密），无法读取；请在 Excel 或 WPS 中取消密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码），保存为 .xlsx 后重新报送")
		}
		return fmt.Errorf("这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件，无法直接读取；%s", saveAsHint)
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		// A zip file: checked further in checkZip.
	case ext == ".csv" || ext == ".txt" || looksLikeText(data):
		return fmt.Errorf("这是 CSV 或文本文件，不是 Excel 工作簿，缺少模板中的表头和隐藏信息；请在下发的填报表（.xlsx）中填写后报送")
	case ext == ".xls" || ext == ".et":
		return fmt.Errorf("这是旧版 Excel 97-2003（.xls）或 WPS（.et）格式的文件，无法直接读取；%s", saveAsHint)
	default:
		return fmt.Errorf("文件不是 Excel 工作簿（文件内容无法识别，可能已损坏或不是表格文件）；%s", saveAsHint)
	}
	return checkZip(data)
}

func looksLikeText(data []byte) bool {
	head := data
	if len(head) > 4096 {
		head = head[:4096]
	}
	// Cut a rune split at the end of the sample.
	for i := 0; i < 3 && len(head) > 0 && !utf8.Valid(head); i++ {
		head = head[:len(head)-1]
	}
	if !utf8.Valid(head) {
		return false
	}
	for _, b := range head {
		if b < 9 || (b > 13 && b < 32) {
			return false
		}
	}
	return true
}

// checkZip looks inside the zip container before excelize does: it must be a
// workbook, and no part may be large enough to exhaust memory (a zip bomb).
func checkZip(data []byte) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return fmt.Errorf("文件已损坏或不完整（压缩包结构错误）；%s", saveAsHint)
	}
	if len(zr.File) > 5000 {
		return fmt.Errorf("文件包含的部件过多（%d 个），不是正常的填报表", len(zr.File))
	}
	var total uint64
	workbook := false
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
		name := strings.ToLower(zf.Name)
		if name == "xl/workbook.xml" {
			workbook = true
		}
		if strings.HasSuffix(name, ".xml") && zf.UncompressedSize64 > maxPartSize {
			return fmt.Errorf("文件中的「%s」解压后过大（%.0f MB，上限 %d MB），不是正常的填报表", zf.Name, float64(zf.UncompressedSize64)/(1<<20), maxPartSize>>20)
		}
	}
	if total > maxUnzipSize {
		return fmt.Errorf("文件解压后过大（%.0f MB，上限 %d MB），不是正常的填报表", float64(total)/(1<<20), maxUnzipSize>>20)
	}
	if !workbook {
		if zr.File != nil {
			for _, zf := range zr.File {
				if strings.EqualFold(zf.Name, "content.xml") {
					return fmt.Errorf("这是 OpenDocument 表格（.ods，LibreOffice 或 WPS 的格式），不是 Excel 工作簿；%s", saveAsHint)
				}
				if strings.EqualFold(zf.Name, "word/document.xml") {
					return fmt.Errorf("这是 Word 文档，不是 Excel 工作簿；请在下发的填报表（Excel 工作簿）中填写后重新报送")
				}
			}
		}
		return fmt.Errorf("这是压缩文件，但不是 Excel 工作簿；%s", saveAsHint)
	}
	return nil
}

// openWorkbook checks and opens an untrusted workbook. Panics of the library
// on malformed files are turned into errors.
func openWorkbook(name string, data []byte, size int64) (f *excelize.File, err error) {
	if err := checkFormat(name, data, size); err != nil {
		return nil, err
	}
	if perr := excel(func() {
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxPartSize,
		})
	}); perr != nil {
		f, err = nil, perr
	}
	if err != nil {
		if f != nil {
			_ = f.Close() // already failing: the first error is reported
		}
		return nil, fmt.Errorf("文件已损坏，无法读取（%v）；%s", err, saveAsHint)
	}
	return f, nil
}

// excel runs calls into the spreadsheet library on an untrusted file. The
// library panics on some malformed files (index out of range in its XML
// readers); such a panic becomes an error. Only library calls go through
// here, so a panic of our own code still crashes tests and fuzzing.
func excel(fn func()) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("表格库读取出错：%v", r)
		}
	}()
	fn()
	return nil
}
