package sheets

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/report/narrative"
)

// SheetNarrative is the sheet of the fill-in workbook where an organisation
// writes, per indicator it leads, what it did (主要措施), what came of it
// (主要成效) and what is still open (存在问题, optional).
const SheetNarrative = "工作措施与成效"

// Headers of the narrative sheet. The importer finds the sheet by the two
// text headers, not by its name.
const (
	hdrNarrCode     = "序号"
	hdrNarrName     = "指标"
	hdrNarrTask     = "任务分解书要求（只读）"
	hdrNarrProblems = "存在问题（选填）"
	hdrNarrKey      = "系统标识（请勿修改）"
)

// narrativeCols are the narrative sheet's columns, 1-based: the three text
// fields, then the hidden key and, per field, the fingerprint of the text as
// exported (so that the import can tell a stale copy from a real change).
var narrativeFieldCols = map[store.NarrativeField]int{store.Measures: 4, store.Results: 5, store.Problems: 6}

const (
	narrColKey  = 7
	narrColBase = 8 // 8, 9, 10: fingerprints of measures, results, problems
	narrHeader  = 3 // the header row
)

// fingerprint identifies a text without keeping it twice.
func fingerprint(text string) string {
	text = strings.TrimSpace(text)
	if text == "" {
		return "-"
	}
	sum := sha256.Sum256([]byte(text))
	return hex.EncodeToString(sum[:8])
}

// narrativeCell is one filled text cell of an imported narrative sheet.
type narrativeCell struct {
	Code  string
	Field store.NarrativeField
	Text  string
	Base  string // fingerprint at export; "" when unknown
	Sheet string
	Cell  string
}

// NarrativeItem is one text found in the imported files with its outcome
// against the database (new, changed, unchanged, conflict, stale).
type NarrativeItem struct {
	Outcome   Outcome `json:"outcome"`
	Indicator string  `json:"indicator"`
	Name      string  `json:"name"`
	Field     string  `json:"field"` // 主要措施, 主要成效, 存在问题
	Old       string  `json:"old,omitempty"`
	New       string  `json:"new"`
	Org       string  `json:"org"`
	File      string  `json:"file"`
	Sheet     string  `json:"sheet"`
	Cell      string  `json:"cell"`
	Reason    string  `json:"reason,omitempty"`

	field store.NarrativeField
	wb    *workbook
}

// narratives writes the sheet 工作措施与成效: one row per indicator the
// organisation leads, and per sub-indicator with measures of its own
// (catalog OwnNarrative: 13.x, 24.x), the plan's task text beside it (read
// only), a large unlocked cell per field holding the current text.
func (x *templateWriter) narratives() error {
	var inds []*catalog.Indicator
	for i := range x.a.Catalog.Indicators {
		ind := &x.a.Catalog.Indicators[i]
		if x.roles[ind.Code] == roleLead {
			inds = append(inds, ind)
			// Sub-indicators with measures of their own follow their parent.
			for j := range ind.Subs {
				if ind.Subs[j].OwnNarrative {
					inds = append(inds, &ind.Subs[j])
				}
			}
		}
	}
	if len(inds) == 0 {
		return nil
	}
	f, s, st := x.f, SheetNarrative, x.st
	if _, err := f.NewSheet(s); err != nil {
		return err
	}
	var first error // the first error of the formatting calls below
	try := func(err error) {
		if err != nil && first == nil {
			first = err
		}
	}
	try(f.SetCellValue(s, "A1", x.org.Name+" 工作措施与成效"))
	try(f.MergeCell(s, "A1", "F1"))
	try(f.SetCellStyle(s, "A1", "F1", st.title))
	try(f.SetRowHeight(s, 1, 28))
	try(f.SetCellValue(s, "A2", fmt.Sprintf("请在黄色单元格中写明本单位牵头的每项指标 %s 做了什么（主要措施）、取得了什么成效（主要成效），"+
		"“存在问题”选填。每格不超过 %d 字；成效中的数字可以引用系统数据，写作 {{指标值 序号 年度}}，如 {{指标值 27 2017}}，"+
		"报告中将替换为数据库中的值。灰色列为任务分解书的要求，供对照，不可修改。", yearsText(x.years), store.MaxNarrativeChars)))
	try(f.MergeCell(s, "A2", "F2"))
	try(f.SetCellStyle(s, "A2", "F2", st.note))
	try(f.SetRowHeight(s, 2, 48))
	headers := []any{hdrNarrCode, hdrNarrName, hdrNarrTask, store.Measures.Label(), store.Results.Label(), hdrNarrProblems,
		hdrNarrKey, "导出校验（主要措施）", "导出校验（主要成效）", "导出校验（存在问题）"}
	try(f.SetSheetRow(s, cellName(1, narrHeader), &headers))
	try(f.SetCellStyle(s, cellName(1, narrHeader), cellName(len(headers), narrHeader), st.header))
	row := narrHeader + 1
	for _, ind := range inds {
		task := ind.TaskText
		if ind.IsSub() {
			task = fmt.Sprintf("见指标 %s 的要求（上一行）；此行只写本子指标的工作。", ind.Parent.Code)
		}
		vals := []any{ind.Code, ind.Name, task}
		base := []any{ind.Code}
		for _, fl := range store.NarrativeFields {
			text := ""
			if n, ok := x.a.Narrative(ind.Code, fl); ok {
				text = n.Text
			}
			vals = append(vals, text)
			base = append(base, fingerprint(text))
		}
		try(f.SetSheetRow(s, cellName(1, row), &vals))
		try(f.SetSheetRow(s, cellName(narrColKey, row), &base))
		try(f.SetCellStyle(s, cellName(1, row), cellName(2, row), st.text))
		try(f.SetCellStyle(s, cellName(3, row), cellName(3, row), st.readOnly))
		try(f.SetCellStyle(s, cellName(4, row), cellName(6, row), st.inputText))
		try(f.SetRowHeight(s, row, 220))
		row++
	}
	for c, w := range []float64{6, 16, 40, 55, 55, 30} {
		try(f.SetColWidth(s, colLetter(c+1), colLetter(c+1), w))
	}
	try(f.SetColVisible(s, colLetter(narrColKey)+":"+colLetter(narrColBase+2), false))
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cellName(4, narrHeader+1) + ":" + cellName(6, row-1)
	try(dv.SetRange(0, store.MaxNarrativeChars, excelize.DataValidationTypeTextLength, excelize.DataValidationOperatorBetween))
	dv.SetError(excelize.DataValidationErrorStyleStop, "文字过长", fmt.Sprintf("每格不超过 %d 字，请精简。", store.MaxNarrativeChars))
	try(f.AddDataValidation(s, dv))
	if first != nil {
		return first
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: narrHeader, TopLeftCell: cellName(1, narrHeader+1), ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := pageSetup(f, s, fmt.Sprintf("$%d:$%d", narrHeader, narrHeader)); err != nil {
		return err
	}
	return f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true})
}

// isNarrativeSheet reports whether a sheet is a 工作措施与成效 sheet: its header
// has both 主要措施 and 主要成效.
func isNarrativeSheet(g *grid) bool {
	return findHeader(g, store.Measures.Label()) > 0 && findHeader(g, store.Results.Label()) > 0
}

// readNarratives reads a 工作措施与成效 sheet: per row the indicator (by the
// hidden key, else the 序号 column) and the three text cells. Rows of
// indicators the organisation does not lead, unknown indicators and texts
// over the limit are errors naming the cell; nothing of them is imported.
func (wb *workbook) readNarratives(p *project, g *grid, rs map[string]string) {
	hr := findHeader(g, store.Measures.Label())
	cols := map[store.NarrativeField]int{}
	codeCol, keyCol := 0, 0
	base := map[store.NarrativeField]int{}
	for c := 1; c <= len(g.rows[hr-1]); c++ {
		h := normLabel(g.rows[hr-1][c-1])
		switch {
		case h == store.Measures.Label():
			cols[store.Measures] = c
		case h == store.Results.Label():
			cols[store.Results] = c
		case strings.HasPrefix(h, store.Problems.Label()):
			cols[store.Problems] = c
		case h == normLabel(hdrNarrCode):
			codeCol = c
		case h == normLabel(hdrNarrKey):
			keyCol = c
		case strings.HasPrefix(h, "导出校验"):
			for _, fl := range store.NarrativeFields {
				if strings.Contains(h, fl.Label()) {
					base[fl] = c
				}
			}
		}
	}
	for r := hr + 1; r <= len(g.rows); r++ {
		code := ""
		if keyCol > 0 {
			code = g.text(keyCol, r)
		}
		if code == "" && codeCol > 0 {
			code = catalog.NormalizeWidth(g.text(codeCol, r))
		}
		filled := false
		for _, c := range cols {
			if g.text(c, r) != "" {
				filled = true
			}
		}
		if !filled {
			continue
		}
		ref := cellName(max(codeCol, 1), r)
		ind, ok := p.cat.Indicator(code)
		if keyCol > 0 && codeCol > 0 && g.text(keyCol, r) != "" {
			// The visible columns sorted without the hidden key: the texts
			// belong to the indicator the person saw, not to the key's.
			shown := strings.TrimSuffix(catalog.NormalizeWidth(g.text(codeCol, r)), ".0")
			if _, known := p.cat.Indicator(shown); known && shown != code {
				wb.Problems.errorf(g.sheet, ref, code, 0, g.text(codeCol, r), "第 %d 行的%s是「%s」，但隐藏的「%s」列标明此行是指标 %s：可能只对部分列排序，或移动了部分单元格，无法确定这一行的文字属于哪项指标，此行未导入；请整行移动（含隐藏列），或在下发的填报表中重新填写",
					r, hdrNarrCode, shown, hdrNarrKey, code)
				continue
			}
		}
		switch {
		case code == "":
			wb.Problems.errorf(g.sheet, ref, "", 0, "", "第 %d 行写了文字，但没有指标序号，无法确定属于哪项指标；请在「%s」列填写序号", r, hdrNarrCode)
			continue
		case !ok:
			wb.Problems.errorf(g.sheet, ref, code, 0, code, "指标序号「%s」不存在", code)
			continue
		case rs[topCode(ind.Code)] != roleLead:
			wb.Problems.errorf(g.sheet, ref, code, 0, "", "指标 %s「%s」不由%s牵头，其工作措施与成效由牵头单位填写", ind.Code, ind.FullName(), wb.Org.Name)
			continue
		}
		for _, fl := range store.NarrativeFields {
			c, ok := cols[fl]
			if !ok {
				continue
			}
			_, cref := g.raw(c, r)
			text := strings.TrimSpace(strings.ReplaceAll(g.shown(c, r), "\r\n", "\n"))
			if text == "" {
				continue // an empty cell changes nothing (it never clears a text)
			}
			if n := utf8.RuneCountInString(text); n > store.MaxNarrativeChars {
				wb.Problems.errorf(g.sheet, cref, ind.Code, 0, fmt.Sprintf("%d 字", n), "指标 %s 的%s有 %d 字，超过上限 %d 字，请精简后重新报送",
					ind.Code, fl.Label(), n, store.MaxNarrativeChars)
				continue
			}
			nc := narrativeCell{Code: ind.Code, Field: fl, Text: text, Sheet: g.sheet, Cell: cref}
			if bc, ok := base[fl]; ok {
				nc.Base = g.text(bc, r)
			}
			wb.Narratives = append(wb.Narratives, nc)
		}
	}
}

// classifyNarratives compares every text of the workbooks with the database.
// Placeholders are checked against the project's data: a text with one that
// cannot be resolved is an error of its cell and is not imported.
func classifyNarratives(s *store.Store, p *project, wbs []*workbook) ([]NarrativeItem, error) {
	found := false
	for _, wb := range wbs {
		if !wb.Rejected && len(wb.Narratives) > 0 {
			found = true
		}
	}
	if !found {
		return []NarrativeItem{}, nil
	}
	a, err := assess.Load(s)
	if err != nil {
		return nil, err
	}
	type key = store.NarrativeKey
	seen := map[key]int{} // index in out
	out := []NarrativeItem{}
	for _, wb := range wbs {
		if wb.Rejected {
			continue
		}
		for _, nc := range wb.Narratives {
			if err := narrative.CheckText(a, nc.Code, nc.Field, nc.Text); err != nil {
				wb.Problems.errorf(nc.Sheet, nc.Cell, nc.Code, 0, preview(nc.Text), "%s；请修改后重新报送", strings.TrimPrefix(err.Error(), "章节模板"))
				continue
			}
			ind, _ := p.cat.Indicator(nc.Code)
			it := NarrativeItem{Indicator: nc.Code, Name: ind.FullName(), Field: nc.Field.Label(), New: nc.Text, Org: wb.Org.ID,
				File: wb.Name, Sheet: nc.Sheet, Cell: nc.Cell, field: nc.Field, wb: wb}
			cur, has := a.Narrative(nc.Code, nc.Field)
			if has {
				it.Old = cur.Text
			}
			switch {
			case has && cur.Text == nc.Text:
				it.Outcome = Unchanged
			case nc.Base != "" && nc.Base == fingerprint(nc.Text) && nc.Base != fingerprint(it.Old):
				it.Outcome, it.Reason = Stale, "表中文字与下发时相同，数据库中的文字已在下发后修改，保留数据库中的文字"
			case nc.Base != "" && nc.Base != fingerprint(it.Old):
				it.Outcome = Conflict
				it.Reason = fmt.Sprintf("下发后数据库中的文字已被修改（%s %s），表中又改写了，请创建办确定采用哪一份", cur.Actor, cur.At)
			case has:
				it.Outcome = Changed
			default:
				it.Outcome = New
			}
			k := key{Code: nc.Code, Field: nc.Field}
			if i, ok := seen[k]; ok && out[i].New != it.New {
				prev := &out[i]
				prev.Outcome, it.Outcome = Conflict, Conflict
				prev.Reason = fmt.Sprintf("与 %s %s!%s 的文字不同", it.File, it.Sheet, it.Cell)
				it.Reason = fmt.Sprintf("与 %s %s!%s 的文字不同", prev.File, prev.Sheet, prev.Cell)
			}
			out = append(out, it)
			seen[k] = len(out) - 1
		}
	}
	return out, nil
}

// preview is the start of a text, for messages.
func preview(text string) string {
	if utf8.RuneCountInString(text) <= 30 {
		return text
	}
	return string([]rune(text)[:30]) + "…"
}

// commitNarratives writes the new and changed texts of an import inside its
// transaction, each with its file, sheet and cell.
func commitNarratives(s *store.Store, tx *sql.Tx, rep *Report, importID int64, actor string) error {
	for _, it := range rep.Narratives {
		if it.Outcome != New && it.Outcome != Changed {
			continue
		}
		n := store.Narrative{Code: it.Indicator, Field: it.field, Text: it.New, Provenance: store.Provenance{
			Actor: actor, Origin: "import", Org: it.Org, ImportID: importID, File: it.File, FileSHA: it.wb.SHA256, Sheet: it.Sheet, Cell: it.Cell}}
		if _, err := s.InsertNarrative(tx, n); err != nil {
			return fmt.Errorf("指标 %s 的%s：%w", it.Indicator, it.Field, err)
		}
	}
	return nil
}

// KindNarrative is the feedback kind of an indicator's texts.
const KindNarrative = "工作措施与成效"

// narrativeFeedback lists, for the indicators an organisation leads, the
// required texts (主要措施, 主要成效) it has not written and every text the
// office reviewed as 需补充, with the reviewer's words.
func narrativeFeedback(a *assess.Assessment, lead []*catalog.Indicator) []FeedbackItem {
	var out []FeedbackItem
	for _, ind := range lead {
		for _, fl := range store.NarrativeFields {
			n, ok := a.Narrative(ind.Code, fl)
			switch {
			case !ok && fl != store.Problems:
				out = append(out, FeedbackItem{Kind: KindNarrative, Indicator: ind.Code, Name: ind.Name,
					Problem: "缺少" + fl.Label() + "说明",
					Request: fmt.Sprintf("请在指标填报表的“%s”表中填写", SheetNarrative)})
			case ok && n.State == store.NarrativeNeedsMore:
				out = append(out, FeedbackItem{Kind: KindNarrative, Indicator: ind.Code, Name: ind.Name,
					Problem: fl.Label() + "需补充",
					Request: fmt.Sprintf("审核意见：%s请据此修改“%s”表后重新报送", n.Feedback, SheetNarrative)})
			}
		}
	}
	return out
}
