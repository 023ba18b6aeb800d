package sheets

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// ImportOptions control an import.
type ImportOptions struct {
	// DryRun classifies and reports without writing anything.
	DryRun bool
	// Actor is the person recorded with the import; empty means "导入".
	Actor string
	// Strict writes nothing when any file has an error or a conflict.
	Strict bool
	// AcceptWarnings writes the held values too: numbers that differ from
	// the value they replace or a neighbouring year's by a factor of
	// catalog.PlausibleFactor or more. Without it they are listed in
	// Report.Held and not written. The window sets it from an explicit tick
	// in the preview, the command line from --accept-warnings.
	AcceptWarnings bool
}

// Outcome classifies one imported value against the database.
type Outcome string

// The outcomes of a value.
const (
	New       Outcome = "new"       // no value in the database yet
	Changed   Outcome = "changed"   // replaces the database's value, or its 数据来源 or 备注 (Item.SourceOrNote)
	Unchanged Outcome = "unchanged" // the database holds this value already
	// Conflict: the database value changed since the workbook was exported
	// and the workbook changed it too, or two files (or rows) disagree. Not
	// written: the office decides.
	Conflict Outcome = "conflict"
	// Stale: the workbook still shows the value as exported while the
	// database has changed since; the database's value is kept.
	Stale Outcome = "stale"
	// Held: a new or changed number that looks mistyped (see
	// catalog.Implausible), not written because the import was not told to
	// accept warnings.
	Held Outcome = "held"
)

// Label returns the outcome in Chinese.
func (o Outcome) Label() string {
	switch o {
	case New:
		return "新增"
	case Changed:
		return "修改"
	case Unchanged:
		return "无变化"
	case Conflict:
		return "冲突"
	case Stale:
		return "保留数据库值"
	case Held:
		return "待确认（未写入）"
	}
	return string(o)
}

// Item is one value found in the imported files with its outcome.
type Item struct {
	Outcome   Outcome `json:"outcome"`
	Indicator string  `json:"indicator"`
	Name      string  `json:"name"`
	Year      int     `json:"year"`
	Field     string  `json:"field"`
	Old       string  `json:"old,omitempty"` // the database's current value
	New       string  `json:"new"`           // the value in the file
	Org       string  `json:"org"`
	File      string  `json:"file"`
	Sheet     string  `json:"sheet"`
	Cell      string  `json:"cell"`
	Reason    string  `json:"reason,omitempty"`
	// Warning says why the value is held for confirmation (a factor of 10
	// or more from the value it replaces or a neighbouring year). A held
	// value is New or Changed in a dry run, Held in an import without
	// AcceptWarnings, and written with AcceptWarnings.
	Warning string `json:"warning,omitempty"`
	// SourceOrNote marks a Changed value whose number or state is the
	// database's: only its 数据来源 or 备注 changes, from and to what the
	// Reason says.
	SourceOrNote bool `json:"source_or_note,omitempty"`

	checked store.Checked
	wb      *workbook
}

// Counts tallies the outcomes of a file or of a whole import.
type Counts struct {
	New          int `json:"new"`
	Changed      int `json:"changed"`
	Unchanged    int `json:"unchanged"`
	Conflicts    int `json:"conflicts"`
	Stale        int `json:"stale"`
	Held         int `json:"held"` // values held for confirmation (see Item.Warning)
	Errors       int `json:"errors"`
	Warnings     int `json:"warnings"`
	Evidence     int `json:"evidence_new"`
	EvidenceSame int `json:"evidence_duplicate"`
}

func (c *Counts) add(o Outcome) {
	switch o {
	case New:
		c.New++
	case Changed:
		c.Changed++
	case Unchanged:
		c.Unchanged++
	case Conflict:
		c.Conflicts++
	case Stale:
		c.Stale++
	case Held:
		c.Held++
	}
}

func (c *Counts) plus(d Counts) {
	c.New += d.New
	c.Changed += d.Changed
	c.Unchanged += d.Unchanged
	c.Conflicts += d.Conflicts
	c.Stale += d.Stale
	c.Held += d.Held
	c.Errors += d.Errors
	c.Warnings += d.Warnings
	c.Evidence += d.Evidence
	c.EvidenceSame += d.EvidenceSame
}

// FileReport is the outcome of one file.
type FileReport struct {
	File            string    `json:"file"`
	SHA256          string    `json:"sha256"`
	Size            int       `json:"size"`
	Org             string    `json:"org,omitempty"`
	OrgName         string    `json:"org_name,omitempty"`
	TemplateVersion int       `json:"template_version,omitempty"`
	ExportedAt      string    `json:"exported_at,omitempty"`
	Rejected        bool      `json:"rejected"`
	ImportedBefore  []int64   `json:"imported_before,omitempty"` // imports that had this very file
	Counts          Counts    `json:"counts"`
	Problems        []Problem `json:"problems"`
}

// EvidenceOutcome is one evidence row with whether it is new.
type EvidenceOutcome struct {
	Duplicate bool               `json:"duplicate"`
	Item      store.EvidenceItem `json:"item"`
	File      string             `json:"file"`
	Sheet     string             `json:"sheet"`
	Row       int                `json:"row"`

	wb *workbook
}

// Report is the outcome of an import, dry run or committed.
type Report struct {
	DryRun    bool              `json:"dry_run"`
	Committed bool              `json:"committed"`
	ImportID  int64             `json:"import_id,omitempty"`
	At        string            `json:"at"`
	Counts    Counts            `json:"counts"`
	Files     []FileReport      `json:"files"`
	Items     []Item            `json:"items"`
	Evidence  []EvidenceOutcome `json:"evidence"`
	// Narratives are the texts of the 工作措施与成效 sheets (narratives.go).
	Narratives []NarrativeItem `json:"narratives"`
	// Note says in Chinese why nothing was written, when nothing was.
	Note string `json:"note,omitempty"`
	// AcceptedWarnings is set when the import was told to write the values
	// held for confirmation (ImportOptions.AcceptWarnings).
	AcceptedWarnings bool `json:"accepted_warnings"`
}

// Held returns the values that await confirmation: in a dry run those an
// import would write only with AcceptWarnings (the window lists them in its
// preview with a tick), after an import those it held back. With
// AcceptWarnings there are none; the confirmed items keep their Warning.
func (r *Report) Held() []Item {
	var out []Item
	if r.AcceptedWarnings {
		return nil
	}
	for _, it := range r.Items {
		if r.IsHeld(it) {
			out = append(out, it)
		}
	}
	return out
}

// IsHeld reports whether an item of the report is one of Held: a value
// that looks mistyped and is (or in a dry run would be) not written.
func (r *Report) IsHeld(it Item) bool {
	return !r.AcceptedWarnings && it.Warning != "" &&
		(it.Outcome == Held || (r.DryRun && (it.Outcome == New || it.Outcome == Changed)))
}

// Complete reports whether everything the files asked for was written (or,
// in a dry run, would be): no file or value refused, no conflict, nothing
// held. The command line exits 0 only then.
func (r *Report) Complete() bool {
	c := r.Counts
	return c.Errors == 0 && c.Conflicts == 0 && len(r.Held()) == 0 && !anyRejected(r.Files)
}

// Written reports whether the import wrote anything (or, in a dry run,
// would write anything).
func (r *Report) Written() bool {
	c := r.Counts
	return c.New+c.Changed+c.Evidence > 0
}

func anyRejected(files []FileReport) bool {
	for _, f := range files {
		if f.Rejected {
			return true
		}
	}
	return false
}

// Problems returns every problem of every file.
func (r *Report) Problems() []Problem {
	var out []Problem
	for _, f := range r.Files {
		out = append(out, f.Problems...)
	}
	return out
}

// Import reads filled workbooks, classifies every value against the database
// (new, changed, unchanged, conflict, stale), and unless opt.DryRun writes the
// new and changed values and the new evidence items in one transaction, each
// value with its provenance. Problems of the files do not make an error: they
// are in the report. An error means the import could not be done at all.
func Import(ctx context.Context, s *store.Store, inputs []Input, opt ImportOptions) (*Report, error) {
	cat, err := s.Catalog()
	if err != nil {
		return nil, err
	}
	settings, err := s.Settings()
	if err != nil {
		return nil, err
	}
	_, info, err := s.BaseCatalog()
	if err != nil {
		return nil, err
	}
	p := &project{cat: cat, settings: settings, catID: info.ID}
	return importWorkbooks(ctx, s, p, readAll(p, inputs), opt)
}

// readAll reads the files in parallel, one per processor; each file is
// independent and the project is only read.
func readAll(p *project, inputs []Input) []*workbook {
	wbs := make([]*workbook, len(inputs))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(inputs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				wbs[i] = readInput(p, inputs[i])
			}
		}()
	}
	for i := range inputs {
		next <- i
	}
	close(next)
	wg.Wait()
	return wbs
}

// beforeCommit, when set by a test, runs between the comparison and the
// write transaction: where another writer may change the database.
var beforeCommit func()

func importWorkbooks(ctx context.Context, s *store.Store, p *project, wbs []*workbook, opt ImportOptions) (*Report, error) {
	cur, err := s.Values()
	if err != nil {
		return nil, err
	}
	prov, err := s.CurrentProvenance()
	if err != nil {
		return nil, err
	}
	existing, err := s.EvidenceItems()
	if err != nil {
		return nil, err
	}
	rep := &Report{DryRun: opt.DryRun, At: s.Now().Format(time.RFC3339), AcceptedWarnings: opt.AcceptWarnings}
	items := classify(p, wbs, cur, prov)
	holdImplausible(items, cur, opt)
	jumpWarnings(p, items, cur)
	rep.Evidence = dedupeEvidence(wbs, existing)
	if rep.Narratives, err = classifyNarratives(s, p, wbs); err != nil {
		return nil, err
	}
	before := map[string][]int64{}
	for _, wb := range wbs {
		if _, done := before[wb.SHA256]; done {
			continue
		}
		if before[wb.SHA256], err = s.ImportsOfFile(wb.SHA256); err != nil {
			return nil, err
		}
	}
	rep.tally(items, wbs, before)
	switch {
	case opt.DryRun:
		rep.Note = "试导入（预检）：未写入任何数据"
		if n := len(rep.Held()); n > 0 {
			rep.Note += fmt.Sprintf("；有 %d 个值与原值或相邻年度相差 %d 倍以上，需确认后才会写入", n, catalog.PlausibleFactor)
		}
		return rep, nil
	case opt.Strict && (rep.Counts.Errors > 0 || rep.Counts.Conflicts > 0):
		rep.Note = fmt.Sprintf("有 %d 处错误、%d 处冲突，按严格模式未写入任何数据", rep.Counts.Errors, rep.Counts.Conflicts)
		return rep, nil
	case !rep.Written():
		rep.Note = nothingNote(rep, wbs)
		return rep, nil
	}
	if beforeCommit != nil {
		beforeCommit()
	}
	if err := commit(ctx, s, rep, items, wbs, before, cur, opt); err != nil {
		return nil, fmt.Errorf("写入导入结果：%w", err)
	}
	if !rep.Committed {
		rep.Note = nothingNote(rep, wbs)
	}
	return rep, nil
}

// nothingNote says why an import wrote nothing.
func nothingNote(rep *Report, wbs []*workbook) string {
	switch {
	case allRejected(wbs):
		return "没有可以导入的文件，未写入任何数据"
	case rep.Counts.Held > 0 && rep.Counts.Conflicts+rep.Counts.Errors == 0:
		return fmt.Sprintf("有 %d 个值需确认（与原值或相邻年度相差 %d 倍以上），未写入任何数据；核实无误后请确认警告再导入", rep.Counts.Held, catalog.PlausibleFactor)
	case rep.Counts.Conflicts+rep.Counts.Errors+rep.Counts.Held == 0:
		return "所有值与数据库一致，没有需要写入的变化，未建立导入记录"
	}
	return "没有需要写入的变化，未建立导入记录"
}

// tally orders the items (changes first), counts the outcomes per file and
// in all, and lists the files with their problems. It is run again when
// the write transaction turns values into conflicts.
func (rep *Report) tally(items []Item, wbs []*workbook, before map[string][]int64) {
	counts := map[*workbook]*Counts{}
	for _, wb := range wbs {
		counts[wb] = &Counts{}
	}
	rep.Items, rep.Files, rep.Counts = nil, nil, Counts{}
	for _, it := range items {
		counts[it.wb].add(it.Outcome)
		if it.Outcome != Unchanged {
			rep.Items = append(rep.Items, it)
		}
	}
	for _, it := range items {
		if it.Outcome == Unchanged {
			rep.Items = append(rep.Items, it)
		}
	}
	for _, n := range rep.Narratives {
		counts[n.wb].add(n.Outcome)
	}
	for _, e := range rep.Evidence {
		if e.Duplicate {
			counts[e.wb].EvidenceSame++
		} else {
			counts[e.wb].Evidence++
		}
	}
	for _, wb := range wbs {
		c := counts[wb]
		for _, pr := range wb.Problems.list {
			if pr.Severity == Error {
				c.Errors++
			} else {
				c.Warnings++
			}
		}
		fr := FileReport{File: wb.Name, SHA256: wb.SHA256, Size: wb.Size, Rejected: wb.Rejected, Counts: *c,
			Problems: append([]Problem{}, wb.Problems.list...), ImportedBefore: before[wb.SHA256]}
		if wb.Org != nil {
			fr.Org, fr.OrgName = wb.Org.ID, wb.Org.Name
		}
		if wb.Meta != nil {
			fr.TemplateVersion, fr.ExportedAt = wb.Meta.Version, wb.Meta.ExportedAt
		}
		rep.Files = append(rep.Files, fr)
		rep.Counts.plus(*c)
	}
	if rep.Items == nil {
		rep.Items = []Item{}
	}
	if rep.Evidence == nil {
		rep.Evidence = []EvidenceOutcome{}
	}
}

// holdImplausible marks the new and changed numbers that differ from the
// value they replace, or from the same indicator's value of a neighbouring
// year (in the files, else in the database), by a factor of
// catalog.PlausibleFactor or more: they get a Warning, and become Held in an
// import that does not accept warnings (a dry run keeps their outcome, so
// the preview shows what confirming them would write).
func holdImplausible(items []Item, cur catalog.ValueSet, opt ImportOptions) {
	candidate := func(it *Item) bool {
		return (it.Outcome == New || it.Outcome == Changed) && !it.SourceOrNote && it.Field == catalog.FieldValue && it.checked.Value.IsNum
	}
	key := func(code string, year int) catalog.ValueKey {
		return catalog.ValueKey{Code: code, Year: year, Field: catalog.FieldValue}
	}
	// First against the database: the value replaced, the neighbouring
	// years as they are.
	msgs := make([]string, len(items))
	for i := range items {
		if it := &items[i]; candidate(it) {
			refs := catalog.ValueSet{}
			for _, y := range []int{it.Year, it.Year - 1, it.Year + 1} {
				if v, ok := cur[key(it.Indicator, y)]; ok {
					refs[key(it.Indicator, y)] = v
				}
			}
			msgs[i] = catalog.Implausible(it.checked.Ind, it.Year, it.checked.Value, refs)
		}
	}
	// Then against the neighbouring years the files bring, those not held
	// themselves.
	incoming := catalog.ValueSet{}
	for i, it := range items {
		if msgs[i] == "" && (it.Outcome == New || it.Outcome == Changed || it.Outcome == Unchanged) && it.Field == catalog.FieldValue {
			incoming[key(it.Indicator, it.Year)] = it.checked.Value
		}
	}
	for i := range items {
		if it := &items[i]; candidate(it) && msgs[i] == "" {
			refs := catalog.ValueSet{}
			for _, y := range []int{it.Year - 1, it.Year + 1} {
				if v, ok := incoming[key(it.Indicator, y)]; ok {
					refs[key(it.Indicator, y)] = v
				}
			}
			msgs[i] = catalog.Implausible(it.checked.Ind, it.Year, it.checked.Value, refs)
		}
	}
	for i := range items {
		it := &items[i]
		msg := msgs[i]
		if msg == "" {
			continue
		}
		it.Warning = msg
		switch {
		case opt.AcceptWarnings:
			it.wb.Problems.warnf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "%s；已确认，照此写入", msg)
		case opt.DryRun:
			it.wb.Problems.warnf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "%s；此值需确认：核实无误后，请在导入预览中勾选确认（命令行加 --accept-warnings）才会写入", msg)
		default:
			it.Outcome = Held
			it.wb.Problems.warnf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "%s；此值需确认，未写入。核实无误后，请在导入预览中勾选确认（命令行加 --accept-warnings）再导入", msg)
		}
	}
}

// parseCanonical reads a value as the metadata keeps it.
func parseCanonical(s string) catalog.Value {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return catalog.Value{Num: n, IsNum: true}
	}
	return catalog.Value{State: s}
}

// showValue prints a value for the report with every digit it has: the
// preview shows exactly what is written (63.456789%, not 63.4568%).
func showValue(ind *catalog.Indicator, v catalog.Value) string {
	mu := ""
	if ind != nil {
		mu = ind.MeasureUnit
	}
	return v.Format(mu, 0)
}

// classify compares every lead value of the workbooks with the database and
// with the other files.
func classify(p *project, wbs []*workbook, cur catalog.ValueSet, prov map[catalog.ValueKey]store.ValueEvent) []Item {
	type entry struct {
		wb *workbook
		cv cellValue
	}
	groups := map[catalog.ValueKey][]entry{}
	var order []catalog.ValueKey
	for _, wb := range wbs {
		if wb.Rejected {
			continue
		}
		for _, cv := range wb.Values {
			ch := cv.Checked
			vk := catalog.ValueKey{Code: ch.Code, Year: ch.Year, Field: ch.Field}
			if cv.Role != roleLead {
				// A supported indicator is read only: a value that differs
				// from the database's is an error, the same value is fine.
				if c, ok := cur[vk]; !ok || !sameValue(c, ch.Value) {
					ind := ch.Ind
					wb.Problems.errorf(cv.Sheet, cv.Cell, ch.Code, ch.Year, cv.Found, "指标 %s「%s」由%s牵头填报，贵单位是配合单位，此值未导入；如有不同意见请与牵头单位沟通",
						ch.Code, ind.FullName(), p.cat.OrgNames(ind.Lead))
				}
				continue
			}
			if _, ok := groups[vk]; !ok {
				order = append(order, vk)
			}
			groups[vk] = append(groups[vk], entry{wb, cv})
		}
	}
	var items []Item
	latest := latestYears(wbs)
	for _, vk := range order {
		es := groups[vk]
		first := es[0]
		ind := first.cv.Checked.Ind
		mk := func(e entry, o Outcome, reason string) Item {
			it := Item{Outcome: o, Indicator: vk.Code, Name: ind.FullName(), Year: vk.Year, Field: vk.Field,
				New: showValue(ind, e.cv.Checked.Value), Org: e.wb.Org.ID, File: e.wb.Name, Sheet: e.cv.Sheet, Cell: e.cv.Cell,
				Reason: reason, checked: e.cv.Checked, wb: e.wb}
			if c, ok := cur[vk]; ok {
				it.Old = showValue(ind, c)
			}
			return it
		}
		// Values left as exported (prefilled, untouched) give way to values
		// an organisation typed: only typed values can disagree.
		var typed, untouched []entry
		for _, e := range es {
			if e.wb.Meta != nil {
				if bs, ok := e.wb.Meta.Base[e.cv.Key]; ok && sameValue(parseCanonical(bs), e.cv.Checked.Value) {
					untouched = append(untouched, e)
					continue
				}
			}
			typed = append(typed, e)
		}
		if len(typed) > 0 {
			es = append(typed, untouched...)
			first = es[0]
		}
		// Two files (or sheets) disagree: a conflict for each of them.
		disagree := false
		for _, e := range typed[min(1, len(typed)):] {
			if !sameValue(e.cv.Checked.Value, first.cv.Checked.Value) {
				disagree = true
			}
		}
		if disagree {
			var where []string
			for _, e := range typed {
				where = append(where, fmt.Sprintf("%s 的 %s 填「%s」", e.wb.Name, e.cv.Cell, e.cv.Found))
			}
			reason := "多处填报的值不一致：" + strings.Join(where, "；")
			for _, e := range typed {
				items = append(items, mk(e, Conflict, reason))
				e.wb.Problems.errorf(e.cv.Sheet, e.cv.Cell, vk.Code, vk.Year, e.cv.Found, "与其他文件中同一指标同一年度的值不一致（%s），均未导入，请核实", strings.Join(where, "；"))
			}
			continue
		}
		e := first
		f := e.cv.Checked.Value
		c, hasC := cur[vk]
		o, reason, sourceOrNote := New, "", false
		typedSource := false // with sourceOrNote: the 数据来源 changes (else only the 备注)
		switch {
		case hasC && sameValue(f, c):
			// A 数据来源 or 备注 typed beside it replaces the source the
			// template showed: a change for the values that had it.
			o = Unchanged
			if source, note := annotation(p, e.wb, e.cv, prov); (source || note) && normSpace(prov[vk].Source) == shownSource(e.wb, e.cv, latest, prov) {
				o, sourceOrNote, typedSource = Changed, true, source
				reason = annotate(&e.cv.Checked, prov[vk], source, note)
			}
		case e.wb.Meta != nil:
			bs, hasB := e.wb.Meta.Base[e.cv.Key]
			b := parseCanonical(bs)
			dbChanged := hasB != hasC || (hasB && hasC && !sameValue(b, c))
			pv := prov[vk]
			sameOrgImport := pv.Origin == "import" && pv.Org == e.wb.Org.ID
			switch {
			case !dbChanged || sameOrgImport:
				if hasC {
					o = Changed
				}
			case hasB && sameValue(f, b):
				o = Stale
				reason = fmt.Sprintf("导出后数据库中的值已改为「%s」（%s），表中仍是导出时的「%s」，保留数据库中的值", showValue(ind, c), describe(pv), showValue(ind, b))
			default:
				o = Conflict
				was := "空白"
				if hasB {
					was = "「" + showValue(ind, b) + "」"
				}
				now := "已清除"
				if hasC {
					now = "改为「" + showValue(ind, c) + "」（" + describe(pv) + "）"
				}
				reason = fmt.Sprintf("导出时为%s，之后数据库中的值%s，表中又填「%s」；未导入，请创建办核实后处理", was, now, showValue(ind, f))
				e.wb.Problems.errorf(e.cv.Sheet, e.cv.Cell, vk.Code, vk.Year, e.cv.Found, "%s", reason)
			}
		case hasC:
			o = Changed
		}
		if o == New || o == Changed {
			// The row shows one source, the latest year's: a value of
			// another year keeps its own unless the person typed one.
			if pv, ok := prov[vk]; ok && pv.Source != "" && vk.Field == catalog.FieldValue && !sourceTyped(p, e.wb, e.cv, prov) {
				e.cv.Checked.Source = pv.Source
			}
		}
		it := mk(e, o, reason)
		it.SourceOrNote = sourceOrNote
		if sourceOrNote {
			// The cell the person changed: the 数据来源 (or the 备注), not
			// the value, which is the same.
			if typedSource && e.cv.SourceCell != "" {
				it.Cell = e.cv.SourceCell
			} else if e.cv.NoteCell != "" {
				it.Cell = e.cv.NoteCell
			}
		}
		items = append(items, it)
		for _, other := range es[1:] {
			why := "与 " + e.wb.Name + " 中的值相同"
			if !sameValue(other.cv.Checked.Value, f) {
				why = "表中为导出时的值，未修改"
			}
			items = append(items, mk(other, Unchanged, why))
		}
	}
	return items
}

// sheetRow identifies a row of a workbook's sheet.
type sheetRow struct {
	wb    *workbook
	sheet string
	row   int
}

// latestYears returns the latest year of each row of the workbooks that
// has a value: the year whose 数据来源 the template shows in the row.
func latestYears(wbs []*workbook) map[sheetRow]int {
	out := map[sheetRow]int{}
	for _, wb := range wbs {
		for _, cv := range wb.Values {
			k := sheetRow{wb, cv.Sheet, cv.Row}
			out[k] = max(out[k], cv.Checked.Year)
		}
	}
	return out
}

// shownSource returns the 数据来源 the template showed in a value's row:
// the one exported (kept in the metadata), or for a workbook without it,
// the database's source of the row's latest year.
func shownSource(wb *workbook, cv cellValue, latest map[sheetRow]int, prov map[catalog.ValueKey]store.ValueEvent) string {
	if wb.Meta != nil {
		if exported, ok := wb.Meta.Sources[cv.Key.Row]; ok {
			return normSpace(exported)
		}
	}
	y := latest[sheetRow{wb, cv.Sheet, cv.Row}]
	return normSpace(prov[catalog.ValueKey{Code: cv.Checked.Code, Year: y, Field: cv.Checked.Field}].Source)
}

// annotate makes ch, a value the database holds already (current is its
// event), a change of its 数据来源 (when source) or 备注 (when note): the
// other text is the database's, so nothing else changes. It returns the
// change in Chinese for the report.
func annotate(ch *store.Checked, current store.ValueEvent, source, note bool) string {
	var what []string
	if source {
		what = append(what, fmt.Sprintf("数据来源由%s改为「%s」", quotedOrBlank(current.Source), ch.Source))
	} else {
		ch.Source = current.Source
	}
	if note {
		what = append(what, fmt.Sprintf("备注由%s改为「%s」", quotedOrBlank(current.Note), ch.Note))
	} else {
		ch.Note = current.Note
	}
	return "数值未变，" + strings.Join(what, "，")
}

// quotedOrBlank is a text as a report quotes it, 「text」, or 空白 when
// there is none.
func quotedOrBlank(s string) string {
	if s == "" {
		return "空白"
	}
	return "「" + s + "」"
}

// annotation tells whether the 数据来源 and the 备注 of a value's row were
// typed by the organisation and differ from what the database holds for
// that value. A blank cell never clears a source or a note.
func annotation(p *project, wb *workbook, cv cellValue, prov map[catalog.ValueKey]store.ValueEvent) (source, note bool) {
	ch := cv.Checked
	if cv.Role != roleLead || ch.Field != catalog.FieldValue {
		return false, false
	}
	pv := prov[catalog.ValueKey{Code: ch.Code, Year: ch.Year, Field: ch.Field}]
	source = ch.Source != "" && ch.Source != normSpace(pv.Source) && sourceTyped(p, wb, cv, prov)
	note = ch.Note != "" && ch.Note != normSpace(pv.Note)
	return source, note
}

// sourceTyped tells whether the 数据来源 of a row is one the organisation
// typed rather than the one the template showed: different from the source
// exported (kept in the metadata), or for a workbook without it, from every
// source the database holds for the row's years.
func sourceTyped(p *project, wb *workbook, cv cellValue, prov map[catalog.ValueKey]store.ValueEvent) bool {
	if wb.Meta != nil {
		if exported, ok := wb.Meta.Sources[cv.Key.Row]; ok {
			return cv.Checked.Source != normSpace(exported)
		}
	}
	for _, y := range p.settings.Years() {
		if pv, ok := prov[catalog.ValueKey{Code: cv.Checked.Code, Year: y, Field: catalog.FieldValue}]; ok && normSpace(pv.Source) == cv.Checked.Source {
			return false
		}
	}
	return true
}

func describe(e store.ValueEvent) string {
	parts := []string{}
	if e.Actor != "" {
		parts = append(parts, e.Actor)
	}
	if e.File != "" {
		parts = append(parts, "文件 "+e.File)
	}
	if e.At != "" {
		parts = append(parts, e.At)
	}
	if len(parts) == 0 {
		return "来源不明"
	}
	return strings.Join(parts, "，")
}

// JumpLimit is the relative change from the previous year above which a
// value is reported with a warning (30%).
const JumpLimit = 0.30

// jumpWarnings warns about new and changed numbers that differ from the
// previous year's value by more than JumpLimit.
func jumpWarnings(p *project, items []Item, cur catalog.ValueSet) {
	incoming := catalog.ValueSet{}
	for _, it := range items {
		if it.Outcome == New || it.Outcome == Changed || it.Outcome == Unchanged {
			incoming[catalog.ValueKey{Code: it.Indicator, Year: it.Year, Field: it.Field}] = it.checked.Value
		}
	}
	for _, it := range items {
		if (it.Outcome != New && it.Outcome != Changed) || it.SourceOrNote || it.Field != catalog.FieldValue || !it.checked.Value.IsNum || it.Warning != "" {
			continue
		}
		prevKey := catalog.ValueKey{Code: it.Indicator, Year: it.Year - 1, Field: catalog.FieldValue}
		prev, ok := incoming[prevKey]
		if !ok {
			prev, ok = cur[prevKey]
		}
		if !ok || !prev.IsNum || prev.Num == 0 {
			continue
		}
		v := it.checked.Value.Num
		rel := math.Abs(v-prev.Num) / math.Abs(prev.Num)
		if rel > JumpLimit {
			ind := it.checked.Ind
			it.wb.Problems.warnf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "比 %d年的 %s 变化了 %.0f%%（超过 %.0f%%），请核实是否填错",
				it.Year-1, showValue(ind, prev), rel*100, JumpLimit*100)
		}
	}
}

// evidenceKey identifies an evidence item for deduplication.
func evidenceKey(e store.EvidenceItem) string {
	norm := func(s string) string { return normLabel(s) }
	return fmt.Sprintf("%s|%d|%s|%s", e.Indicator, e.Year, norm(e.Title), norm(e.DocNumber))
}

// dedupeEvidence marks the evidence rows already registered (same indicator,
// year, title and 文号) or listed twice. A registered item is never changed
// by an import (the office reviews it): a row that repeats one with other
// details, or that gives a 文号 to one registered without, gets a warning
// saying what was not taken, instead of the edit vanishing.
func dedupeEvidence(wbs []*workbook, existing []store.EvidenceItem) []EvidenceOutcome {
	seen := map[string]bool{}
	registered := map[string]store.EvidenceItem{}
	untitled := map[string]store.EvidenceItem{} // registered without a 文号, by key without it
	for _, e := range existing {
		seen[evidenceKey(e)] = true
		registered[evidenceKey(e)] = e
		if e.DocNumber == "" {
			untitled[evidenceKey(e)] = e
		}
	}
	var out []EvidenceOutcome
	for _, wb := range wbs {
		if wb.Rejected {
			continue
		}
		for _, r := range wb.Evidence {
			k := evidenceKey(r.Item)
			if e, ok := registered[k]; ok {
				if diff, header, found := evidenceEdits(e, r.Item); diff != "" {
					wb.Problems.warnf(r.Sheet, r.cell(header), r.Item.Indicator, r.Item.Year, found, "第 %d 行的佐证材料「%s」已登记（编号 %d），本行%s；已登记的材料导入时不会修改，此行未导入，如需更正请与创建办联系", r.Row, catalog.ClipText(e.Title, 40), e.ID, diff)
				}
			} else if r.Item.DocNumber != "" {
				bare := r.Item
				bare.DocNumber = ""
				if e, ok := untitled[evidenceKey(bare)]; ok && !seen[k] {
					wb.Problems.warnf(r.Sheet, r.cell(hdrEvDocNo), r.Item.Indicator, r.Item.Year, r.Item.DocNumber, "第 %d 行与已登记的佐证材料「%s」（编号 %d，没有文号）同名，本行填了文号「%s」，将作为另一份材料登记；如是同一份材料补填文号，请与创建办联系合并", r.Row, e.Title, e.ID, r.Item.DocNumber)
				}
			}
			out = append(out, EvidenceOutcome{Duplicate: seen[k], Item: r.Item, File: wb.Name, Sheet: r.Sheet, Row: r.Row, wb: wb})
			seen[k] = true
		}
	}
	return out
}

// evidenceEdits says which details a row gives differently from the
// registered item it repeats ("页数填「130」（登记为「126」）"), with the
// header and the text of the first; diff is "" when none. A blank cell is
// no edit.
func evidenceEdits(reg, row store.EvidenceItem) (diff, header, found string) {
	var diffs []string
	check := func(label, got, had string) {
		if got == "" || normSpace(got) == normSpace(had) {
			return
		}
		if header == "" {
			header, found = label, got
		}
		diffs = append(diffs, fmt.Sprintf("%s填「%s」（登记为%s）", label, got, quotedOrBlank(had)))
	}
	check(hdrEvIssuer, row.Issuer, reg.Issuer)
	check(hdrEvDate, row.IssuedOn, reg.IssuedOn)
	if row.Pages != 0 && row.Pages != reg.Pages {
		check(hdrEvPages, strconv.Itoa(row.Pages), strconv.Itoa(reg.Pages))
	}
	check(hdrEvClass, row.Class, reg.Class)
	check(hdrEvFile, row.FileName, reg.FileName)
	return strings.Join(diffs, "，"), header, found
}

// commit writes the import in one transaction. Inside it, every value to
// be written is compared again with the database: a value another writer
// changed since the comparison becomes a conflict and is not written.
func commit(ctx context.Context, s *store.Store, rep *Report, items []Item, wbs []*workbook, before map[string][]int64,
	cur catalog.ValueSet, opt ImportOptions) error {
	actor := opt.Actor
	if actor == "" {
		actor = "导入"
	}
	// The problems of the files as they were before the write, to put back
	// when the transaction fails.
	saved := map[*workbook][]Problem{}
	for _, wb := range wbs {
		saved[wb] = append([]Problem{}, wb.Problems.list...)
	}
	err := s.Update(ctx, func(tx *sql.Tx) error {
		for i := range items {
			it := &items[i]
			if it.Outcome != New && it.Outcome != Changed {
				continue
			}
			vk := catalog.ValueKey{Code: it.Indicator, Year: it.Year, Field: it.Field}
			now, has, err := s.CurrentValueTx(tx, vk)
			if err != nil {
				return err
			}
			was, had := cur[vk]
			if has == had && (!has || sameValue(now, was)) {
				if !it.SourceOrNote || now.Source == was.Source {
					continue
				}
				// Only the 数据来源 is to be written, and another writer
				// changed it since the comparison: theirs stays.
				it.Outcome = Conflict
				it.Reason = fmt.Sprintf("比对时数据来源为%s，写入前被他人改为%s；未导入，请创建办核实后处理", quotedOrBlank(was.Source), quotedOrBlank(now.Source))
				it.wb.Problems.errorf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "%s", it.Reason)
				continue
			}
			if has && sameValue(now, it.checked.Value) {
				it.Outcome, it.Reason = Unchanged, "写入前已被他人改为同一值"
				continue
			}
			ind := it.checked.Ind
			then, nowText := "空白", "已清除"
			if had {
				then = "「" + showValue(ind, was) + "」"
			}
			if has {
				nowText = "改为「" + showValue(ind, now) + "」"
			}
			it.Outcome = Conflict
			it.Reason = fmt.Sprintf("比对时数据库中为%s，写入前被他人%s，表中填「%s」；未导入，请创建办核实后处理", then, nowText, it.New)
			it.wb.Problems.errorf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "%s", it.Reason)
		}
		rep.tally(items, wbs, before)
		if !rep.Written() {
			return nil
		}
		summary, err := json.Marshal(struct {
			Counts Counts   `json:"counts"`
			Files  []string `json:"files"`
		}{rep.Counts, fileNames(wbs)})
		if err != nil {
			return err
		}
		id, err := s.InsertImport(tx, rep.At, actor, string(summary))
		if err != nil {
			return err
		}
		for _, fr := range rep.Files {
			counts, err := json.Marshal(fr.Counts)
			if err != nil {
				return err
			}
			probs, err := json.Marshal(fr.Problems)
			if err != nil {
				return err
			}
			if err := s.InsertImportFile(tx, store.ImportFileRow{ImportID: id, File: fr.File, SHA256: fr.SHA256, Size: fr.Size,
				Org: fr.Org, TemplateVersion: fr.TemplateVersion, ExportedAt: fr.ExportedAt,
				Counts: string(counts), Problems: string(probs)}); err != nil {
				return err
			}
		}
		for i := range rep.Items {
			it := &rep.Items[i]
			if it.Outcome != New && it.Outcome != Changed {
				continue
			}
			ch := it.checked
			ch.Provenance = store.Provenance{Actor: actor, Origin: "import", Org: it.Org, Source: ch.Source, ImportID: id,
				File: it.File, FileSHA: it.wb.SHA256, Sheet: it.Sheet, Cell: it.Cell, Note: ch.Note}
			if err := s.InsertValue(tx, ch); err != nil {
				return fmt.Errorf("指标 %s %d年：%w", it.Indicator, it.Year, err)
			}
		}
		for i, e := range rep.Evidence {
			if e.Duplicate {
				continue
			}
			item := e.Item
			item.Sort = 1000 + i
			eid, err := s.InsertEvidence(tx, item)
			if err != nil {
				return fmt.Errorf("%s 工作表「%s」第 %d 行的佐证材料：%w", e.File, e.Sheet, e.Row, err)
			}
			if err := s.SetEvidenceImport(tx, eid, id); err != nil {
				return err
			}
		}
		if err := commitNarratives(s, tx, rep, id, actor); err != nil {
			return err
		}
		rep.ImportID, rep.Committed = id, true
		return nil
	})
	if err != nil {
		for wb, list := range saved {
			wb.Problems.list = list
		}
		rep.ImportID, rep.Committed = 0, false
	}
	return err
}

func fileNames(wbs []*workbook) []string {
	out := make([]string, len(wbs))
	for i, wb := range wbs {
		out[i] = wb.Name
	}
	return out
}

func allRejected(wbs []*workbook) bool {
	for _, wb := range wbs {
		if !wb.Rejected {
			return false
		}
	}
	return true
}
