package gui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
)

// catalogScreen (指标体系) browses the catalog as a tree (domain → task group
// → indicator → sub-indicator) with a details panel, lists the plan's
// disagreements with both sides quoted for the office to resolve, and takes
// the targets the province sets later.
type catalogScreen struct {
	u    *UI
	root *container.AppTabs

	tree    *widget.Tree
	search  *textEntry
	details *fyne.Container
	selInd  string

	findings  []catalog.Finding
	findList  *widget.List
	findPanel *fyne.Container
	selFind   string // ID of the finding shown
	showAll   *widget.Check
}

func newCatalogScreen(u *UI) Screen {
	s := &catalogScreen{u: u}
	s.tree = widget.NewTree(s.childIDs, s.isBranch,
		func(bool) fyne.CanvasObject {
			return widget.NewLabel("生态环境状况指数（EI）生态环境状况")
		},
		func(id widget.TreeNodeID, _ bool, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.nodeLabel(id)) })
	s.tree.OnSelected = func(id widget.TreeNodeID) {
		if strings.HasPrefix(id, "i:") {
			s.selInd = id[2:]
			s.showIndicator()
		}
	}
	s.search = newEntry()
	s.search.SetPlaceHolder(lang.L("查找指标：序号或名称，回车跳转"))
	s.search.OnSubmitted = func(q string) { s.findIndicator(q) }
	s.details = container.NewStack()
	left := container.NewBorder(s.search, nil, nil, nil, s.tree)
	split := container.NewHSplit(left, container.NewVScroll(container.NewPadded(s.details)))
	split.Offset = 0.38

	s.findList = widget.NewList(
		func() int { return len(s.findings) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, widget.NewIcon(theme.WarningIcon()), nil, widget.NewLabel("指标 21「单位地区生产总值能耗」目标"))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			f := s.findings[id]
			c := o.(*fyne.Container)
			icon := theme.ConfirmIcon()
			if f.Blocking {
				icon = theme.WarningIcon()
			}
			c.Objects[1].(*widget.Icon).SetResource(icon)
			c.Objects[0].(*widget.Label).SetText(findingTitle(f))
		})
	s.findList.OnSelected = func(id widget.ListItemID) {
		s.selFind = s.findings[id].ID
		s.showFinding()
	}
	s.showAll = widget.NewCheck(lang.L("也显示已解决的"), func(bool) { s.Reload() })
	s.findPanel = container.NewStack()
	fsplit := container.NewHSplit(container.NewBorder(s.showAll, nil, nil, nil, s.findList),
		container.NewVScroll(container.NewPadded(s.findPanel)))
	fsplit.Offset = 0.38

	s.root = container.NewAppTabs(
		container.NewTabItemWithIcon(lang.L("指标"), theme.ListIcon(), split),
		container.NewTabItemWithIcon(lang.L("附件不一致"), theme.WarningIcon(), fsplit),
	)
	s.Reload()
	for _, d := range s.cat().Domains {
		s.tree.OpenBranch("d:" + d.ID)
	}
	return s
}

func (s *catalogScreen) Content() fyne.CanvasObject { return s.root }

// Find focuses the search field (Ctrl+F).
func (s *catalogScreen) Find() {
	s.root.SelectIndex(0)
	s.u.win.Canvas().Focus(s.search)
	s.search.TypedShortcut(&fyne.ShortcutSelectAll{}) // typing replaces the last search
}

func (s *catalogScreen) cat() *catalog.Catalog { return s.u.proj.Assessment().Catalog }

func (s *catalogScreen) Reload() {
	a := s.u.proj.Assessment()
	s.findings = s.findings[:0]
	for _, f := range a.Findings {
		if f.Blocking || s.showAll.Checked {
			s.findings = append(s.findings, f)
		}
	}
	s.root.Items[1].Text = fmt.Sprintf(lang.L("附件不一致（%d 处待解决）"), len(a.Unresolved()))
	s.root.Refresh()
	s.tree.Refresh()
	s.findList.Refresh()
	s.showIndicator()
	s.showFinding()
}

func (s *catalogScreen) childIDs(id widget.TreeNodeID) []widget.TreeNodeID {
	cat := s.cat()
	var out []string
	switch {
	case id == "":
		for _, d := range cat.Domains {
			out = append(out, "d:"+d.ID)
		}
	case strings.HasPrefix(id, "d:"):
		for _, g := range cat.TaskGroups {
			if g.Domain == id[2:] {
				out = append(out, fmt.Sprintf("g:%d", g.No))
			}
		}
	case strings.HasPrefix(id, "g:"):
		for _, ind := range cat.Indicators {
			if fmt.Sprintf("g:%d", ind.TaskGroup) == id {
				out = append(out, "i:"+ind.Code)
			}
		}
	case strings.HasPrefix(id, "i:"):
		if ind, ok := cat.Indicator(id[2:]); ok {
			for _, sub := range ind.Subs {
				out = append(out, "i:"+sub.Code)
			}
		}
	}
	return out
}

func (s *catalogScreen) isBranch(id widget.TreeNodeID) bool {
	if id == "" || strings.HasPrefix(id, "d:") || strings.HasPrefix(id, "g:") {
		return true
	}
	ind, ok := s.cat().Indicator(strings.TrimPrefix(id, "i:"))
	return ok && len(ind.Subs) > 0
}

func (s *catalogScreen) nodeLabel(id string) string { return zh(s.nodeName(id)) }

// nodeName is the name of a tree node as the catalog writes it.
func (s *catalogScreen) nodeName(id string) string {
	cat := s.cat()
	switch {
	case strings.HasPrefix(id, "d:"):
		if d, ok := cat.Domain(id[2:]); ok {
			return d.Name
		}
	case strings.HasPrefix(id, "g:"):
		no, err := strconv.Atoi(id[2:])
		if g, ok := cat.TaskGroup(no); err == nil && ok {
			return g.Numeral() + g.Name
		}
	case strings.HasPrefix(id, "i:"):
		if ind, ok := cat.Indicator(id[2:]); ok {
			return ind.Code + " " + ind.Name
		}
	}
	return id
}

// findIndicator opens the tree at the first indicator whose code is q or
// whose name contains q.
func (s *catalogScreen) findIndicator(q string) {
	q = strings.TrimSpace(catalog.NormalizeWidth(q))
	if q == "" {
		return
	}
	var hit *catalog.Indicator
	for _, ind := range s.cat().All() {
		if ind.Code == q {
			hit = ind
			break
		}
		if hit == nil && strings.Contains(ind.Name, q) {
			hit = ind
		}
	}
	if hit == nil {
		s.u.showError("", fmt.Errorf(lang.L("没有找到「%s」"), q))
		return
	}
	s.openIndicator(hit.Code)
}

// openIndicator selects an indicator in the tree, opening its branches.
func (s *catalogScreen) openIndicator(code string) {
	ind, ok := s.cat().Indicator(code)
	if !ok {
		return
	}
	top := ind
	if ind.Parent != nil {
		top = ind.Parent
	}
	s.root.SelectIndex(0)
	s.tree.OpenBranch("d:" + top.Domain)
	s.tree.OpenBranch(fmt.Sprintf("g:%d", top.TaskGroup))
	if top != ind {
		s.tree.OpenBranch("i:" + top.Code)
	}
	s.tree.Select("i:" + code)
	s.tree.ScrollTo("i:" + code)
}

func field(label, value string) fyne.CanvasObject {
	l := widget.NewLabelWithStyle(label, fyne.TextAlignTrailing, fyne.TextStyle{Bold: true})
	v := newWrapLabel(value)
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(96, l.MinSize().Height), l), nil, v)
}

func quote(where, text string) fyne.CanvasObject {
	bar := canvas.NewRectangle(theme.Color(theme.ColorNameShadow))
	bar.SetMinSize(fyne.NewSize(4, 0))
	t := newWrapLabel(text)
	return container.NewVBox(widget.NewLabelWithStyle(where, fyne.TextAlignLeading, fyne.TextStyle{}),
		container.NewBorder(nil, nil, container.NewPadded(bar), nil, t))
}

func (s *catalogScreen) showIndicator() {
	a := s.u.proj.Assessment()
	ind, ok := a.Catalog.Indicator(s.selInd)
	if !ok {
		s.details.Objects = []fyne.CanvasObject{widget.NewLabel(lang.L("在左侧选择一个指标查看详情。"))}
		s.details.Refresh()
		return
	}
	cat := a.Catalog
	box := container.NewVBox(heading(ind.Code + " " + ind.FullName()))
	target := lang.L("（见子指标）")
	if ind.Target != nil {
		target = ind.Target.Format(ind.MeasureUnit)
	}
	attr := string(ind.Attribute)
	if attr == "" && ind.Parent != nil {
		attr = string(ind.Parent.Attribute)
	}
	if cat.IsVeto(ind.Code) {
		attr += " · " + lang.L("一票否决")
	}
	mu := ind.MeasureUnit
	if mu == "" {
		mu = "/"
	}
	lead, support := ind.Organisations()
	box.Add(field(lang.L("目标值"), target))
	if te, ok := a.Targets[ind.Code]; ok {
		box.Add(field(lang.L("目标来源"), fmt.Sprintf(lang.L("%s 于 %s 录入：%s"), te.Actor, shortTime(te.At), te.Reason)))
	}
	box.Add(field(lang.L("计量单位"), mu))
	box.Add(field(lang.L("指标属性"), attr))
	if ind.Band != "" {
		box.Add(field(lang.L("适用地区"), ind.Band))
	}
	box.Add(field(lang.L("牵头单位"), cat.OrgNames(lead)))
	box.Add(field(lang.L("配合单位"), orDash(cat.OrgNames(support))))
	if ind.Measurable() && ind.Target != nil && (ind.Target.Kind() == catalog.Pending || a.Targets[ind.Code].At != "") {
		btn := widget.NewButtonWithIcon(lang.L("录入省定目标…"), theme.DocumentCreateIcon(), func() { s.enterTarget(ind.Code) })
		btn.Importance = widget.HighImportance
		box.Add(container.NewHBox(btn))
	}
	// Results per year.
	var res []string
	for _, y := range a.Settings.Years() {
		r := a.Eval.Result(ind.Code, y)
		// "2015年：未制定实施，未达标", no space between Chinese words.
		t := fmt.Sprintf(lang.L("%d年：%s"), y, r.Status)
		if r.Value != "" {
			t = fmt.Sprintf(lang.L("%d年：%s，%s"), y, r.Value, r.Status)
		}
		res = append(res, t)
	}
	box.Add(field(lang.L("达标情况"), strings.Join(res, "；")))
	text := ind.TaskText
	if text == "" && ind.Parent != nil {
		text = ind.Parent.TaskText
	}
	if text != "" {
		box.Add(widget.NewSeparator())
		box.Add(widget.NewLabelWithStyle(lang.L("任务分解书（附件1）任务"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		t := newWrapLabel(text)
		box.Add(t)
	}
	if ind.Annex1 != nil || ind.Annex2 != nil {
		box.Add(widget.NewSeparator())
		box.Add(widget.NewLabelWithStyle(lang.L("附件原文"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	}
	if q := ind.Annex1; q != nil {
		txt := q.Heading + "\n牵头单位：" + q.Lead
		if q.Support != "" {
			txt += "\n配合单位：" + q.Support
		}
		box.Add(quote(q.Where, txt))
	}
	if q := ind.Annex2; q != nil {
		parts := []string{"指标名称：" + q.Name, "单位：" + orDash(q.MeasureUnit), "指标值：" + q.Target}
		if q.Attribute != "" {
			parts = append(parts, "指标属性："+q.Attribute)
		}
		if q.Band != "" {
			parts = append(parts, "备注："+q.Band)
		}
		if q.Lead != "" {
			parts = append(parts, "牵头单位："+q.Lead)
		}
		box.Add(quote(q.Where, strings.Join(parts, "\n")))
	}
	// Disagreements about this indicator.
	for _, f := range a.Findings {
		if f.Indicator == ind.Code || (ind.Parent == nil && strings.HasPrefix(f.Indicator, ind.Code+".")) {
			f := f
			state := lang.L("已解决")
			if f.Blocking {
				state = lang.L("待解决")
			}
			b := widget.NewButtonWithIcon(fmt.Sprintf(lang.L("附件不一致：%s（%s）"), catalog.FieldLabel(f.Field), state), theme.WarningIcon(), func() {
				s.showAll.SetChecked(true)
				for j, g := range s.findings {
					if g.ID == f.ID {
						s.root.SelectIndex(1)
						s.findList.Select(j)
						return
					}
				}
			})
			b.Alignment = widget.ButtonAlignLeading
			box.Add(b)
		}
	}
	s.details.Objects = []fyne.CanvasObject{box}
	s.details.Refresh()
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// enterTarget asks for a target the province set and records it.
func (s *catalogScreen) enterTarget(code string) {
	a := s.u.proj.Assessment()
	ind, _ := a.Catalog.Indicator(code)
	target := newEntry()
	target.SetPlaceHolder(lang.L("如 ≥5 或 >=5；留空恢复为指标体系中的目标"))
	if te, ok := a.Targets[code]; ok {
		target.SetText(te.Target.String())
	}
	reason := newMultiLineEntry()
	reason.SetPlaceHolder(lang.L("依据，如 省环保厅 2018 年改善幅度通知"))
	reason.SetMinRowsVisible(3)
	hint := newWrapLabel(ind.Target.Pending)
	var d dialog.Dialog
	d = dialog.NewForm(fmt.Sprintf(lang.L("录入目标：%s %s"), ind.Code, ind.Name), lang.L("保存"), lang.L("取消"),
		[]*widget.FormItem{
			widget.NewFormItem(lang.L("说明"), hint),
			widget.NewFormItem(lang.L("目标值"), target),
			widget.NewFormItem(lang.L("依据"), reason),
		}, func(ok bool) {
			if !ok {
				return
			}
			text, why := target.Text, reason.Text
			s.u.work(lang.L("正在保存…"), func() error {
				return s.u.proj.SetTarget(code, text, s.u.actor(), why)
			}, func(err error) {
				if err != nil {
					s.u.showError(lang.L("目标未保存"), err)
					d.Show() // the dialog keeps what was typed
					return
				}
				s.u.changed()
			})
		}, s.u.win)
	d.Resize(fyne.NewSize(560, 360))
	d.Show()
}

func (s *catalogScreen) showFinding() {
	var f catalog.Finding
	for _, g := range s.u.proj.Assessment().Findings {
		if g.ID == s.selFind {
			f = g
		}
	}
	if f.ID == "" {
		msg := lang.L("在左侧选择一处不一致，查看两份附件各自的原文并作出决定。")
		if len(s.findings) == 0 {
			msg = lang.L("没有待解决的不一致。")
		}
		s.findPanel.Objects = []fyne.CanvasObject{widget.NewLabel(msg)}
		s.findPanel.Refresh()
		return
	}
	a := s.u.proj.Assessment()
	box := container.NewVBox(heading(findingTitle(f)))
	sum := newWrapLabel(f.Summary)
	box.Add(sum)
	for _, side := range f.Sides {
		label := side.Where
		if side.Key != "" && side.Key == f.InUse {
			label += lang.L("（当前采用）")
		}
		q := side.Quote
		if side.Value != "" {
			q += "\n→ " + side.Value
		}
		box.Add(quote(label, q))
	}
	switch {
	case f.Kind != catalog.FindingDisagreement:
		box.Add(widget.NewLabel(lang.L("这是指标体系文件自身的问题，需修改指标体系文件后解决。")))
	case f.Resolved:
		r := a.Resolutions[f.ID]
		status := newWrapLabel(fmt.Sprintf(lang.L("已解决：采用 %s。%s 于 %s 决定，理由：%s"), sideWhere(f, f.Choice), r.Actor, shortTime(r.At), r.Reason))
		box.Add(status)
		box.Add(container.NewHBox(
			widget.NewButtonWithIcon(lang.L("改为其他选项…"), theme.DocumentCreateIcon(), func() { s.resolve(f) }),
			widget.NewButtonWithIcon(lang.L("撤销决定"), theme.ContentUndoIcon(), func() { s.reopen(f) })))
	default:
		btn := widget.NewButtonWithIcon(lang.L("作出决定…"), theme.ConfirmIcon(), func() { s.resolve(f) })
		btn.Importance = widget.HighImportance
		box.Add(container.NewHBox(btn))
	}
	s.findPanel.Objects = []fyne.CanvasObject{box}
	s.findPanel.Refresh()
}

// findingTitle names a finding as its list row and heading show it, with
// full-width punctuation: 指标 11“生态环境状况指数（EI）” · 计量单位.
func findingTitle(f catalog.Finding) string {
	return zh(f.Subject + " · " + catalog.FieldLabel(f.Field))
}

func sideWhere(f catalog.Finding, key string) string {
	for _, s := range f.Sides {
		if s.Key == key {
			if s.Value != "" {
				return s.Where + "「" + s.Value + "」"
			}
			return s.Where
		}
	}
	return key
}

// resolveDialog asks which side to take and why; ok receives the choice.
func (s *catalogScreen) resolve(f catalog.Finding) {
	var labels []string
	keys := map[string]string{}
	for _, side := range f.Sides {
		if side.Key == "" {
			continue
		}
		l := sideWhere(f, side.Key)
		labels = append(labels, l)
		keys[l] = side.Key
	}
	choice := widget.NewRadioGroup(labels, nil)
	choice.Required = true
	if f.Choice != "" {
		choice.SetSelected(sideWhere(f, f.Choice))
	}
	reason := newMultiLineEntry()
	reason.SetPlaceHolder(lang.L("决定的理由，如 经与牵头单位核实，以附件2为准"))
	reason.SetMinRowsVisible(3)
	var d dialog.Dialog
	d = dialog.NewForm(lang.L("解决不一致：")+f.Subject, lang.L("保存决定"), lang.L("取消"),
		[]*widget.FormItem{
			widget.NewFormItem(lang.L("采用"), choice),
			widget.NewFormItem(lang.L("理由"), reason),
		}, func(ok bool) {
			if !ok {
				return
			}
			s.applyResolve(f.ID, keys[choice.Selected], reason.Text, func() { d.Show() })
		}, s.u.win)
	d.Resize(fyne.NewSize(640, 360))
	d.Show()
}

// applyResolve records the choice key on the disagreement id; onError is
// called after the error is shown (the dialog shows again with what was typed).
func (s *catalogScreen) applyResolve(id, key, reason string, onError func()) {
	s.u.work(lang.L("正在保存…"), func() error {
		if key == "" {
			return errors.New(lang.L("请选择采用哪一方"))
		}
		return s.u.proj.Resolve(id, key, s.u.actor(), reason)
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("决定未保存"), err)
			if onError != nil {
				onError()
			}
			return
		}
		s.u.changed()
	})
}

func (s *catalogScreen) reopen(f catalog.Finding) {
	s.u.askConfirm(lang.L("撤销决定"), fmt.Sprintf(lang.L("撤销对「%s」的决定，重新列为待解决？"), f.Subject), lang.L("确定"), lang.L("取消"), true, func(ok bool) {
		if !ok {
			return
		}
		s.u.work(lang.L("正在保存…"), func() error {
			return s.u.proj.Resolve(f.ID, "", s.u.actor(), lang.L("撤销决定"))
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("未能撤销"), err)
				return
			}
			s.u.changed()
		})
	})
}
