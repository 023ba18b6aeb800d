package gui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/store"
)

// Column layout of the data grid: indicator, target, then one column per year.
const (
	colIndicator = 0
	colTarget    = 1
	colFirstYear = 2
)

// gridRow is one row of the data grid: an indicator's value, or the yes/no
// condition of a compound target.
type gridRow struct {
	ind   *catalog.Indicator
	field string // catalog.FieldValue or catalog.FieldCondition
}

func (r gridRow) editable() bool { return r.ind.Measurable() }

// dataScreen (数据) is the grid of indicators × years with inline editing:
// an Entry for numbers, a Select for qualitative states and yes/no
// conditions. Enter commits a cell and moves down, Tab moves right (Shift+Tab
// left), Esc cancels. The side panel shows the selected cell's status, provenance,
// validation error and history.
type dataScreen struct {
	u     *UI
	root  fyne.CanvasObject
	table *gridTable

	a     *assess.Assessment
	rows  []gridRow
	years []int

	// The cell being edited and its shared editors; editorHost is the
	// cell container that holds the editor now.
	editing    *widget.TableCellID
	entry      *cellEntry
	sel        *cellSelect
	selQuiet   bool
	editorHost *fyne.Container
	original   string
	errText    string
	warnText   string
	// shift follows the Shift keys for the editors (Shift+Tab moves left).
	shift shiftState
	// asking is set while the dialog that confirms an implausible value
	// is open: focus changes must not commit (or ask) again meanwhile.
	asking bool

	find    *textEntry
	side    *fyne.Container
	history []store.ValueEvent
	histFor widget.TableCellID
}

func newDataScreen(u *UI) Screen {
	g := &dataScreen{u: u, histFor: widget.TableCellID{Row: -1, Col: -1}}
	g.entry = newCellEntry(g)
	g.sel = newCellSelect(g, func(s string) {
		if g.selQuiet {
			return
		}
		if s == lang.L("（清空）") {
			s = ""
		}
		g.commit(s, 0, 0)
	})
	g.table = newGridTable(g)
	g.table.ShowHeaderColumn = false
	g.table.StickyColumnCount = 2
	g.table.CreateHeader = func() fyne.CanvasObject {
		return widget.NewLabelWithStyle("2015监测", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	}
	g.table.UpdateHeader = g.updateHeader
	g.table.OnSelected = g.selected
	g.table.SetColumnWidth(colIndicator, 210)
	g.table.SetColumnWidth(colTarget, 96)

	g.find = newEntry()
	g.find.SetPlaceHolder(lang.L("查找指标：序号或名称，回车跳转"))
	g.find.OnSubmitted = g.jump
	legend := container.NewHBox(
		legendItem(metColors, lang.L("达标")), legendItem(notMetColors, lang.L("未达标")),
		legendItem(missingColors, lang.L("缺数据")), legendItem(pendingColors, lang.L("目标待定")),
		widget.NewLabel(lang.L("回车提交 · Tab 右移 · Shift+Tab 左移 · Esc 取消")))
	top := container.NewBorder(nil, nil, nil, legend, g.find)
	g.side = container.NewVBox()
	// The side panel has a fixed width, whatever it shows; its texts wrap.
	sideScroll := container.NewVScroll(container.NewPadded(g.side))
	side := container.NewBorder(nil, nil, widget.NewSeparator(), nil, container.New(fixedWidth(230), sideScroll))
	g.root = container.NewBorder(container.NewPadded(top), nil, nil, side, g.table)
	g.Reload()
	return g
}

func legendItem(c statusColors, text string) fyne.CanvasObject {
	r := canvas.NewRectangle(c.bg)
	r.StrokeColor = c.fg
	r.StrokeWidth = 1
	r.SetMinSize(fyne.NewSize(14, 14))
	t := canvas.NewText(text, c.fg)
	return container.NewHBox(container.NewCenter(r), container.NewCenter(t))
}

func (g *dataScreen) Content() fyne.CanvasObject { return g.root }

// Reload takes the project's latest snapshot; the rows are rebuilt only
// when the catalog changed, and only the visible cells are redrawn.
func (g *dataScreen) Reload() {
	a := g.u.proj.Assessment()
	if g.a == nil || g.a.Catalog != a.Catalog {
		g.rows = buildRows(a.Catalog)
	}
	g.a = a
	g.years = a.Settings.Years()
	for i := range g.years {
		g.table.SetColumnWidth(colFirstYear+i, 80)
	}
	g.table.Refresh()
	g.showSide()
}

func buildRows(cat *catalog.Catalog) []gridRow {
	var rows []gridRow
	for _, ind := range cat.All() {
		rows = append(rows, gridRow{ind: ind, field: catalog.FieldValue})
		if ind.Measurable() && ind.Target != nil && ind.Target.Condition != "" {
			rows = append(rows, gridRow{ind: ind, field: catalog.FieldCondition})
		}
	}
	return rows
}

func (g *dataScreen) length() (int, int) { return len(g.rows), colFirstYear + len(g.years) }

// cell template: background, text, editor holder.
func (g *dataScreen) createCell() fyne.CanvasObject {
	bg := canvas.NewRectangle(color.Transparent)
	l := widget.NewLabel("")
	l.Truncation = fyne.TextTruncateEllipsis
	holder := container.NewStack()
	return container.NewStack(bg, l, holder)
}

func (g *dataScreen) updateHeader(id widget.TableCellID, o fyne.CanvasObject) {
	l := o.(*widget.Label)
	switch {
	case id.Row >= 0: // row headers are hidden
		l.SetText("")
	case id.Col == colIndicator:
		l.SetText(lang.L("指标"))
	case id.Col == colTarget:
		l.SetText(lang.L("目标值"))
	default:
		y := g.years[id.Col-colFirstYear]
		if g.a.Settings.HasYear(y) && !contains(g.a.Settings.AssessedYears, y) {
			l.SetText(fmt.Sprintf(lang.L("%d监测"), y))
		} else {
			l.SetText(fmt.Sprint(y))
		}
	}
}

func contains(ys []int, y int) bool {
	for _, v := range ys {
		if v == y {
			return true
		}
	}
	return false
}

// cellText returns what a cell shows and its status colours (nil: none).
func (g *dataScreen) cellText(id widget.TableCellID) (string, *statusColors, fyne.TextStyle) {
	r := g.rows[id.Row]
	ind := r.ind
	switch id.Col {
	case colIndicator:
		indent := ""
		if ind.IsSub() {
			indent = "    "
		}
		if r.field == catalog.FieldCondition {
			return indent + "    " + lang.L("且：") + ind.Target.Condition, nil, fyne.TextStyle{}
		}
		return indent + ind.Code + " " + zh(ind.Name), nil, fyne.TextStyle{Bold: !ind.IsSub()}
	case colTarget:
		if r.field == catalog.FieldCondition {
			return lang.L("是"), nil, fyne.TextStyle{}
		}
		if ind.Target == nil {
			return "", nil, fyne.TextStyle{}
		}
		if ind.Target.Kind() == catalog.Pending {
			return lang.L("目标待定"), &pendingColors, fyne.TextStyle{}
		}
		t := *ind.Target
		t.Condition = "" // shown on its own row
		return t.Format(ind.MeasureUnit), nil, fyne.TextStyle{}
	}
	y := g.years[id.Col-colFirstYear]
	if r.field == catalog.FieldCondition {
		v, ok := g.a.Values.Condition(ind.Code, y)
		if !ok {
			return "", &missingColors, fyne.TextStyle{}
		}
		if v.State == catalog.CondYes {
			return v.State, &metColors, fyne.TextStyle{}
		}
		return v.State, &notMetColors, fyne.TextStyle{}
	}
	res := g.a.Eval.Result(ind.Code, y)
	c := colorsOf(res.Status)
	text := res.Value
	if !ind.Measurable() || text == "" {
		text = res.Status.String()
	}
	if !ind.Measurable() {
		return text, &c, fyne.TextStyle{}
	}
	return text, &c, fyne.TextStyle{}
}

func (g *dataScreen) updateCell(id widget.TableCellID, o fyne.CanvasObject) {
	box := o.(*fyne.Container)
	bg := box.Objects[0].(*canvas.Rectangle)
	l := box.Objects[1].(*widget.Label)
	holder := box.Objects[2].(*fyne.Container)
	if g.editing != nil && *g.editing == id {
		if g.editorHost != holder {
			if g.editorHost != nil {
				g.editorHost.Objects = nil
				g.editorHost.Refresh()
			}
			g.editorHost = holder
			holder.Objects = []fyne.CanvasObject{g.editor()}
			holder.Refresh()
		}
		l.Hide()
		bg.FillColor = color.White
		bg.StrokeWidth = 0
		if g.errText != "" {
			bg.StrokeColor, bg.StrokeWidth = notMetColors.fg, 2
		}
		bg.Refresh()
		return
	}
	if holder == g.editorHost {
		holder.Objects = nil
		holder.Refresh()
		g.editorHost = nil
	}
	text, c, style := g.cellText(id)
	if c != nil {
		bg.FillColor = c.bg
	} else {
		bg.FillColor = color.Transparent
	}
	bg.StrokeWidth = 0
	bg.Refresh()
	l.TextStyle = style
	if id.Col >= colFirstYear {
		l.Alignment = fyne.TextAlignCenter
	} else {
		l.Alignment = fyne.TextAlignLeading
	}
	l.SetText(text)
	l.Show()
}

// editor returns the editor for the cell being edited.
func (g *dataScreen) editor() fyne.CanvasObject {
	r := g.rows[g.editing.Row]
	if r.field == catalog.FieldCondition || (r.ind.Target != nil && r.ind.Target.Kind() == catalog.State) {
		return g.sel
	}
	return g.entry
}

// selected starts editing an editable cell, or just shows the details.
func (g *dataScreen) selected(id widget.TableCellID) {
	if g.editing != nil && *g.editing != id && g.entry.Text != g.original && g.errText == "" && g.editor() == g.entry {
		// Clicking elsewhere commits what was typed, like a spreadsheet.
		g.commit(g.entry.Text, 0, 0)
	}
	if id.Col < colFirstYear || !g.rows[id.Row].editable() {
		g.stopEdit()
		g.histFor = id
		g.showSide()
		return
	}
	g.startEdit(id)
}

func (g *dataScreen) rawOf(id widget.TableCellID) string {
	r := g.rows[id.Row]
	y := g.years[id.Col-colFirstYear]
	key := catalog.ValueKey{Code: r.ind.Code, Year: y, Field: r.field}
	v, ok := g.a.Values[key]
	if !ok {
		return ""
	}
	if v.IsNum {
		return catalog.FormatNumber(v.Num, -1)
	}
	return v.State
}

// startEdit puts the editor into a cell and focuses it.
func (g *dataScreen) startEdit(id widget.TableCellID) {
	prev := g.editing
	g.editing = &id
	g.errText, g.warnText = "", ""
	g.original = g.rawOf(id)
	r := g.rows[id.Row]
	if g.editor() == g.sel {
		var opts []string
		if r.field == catalog.FieldCondition {
			opts = []string{catalog.CondYes, catalog.CondNo}
		} else {
			opts = r.ind.Target.States()
		}
		opts = append(opts, lang.L("（清空）"))
		g.selQuiet = true
		g.sel.Options = opts
		g.sel.PlaceHolder = lang.L("请选择")
		if g.original == "" {
			g.sel.ClearSelected()
		} else {
			g.sel.SetSelected(g.original)
		}
		g.selQuiet = false
	} else {
		g.entry.SetText(g.original)
		g.entry.SetPlaceHolder(r.ind.MeasureUnit)
	}
	if prev != nil {
		g.table.RefreshItem(*prev)
	}
	g.table.RefreshItem(id)
	g.table.ScrollTo(id)
	if g.focusEditor() && g.editor() == g.entry {
		g.entry.TypedShortcut(&fyne.ShortcutSelectAll{})
	}
	g.histFor = id
	g.showSide()
	g.loadHistory(id)
}

// focusEditor gives the keyboard to the editor of the cell being edited,
// and reports whether there is one.
func (g *dataScreen) focusEditor() bool {
	if g.editing == nil {
		return false
	}
	c := fyne.CurrentApp().Driver().CanvasForObject(g.table)
	if c == nil {
		return false
	}
	if ed, ok := g.editor().(fyne.Focusable); ok && c.Focused() != ed {
		c.Focus(ed)
	}
	return true
}

// stopEdit ends editing without committing.
func (g *dataScreen) stopEdit() {
	if g.editing == nil {
		return
	}
	id := *g.editing
	g.editing = nil
	g.errText = ""
	g.table.RefreshItem(id)
}

// Commit commits the cell being edited (Ctrl+S).
func (g *dataScreen) Commit() {
	if g.editing != nil && g.editor() == g.entry {
		g.commit(g.entry.Text, 0, 0)
	}
}

// Find focuses the search field (Ctrl+F).
func (g *dataScreen) Find() {
	if c := fyne.CurrentApp().Driver().CanvasForObject(g.find); c != nil {
		c.Focus(g.find)
		g.find.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the last search
	}
}

// commit records raw for the cell being edited, then moves the editor by
// (dr, dc) to the next editable cell. On error the editor stays, with what
// was typed, and the side panel shows the error.
func (g *dataScreen) commit(raw string, dr, dc int) {
	if g.editing == nil {
		return
	}
	id := *g.editing
	r := g.rows[id.Row]
	y := g.years[id.Col-colFirstYear]
	if strings.TrimSpace(raw) == strings.TrimSpace(g.original) {
		g.errText = ""
		g.move(id, dr, dc)
		return
	}
	if g.asking {
		return
	}
	if msg := g.implausible(r, y, raw); msg != "" {
		g.asking = true
		// Esc and Enter do not write: the keyboard starts on 取消, Tab
		// moves to 确认写入.
		g.u.askConfirm(lang.L("数值待确认"),
			msg+lang.L("。\n\n核实无误后按「确认写入」（Tab 键移到该按钮，回车确认）；按「取消」或 Esc 不写入，可修改后重新输入。"),
			lang.L("确认写入"), lang.L("取消"), true,
			func(ok bool) {
				g.asking = false
				if ok {
					g.write(id, raw, dr, dc)
					return
				}
				// Nothing written: the editor keeps what was typed.
				if g.editing == nil || *g.editing != id {
					g.startEdit(id)
				}
				g.entry.SetText(raw)
				g.warnText = msg
				g.table.RefreshItem(id)
				g.showSide()
				g.focusEditor()
			})
		return
	}
	g.write(id, raw, dr, dc)
}

// implausible says in Chinese why raw, typed for row r and year y, looks
// mistyped (catalog.Implausible: 10× off the value it replaces or a
// neighbouring year's), or returns "". Values the store refuses return ""
// too: SetValue reports them.
func (g *dataScreen) implausible(r gridRow, y int, raw string) string {
	if r.field != catalog.FieldValue {
		return ""
	}
	ch, err := store.CheckChange(g.a.Catalog, g.a.Settings, store.Change{Code: r.ind.Code, Year: y, Field: r.field, Raw: raw})
	if err != nil || ch.Cleared {
		return ""
	}
	return catalog.Implausible(ch.Ind, y, ch.Value, g.a.Values)
}

// write records raw for cell id through the background runner, then moves
// the editor by (dr, dc) or, on error, keeps it with what was typed.
func (g *dataScreen) write(id widget.TableCellID, raw string, dr, dc int) {
	r := g.rows[id.Row]
	y := g.years[id.Col-colFirstYear]
	var ch store.Checked
	var err error
	g.u.bg(func() {
		ch, err = g.u.proj.SetValue(r.ind.Code, y, r.field, raw, g.u.actor())
		fyne.Do(func() {
			if err != nil {
				if g.editing == nil || *g.editing != id {
					g.startEdit(id)
					g.entry.SetText(raw)
				}
				g.errText = err.Error()
				g.table.RefreshItem(id)
				g.showSide()
				return
			}
			g.errText = ""
			g.warnText = strings.Join(ch.Warnings, "；")
			g.a = g.u.proj.Assessment()
			g.original = strings.TrimSpace(raw)
			g.table.Refresh() // visible cells only: parents and later years may change
			g.u.updateTitle()
			if dr != 0 || dc != 0 {
				g.move(id, dr, dc)
			} else {
				g.showSide()
				g.loadHistory(id)
			}
		})
	})
}

// move selects the next editable cell from id by (dr, dc).
func (g *dataScreen) move(id widget.TableCellID, dr, dc int) {
	if dr == 0 && dc == 0 {
		return
	}
	next := id
	for {
		next.Row += dr
		next.Col += dc
		if next.Row < 0 || next.Row >= len(g.rows) || next.Col < colFirstYear || next.Col >= colFirstYear+len(g.years) {
			return
		}
		if g.rows[next.Row].editable() {
			break
		}
	}
	g.table.Select(next)
}

// cancel restores the cell's value and leaves the editor.
func (g *dataScreen) cancel() {
	g.entry.SetText(g.original)
	g.errText = ""
	g.stopEdit()
	g.table.UnselectAll()
	if c := fyne.CurrentApp().Driver().CanvasForObject(g.table); c != nil {
		c.Focus(g.table)
	}
	g.showSide()
}

// jump selects the first cell of the indicator with the code or name typed.
func (g *dataScreen) jump(q string) {
	q = strings.TrimSpace(catalog.NormalizeWidth(q))
	if q == "" {
		return
	}
	best := -1
	for i, r := range g.rows {
		if r.ind.Code == q {
			best = i
			break
		}
		if best < 0 && strings.Contains(r.ind.Name, q) {
			best = i
		}
	}
	if best < 0 {
		g.u.showError("", fmt.Errorf(lang.L("没有找到「%s」"), q))
		return
	}
	if !g.rows[best].editable() && best+1 < len(g.rows) {
		best++
	}
	col := colFirstYear
	for i, y := range g.years {
		if y == g.a.Settings.LatestAssessedYear() {
			col = colFirstYear + i
		}
	}
	g.table.Select(widget.TableCellID{Row: best, Col: col})
}

func (g *dataScreen) loadHistory(id widget.TableCellID) {
	r := g.rows[id.Row]
	y := g.years[id.Col-colFirstYear]
	g.history = nil
	var hs []store.ValueEvent
	g.u.bg(func() {
		all, err := g.u.proj.Store.History(r.ind.Code, y)
		if err == nil {
			for _, h := range all {
				if h.Field == r.field {
					hs = append(hs, h)
				}
			}
		}
		fyne.Do(func() {
			if g.histFor != id {
				return
			}
			g.history = hs
			g.showSide()
		})
	})
}

// showSide draws the side panel for the selected cell.
func (g *dataScreen) showSide() {
	box := g.side
	box.Objects = nil
	id := g.histFor
	if g.editing != nil {
		id = *g.editing
	}
	if id.Row < 0 || id.Row >= len(g.rows) || len(g.rows) == 0 {
		box.Add(widget.NewLabel(lang.L("选择一个单元格查看详情。")))
		box.Refresh()
		return
	}
	r := g.rows[id.Row]
	ind := r.ind
	title := wrapHeading(ind.Code + " " + ind.Name)
	box.Add(title)
	wrap := func(s string) *wrapLabel {
		l := newWrapLabel(s)
		return l
	}
	if ind.Target != nil {
		box.Add(wrap(lang.L("目标值：") + ind.Target.Format(ind.MeasureUnit)))
	}
	if id.Col < colFirstYear {
		box.Refresh()
		return
	}
	y := g.years[id.Col-colFirstYear]
	res := g.a.Eval.Result(ind.Code, y)
	c := colorsOf(res.Status)
	st := canvas.NewText(fmt.Sprintf("%d %s", y, res.Status), c.fg)
	st.TextStyle.Bold = true
	st.TextSize = theme.TextSubHeadingSize()
	box.Add(st)
	if res.Reason != "" {
		box.Add(wrap(res.Reason))
	}
	if r.field == catalog.FieldCondition {
		box.Add(wrap(lang.L("附加条件：") + ind.Target.Condition + lang.L("（是/否）")))
	}
	if g.errText != "" {
		e := wrap(g.errText)
		e.Importance = widget.DangerImportance
		box.Add(e)
	}
	if g.warnText != "" {
		w := wrap(lang.L("提示：") + g.warnText)
		w.Importance = widget.WarningImportance
		box.Add(w)
	}
	if ev, ok := g.a.Provenance[catalog.ValueKey{Code: ind.Code, Year: y, Field: r.field}]; ok {
		box.Add(widget.NewSeparator())
		box.Add(widget.NewLabelWithStyle(lang.L("来源"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		box.Add(wrap(provenanceText(g.a.Catalog, ev)))
	}
	box.Add(widget.NewSeparator())
	box.Add(widget.NewLabelWithStyle(lang.L("修改记录"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(g.history) == 0 {
		box.Add(wrap(lang.L("暂无记录")))
	}
	for i := len(g.history) - 1; i >= 0; i-- {
		h := g.history[i]
		v := h.Value
		if v == "" {
			v = lang.L("（清空）")
		}
		old := h.Old
		if old == "" {
			old = "—"
		}
		change := fmt.Sprintf("%s → %s", old, v)
		if h.Old != "" && h.Old == h.Value {
			// The number or state stayed: the entry records a new
			// 数据来源 or 备注.
			var prev store.ValueEvent
			if i > 0 {
				prev = g.history[i-1]
			}
			change = sourceChange(h.Value, prev, h)
		}
		box.Add(wrap(fmt.Sprintf("%s  %s\n%s", shortTime(h.At), change, provenanceText(g.a.Catalog, h))))
	}
	box.Refresh()
}

// sourceChange says what an entry that kept the value v changed, against
// the entry before it: "100%，数值未变；数据来源由“A”改为“B”".
func sourceChange(v string, prev, h store.ValueEvent) string {
	text := fmt.Sprintf(lang.L("%s，数值未变"), v)
	quoted := func(s string) string {
		if s == "" {
			return lang.L("空白")
		}
		return "“" + s + "”"
	}
	switch {
	case prev.Source != h.Source:
		text += fmt.Sprintf(lang.L("；数据来源由%s改为%s"), quoted(prev.Source), quoted(h.Source))
	default:
		text += lang.L("；修改备注")
	}
	return text
}

// shortTime prints a recorded time (RFC 3339, as the store keeps it) in
// the computer's local time as 2018-05-31 17:00: the one format for times
// in the window.
func shortTime(at string) string {
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		return t.In(time.Local).Format("2006-01-02 15:04")
	}
	return at
}

func provenanceText(cat *catalog.Catalog, ev store.ValueEvent) string {
	parts := []string{}
	if ev.Actor != "" {
		parts = append(parts, ev.Actor)
	}
	switch ev.Origin {
	case "gui":
		parts = append(parts, lang.L("窗口录入"))
	case "cli":
		parts = append(parts, lang.L("命令行"))
	case "import":
		parts = append(parts, lang.L("表格导入"))
	}
	if ev.Org != "" {
		if o, ok := cat.Org(ev.Org); ok {
			parts = append(parts, o.Name)
		}
	}
	if ev.Source != "" {
		parts = append(parts, lang.L("数据来源：")+ev.Source)
	}
	if ev.File != "" {
		parts = append(parts, fmt.Sprintf("%s %s!%s", ev.File, ev.Sheet, ev.Cell))
	}
	if ev.Note != "" {
		parts = append(parts, ev.Note)
	}
	if len(parts) == 0 {
		return shortTime(ev.At)
	}
	return strings.Join(parts, " · ")
}

// cellEntry is the grid's text editor: Enter commits and moves down, Tab
// right, Up/Down commit and move, Esc cancels, Ctrl+S commits in place.
type cellEntry struct {
	widget.Entry
	g *dataScreen
}

func newCellEntry(g *dataScreen) *cellEntry {
	e := &cellEntry{g: g}
	e.ExtendBaseWidget(e)
	return e
}

// AcceptsTab lets Tab reach TypedKey instead of moving the focus.
func (e *cellEntry) AcceptsTab() bool { return true }

func (e *cellEntry) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter, fyne.KeyDown:
		e.g.commit(e.Text, 1, 0)
	case fyne.KeyUp:
		e.g.commit(e.Text, -1, 0)
	case fyne.KeyTab:
		e.g.commit(e.Text, 0, e.g.shift.tabStep())
	case fyne.KeyEscape:
		e.g.cancel()
	default:
		e.Entry.TypedKey(k)
	}
}

// KeyDown notes Shift (Shift+Tab moves left) and passes the key on.
func (e *cellEntry) KeyDown(k *fyne.KeyEvent) {
	e.g.shift.down(k)
	e.Entry.KeyDown(k)
}

// KeyUp notes Shift released and passes the key on.
func (e *cellEntry) KeyUp(k *fyne.KeyEvent) {
	e.g.shift.up(k)
	e.Entry.KeyUp(k)
}

// shiftState follows the Shift keys of a grid editor: the window's driver
// sends Tab with Shift held as a plain KeyTab, after KeyDown of Shift.
type shiftState struct{ held bool }

func (s *shiftState) down(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		s.held = true
	}
}

func (s *shiftState) up(k *fyne.KeyEvent) {
	if k.Name == desktop.KeyShiftLeft || k.Name == desktop.KeyShiftRight {
		s.held = false
	}
}

// tabStep is the column step of Tab: -1 with Shift held (left), else 1.
// The desktop driver knows the modifiers held; the keys followed are for
// drivers that do not say (tests).
func (s *shiftState) tabStep() int {
	held := s.held
	if d, ok := fyne.CurrentApp().Driver().(desktop.Driver); ok {
		held = d.CurrentKeyModifiers()&fyne.KeyModifierShift != 0
	}
	if held {
		return -1
	}
	return 1
}

// FocusLost commits what was typed when the keyboard goes elsewhere (a click
// outside the grid, another window), like a spreadsheet. A value refused
// before stays in the editor with its error.
func (e *cellEntry) FocusLost() {
	e.Entry.FocusLost()
	g := e.g
	if g.editing != nil && g.editor() == g.entry && g.errText == "" &&
		strings.TrimSpace(e.Text) != strings.TrimSpace(g.original) {
		g.commit(e.Text, 0, 0)
	}
}

func (e *cellEntry) TypedShortcut(s fyne.Shortcut) {
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.KeyName != fyne.KeyS && forwardShortcut(e, s) {
		return
	}
	if cs, ok := s.(*desktop.CustomShortcut); ok && cs.KeyName == fyne.KeyS && cs.Modifier == fyne.KeyModifierShortcutDefault {
		e.g.commit(e.Text, 0, 0)
		return
	}
	e.Entry.TypedShortcut(s)
}

// gridTable is the data grid's table. One click on a cell opens its editor
// with the keyboard in it (Fyne's table takes the focus back after
// selecting, which would send what is typed to the table); with the table
// focused, the arrow keys move the focus ring and Enter, Space or typing
// opens the editor of the focused cell.
type gridTable struct {
	widget.Table
	g *dataScreen
}

func newGridTable(g *dataScreen) *gridTable {
	t := &gridTable{g: g}
	t.Length, t.CreateCell, t.UpdateCell = g.length, g.createCell, g.updateCell
	t.ShowHeaderRow, t.ShowHeaderColumn = true, true
	t.ExtendBaseWidget(t)
	return t
}

// Tapped selects the cell and then gives the keyboard to its editor.
func (t *gridTable) Tapped(e *fyne.PointEvent) {
	t.Table.Tapped(e)
	t.g.focusEditor()
}

// TypedKey opens the focused cell's editor on Enter.
func (t *gridTable) TypedKey(k *fyne.KeyEvent) {
	switch k.Name {
	case fyne.KeyReturn, fyne.KeyEnter:
		t.Table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
		t.g.focusEditor()
	default:
		t.Table.TypedKey(k)
	}
}

// TypedRune opens the focused cell's editor and types into it, replacing
// the value shown.
func (t *gridTable) TypedRune(r rune) {
	if r == ' ' {
		t.Table.TypedRune(r)
		return
	}
	t.Table.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	g := t.g
	if g.focusEditor() && g.editor() == g.entry {
		g.entry.SetText(string(r))
		g.entry.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEnd}) // ends the selection
	}
}

// cellSelect is the grid's drop-down editor for states and yes/no
// conditions: a choice commits; Tab moves right, Enter down, Esc cancels.
type cellSelect struct {
	widget.Select
	g *dataScreen
}

func newCellSelect(g *dataScreen, changed func(string)) *cellSelect {
	s := &cellSelect{g: g}
	s.OnChanged = changed
	s.PlaceHolder = lang.L("请选择")
	s.ExtendBaseWidget(s)
	return s
}

// AcceptsTab lets Tab reach TypedKey instead of moving the focus.
func (s *cellSelect) AcceptsTab() bool { return true }

func (s *cellSelect) TypedKey(k *fyne.KeyEvent) {
	g := s.g
	if g.editing == nil {
		s.Select.TypedKey(k)
		return
	}
	switch k.Name {
	case fyne.KeyTab:
		g.move(*g.editing, 0, s.g.shift.tabStep())
	case fyne.KeyReturn, fyne.KeyEnter:
		g.move(*g.editing, 1, 0)
	case fyne.KeyEscape:
		g.cancel()
	default:
		s.Select.TypedKey(k)
	}
}

// KeyDown notes Shift (Shift+Tab moves left).
func (s *cellSelect) KeyDown(k *fyne.KeyEvent) { s.g.shift.down(k) }

// KeyUp notes Shift released.
func (s *cellSelect) KeyUp(k *fyne.KeyEvent) { s.g.shift.up(k) }
