package sheets

import (
	"bytes"
	"encoding/xml"
	"path"
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// sheetParts maps the sheet names of an opened workbook to their XML parts,
// as workbook.xml and its relationships name them. It is nil when they
// cannot be read; merges are then read through the library.
func sheetParts(f *excelize.File) map[string]string {
	wbXML, ok := pkgPart(f, "xl/workbook.xml")
	if !ok {
		return nil
	}
	relsXML, ok := pkgPart(f, "xl/_rels/workbook.xml.rels")
	if !ok {
		return nil
	}
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if xml.Unmarshal(wbXML, &wb) != nil || xml.Unmarshal(relsXML, &rels) != nil {
		return nil
	}
	targets := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		targets[r.ID] = t
	}
	out := map[string]string{}
	for _, s := range wb.Sheets {
		if t, ok := targets[s.RID]; ok && s.RID != "" {
			out[s.Name] = t
		}
	}
	return out
}

// pkgPart returns a part of the workbook as the library holds it in memory.
func pkgPart(f *excelize.File, name string) ([]byte, bool) {
	v, ok := f.Pkg.Load(name)
	if !ok {
		return nil, false
	}
	b, ok := v.([]byte)
	return b, ok
}

// mergeCellsRE finds the start of the <mergeCells> element of a worksheet,
// with or without a namespace prefix. Cell text cannot contain it: a "<" in
// text is escaped.
var mergeCellsRE = regexp.MustCompile(`<(?:[A-Za-z_][\w.-]*:)?mergeCells[\s>/]`)

// partMerges reads the merged ranges ("B3:D3") of a worksheet part without
// parsing the rest of it: the library's GetMergeCells unmarshals the whole
// worksheet, a second full parse of every sheet after reading its rows. ok
// is false when the part is not at hand.
func partMerges(f *excelize.File, part string) (refs []string, ok bool) {
	b, ok := pkgPart(f, part)
	if !ok {
		return nil, false
	}
	locs := mergeCellsRE.FindAllIndex(b, -1)
	if len(locs) == 0 {
		return nil, true
	}
	var mc struct {
		Cells []struct {
			Ref string `xml:"ref,attr"`
		} `xml:"mergeCell"`
	}
	d := xml.NewDecoder(bytes.NewReader(b[locs[len(locs)-1][0]:]))
	if err := d.Decode(&mc); err != nil {
		return nil, false
	}
	for _, c := range mc.Cells {
		refs = append(refs, c.Ref)
	}
	return refs, true
}
