package sheets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// workbook is what the importer read from one file, before it is compared
// with the database.
type workbook struct {
	Name     string // file name without folders
	SHA256   string
	Size     int
	Org      *catalog.Organisation
	Meta     *meta // nil when the metadata was lost
	Values   []cellValue
	Evidence []evidenceRow
	// Narratives are the filled cells of the 工作措施与成效 sheet (narratives.go).
	Narratives []narrativeCell
	Problems   problems
	// Rejected is set when the file as a whole cannot be imported.
	Rejected bool
}

// cellValue is one filled input cell of a data sheet.
type cellValue struct {
	Key     cellKey
	Role    string // roleLead, roleSupport or "" (not the organisation's)
	Sheet   string
	Cell    string
	Found   string // the cell's text as read
	Checked store.Checked
	Row     int
	// SourceCell and NoteCell are the row's 数据来源 and 备注 cells; "" when
	// the sheet has no such column.
	SourceCell, NoteCell string
}

// evidenceRow is one row of an evidence sheet.
type evidenceRow struct {
	Item  store.EvidenceItem
	Sheet string
	Row   int
	Cols  map[string]int // the sheet's column of each header found
}

// cell names the row's cell under a header; "" when the sheet has no such
// column.
func (r evidenceRow) cell(header string) string {
	if c, ok := r.Cols[header]; ok {
		return cellName(c, r.Row)
	}
	return ""
}

// project is what reading a workbook needs to know about the project.
type project struct {
	cat      *catalog.Catalog
	settings store.Settings
	catID    string
}

// readInput reads one file to import.
func readInput(p *project, in Input) *workbook {
	size := in.Size
	if size < int64(len(in.Data)) {
		size = int64(len(in.Data))
	}
	return readWorkbookSized(p, in.Name, in.Data, size)
}

// readWorkbook reads one file held whole in data.
func readWorkbook(p *project, name string, data []byte) *workbook {
	return readWorkbookSized(p, name, data, int64(len(data)))
}

// readWorkbookSized reads one file; size is its size on disk (data may be
// only its beginning when it is too large). A panic of the spreadsheet
// library on a malformed file becomes a problem of the file; a panic of our
// own code is not recovered.
func readWorkbookSized(p *project, name string, data []byte, size int64) (wb *workbook) {
	sum := sha256.Sum256(data)
	wb = &workbook{Name: filepath.Base(name), SHA256: hex.EncodeToString(sum[:]), Size: int(size)}
	wb.Problems.file = wb.Name
	if err := checkFormat(wb.Name, data, size); err != nil {
		wb.Rejected = true
		wb.Problems.errorf("", "", "", 0, "", "%v", err)
		return wb
	}
	book, err := openXLSX(data)
	if err != nil {
		wb.Rejected = true
		wb.Problems.errorf("", "", "", 0, "", "文件已损坏，无法读取（%v）；%s", err, saveAsHint)
		return wb
	}
	// excelize only for a formula without a cached result: opened once, on
	// demand.
	var lib *excelize.File
	var libErr error
	library := func() (*excelize.File, error) {
		if lib == nil && libErr == nil {
			lib, libErr = openWorkbook(wb.Name, data, size)
		}
		return lib, libErr
	}
	defer func() {
		if lib != nil {
			_ = lib.Close() // read only: nothing to lose
		}
	}()

	var dataSheets, evSheets, narrSheets []*grid
	refs := map[*grid]xlsxSheetRef{}
	var titles []string
	for _, ref := range book.sheets {
		sheet := ref.Name
		g, err := book.readSheet(ref)
		if err != nil && (g == nil || len(g.rows) == 0) {
			wb.Problems.warnf(sheet, "", "", 0, "", "无法读取该工作表（%v），已跳过", err)
			continue
		}
		g.library = library
		if m, err := parseMeta(g.rows); err == nil {
			if wb.Meta == nil {
				wb.Meta = m
			}
			continue
		}
		if g.truncated {
			wb.Problems.warnf(sheet, "", "", 0, "", "工作表超过 %d 行，之后的行未读取", maxRows)
		}
		if isNarrativeSheet(g) {
			narrSheets = append(narrSheets, g)
			continue
		}
		if hr := findHeader(g, hdrName); hr > 0 {
			dataSheets = append(dataSheets, g)
			refs[g] = ref
			for r := 1; r < hr; r++ {
				titles = append(titles, g.text(1, r))
			}
		} else if findHeader(g, hdrEvTitle) > 0 {
			evSheets = append(evSheets, g)
		} else {
			for r := 1; r <= min(3, len(g.rows)); r++ {
				titles = append(titles, g.text(1, r))
			}
		}
	}
	if !wb.identify(p, titles) {
		return wb
	}
	if len(dataSheets) == 0 {
		wb.Problems.errorf("", "", "", 0, "", "找不到指标数据表：没有哪个工作表的表头含「%s」和年度列（如「2015年」）；请在下发的填报表中填写", hdrName)
	}
	rs := roles(p.cat, wb.Org.ID)
	for _, g := range append(dataSheets, evSheets...) {
		if err := g.loadMerges(); err != nil {
			wb.Problems.warnf(g.sheet, "", "", 0, "", "无法读取合并单元格（%v），按未合并处理", err)
		}
	}
	for _, g := range dataSheets {
		var err error
		if g.comments, err = book.comments(refs[g]); err != nil {
			wb.Problems.warnf(g.sheet, "", "", 0, "", "无法读取该工作表的批注（%v），如有批注请另行核对", err)
		}
		if wb.readable(g) {
			wb.readData(p, g, rs)
		}
	}
	for _, g := range evSheets {
		if wb.readable(g) {
			wb.readEvidence(p, g, rs)
		}
	}
	for _, g := range narrSheets {
		wb.readNarratives(p, g, rs)
	}
	return wb
}

// readable reports a sheet whose XML is damaged part way (its first rows
// could be read, enough to tell what it is) once, and tells not to read it.
func (wb *workbook) readable(g *grid) bool {
	if g.damaged != nil {
		wb.Problems.errorf(g.sheet, "", "", 0, "", "工作表已损坏，无法读取其中的单元格（%v），该表的内容未导入；%s", g.damaged, saveAsHint)
		return false
	}
	return true
}

// identify finds the organisation and checks the template from the
// metadata, or falls back to titles and the file name. It reports false when
// the file cannot be imported at all.
func (wb *workbook) identify(p *project, titles []string) bool {
	m := wb.Meta
	if m != nil {
		switch {
		case m.Kind != "" && m.Kind != "template":
			wb.Rejected = true
			wb.Problems.errorf("", "", "", 0, "", "这不是指标填报表（是%s），请报送下发的填报表", kindName(m.Kind))
			return false
		case m.Version > TemplateVersion:
			wb.Rejected = true
			wb.Problems.errorf("", "", "", 0, strconv.Itoa(m.Version), "模板版本 %d 高于本程序支持的版本 %d，请升级 ecoreport 后再导入", m.Version, TemplateVersion)
			return false
		case m.CatalogID != "" && p.catID != "" && m.CatalogID != p.catID:
			wb.Rejected = true
			wb.Problems.errorf("", "", "", 0, m.CatalogID, "此表按指标体系「%s」导出，与本项目的指标体系「%s」不同，不能导入", m.CatalogID, p.catID)
			return false
		}
		if m.Project != "" && m.Project != p.settings.Name {
			wb.Problems.warnf("", "", "", 0, m.Project, "此表是为项目「%s」导出的，当前项目是「%s」；请确认没有导错项目", m.Project, p.settings.Name)
		}
		if o, ok := p.cat.Org(m.OrgID); ok {
			wb.Org = o
		} else if o, ok := p.cat.FindOrg(m.OrgName); ok {
			wb.Org = o
		}
		if wb.Org == nil {
			wb.Rejected = true
			wb.Problems.errorf("", "", "", 0, m.OrgName, "填报单位「%s」不是本项目登记的单位", m.OrgName)
			return false
		}
		base := strings.TrimSuffix(wb.Name, filepath.Ext(wb.Name))
		if o := findOrgIn(p.cat, base); o != nil && o.ID != wb.Org.ID {
			wb.Problems.warnf("", "", "", 0, base, "文件名写的是「%s」，但这是下发给「%s」的填报表，已按「%s」导入；如是%s填在了别的单位的表中，请不要导入，让其在本单位的填报表中重新填写",
				o.Name, wb.Org.Name, wb.Org.Name, o.Name)
		}
		return true
	}
	// The metadata was lost (copied into a new workbook, saved by another
	// program): fall back to the titles and the file name.
	cands := append([]string{}, titles...)
	base := strings.TrimSuffix(wb.Name, filepath.Ext(wb.Name))
	cands = append(cands, base)
	for _, sep := range []string{"-", "_", " ", "—"} {
		if before, _, ok := strings.Cut(base, sep); ok {
			cands = append(cands, before)
		}
	}
	for _, t := range cands {
		if wb.Org = findOrgIn(p.cat, t); wb.Org != nil {
			break
		}
	}
	if wb.Org == nil {
		wb.Rejected = true
		wb.Problems.errorf("", "", "", 0, "", "无法识别填报单位：文件中没有模板信息（可能复制到了新工作簿或另存过），标题和文件名中也找不到单位名称；请用下发的填报表填写，或把文件名改为「单位名称-指标填报表.xlsx」")
		return false
	}
	wb.Problems.warnf("", "", "", 0, "", "文件中没有模板信息（可能复制到了新工作簿或用其他软件另存过），已按标题和文件名识别为「%s」，按表头和指标名称识别各行；无法检查导出后数据库中的值是否有变动。今后请在下发的填报表中填写", wb.Org.Name)
	return true
}

func kindName(kind string) string {
	switch kind {
	case "feedback":
		return "问题反馈单"
	case "summary":
		return "全区汇总表"
	}
	return kind
}

// findOrgIn finds the organisation named in a title: the whole text, the
// part after "——", or the longest organisation name it contains.
func findOrgIn(cat *catalog.Catalog, text string) *catalog.Organisation {
	text = strings.TrimSpace(text)
	if text == "" {
		return nil
	}
	if o, ok := cat.FindOrg(text); ok && o.Kind != catalog.KindGroup {
		return o
	}
	if _, after, ok := strings.Cut(text, "——"); ok {
		if o, ok := cat.FindOrg(after); ok && o.Kind != catalog.KindGroup {
			return o
		}
	}
	var best *catalog.Organisation
	bestLen := 0
	for i := range cat.Organisations {
		o := &cat.Organisations[i]
		if o.Kind == catalog.KindGroup {
			continue
		}
		for _, n := range append([]string{o.Name}, o.Aliases...) {
			if len(n) > bestLen && strings.Contains(text, n) {
				best, bestLen = o, len(n)
			}
		}
	}
	return best
}

// findHeader returns the row (1-based) among the first 20 whose cells
// include the label, or 0.
func findHeader(g *grid, label string) int {
	for r := 1; r <= min(20, len(g.rows)); r++ {
		for c := 1; c <= len(g.rows[r-1]); c++ {
			if normLabel(g.rows[r-1][c-1]) == label {
				return r
			}
		}
	}
	return 0
}

// dataColumns are the columns found in a data sheet's header.
type dataColumns struct {
	code, name, source, note, key int
	years                         map[int]int // column → year
	header                        int         // last header row
}

func mapDataColumns(g *grid, hr int) dataColumns {
	dc := dataColumns{years: map[int]int{}, header: hr}
	scan := func(r int) {
		for c := 1; c <= len(g.rows[r-1]); c++ {
			h := normLabel(g.rows[r-1][c-1])
			switch {
			case h == "":
			case h == hdrCode || h == "指标序号" || h == "编号":
				setOnce(&dc.code, c)
			case h == hdrName:
				setOnce(&dc.name, c)
			case strings.HasPrefix(h, "系统标识"):
				setOnce(&dc.key, c)
			case h == hdrSource || h == "来源":
				setOnce(&dc.source, c)
			case h == hdrNote || h == "说明":
				setOnce(&dc.note, c)
			default:
				if y, ok := headerYear(h); ok {
					if _, dup := dc.years[c]; !dup {
						dc.years[c] = y
					}
				}
			}
		}
	}
	scan(hr)
	// A two-row header: years under a merged "年度" cell.
	if len(dc.years) == 0 && hr < len(g.rows) {
		scan(hr + 1)
		if len(dc.years) > 0 {
			dc.header = hr + 1
		}
	}
	return dc
}

func setOnce(p *int, c int) {
	if *p == 0 {
		*p = c
	}
}

// headerNoteRE finds the note in parentheses of a year header
// ("2017年(预计)" after normLabel); estimateRE tells a note that says the
// values are not actual ones.
var (
	headerNoteRE = regexp.MustCompile(`\((.*)\)`)
	estimateRE   = regexp.MustCompile(`预计|预测|预估|估计|估算|计划|目标|规划|拟`)
)

var rowKeyRE = regexp.MustCompile(`^([1-9][0-9]*(?:\.[1-9][0-9]*)?)(` + regexp.QuoteMeta(conditionSuffix) + `)?$`)

// identifyRow finds which indicator (and field) a data row holds: from the
// hidden key column, else from 序号 and the name, else from the name alone.
func identifyRow(p *project, g *grid, dc dataColumns, r int) (code string, condition bool, how string) {
	if dc.key > 0 {
		if m := rowKeyRE.FindStringSubmatch(normLabel(g.text(dc.key, r))); m != nil {
			return m[1], m[2] != "", "key"
		}
	}
	name := normLabel(g.text(dc.name, r))
	isCond := strings.Contains(name, "附加条件") || strings.Contains(name, "是/否")
	if dc.code > 0 {
		c := normLabel(g.text(dc.code, r))
		c = strings.TrimSuffix(c, ".0") // a number typed into 序号
		if ind, ok := p.cat.Indicator(c); ok {
			if !isCond && ind.Target != nil && ind.Target.Condition != "" && strings.Contains(name, normLabel(ind.Target.Condition)) {
				isCond = true
			}
			return c, isCond, "code"
		}
	}
	if name == "" {
		return "", false, ""
	}
	for _, ind := range p.cat.All() {
		if name == normLabel(ind.Name) || name == normLabel(ind.FullName()) {
			return ind.Code, false, "name"
		}
		if ind.Target != nil && ind.Target.Condition != "" && strings.Contains(name, normLabel(ind.Target.Condition)) {
			return ind.Code, true, "name"
		}
	}
	return "", false, ""
}

// keyMismatch tells whether the visible 序号 or 指标名称 of a row that the
// hidden key identifies as code name another indicator: the visible columns
// were sorted or moved without the hidden one, and the values of the row
// belong to whichever indicator the person saw. It returns the cell, its
// header and the text that disagree; cell is "" when they agree or say
// nothing.
func keyMismatch(p *project, g *grid, dc dataColumns, r int, code string) (cell, header, found string) {
	if dc.code > 0 {
		c := strings.TrimSuffix(normLabel(g.text(dc.code, r)), ".0")
		if _, ok := p.cat.Indicator(c); ok && c != code {
			return cellName(dc.code, r), g.text(dc.code, dc.header), g.text(dc.code, r)
		}
	}
	if dc.name > 0 {
		name := normLabel(g.text(dc.name, r))
		ind, _ := p.cat.Indicator(code)
		if name == "" || name == normLabel(ind.Name) || name == normLabel(ind.FullName()) {
			return "", "", ""
		}
		for _, other := range p.cat.All() {
			if other.Code != code && (name == normLabel(other.Name) || name == normLabel(other.FullName())) {
				return cellName(dc.name, r), hdrName, g.text(dc.name, r)
			}
		}
	}
	return "", "", ""
}

// readData reads the input cells of a data sheet.
func (wb *workbook) readData(p *project, g *grid, rs map[string]string) {
	hr := findHeader(g, hdrName)
	dc := mapDataColumns(g, hr)
	if len(dc.years) == 0 {
		wb.Problems.errorf(g.sheet, cellName(dc.name, hr), "", 0, "", "表头中没有年度列（应为「2015年」这样的列标题），无法读取指标值")
		return
	}
	if wb.Meta != nil && dc.key == 0 {
		wb.Problems.warnf(g.sheet, "", "", 0, "", "隐藏的「%s」列已被删除，已按序号和指标名称识别各行", hdrKey)
	}
	cols := make([]int, 0, len(dc.years))
	for c := range dc.years {
		cols = append(cols, c)
	}
	sortInts(cols)
	// A year header the organisation annotated: "2017年（预计）" holds no
	// actual values; any other note is passed on.
	estimated := map[int]bool{}
	for _, c := range cols {
		h := g.text(c, dc.header)
		m := headerNoteRE.FindStringSubmatch(normLabel(h))
		if m == nil || m[1] == "监测" {
			continue
		}
		if estimateRE.MatchString(m[1]) {
			estimated[c] = true
			wb.Problems.errorf(g.sheet, cellName(c, dc.header), "", dc.years[c], h, "列标题「%s」注明不是实际值，此列的值未导入；请填写%d年的实际值，列标题保持「%d年」", h, dc.years[c], dc.years[c])
			continue
		}
		wb.Problems.warnf(g.sheet, cellName(c, dc.header), "", dc.years[c], h, "列标题「%s」带有说明「%s」，此列已按 %d年的实际值导入，请核实", h, m[1], dc.years[c])
	}
	sources := map[string]string{}
	notes := map[string]string{}
	seen := map[cellKey]cellValue{}
	clash := map[cellKey]bool{}
	for r := dc.header + 1; r <= len(g.rows); r++ {
		code, condition, how := identifyRow(p, g, dc, r)
		filled := false
		for _, c := range cols {
			if t, _ := g.raw(c, r); strings.TrimSpace(t) != "" {
				filled = true
				break
			}
		}
		if code == "" {
			if filled {
				wb.Problems.errorf(g.sheet, cellName(max(dc.name, 1), r), "", 0, g.text(dc.name, r),
					"第 %d 行填了数值，但无法识别是哪项指标（序号和指标名称都对不上）；请在下发的填报表的对应行中填写", r)
			}
			continue
		}
		if how == "key" {
			if ref, header, shown := keyMismatch(p, g, dc, r, code); ref != "" {
				if filled {
					wb.Problems.errorf(g.sheet, ref, code, 0, shown, "第 %d 行的%s是「%s」，但隐藏的「%s」列标明此行是指标 %s：可能只对部分列排序，或移动了部分单元格，无法确定这一行的数值属于哪项指标，此行的值未导入；请整行移动（含隐藏列），或在下发的填报表中重新填写",
						r, normLabel(header), shown, hdrKey, code)
				}
				continue
			}
		}
		if how == "name" && filled {
			wb.Problems.warnf(g.sheet, cellName(dc.name, r), code, 0, g.text(dc.name, r), "第 %d 行按指标名称识别为指标 %s", r, code)
		}
		ind, _ := p.cat.Indicator(code)
		role := rs[topCode(code)]
		if !ind.Measurable() {
			if filled {
				wb.Problems.errorf(g.sheet, cellName(dc.name, r), code, 0, "", "指标 %s「%s」有子指标，数值应填在各子指标的行中，此行的值未导入", code, ind.Name)
			}
			continue
		}
		if !condition {
			if dc.source > 0 {
				sources[code] = normSpace(g.shown(dc.source, r))
			}
			if dc.note > 0 {
				notes[code] = normSpace(g.shown(dc.note, r))
			}
		}
		key := rowKey(code, condition)
		for _, c := range cols {
			year := dc.years[c]
			if estimated[c] {
				continue
			}
			if tl, ok := g.merged[[2]int{c, r}]; ok && tl[1] != r {
				// Merged with a cell of a row above: that value was typed for
				// another indicator's row; copying it here would be a guess.
				if t := g.text(c, r); t != "" {
					wb.Problems.errorf(g.sheet, cellName(c, r), code, year, t, "单元格 %s 与上方的 %s 合并，合并单元格跨越了不同指标的行，无法确定指标 %s %d年的值，此值未导入；请取消合并，在每项指标的行中分别填写",
						cellName(c, r), cellName(tl[0], tl[1]), code, year)
				}
				continue
			}
			cl, err := g.value(c, r)
			if err != nil {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "%v", err)
				continue
			}
			if strings.TrimSpace(cl.Text) == "" {
				if wb.Meta != nil && role == roleLead {
					if base, ok := wb.Meta.Base[cellKey{key, year}]; ok {
						wb.Problems.warnf(g.sheet, cl.Ref, code, year, "", "原有的值 %s 被清空；空白不会清除数据库中的值，如确需删除请与创建办联系", base)
					}
				}
				continue
			}
			if !p.settings.HasYear(year) {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "%d年不在本项目的年度（%s）中，此值未导入", year, yearsText(p.settings.Years()))
				continue
			}
			field := catalog.FieldValue
			if condition {
				field = catalog.FieldCondition
			}
			cv := cellValue{Key: cellKey{key, year}, Role: role, Sheet: g.sheet, Cell: cl.Ref, Found: cl.Text, Row: r}
			if dc.source > 0 {
				cv.SourceCell = cellName(dc.source, r)
			}
			if dc.note > 0 {
				cv.NoteCell = cellName(dc.note, r)
			}
			if role == "" {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "指标 %s「%s」不由「%s」填报（牵头单位：%s），此值未导入",
					code, ind.FullName(), wb.Org.Name, p.cat.OrgNames(ind.Lead))
				continue
			}
			if cl.Date && !condition && (ind.Target == nil || ind.Target.Kind() != catalog.State) {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "单元格是日期或时间格式（显示为 %s），不能作为指标 %s「%s」的数值；请把单元格格式改为「常规」或「数值」，再填写%s",
					cl.Text, code, ind.Name, measureHint(ind))
				continue
			}
			if cl.Bool && !condition && (ind.Target == nil || ind.Target.Kind() != catalog.State) {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "单元格是逻辑值 %s，不能作为指标 %s「%s」的数值（不会当作 1 或 0）；请填写%s",
					cl.Text, code, ind.Name, measureHint(ind))
				continue
			}
			if msg := unitMismatch(ind, cl.Text, condition); msg != "" {
				wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "%s", msg)
				continue
			}
			ch, err := store.CheckChange(p.cat, p.settings, store.Change{Code: code, Year: year, Field: field, Raw: cl.Text})
			if err != nil {
				if role == roleLead {
					wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "%v", err)
				}
				continue
			}
			cv.Checked = ch
			if role == roleLead {
				for _, w := range ch.Warnings {
					wb.Problems.warnf(g.sheet, cl.Ref, code, year, cl.Text, "%s", w)
				}
				if w := unusual(ind, ch.Value); w != "" {
					wb.Problems.warnf(g.sheet, cl.Ref, code, year, cl.Text, "%s", w)
				}
			}
			if prev, dup := seen[cv.Key]; dup {
				if !sameValue(prev.Checked.Value, ch.Value) && role == roleLead {
					wb.Problems.errorf(g.sheet, cl.Ref, code, year, cl.Text, "同一指标同一年度在 %s 中填了「%s」，两处不一致，均未导入；请只保留一行", prev.Cell, prev.Found)
					clash[cv.Key] = true
				}
				continue
			}
			seen[cv.Key] = cv
			wb.Values = append(wb.Values, cv)
		}
	}
	for k := range clash {
		wb.dropValue(k)
	}
	wb.commentWarnings(g, dc)
	for i := range wb.Values {
		v := &wb.Values[i]
		code := v.Checked.Code
		v.Checked.Source = sources[code]
		if v.Checked.Field == catalog.FieldValue {
			v.Checked.Note = notes[code]
		}
	}
}

// commentWarnings reports the cell comments (批注) of a data sheet below its
// header: they are not imported, and what they say (an estimate, a
// correction) would otherwise go unseen.
func (wb *workbook) commentWarnings(g *grid, dc dataColumns) {
	refs := make([]string, 0, len(g.comments))
	for ref := range g.comments {
		refs = append(refs, ref)
	}
	slices.SortFunc(refs, func(a, b string) int {
		ca, ra, _ := excelize.CellNameToCoordinates(a)
		cb, rb, _ := excelize.CellNameToCoordinates(b)
		if ra != rb {
			return ra - rb
		}
		return ca - cb
	})
	for _, ref := range refs {
		text := normSpace(g.comments[ref])
		if _, r, err := excelize.CellNameToCoordinates(ref); err != nil || r <= dc.header || text == "" {
			continue
		}
		wb.Problems.warnf(g.sheet, ref, "", 0, catalog.ClipText(text, 60), "单元格 %s 有批注，批注不会导入，请核实其内容；需要说明的情况请写在「%s」列", ref, hdrNote)
	}
}

// dropValue removes the values of a key read so far (two rows disagree).
func (wb *workbook) dropValue(k cellKey) {
	out := wb.Values[:0]
	for _, v := range wb.Values {
		if v.Key != k {
			out = append(out, v)
		}
	}
	wb.Values = out
}

func normSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

var numberUnitRE = regexp.MustCompile(`^[-+]?[0-9][0-9,]*(?:\.[0-9]+)?\s*([^\s0-9.,%].*)$`)

// unitMismatch reports a number typed with a measure unit other than the
// indicator's ("0.5吨" for 吨标煤/万元, "46%" or a percentage-formatted cell
// for 吨标煤/万元): the number cannot be trusted.
func unitMismatch(ind *catalog.Indicator, text string, condition bool) string {
	if condition || (ind.Target != nil && ind.Target.Kind() == catalog.State) {
		return ""
	}
	s := catalog.NormalizeWidth(text)
	for _, p := range []string{">=", "<=", "≥", "≤", ">", "<", "="} {
		s = strings.TrimSpace(strings.TrimPrefix(s, p))
	}
	if ind.MeasureUnit != "%" && strings.HasSuffix(s, "%") {
		return fmt.Sprintf("值是百分数（带 %% 或单元格为百分比格式），而该指标的计量单位是「%s」，无法确定应为哪个数；请把单元格格式改为「常规」或「数值」，按「%s」只填写数字",
			measureText(ind.MeasureUnit), measureText(ind.MeasureUnit))
	}
	m := numberUnitRE.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	unit := strings.TrimSpace(m[1])
	if unit == ind.MeasureUnit || unit == "" {
		return ""
	}
	return fmt.Sprintf("值带有计量单位「%s」，而该指标的计量单位是「%s」；请换算为「%s」后只填写数字", unit, measureText(ind.MeasureUnit), measureText(ind.MeasureUnit))
}

// unusual warns about a value that is valid but probably mistyped: a
// percentage typed as a fraction (0.95 for 95%).
func unusual(ind *catalog.Indicator, v catalog.Value) string {
	if !v.IsNum || ind.MeasureUnit != "%" || ind.Target == nil || ind.Target.Value == nil {
		return ""
	}
	if *ind.Target.Value >= 10 && v.Num > 0 && v.Num <= 1 {
		return fmt.Sprintf("值 %s 远低于常见范围（目标 %s），是否应为 %s%%？百分比请填 95 或 95%%，不要填 0.95",
			catalog.FormatNumber(v.Num, -1), ind.Target.Format(ind.MeasureUnit), catalog.FormatNumber(v.Num*100, -1))
	}
	return ""
}

// sameValue compares two values, numbers within a tiny tolerance.
func sameValue(a, b catalog.Value) bool {
	if a.IsNum != b.IsNum {
		return false
	}
	if a.IsNum {
		d := a.Num - b.Num
		if d < 0 {
			d = -d
		}
		scale := max(1, abs(a.Num), abs(b.Num))
		return d <= 1e-9*scale
	}
	return a.State == b.State
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// readEvidence reads the rows of an evidence sheet.
func (wb *workbook) readEvidence(p *project, g *grid, rs map[string]string) {
	hr := findHeader(g, hdrEvTitle)
	cols := map[string]int{}
	for c := 1; c <= len(g.rows[hr-1]); c++ {
		h := normLabel(g.rows[hr-1][c-1])
		for _, want := range []string{hdrEvIndicator, hdrEvYear, hdrEvTitle, hdrEvDocNo, hdrEvIssuer, hdrEvDate, hdrEvPages, hdrEvClass, hdrEvFile} {
			if h == want || (want == hdrEvIndicator && (h == hdrCode || h == "指标")) || (want == hdrEvClass && strings.HasPrefix(h, "分类")) {
				if _, ok := cols[want]; !ok {
					cols[want] = c
				}
			}
		}
	}
	get := func(name string, r int) (cell, error) {
		c, ok := cols[name]
		if !ok {
			return cell{Ref: ""}, nil
		}
		return g.value(c, r)
	}
	ref := func(name string, r int) string {
		if c, ok := cols[name]; ok {
			return cellName(c, r)
		}
		return ""
	}
	if _, ok := cols[hdrEvIndicator]; !ok {
		wb.Problems.errorf(g.sheet, cellName(1, hr), "", 0, "", "佐证材料表的表头中没有「%s」列，无法读取佐证材料", hdrEvIndicator)
		return
	}
	for r := hr + 1; r <= len(g.rows); r++ {
		empty := true
		for _, v := range g.rows[r-1] {
			if strings.TrimSpace(v) != "" {
				empty = false
				break
			}
		}
		if empty {
			continue
		}
		vals := map[string]string{}
		bad := false
		for name := range cols {
			c, err := get(name, r)
			if err != nil {
				wb.Problems.errorf(g.sheet, c.Ref, "", 0, c.Text, "%v", err)
				bad = true
			}
			vals[name] = normSpace(catalog.NormalizeWidth(c.Text))
			if name == hdrEvTitle || name == hdrEvIssuer || name == hdrEvDocNo || name == hdrEvFile {
				vals[name] = normSpace(c.Text) // keep full-width punctuation of titles
			}
		}
		if bad {
			continue
		}
		code := strings.TrimSuffix(vals[hdrEvIndicator], ".0")
		e := store.EvidenceItem{Indicator: code, Title: vals[hdrEvTitle], DocNumber: vals[hdrEvDocNo], Issuer: vals[hdrEvIssuer],
			Class: strings.ToUpper(vals[hdrEvClass]), Org: wb.Org.ID, FileName: vals[hdrEvFile], Origin: "import"}
		if e.Title == "" {
			wb.Problems.errorf(g.sheet, ref(hdrEvTitle, r), code, 0, "", "第 %d 行缺少材料名称，该行未导入", r)
			continue
		}
		ind, ok := p.cat.Indicator(code)
		if !ok {
			wb.Problems.errorf(g.sheet, ref(hdrEvIndicator, r), "", 0, vals[hdrEvIndicator], "指标序号无效，应为贵单位牵头的指标序号（如 21 或 9.1）；该行未导入")
			continue
		}
		if rs[topCode(code)] != roleLead {
			wb.Problems.errorf(g.sheet, ref(hdrEvIndicator, r), code, 0, code, "指标 %s「%s」不由「%s」牵头（牵头单位：%s），其佐证材料应由牵头单位登记；该行未导入",
				code, ind.FullName(), wb.Org.Name, p.cat.OrgNames(ind.Lead))
			continue
		}
		if y := vals[hdrEvYear]; y != "" && y != "各年度" && y != "全部" {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(y, "年度"), "年"))
			if err != nil || !p.settings.HasYear(n) {
				wb.Problems.errorf(g.sheet, ref(hdrEvYear, r), code, 0, y, "年度无效，应为本项目的年度（%s）之一，跨多个年度的留空；该行未导入", yearsText(p.settings.Years()))
				continue
			}
			e.Year = n
		}
		if d := vals[hdrEvDate]; d != "" {
			date, ok := parseDate(d)
			if !ok {
				wb.Problems.warnf(g.sheet, ref(hdrEvDate, r), code, e.Year, d, "发文日期无法识别，已按原文记录；应为如 2017-03-15 或 2017年3月15日 的日期")
			}
			e.IssuedOn = date
		}
		if pg := vals[hdrEvPages]; pg != "" {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSuffix(pg, "页"), ".0"))
			if err != nil || n < 0 {
				wb.Problems.errorf(g.sheet, ref(hdrEvPages, r), code, e.Year, pg, "页数应为不小于 0 的整数；该行未导入")
				continue
			}
			e.Pages = n
		}
		if e.Class != "" {
			switch {
			case strings.Contains(e.Class, "汇总"):
				e.Class = store.ClassSummary
			case strings.Contains(e.Class, "原始"):
				e.Class = store.ClassOriginal
			case strings.Contains(e.Class, "统计"):
				e.Class = store.ClassStatistics
			default:
				e.Class = e.Class[:1]
			}
			if e.Class != store.ClassSummary && e.Class != store.ClassOriginal && e.Class != store.ClassStatistics {
				wb.Problems.errorf(g.sheet, ref(hdrEvClass, r), code, e.Year, vals[hdrEvClass], "分类应为 A（指标汇总）、B（原始文件）或 C（统计资料）；该行未导入")
				continue
			}
		}
		wb.Evidence = append(wb.Evidence, evidenceRow{Item: e, Sheet: g.sheet, Row: r, Cols: cols})
	}
}

// measureHint says what number an indicator's cell expects: "数字（计量单位：%）".
func measureHint(ind *catalog.Indicator) string {
	if ind.MeasureUnit == "" {
		return "数字"
	}
	return "数字（计量单位：" + ind.MeasureUnit + "）"
}
