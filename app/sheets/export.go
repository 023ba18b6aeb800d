package sheets

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// ExportOptions tune the fill-in workbooks.
type ExportOptions struct {
	// Years are the year columns; nil means the project's assessed years.
	Years []int
	// Now is the export time recorded in the workbook; zero means time.Now.
	Now time.Time
	// Contact is how to reach the creation office (person, telephone), shown
	// on the instructions sheet; empty leaves a line to ask 创建办.
	Contact string
	// Replace lets WriteTemplates replace workbooks that already exist
	// (e.g. those of an earlier export the same day); without it, it writes
	// nothing when any of them exists.
	Replace bool
}

func (o ExportOptions) years(a *assess.Assessment) []int {
	if len(o.Years) > 0 {
		return o.Years
	}
	return a.Settings.AssessedYears
}

func (o ExportOptions) now() time.Time {
	if o.Now.IsZero() {
		return time.Now()
	}
	return o.Now
}

// Role of an organisation for an indicator.
const (
	roleLead    = "牵头"
	roleSupport = "配合"
)

// TemplateOrgs returns the organisations that get a fill-in workbook: every
// organisation (not a group) that leads or supports at least one indicator,
// in catalog order.
func TemplateOrgs(cat *catalog.Catalog) []catalog.Organisation {
	var out []catalog.Organisation
	for _, o := range cat.Organisations {
		if o.Kind == catalog.KindGroup {
			continue
		}
		lead, support := cat.Led(o.ID)
		if len(lead)+len(support) > 0 {
			out = append(out, o)
		}
	}
	return out
}

// roles maps the top-level indicator codes an organisation leads or supports
// to its role.
func roles(cat *catalog.Catalog, orgID string) map[string]string {
	lead, support := cat.Led(orgID)
	m := map[string]string{}
	for _, ind := range support {
		m[ind.Code] = roleSupport
	}
	for _, ind := range lead {
		m[ind.Code] = roleLead
	}
	return m
}

// topCode returns the top-level code of an indicator code: "9.1" → "9".
func topCode(code string) string {
	top, _, _ := strings.Cut(code, ".")
	return top
}

// TemplateFileName is the file name of an organisation's fill-in workbook:
// "区财政局-指标填报表-2018-04-02.xlsx".
func TemplateFileName(orgName string, day time.Time) string {
	return safeFileName(orgName) + "-指标填报表-" + day.Format("2006-01-02") + ".xlsx"
}

func safeFileName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < 32 {
			return '_'
		}
		return r
	}, s)
}

// TemplatePaths returns the paths WriteTemplates writes into dir on day,
// in the order of TemplateOrgs.
func TemplatePaths(cat *catalog.Catalog, dir string, day time.Time) []string {
	var out []string
	for _, o := range TemplateOrgs(cat) {
		out = append(out, filepath.Join(dir, TemplateFileName(o.Name, day)))
	}
	return out
}

// WriteTemplates writes the fill-in workbook of every organisation of
// TemplateOrgs into dir and returns the paths written. Unless opt.Replace
// is set, it writes nothing when any of the files exists already (the
// error wraps fs.ErrExist and names them).
func WriteTemplates(a *assess.Assessment, dir string, opt ExportOptions) ([]string, error) {
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	if !opt.Replace {
		if err := RefuseExisting(TemplatePaths(a.Catalog, dir, opt.Now)); err != nil {
			return nil, err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("创建输出文件夹 %s：%w", dir, err)
	}
	var paths []string
	for _, o := range TemplateOrgs(a.Catalog) {
		f, err := Template(a, o.ID, opt)
		if err != nil {
			return paths, err
		}
		p := filepath.Join(dir, TemplateFileName(o.Name, opt.Now))
		err = SaveWorkbook(f, p, opt.Replace)
		_ = f.Close()
		if err != nil {
			return paths, err
		}
		paths = append(paths, p)
	}
	return paths, nil
}

// Template builds the fill-in workbook (指标填报表) of one organisation: the
// instructions, the indicators it leads (to fill) and supports (read only)
// with the current values, the evidence list, and the hidden metadata.
func Template(a *assess.Assessment, orgID string, opt ExportOptions) (*excelize.File, error) {
	org, ok := a.Catalog.Org(orgID)
	if !ok {
		return nil, fmt.Errorf("单位 %q 不存在", orgID)
	}
	rs := roles(a.Catalog, orgID)
	if len(rs) == 0 {
		return nil, fmt.Errorf("单位「%s」没有牵头或配合的指标，无需填报", org.Name)
	}
	f := excelize.NewFile()
	st, err := newStyles(f)
	if err != nil {
		_ = f.Close() // already failing: the first error is reported
		return nil, err
	}
	x := &templateWriter{f: f, st: st, a: a, org: org, roles: rs, years: opt.years(a), now: opt.now()}
	x.meta = &meta{
		Version: TemplateVersion, Kind: "template", Project: a.Settings.Name,
		CatalogID: a.CatalogInfo.ID, CatalogVersion: a.CatalogInfo.Version,
		OrgID: org.ID, OrgName: org.Name, ExportedAt: x.now.Format(time.RFC3339),
		Years: x.years, Base: map[cellKey]string{}, Sources: map[string]string{},
	}
	steps := []func() error{
		func() error { return f.SetSheetName("Sheet1", SheetGuide) },
		func() error { _, err := f.NewSheet(SheetData); return err },
		func() error { _, err := f.NewSheet(SheetEvidence); return err },
		func() error { return x.guide(opt.Contact) },
		x.data,
		x.evidence,
		x.narratives,
		func() error { return writeMeta(f, x.meta) },
		func() error {
			f.SetActiveSheet(0)
			return f.SetDocProps(&excelize.DocProperties{
				Title: org.Name + " 指标填报表", Creator: "ecoreport", Subject: a.Settings.Name,
				Created: x.now.UTC().Format(time.RFC3339), Modified: x.now.UTC().Format(time.RFC3339),
			})
		},
	}
	for _, step := range steps {
		if err := step(); err != nil {
			_ = f.Close() // already failing: the first error is reported
			return nil, fmt.Errorf("生成「%s」的填报表：%w", org.Name, err)
		}
	}
	return f, nil
}

type templateWriter struct {
	f     *excelize.File
	st    *styles
	a     *assess.Assessment
	org   *catalog.Organisation
	roles map[string]string
	years []int
	now   time.Time
	meta  *meta
}

// deadlines returns the plan's milestones for lead organisations.
func deadlines(cat *catalog.Catalog) []catalog.Milestone {
	var out []catalog.Milestone
	for _, m := range cat.Plan.Milestones {
		for _, w := range m.Who {
			if w == "lead" {
				out = append(out, m)
				break
			}
		}
	}
	return out
}

func dueText(m catalog.Milestone) string {
	if t, err := time.Parse("2006-01-02", m.Due); err == nil {
		return fmt.Sprintf("%s（%d年%d月%d日前）", m.DueLabel(), t.Year(), int(t.Month()), t.Day())
	}
	return m.DueLabel()
}

func yearsText(ys []int) string {
	parts := make([]string, len(ys))
	for i, y := range ys {
		parts[i] = strconv.Itoa(y) + "年"
	}
	return strings.Join(parts, "、")
}

func officeName(cat *catalog.Catalog) string {
	for _, o := range cat.Organisations {
		if o.Kind == catalog.KindOffice {
			return o.Name
		}
	}
	return "创建办"
}

// guide writes the instructions sheet (填报说明).
func (x *templateWriter) guide(contact string) error {
	f, s := x.f, SheetGuide
	nLead, nSupport := 0, 0
	for _, r := range x.roles {
		if r == roleLead {
			nLead++
		} else {
			nSupport++
		}
	}
	office := officeName(x.a.Catalog)
	if contact == "" {
		contact = "请与" + office + "联系。"
	}
	lines := []struct {
		text  string
		style int
	}{
		{x.a.Settings.Name + " 指标填报表", x.st.title},
		{"填报单位：" + x.org.Name + "    生成时间：" + x.now.Format("2006年1月2日 15:04"), x.st.note},
		{"一、填报内容", x.st.parent},
		{fmt.Sprintf("「%s」工作表列出贵单位牵头的 %d 项指标（浅黄色单元格，请填写）和配合的 %d 项指标（灰色，只读，由牵头单位填报，供参考）。请填写 %s 各年度的指标值；已有的数值已预先填入，请核对，有误请直接改正。",
			SheetData, nLead, nSupport, yearsText(x.years)), x.st.text},
		{"二、填写要求", x.st.parent},
		{"1. 数值指标只填数字，不要带计量单位；百分比指标填 95 或 95%（都表示 95%）；不要填写 ≥、≤ 等比较符。", x.st.text},
		{"2. 定性指标（如 制定实施、开展、未发生）请从下拉列表中选择。", x.st.text},
		{"3. 带附加条件的指标（如 能源消耗总量不超过控制目标值），请在其下方的「附加条件」行中选择 是 或 否。", x.st.text},
		{"4. 请在「数据来源」列写明数据出处（如 统计年鉴、监测报告、部门台账），需要说明的情况写在「备注」列。", x.st.text},
		{"5. 请勿修改表头，请勿删除隐藏列或隐藏工作表；工作表保护未设密码，如确需调整可在「审阅 → 撤销工作表保护」后操作。", x.st.text},
		{"6. 填好后请直接保存为 Excel 工作簿（.xlsx），不要另存为 .xls、.et 或 .csv，不要设置打开密码。", x.st.text},
		{"三、报送时间", x.st.parent},
	}
	for _, m := range deadlines(x.a.Catalog) {
		lines = append(lines, struct {
			text  string
			style int
		}{fmt.Sprintf("%s：%s（实施方案 %s）", dueText(m), catalog.DueLabel(m.What), m.Where), x.st.text})
	}
	lines = append(lines, []struct {
		text  string
		style int
	}{
		{"四、佐证材料", x.st.parent},
		{fmt.Sprintf("请在「%s」工作表中逐条登记每项指标、每个年度的佐证材料：指标序号、年度（跨多个年度的留空）、材料名称、文号、发文单位、发文日期、页数、分类（A 指标汇总 / B 原始文件 / C 统计资料）和电子文件名；同一材料用于多个指标的，每个指标各登记一行。", SheetEvidence), x.st.text},
		{"五、联系方式", x.st.parent},
		{fmt.Sprintf("填报中有疑问请咨询%s。%s", office, contact), x.st.text},
	}...)
	if x.a.Settings.Sample {
		lines = append(lines, struct {
			text  string
			style int
		}{"【示例数据】本表由示例项目生成，仅供演示。", x.st.note})
	}
	if err := f.SetColWidth(s, "A", "A", 110); err != nil {
		return err
	}
	for i, l := range lines {
		cell := "A" + strconv.Itoa(i+1)
		if err := f.SetCellStr(s, cell, l.text); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cell, cell, l.style); err != nil {
			return err
		}
		if l.style == x.st.text && len([]rune(l.text)) > 60 {
			if err := f.SetRowHeight(s, i+1, 15*float64(len([]rune(l.text))/60+1)); err != nil {
				return err
			}
		}
	}
	if err := f.SetRowHeight(s, 1, 28); err != nil {
		return err
	}
	if err := pageSetup(f, s, ""); err != nil {
		return err
	}
	return f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true})
}

// dataLayout gives the column numbers of the data sheet.
type dataLayout struct {
	years                   []int
	firstYear, source, note int
	key, last               int
}

const (
	dataTitleRow  = 1
	dataNoteRow   = 2
	dataHeaderRow = 3
	colCode       = 1
	colName       = 2
	colMeasure    = 3
	colTarget     = 4
	colAttribute  = 5
	colRole       = 6
)

func newDataLayout(years []int) dataLayout {
	l := dataLayout{years: years, firstYear: 7}
	l.source = l.firstYear + len(years)
	l.note = l.source + 1
	l.key = l.note + 1
	l.last = l.key
	return l
}

func cellName(col, row int) string {
	c, _ := excelize.CoordinatesToCellName(col, row)
	return c
}

func colLetter(col int) string {
	c, _ := excelize.ColumnNumberToName(col)
	return c
}

// rowKey is the hidden identity of a data row.
func rowKey(code string, condition bool) string {
	if condition {
		return code + conditionSuffix
	}
	return code
}

// data writes the data sheet (指标数据).
func (x *templateWriter) data() error {
	f, s, st := x.f, SheetData, x.st
	l := newDataLayout(x.years)
	headers := []string{hdrCode, hdrName, hdrMeasure, hdrTarget, hdrAttribute, hdrRole}
	for _, y := range x.years {
		headers = append(headers, strconv.Itoa(y)+"年")
	}
	headers = append(headers, hdrSource, hdrNote, hdrKey)
	last := colLetter(l.last - 1) // the key column is hidden: title spans the visible ones
	title := fmt.Sprintf("%s指标填报表——%s", x.a.Settings.District, x.org.Name)
	if err := f.SetCellStr(s, "A1", title); err != nil {
		return err
	}
	if err := f.MergeCell(s, "A1", last+"1"); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A1", "A1", st.title); err != nil {
		return err
	}
	if err := f.SetRowHeight(s, dataTitleRow, 28); err != nil {
		return err
	}
	note := "浅黄色单元格请填写；灰色为配合指标（由牵头单位填报，只读）。百分比填 95 或 95%；定性指标和附加条件请从下拉列表选择。"
	if ds := deadlines(x.a.Catalog); len(ds) > 0 {
		note = "报送截止：" + dueText(ds[0]) + "。" + note
	}
	if err := f.SetCellStr(s, "A2", note); err != nil {
		return err
	}
	if err := f.MergeCell(s, "A2", last+"2"); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A2", "A2", st.note); err != nil {
		return err
	}
	if err := f.SetRowHeight(s, dataNoteRow, 30); err != nil {
		return err
	}
	hrow := make([]any, len(headers))
	for i, h := range headers {
		hrow[i] = h
	}
	if err := f.SetSheetRow(s, cellName(1, dataHeaderRow), &hrow); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, cellName(1, dataHeaderRow), cellName(l.last, dataHeaderRow), st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(s, dataHeaderRow, 32); err != nil {
		return err
	}

	row := dataHeaderRow + 1
	for i := range x.a.Catalog.Indicators {
		ind := &x.a.Catalog.Indicators[i]
		role, ok := x.roles[ind.Code]
		if !ok {
			continue
		}
		if ind.Measurable() {
			var err error
			if row, err = x.indicatorRows(l, row, ind, role); err != nil {
				return err
			}
			continue
		}
		// A parent: a heading row, then its sub-indicators.
		vals := []any{ind.Code, ind.Name, measureText(ind.MeasureUnit), "见子指标", string(ind.Attribute), role}
		if err := f.SetSheetRow(s, cellName(1, row), &vals); err != nil {
			return err
		}
		if err := f.SetCellStr(s, cellName(l.key, row), rowKey(ind.Code, false)); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(1, row), cellName(l.last, row), st.parent); err != nil {
			return err
		}
		row++
		for j := range ind.Subs {
			var err error
			if row, err = x.indicatorRows(l, row, &ind.Subs[j], role); err != nil {
				return err
			}
		}
	}
	widths := map[int]float64{colCode: 7, colName: 34, colMeasure: 12, colTarget: 22, colAttribute: 8, colRole: 8,
		l.source: 24, l.note: 24, l.key: 12}
	for c, w := range widths {
		if err := f.SetColWidth(s, colLetter(c), colLetter(c), w); err != nil {
			return err
		}
	}
	if err := f.SetColWidth(s, colLetter(l.firstYear), colLetter(l.source-1), 12); err != nil {
		return err
	}
	if err := f.SetColVisible(s, colLetter(l.key), false); err != nil {
		return err
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, XSplit: 2, YSplit: dataHeaderRow,
		TopLeftCell: cellName(3, dataHeaderRow+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	if err := pageSetup(f, s, fmt.Sprintf("$%d:$%d", dataHeaderRow, dataHeaderRow)); err != nil {
		return err
	}
	return f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true})
}

func measureText(mu string) string {
	if mu == "" {
		return "/"
	}
	return mu
}

// indicatorRows writes the value row of a measurable indicator, and the row
// of its yes/no condition when the target has one. It returns the next row.
func (x *templateWriter) indicatorRows(l dataLayout, row int, ind *catalog.Indicator, role string) (int, error) {
	f, s, st := x.f, SheetData, x.st
	lead := role == roleLead
	target := ""
	if ind.Target != nil {
		target = ind.Target.String()
	}
	textStyle, centerStyle, inStyle, inText := st.text, st.textCenter, st.input, st.inputText
	if !lead {
		textStyle, centerStyle, inStyle, inText = st.readOnly, st.readOnlyCenter, st.readOnly, st.readOnly
	}
	put := func(row int, condition bool) error {
		name, mu := ind.Name, measureText(ind.MeasureUnit)
		field := catalog.FieldValue
		if condition {
			name, mu, target = "└ 附加条件："+ind.Target.Condition+"（是/否）", "/", catalog.CondYes
			field = catalog.FieldCondition
		}
		vals := []any{ind.Code, name, mu, target, string(ind.Attribute), role}
		if err := f.SetSheetRow(s, cellName(1, row), &vals); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(1, row), cellName(colRole, row), centerStyle); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(colName, row), cellName(colName, row), textStyle); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(colTarget, row), cellName(colTarget, row), textStyle); err != nil {
			return err
		}
		key := rowKey(ind.Code, condition)
		if err := f.SetCellStr(s, cellName(l.key, row), key); err != nil {
			return err
		}
		if err := f.SetCellStyle(s, cellName(l.key, row), cellName(l.key, row), st.text); err != nil {
			return err
		}
		source := ""
		for i, y := range l.years {
			cell := cellName(l.firstYear+i, row)
			k := catalog.ValueKey{Code: ind.Code, Year: y, Field: field}
			if v, ok := x.a.Values[k]; ok {
				if v.IsNum {
					if err := f.SetCellFloat(s, cell, v.Num, -1, 64); err != nil {
						return err
					}
				} else {
					if err := f.SetCellStr(s, cell, v.State); err != nil {
						return err
					}
				}
				if lead {
					x.meta.Base[cellKey{key, y}] = canonical(v)
				}
				if p, ok := x.a.Provenance[k]; ok && p.Source != "" {
					source = p.Source
				}
			}
		}
		if err := f.SetCellStyle(s, cellName(l.firstYear, row), cellName(l.source-1, row), inStyle); err != nil {
			return err
		}
		if err := fitRowHeight(f, s, row, map[int]float64{colName: 34, colTarget: 22, l.source: 24},
			map[int]string{colName: name, colTarget: target, l.source: source}); err != nil {
			return err
		}
		if !condition {
			if err := f.SetCellStr(s, cellName(l.source, row), source); err != nil {
				return err
			}
			if lead {
				x.meta.Sources[key] = source
			}
			if err := f.SetCellStyle(s, cellName(l.source, row), cellName(l.note, row), inText); err != nil {
				return err
			}
		} else {
			if err := f.SetCellStyle(s, cellName(l.source, row), cellName(l.note, row), textStyle); err != nil {
				return err
			}
		}
		if lead {
			return x.validation(l, row, ind, condition)
		}
		return nil
	}
	if err := put(row, false); err != nil {
		return row, err
	}
	row++
	if ind.Target != nil && ind.Target.Condition != "" {
		if err := put(row, true); err != nil {
			return row, err
		}
		row++
	}
	return row, nil
}

// validation adds the data validation of a row's year cells: a drop-down for
// states and yes/no, a decimal range otherwise.
func (x *templateWriter) validation(l dataLayout, row int, ind *catalog.Indicator, condition bool) error {
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cellName(l.firstYear, row) + ":" + cellName(l.source-1, row)
	switch {
	case condition:
		if err := dv.SetDropList([]string{catalog.CondYes, catalog.CondNo}); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "请从下拉列表中选择「是」或「否」。")
	case ind.Target != nil && ind.Target.Kind() == catalog.State:
		states := ind.Target.States()
		if err := dv.SetDropList(states); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", fmt.Sprintf("请从下拉列表中选择「%s」。", strings.Join(states, "」或「")))
	default:
		lo, hi := ind.ValueRange()
		if hi >= 1e15 {
			if err := dv.SetRange(lo, lo, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual); err != nil {
				return err
			}
			dv.Formula2 = ""
			dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", fmt.Sprintf("请填写不小于 %s 的数字，不要带计量单位。", catalog.FormatNumber(lo, -1)))
		} else {
			if err := dv.SetRange(lo, hi, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
				return err
			}
			msg := fmt.Sprintf("请填写 %s 到 %s 之间的数字，不要带计量单位。", catalog.FormatNumber(lo, -1), catalog.FormatNumber(hi, -1))
			if ind.MeasureUnit == "%" {
				msg = fmt.Sprintf("请填写 %s 到 %s 之间的百分数，如 95 或 95%%。", catalog.FormatNumber(lo, -1), catalog.FormatNumber(hi, -1))
			}
			dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", msg)
		}
	}
	return x.f.AddDataValidation(SheetData, dv)
}

// canonical writes a value the way the metadata keeps it.
func canonical(v catalog.Value) string {
	if v.IsNum {
		return strconv.FormatFloat(v.Num, 'f', -1, 64)
	}
	return v.State
}

// evidenceRows is how many empty rows the evidence sheet offers for input.
const evidenceRows = 300

// evidence writes the evidence sheet (佐证材料), listing what is registered
// already for the indicators the organisation leads.
func (x *templateWriter) evidence() error {
	f, s, st := x.f, SheetEvidence, x.st
	headers := []any{hdrEvIndicator, hdrEvYear, hdrEvTitle, hdrEvDocNo, hdrEvIssuer, hdrEvDate, hdrEvPages, hdrEvClass, hdrEvFile}
	if err := f.SetSheetRow(s, "A1", &headers); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, "A1", cellName(len(headers), 1), st.header); err != nil {
		return err
	}
	if err := f.SetRowHeight(s, 1, 24); err != nil {
		return err
	}
	row := 2
	var codes []string
	for _, ind := range x.a.Catalog.All() {
		if x.roles[topCode(ind.Code)] == roleLead {
			codes = append(codes, ind.Code)
		}
	}
	for _, e := range x.a.Evidence {
		if x.roles[topCode(e.Indicator)] != roleLead {
			continue
		}
		var year any = ""
		if e.Year != 0 {
			year = e.Year
		}
		var pages any = ""
		if e.Pages > 0 {
			pages = e.Pages
		}
		vals := []any{e.Indicator, year, e.Title, e.DocNumber, e.Issuer, e.IssuedOn, pages, e.Class, e.FileName}
		if err := f.SetSheetRow(s, cellName(1, row), &vals); err != nil {
			return err
		}
		row++
	}
	last := row + evidenceRows
	if err := f.SetCellStyle(s, "A2", cellName(len(headers), last), st.inputText); err != nil {
		return err
	}
	for c, w := range []float64{9, 8, 40, 22, 24, 12, 7, 7, 28} {
		if err := f.SetColWidth(s, colLetter(c+1), colLetter(c+1), w); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(s, "A2", cellName(2, last), st.input); err != nil {
		return err
	}
	if err := f.SetCellStyle(s, cellName(6, 2), cellName(8, last), st.input); err != nil {
		return err
	}
	list := func(col int, items []string, msg string) error {
		dv := excelize.NewDataValidation(true)
		dv.Sqref = cellName(col, 2) + ":" + cellName(col, last)
		if err := dv.SetDropList(items); err != nil {
			return err
		}
		dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", msg)
		return f.AddDataValidation(s, dv)
	}
	if err := list(1, codes, "请从下拉列表中选择贵单位牵头的指标序号。"); err != nil {
		// Too many codes for an inline list: leave the column free.
		_ = err
	}
	var ys []string
	for _, y := range x.years {
		ys = append(ys, strconv.Itoa(y))
	}
	if err := list(2, ys, "请选择年度；材料跨多个年度的请留空。"); err != nil {
		return err
	}
	if err := list(8, []string{"A", "B", "C"}, "分类请选择 A（指标汇总）、B（原始文件）或 C（统计资料）。"); err != nil {
		return err
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = cellName(7, 2) + ":" + cellName(7, last)
	if err := dv.SetRange(0, 100000, excelize.DataValidationTypeWhole, excelize.DataValidationOperatorBetween); err != nil {
		return err
	}
	dv.SetError(excelize.DataValidationErrorStyleStop, "填写有误", "页数请填写整数。")
	if err := f.AddDataValidation(s, dv); err != nil {
		return err
	}
	if err := f.SetPanes(s, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := pageSetup(f, s, "$1:$1"); err != nil {
		return err
	}
	return f.ProtectSheet(s, &excelize.SheetProtectionOptions{SelectLockedCells: true, SelectUnlockedCells: true,
		FormatColumns: true, FormatRows: true, InsertRows: true, DeleteRows: true, Sort: true})
}

// pageSetup prints a sheet on A4 landscape, fitted to the page width, with
// titleRows (e.g. "$3:$3") repeated on every page.
func pageSetup(f *excelize.File, sheet, titleRows string) error {
	size, orient, one, zero, fit := 9, "landscape", 1, 0, true
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if titleRows == "" {
		return nil
	}
	return f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: "'" + sheet + "'!" + titleRows, Scope: sheet})
}

// textWidth estimates the width of a text in column-width units: a Chinese
// character counts two, others one.
func textWidth(s string) int {
	w := 0
	for _, r := range s {
		if r > 0x2E80 {
			w += 2
		} else {
			w++
		}
	}
	return w
}

// fitRowHeight sets a row's height to fit the wrapped texts of its cells, as
// LibreOffice does not recompute heights of rows written by the library.
func fitRowHeight(f *excelize.File, sheet string, row int, cols map[int]float64, texts map[int]string) error {
	lines := 1
	for c, t := range texts {
		w := cols[c]
		if w <= 0 || t == "" {
			continue
		}
		n := int(float64(textWidth(t))/(w-1)) + 1
		lines = max(lines, n)
	}
	if lines <= 1 {
		return nil
	}
	return f.SetRowHeight(sheet, row, 15*float64(lines)+2)
}

// OfficeContact returns the creation office's contact person and telephone
// as the project keeps them ("联系人：王五，电话：0523-…"), or "".
func OfficeContact(s *store.Store) string {
	contact, phone, err := s.OfficeContact()
	if err != nil {
		return ""
	}
	var parts []string
	if contact != "" {
		parts = append(parts, "联系人："+contact)
	}
	if phone != "" {
		parts = append(parts, "电话："+phone)
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, "，") + "。"
}
