package pkg

import (
	"fmt"

	"ecoreport/report/layout"
)

// FontUse is one face the package is set in, as listed in manifest.json.
type FontUse struct {
	Role   string `json:"role"`   // title, body, heading1, heading2, table
	Face   string `json:"face"`   // the face GB/T 9704 or the report asks for: 小标宋, 仿宋, 黑体, 楷体, 宋体
	File   string `json:"file"`   // font file used
	Family string `json:"family"` // family name recorded in that file
	// PostScript is the face's PostScript name, as the PDFs name it (after
	// a six-letter subset tag).
	PostScript string `json:"postscript"`
	// Substitute is set when the file is a stand-in of another style (the
	// bundled Song face for 仿宋 or 小标宋).
	Substitute bool `json:"substitute"`
}

// fontRoles are the roles listed in the manifest and the face each asks
// for: the work report's title, body and headings (GB/T 9704), and the
// technical report's tables.
var fontRoles = []struct {
	role string
	face layout.Face
}{
	{"title", layout.FaceXiaoBiaoSong}, {"body", layout.FaceFangSong},
	{"heading1", layout.FaceHei}, {"heading2", layout.FaceKai}, {"table", layout.FaceSong},
}

// fontList resolves the package's fonts by role.
func (b *builder) fontList() ([]FontUse, error) {
	choices, err := layout.ResolveFonts(b.fonts)
	if err != nil {
		return nil, fmt.Errorf("字体：%w", err)
	}
	byFace := map[layout.Face]layout.FontChoice{}
	for _, c := range choices {
		byFace[c.Face] = c
	}
	var out []FontUse
	for _, r := range fontRoles {
		c := byFace[r.face]
		// The bundled Hei, Kai and Song faces are of the style asked for;
		// 仿宋 and 小标宋 have no open face and are set in Song.
		sub := !c.Official && (r.face == layout.FaceFangSong || r.face == layout.FaceXiaoBiaoSong)
		out = append(out, FontUse{Role: r.role, Face: r.face.String(), File: c.File, Family: c.Family, PostScript: c.PostScript, Substitute: sub})
	}
	return out, nil
}

// Font warnings, shown in the manifest and the readiness list; they do not
// block a submission.
const (
	WarnBodyFace  = "正文未使用仿宋字体"
	WarnTitleFace = "标题未使用方正小标宋字体"
)

func fontWarnings(fonts []FontUse) []string {
	var out []string
	for _, f := range fonts {
		switch {
		case f.Role == "body" && f.Substitute:
			out = append(out, fmt.Sprintf("%s（以 %s 代替；在本机安装仿宋字体 simfang.ttf 或仿宋_GB2312.ttf 后重新生成）", WarnBodyFace, f.File))
		case f.Role == "title" && f.Substitute:
			out = append(out, fmt.Sprintf("%s（以 %s 代替）", WarnTitleFace, f.File))
		}
	}
	return out
}
