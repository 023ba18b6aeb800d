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
}

// Outcome classifies one imported value against the database.
type Outcome string

// The outcomes of a value.
const (
	New       Outcome = "new"       // no value in the database yet
	Changed   Outcome = "changed"   // replaces the database's value
	Unchanged Outcome = "unchanged" // the database holds this value already
	// Conflict: the database value changed since the workbook was exported
	// and the workbook changed it too, or two files (or rows) disagree. Not
	// written: the office decides.
	Conflict Outcome = "conflict"
	// Stale: the workbook still shows the value as exported while the
	// database has changed since; the database's value is kept.
	Stale Outcome = "stale"
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
	}
}

func (c *Counts) plus(d Counts) {
	c.New += d.New
	c.Changed += d.Changed
	c.Unchanged += d.Unchanged
	c.Conflicts += d.Conflicts
	c.Stale += d.Stale
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
				wbs[i] = readWorkbook(p, inputs[i].Name, inputs[i].Data)
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
	rep := &Report{DryRun: opt.DryRun, At: s.Now().Format(time.RFC3339)}
	items := classify(p, wbs, cur, prov)
	jumpWarnings(p, items, cur)
	rep.Evidence = dedupeEvidence(wbs, existing)

	counts := map[*workbook]*Counts{}
	for _, wb := range wbs {
		counts[wb] = &Counts{}
	}
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
	if rep.Narratives, err = classifyNarratives(s, p, wbs); err != nil {
		return nil, err
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
	before, err := importedBefore(s, wbs)
	if err != nil {
		return nil, err
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
			Problems: wb.Problems.list, ImportedBefore: before[wb.SHA256]}
		if fr.Problems == nil {
			fr.Problems = []Problem{}
		}
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
	switch {
	case opt.DryRun:
		rep.Note = "试导入(预检):未写入任何数据"
		return rep, nil
	case opt.Strict && (rep.Counts.Errors > 0 || rep.Counts.Conflicts > 0):
		rep.Note = fmt.Sprintf("有 %d 处错误、%d 处冲突,按严格模式未写入任何数据", rep.Counts.Errors, rep.Counts.Conflicts)
		return rep, nil
	case rep.Counts.New+rep.Counts.Changed+rep.Counts.Evidence == 0:
		rep.Note = "没有需要写入的变化,未建立导入记录"
		if allRejected(wbs) {
			rep.Note = "没有可以导入的文件,未写入任何数据"
		} else if rep.Counts.Conflicts+rep.Counts.Errors == 0 {
			rep.Note = "所有值与数据库一致,没有需要写入的变化,未建立导入记录"
		}
		return rep, nil
	}
	if err := commit(ctx, s, rep, wbs, opt); err != nil {
		return nil, fmt.Errorf("写入导入结果: %w", err)
	}
	return rep, nil
}

// parseCanonical reads a value as the metadata keeps it.
func parseCanonical(s string) catalog.Value {
	if n, err := strconv.ParseFloat(s, 64); err == nil {
		return catalog.Value{Num: n, IsNum: true}
	}
	return catalog.Value{State: s}
}

func showValue(ind *catalog.Indicator, v catalog.Value) string {
	if v.IsNum {
		s := catalog.FormatNumber(v.Num, -1)
		if ind != nil && ind.MeasureUnit == "%" {
			s += "%"
		}
		return s
	}
	return v.State
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
					wb.Problems.errorf(cv.Sheet, cv.Cell, ch.Code, ch.Year, cv.Found, "指标 %s「%s」由%s牵头填报,贵单位是配合单位,此值未导入;如有不同意见请与牵头单位沟通",
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
			reason := "多处填报的值不一致:" + strings.Join(where, ";")
			for _, e := range typed {
				items = append(items, mk(e, Conflict, reason))
				e.wb.Problems.errorf(e.cv.Sheet, e.cv.Cell, vk.Code, vk.Year, e.cv.Found, "与其他文件中同一指标同一年度的值不一致(%s),均未导入,请核实", strings.Join(where, ";"))
			}
			continue
		}
		e := first
		f := e.cv.Checked.Value
		c, hasC := cur[vk]
		o, reason := New, ""
		switch {
		case hasC && sameValue(f, c):
			o = Unchanged
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
				reason = fmt.Sprintf("导出后数据库中的值已改为「%s」(%s),表中仍是导出时的「%s」,保留数据库中的值", showValue(ind, c), describe(pv), showValue(ind, b))
			default:
				o = Conflict
				was := "空白"
				if hasB {
					was = "「" + showValue(ind, b) + "」"
				}
				now := "已清除"
				if hasC {
					now = "改为「" + showValue(ind, c) + "」(" + describe(pv) + ")"
				}
				reason = fmt.Sprintf("导出时为%s,之后数据库中的值%s,表中又填「%s」;未导入,请创建办核实后处理", was, now, showValue(ind, f))
				e.wb.Problems.errorf(e.cv.Sheet, e.cv.Cell, vk.Code, vk.Year, e.cv.Found, "%s", reason)
			}
		case hasC:
			o = Changed
		}
		items = append(items, mk(e, o, reason))
		for _, other := range es[1:] {
			why := "与 " + e.wb.Name + " 中的值相同"
			if !sameValue(other.cv.Checked.Value, f) {
				why = "表中为导出时的值,未修改"
			}
			items = append(items, mk(other, Unchanged, why))
		}
	}
	return items
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
	return strings.Join(parts, ",")
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
		if (it.Outcome != New && it.Outcome != Changed) || it.Field != catalog.FieldValue || !it.checked.Value.IsNum {
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
			it.wb.Problems.warnf(it.Sheet, it.Cell, it.Indicator, it.Year, it.New, "比 %d年的 %s 变化了 %.0f%%(超过 %.0f%%),请核实是否填错",
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
// year, title and 文号) or listed twice.
func dedupeEvidence(wbs []*workbook, existing []store.EvidenceItem) []EvidenceOutcome {
	seen := map[string]bool{}
	for _, e := range existing {
		seen[evidenceKey(e)] = true
	}
	var out []EvidenceOutcome
	for _, wb := range wbs {
		if wb.Rejected {
			continue
		}
		for _, r := range wb.Evidence {
			k := evidenceKey(r.Item)
			out = append(out, EvidenceOutcome{Duplicate: seen[k], Item: r.Item, File: wb.Name, Sheet: r.Sheet, Row: r.Row, wb: wb})
			seen[k] = true
		}
	}
	return out
}

// importedBefore finds earlier imports (not undone) of the same files.
func importedBefore(s *store.Store, wbs []*workbook) (map[string][]int64, error) {
	out := map[string][]int64{}
	for _, wb := range wbs {
		if _, done := out[wb.SHA256]; done {
			continue
		}
		rows, err := s.DB().Query(`SELECT DISTINCT f.import_id FROM import_files f JOIN imports i ON i.id = f.import_id
			WHERE f.file_sha256 = ? AND i.undone_at IS NULL ORDER BY f.import_id`, wb.SHA256)
		if err != nil {
			return nil, fmt.Errorf("查询导入历史: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			out[wb.SHA256] = append(out[wb.SHA256], id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// commit writes the import in one transaction.
func commit(ctx context.Context, s *store.Store, rep *Report, wbs []*workbook, opt ImportOptions) error {
	actor := opt.Actor
	if actor == "" {
		actor = "导入"
	}
	summary, _ := json.Marshal(struct {
		Counts Counts   `json:"counts"`
		Files  []string `json:"files"`
	}{rep.Counts, fileNames(wbs)})
	return s.Update(ctx, func(tx *sql.Tx) error {
		res, err := tx.Exec(`INSERT INTO imports (at, actor, summary) VALUES (?, ?, ?)`, rep.At, actor, string(summary))
		if err != nil {
			return err
		}
		id, err := res.LastInsertId()
		if err != nil {
			return err
		}
		for _, fr := range rep.Files {
			counts, _ := json.Marshal(fr.Counts)
			probs, _ := json.Marshal(fr.Problems)
			if _, err := tx.Exec(`INSERT INTO import_files (import_id, file, file_sha256, size, org, template_version, exported_at, counts, problems)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, id, fr.File, fr.SHA256, fr.Size, fr.Org, fr.TemplateVersion, fr.ExportedAt,
				string(counts), string(probs)); err != nil {
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
				return fmt.Errorf("指标 %s %d年: %w", it.Indicator, it.Year, err)
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
				return fmt.Errorf("%s 工作表「%s」第 %d 行的佐证材料: %w", e.File, e.Sheet, e.Row, err)
			}
			if _, err := tx.Exec(`UPDATE evidence_items SET import_id = ? WHERE id = ?`, id, eid); err != nil {
				return err
			}
		}
		if err := commitNarratives(s, tx, rep, id, actor); err != nil {
			return err
		}
		rep.ImportID, rep.Committed = id, true
		return nil
	})
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
