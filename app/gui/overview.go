package gui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/assess"
	"ecoreport/app/catalog"
	"ecoreport/app/eval"
	"ecoreport/app/evidence"
)

// overview (总览) shows the readiness verdict, the counts by attribute and
// status, the progress of every lead organisation, what still blocks
// submission and the plan's milestones.
type overview struct {
	u    *UI
	root *fyne.Container
}

func newOverview(u *UI) Screen {
	o := &overview{u: u, root: container.NewStack()}
	o.Reload()
	return o
}

func (o *overview) Content() fyne.CanvasObject { return o.root }

func (o *overview) Reload() {
	a := o.u.proj.Assessment()
	left := container.NewVBox(o.verdictCard(a), o.countsCard(a), o.blockersCard(a), o.milestonesCard(a))
	right := o.progressCard(a)
	o.root.Objects = []fyne.CanvasObject{container.NewPadded(
		container.NewGridWithColumns(2, container.NewVScroll(left), right))}
	o.root.Refresh()
}

// card is a titled, padded block with a light background.
func card(title string, body fyne.CanvasObject) fyne.CanvasObject {
	bg := canvas.NewRectangle(color.NRGBA{0xf7, 0xf9, 0xf7, 0xff})
	bg.CornerRadius = 6
	bg.StrokeColor = color.NRGBA{0xdd, 0xe3, 0xdd, 0xff}
	bg.StrokeWidth = 1
	return container.NewStack(bg, container.NewPadded(
		container.NewBorder(widget.NewLabelWithStyle(title, fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), nil, nil, nil, body)))
}

func (o *overview) verdictCard(a *assess.Assessment) fyne.CanvasObject {
	v := a.Eval.Verdict
	big := canvas.NewText(v.Label, outcomeColor(v.Outcome))
	big.TextSize = 30
	big.TextStyle.Bold = true
	year := widget.NewLabel(fmt.Sprintf(lang.L("按 %d 年（最近考核年度）判定"), v.Year))
	reasons := newWrapLabel(strings.Join(v.Reasons, "\n"))
	return card(lang.L("创建达标判定"), container.NewVBox(container.NewHBox(big, year), reasons))
}

func (o *overview) countsCard(a *assess.Assessment) fyne.CanvasObject {
	v := a.Eval.Verdict
	g := container.NewGridWithColumns(6)
	cell := func(s string, c color.Color, bold bool) fyne.CanvasObject {
		t := canvas.NewText(s, c)
		t.TextStyle.Bold = bold
		t.Alignment = fyne.TextAlignCenter
		return t
	}
	fg := theme.Color(theme.ColorNameForeground)
	for _, h := range []string{"", lang.L("达标"), lang.L("未达标"), lang.L("缺数据"), lang.L("目标待定"), lang.L("合计")} {
		g.Add(cell(h, fg, true))
	}
	row := func(name string, t eval.Tally) {
		g.Add(cell(name, fg, true))
		g.Add(cell(fmt.Sprint(t.Met), metColors.fg, false))
		g.Add(cell(fmt.Sprint(t.NotMet), notMetColors.fg, false))
		g.Add(cell(fmt.Sprint(t.Missing), missingColors.fg, false))
		g.Add(cell(fmt.Sprint(t.Pending), pendingColors.fg, false))
		g.Add(cell(fmt.Sprint(t.Total), fg, false))
	}
	row(lang.L("约束性"), v.Binding)
	row(lang.L("参考性"), v.Reference)
	share := widget.NewLabel(fmt.Sprintf(lang.L("参考性指标达标比例 %.1f%%，要求不低于 %.0f%%"), v.ReferenceShare*100, v.Threshold*100))
	var veto fyne.CanvasObject = layout.NewSpacer()
	if len(v.VetoFailed) > 0 {
		t := canvas.NewText(lang.L("一票否决项未达标：")+strings.Join(v.VetoFailed, "、"), notMetColors.fg)
		veto = t
	}
	return card(fmt.Sprintf(lang.L("%d 年指标达标情况（一级指标）"), v.Year), container.NewVBox(g, share, veto))
}

func (o *overview) blockersCard(a *assess.Assessment) fyne.CanvasObject {
	unres := len(a.Unresolved())
	pending := a.PendingTargets()
	missing := a.MissingCount()
	line := func(text string, bad bool, action string, goTo func()) fyne.CanvasObject {
		c := metColors.fg
		if bad {
			c = notMetColors.fg
		}
		t := canvas.NewText(text, c)
		if action == "" {
			return container.NewPadded(t)
		}
		b := widget.NewButton(action, goTo)
		b.Importance = widget.LowImportance
		return container.NewBorder(nil, nil, nil, b, container.NewPadded(container.NewVBox(layout.NewSpacer(), t, layout.NewSpacer())))
	}
	var names []string
	for _, ind := range pending {
		names = append(names, ind.Code)
	}
	pendingText := fmt.Sprintf(lang.L("目标待定的指标 %d 项"), len(pending))
	if len(names) > 0 {
		pendingText += "（" + strings.Join(names, "、") + "）"
	}
	// Evidence readiness is read off the UI thread (it lists every item).
	evLine := container.NewStack(line(lang.L("佐证材料完整度：正在计算…"), false, "", nil))
	o.u.bg(func() {
		sum, err := evidence.Completeness(o.u.proj.Store)
		fyne.Do(func() {
			var l fyne.CanvasObject
			if err != nil {
				l = line(lang.L("无法计算佐证材料完整度：")+err.Error(), true, "", nil)
			} else {
				short := sum.Total - sum.Complete
				l = line(fmt.Sprintf(lang.L("缺合格佐证材料的指标年度 %d 个（完整度 %.0f%%）"), short, sum.Share*100),
					short > 0, lang.L("去审核"), func() { o.u.ShowScreen("evidence") })
			}
			evLine.Objects = []fyne.CanvasObject{l}
			evLine.Refresh()
		})
	})
	return card(lang.L("申报前尚需解决"), container.NewVBox(
		line(fmt.Sprintf(lang.L("未解决的附件不一致 %d 处"), unres), unres > 0, lang.L("去处理"), func() { o.u.openCatalogTab(1, "") }),
		line(fmt.Sprintf(lang.L("考核年度缺少数据 %d 项"), missing), missing > 0, lang.L("去填报"), func() { o.u.ShowScreen("data") }),
		line(pendingText, len(pending) > 0, lang.L("录入目标"), func() {
			code := ""
			if len(pending) > 0 {
				code = pending[0].Code
			}
			o.u.openCatalogTab(0, code)
		}),
		evLine,
	))
}

// openCatalogTab shows 指标体系 on a tab (0 指标, 1 附件不一致), and an
// indicator when code is given.
func (u *UI) openCatalogTab(tab int, code string) {
	u.ShowScreen("catalog")
	s, ok := u.shell.built["catalog"].(*catalogScreen)
	if !ok {
		return
	}
	s.root.SelectIndex(tab)
	if code != "" {
		s.openIndicator(code)
	}
}

// today is the project's chosen date for milestones, or the real date.
func today(a *assess.Assessment) time.Time {
	if a.Settings.Today != "" {
		if t, err := time.Parse("2006-01-02", a.Settings.Today); err == nil {
			return t
		}
	}
	n := time.Now()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

func (o *overview) milestonesCard(a *assess.Assessment) fyne.CanvasObject {
	now := today(a)
	rows, err := evidence.MilestoneStatus(o.u.proj.Store, now)
	box := container.NewVBox()
	if err != nil {
		box.Add(widget.NewLabel(lang.L("无法读取时间节点：") + err.Error()))
	}
	who := map[string][]string{}
	for _, m := range a.Catalog.Plan.Milestones {
		who[m.ID] = m.Who
	}
	for _, t := range tallyMilestones(rows) {
		c := missingColors.fg
		switch {
		case t.Accepted == t.Expected:
			c = metColors.fg
		case t.Overdue > 0:
			c = notMetColors.fg
		case t.DaysLeft <= 14 && t.Handed < t.Expected:
			c = pendingColors.fg
		}
		state := daysText(t.DaysLeft)
		if t.Accepted == t.Expected {
			state = lang.L("全部通过")
		}
		st := canvas.NewText(state, c)
		st.TextStyle.Bold = true
		what := newWrapLabel(fmt.Sprintf("%s（%s）%s：%s", t.DueText, t.Due, whoText(a.Catalog, who[t.ID]), t.What))
		sumColor := theme.Color(theme.ColorNameForeground)
		if t.Overdue > 0 {
			sumColor = notMetColors.fg
		}
		sum := canvas.NewText(t.summary(), sumColor)
		sum.TextStyle.Bold = t.Overdue > 0
		box.Add(container.NewBorder(nil, nil,
			container.NewGridWrap(fyne.NewSize(92, st.MinSize().Height+8), container.NewPadded(st)), nil,
			container.NewVBox(what, container.New(layout.NewCustomPaddedLayout(-theme.Padding(), theme.Padding(), theme.InnerPadding(), 0), sum))))
	}
	if len(box.Objects) == 0 {
		box.Add(widget.NewLabel(lang.L("计划中没有时间节点")))
	}
	more := widget.NewButton(lang.L("登记报送情况"), func() { o.u.ShowScreen("milestones") })
	more.Importance = widget.LowImportance
	title := fmt.Sprintf(lang.L("时间节点（今天按 %s 计）"), now.Format("2006-01-02"))
	return card(title, container.NewBorder(nil, container.NewHBox(layout.NewSpacer(), more), nil, nil, box))
}

func whoText(cat *catalog.Catalog, who []string) string {
	var names []string
	for _, w := range who {
		if w == "lead" {
			names = append(names, lang.L("各牵头单位"))
			continue
		}
		if o, ok := cat.Org(w); ok {
			names = append(names, o.Name)
		} else {
			names = append(names, w)
		}
	}
	return strings.Join(names, "、")
}

func (o *overview) progressCard(a *assess.Assessment) fyne.CanvasObject {
	prog := Progress(a)
	list := widget.NewList(
		func() int { return len(prog) },
		func() fyne.CanvasObject {
			name := widget.NewLabel("文体旅新局文体旅新局")
			bar := widget.NewProgressBar()
			count := widget.NewLabel("100 / 100")
			count.Alignment = fyne.TextAlignTrailing
			// The count has a fixed width, so that every bar has the same length.
			return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(150, name.MinSize().Height), name),
				container.NewGridWrap(count.MinSize().AddWidthHeight(8, 0), count), bar)
		},
		func(id widget.ListItemID, obj fyne.CanvasObject) {
			p := prog[id]
			c := obj.(*fyne.Container)
			c.Objects[0].(*widget.ProgressBar).Max = float64(max(p.Expected, 1))
			c.Objects[0].(*widget.ProgressBar).SetValue(float64(p.Filled))
			c.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(p.Org.Name)
			c.Objects[2].(*fyne.Container).Objects[0].(*widget.Label).SetText(fmt.Sprintf("%d / %d", p.Filled, p.Expected))
		})
	list.HideSeparators = true
	years := make([]string, len(a.Settings.AssessedYears))
	for i, y := range a.Settings.AssessedYears {
		years[i] = fmt.Sprint(y)
	}
	return card(fmt.Sprintf(lang.L("各牵头单位填报进度（%s 年，已填 / 应填）"), strings.Join(years, "、")), list)
}
