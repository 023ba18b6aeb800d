package gui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/evidence"
)

// submittedColors marks a unit that has submitted and waits for the office.
var submittedColors = statusColors{color.NRGBA{0xe3, 0xee, 0xfb, 0xff}, color.NRGBA{0x0d, 0x47, 0xa1, 0xff}}

// milestoneColors maps a unit's state on a milestone to its badge colours;
// an overdue unit is red whatever its state.
func milestoneColors(r evidence.OrgMilestone) statusColors {
	if r.Overdue {
		return notMetColors
	}
	switch r.State {
	case evidence.Accepted:
		return metColors
	case evidence.Submitted:
		return submittedColors
	case evidence.Returned:
		return pendingColors
	default:
		return missingColors
	}
}

// milestoneTally sums one milestone over its responsible units.
type milestoneTally struct {
	ID, Due, DueText, What string
	DaysLeft               int
	Expected               int // responsible units
	Handed                 int // submitted or accepted
	Accepted               int
	Returned               int
	Overdue                int
	Rows                   []evidence.OrgMilestone
}

// tallyMilestones groups the per-unit rows by milestone, in due order.
func tallyMilestones(rows []evidence.OrgMilestone) []*milestoneTally {
	var out []*milestoneTally
	idx := map[string]*milestoneTally{}
	for _, r := range rows {
		t, ok := idx[r.Milestone]
		if !ok {
			t = &milestoneTally{ID: r.Milestone, Due: r.Due, DueText: catalog.DueLabel(r.DueText), What: milestoneWhat(r.What), DaysLeft: r.DaysLeft}
			idx[r.Milestone] = t
			out = append(out, t)
		}
		t.Expected++
		switch r.State {
		case evidence.Submitted:
			t.Handed++
		case evidence.Accepted:
			t.Handed++
			t.Accepted++
		case evidence.Returned:
			t.Returned++
		}
		if r.Overdue {
			t.Overdue++
		}
		t.Rows = append(t.Rows, r)
	}
	return out
}

// summary is the milestone's one-line count: 已交 12 / 应交 20,逾期 3 个单位.
func (t *milestoneTally) summary() string {
	s := fmt.Sprintf(lang.L("已交 %d / 应交 %d"), t.Handed, t.Expected)
	if t.Accepted > 0 {
		s += fmt.Sprintf(lang.L("，已通过 %d"), t.Accepted)
	}
	if t.Returned > 0 {
		s += fmt.Sprintf(lang.L("，退回 %d"), t.Returned)
	}
	if t.Overdue > 0 {
		s += fmt.Sprintf(lang.L("，逾期 %d 个单位"), t.Overdue)
	}
	return s
}

// daysText says how far the due date is: 还剩 5 天, 今天到期, 已过期 3 天.
func daysText(days int) string {
	switch {
	case days < 0:
		return fmt.Sprintf(lang.L("已过期 %d 天"), -days)
	case days == 0:
		return lang.L("今天到期")
	default:
		return fmt.Sprintf(lang.L("还剩 %d 天"), days)
	}
}

// milestonesScreen (时间节点) lists the plan's milestones on the left, with
// how many units have handed in, and the units of the selected milestone on
// the right, each with its state, how late it is and a button to change it.
type milestonesScreen struct {
	u    *UI
	root fyne.CanvasObject
	// phases shows the plan's implementation phases above the milestones.
	phases *fyne.Container

	head    *widget.Label
	onlyDue *widget.Check

	tallies []*milestoneTally
	selID   string
	rows    []evidence.OrgMilestone

	msList  *widget.List
	orgList *widget.List
	msHead  *wrapLabel
	msSum   *canvas.Text
}

func newMilestonesScreen(u *UI) Screen {
	s := &milestonesScreen{u: u}
	s.head = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.onlyDue = widget.NewCheck(lang.L("只看逾期和未交的单位"), func(bool) { s.showRows() })

	s.msList = widget.NewList(
		func() int { return len(s.tallies) },
		func() fyne.CanvasObject {
			days := canvas.NewText("已过期 20 天", missingColors.fg)
			days.TextStyle.Bold = true
			title := widget.NewLabel("5月中旬 完成佐证台帐资料的核对")
			title.Truncation = fyne.TextTruncateEllipsis
			// The summary is cut with an ellipsis when the list is narrow.
			sum := widget.NewLabel("已交 12 / 应交 20，逾期 3 个单位")
			sum.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, nil, nil,
				container.NewVBox(title, container.NewBorder(nil, nil, container.NewPadded(days), nil, sum)))
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			t := s.tallies[id]
			box := o.(*fyne.Container).Objects[0].(*fyne.Container)
			box.Objects[0].(*widget.Label).SetText(fmt.Sprintf("%s（%s）%s", t.DueText, t.Due, t.What))
			line := box.Objects[1].(*fyne.Container)
			sum := line.Objects[0].(*widget.Label) // a Border: centre first
			days := line.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			days.Text = daysText(t.DaysLeft)
			days.Color = missingColors.fg
			if t.Handed < t.Expected && t.DaysLeft <= 14 {
				days.Color = pendingColors.fg
			}
			if t.Overdue > 0 {
				days.Color = notMetColors.fg
			}
			if t.Accepted == t.Expected {
				days.Text, days.Color = lang.L("全部通过"), metColors.fg
			}
			days.Refresh()
			sum.Importance = widget.MediumImportance
			if t.Overdue > 0 {
				sum.Importance = widget.DangerImportance
			}
			sum.SetText(t.summary())
		})
	s.msList.OnSelected = func(id widget.ListItemID) {
		s.selID = s.tallies[id].ID
		s.showRows()
	}

	s.orgList = widget.NewList(
		func() int { return len(s.rows) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(missingColors.bg)
			bg.CornerRadius = 4
			t := canvas.NewText("未报送", missingColors.fg)
			t.Alignment = fyne.TextAlignCenter
			badge := container.NewGridWrap(fyne.NewSize(64, 30), container.NewStack(bg, container.NewCenter(t)))
			name := widget.NewLabelWithStyle("文体旅新局文体旅新局", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
			days := canvas.NewText("逾期 20 天", notMetColors.fg)
			days.TextStyle.Bold = true
			left := container.NewHBox(badge, container.NewGridWrap(fyne.NewSize(150, name.MinSize().Height), name),
				container.NewGridWrap(fyne.NewSize(90, name.MinSize().Height), container.NewCenter(days)))
			note := widget.NewLabel("秸秆综合利用台帐不全，退回补充")
			note.Truncation = fyne.TextTruncateEllipsis
			btn := widget.NewButtonWithIcon(lang.L("更改状态…"), theme.DocumentCreateIcon(), nil)
			return container.NewBorder(nil, nil, left, btn, note)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			r := s.rows[id]
			c := o.(*fyne.Container)
			note := c.Objects[0].(*widget.Label)
			left := c.Objects[1].(*fyne.Container)
			btn := c.Objects[2].(*widget.Button)
			col := milestoneColors(r)
			badge := left.Objects[0].(*fyne.Container).Objects[0].(*fyne.Container)
			bg := badge.Objects[0].(*canvas.Rectangle)
			bg.FillColor = col.bg
			bg.Refresh()
			t := badge.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			t.Text, t.Color = r.StateLabel, col.fg
			t.Refresh()
			left.Objects[1].(*fyne.Container).Objects[0].(*widget.Label).SetText(r.OrgName)
			days := left.Objects[2].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Text)
			switch {
			case r.Overdue:
				days.Text, days.Color = fmt.Sprintf(lang.L("逾期 %d 天"), -r.DaysLeft), notMetColors.fg
			case r.Late:
				days.Text, days.Color = lang.L("逾期报送"), pendingColors.fg
			default:
				days.Text = ""
			}
			days.Refresh()
			var parts []string
			if r.Note != "" {
				parts = append(parts, r.Note)
			}
			if r.At != "" {
				parts = append(parts, r.Actor+" "+shortTime(r.At))
			}
			note.SetText(strings.Join(parts, " · "))
			btn.OnTapped = func() { s.askState(r) }
		})
	s.orgList.OnSelected = func(id widget.ListItemID) {
		s.orgList.Unselect(id)
		s.askState(s.rows[id])
	}

	s.msHead = wrapHeading("")
	s.msSum = canvas.NewText("", theme.Color(theme.ColorNameForeground))
	s.msSum.TextStyle.Bold = true

	legend := container.NewHBox(
		legendItem(missingColors, evidence.NotStarted.Label()),
		legendItem(submittedColors, evidence.Submitted.Label()),
		legendItem(pendingColors, evidence.Returned.Label()),
		legendItem(metColors, evidence.Accepted.Label()),
		legendItem(notMetColors, lang.L("逾期")))
	top := container.NewBorder(nil, nil, nil, legend, s.head)
	right := container.NewBorder(
		container.NewVBox(s.msHead, container.NewBorder(nil, nil, nil, s.onlyDue, container.NewPadded(s.msSum)), widget.NewSeparator()),
		nil, nil, nil, s.orgList)
	split := container.NewHSplit(s.msList, container.NewPadded(right))
	split.Offset = 0.36
	s.phases = container.NewGridWithColumns(1)
	s.root = container.NewBorder(container.NewVBox(container.NewPadded(top), s.phases, widget.NewSeparator()), nil, nil, nil, split)
	s.Reload()
	return s
}

func (s *milestonesScreen) Content() fyne.CanvasObject { return s.root }

// Reload reads every unit's state again and keeps the selected milestone.
func (s *milestonesScreen) Reload() {
	now := today(s.u.proj.Assessment())
	rows, err := evidence.MilestoneStatus(s.u.proj.Store, now)
	if err != nil {
		s.u.showError(lang.L("无法读取时间节点"), err)
	}
	s.tallies = tallyMilestones(rows)
	over := len(evidence.Overdue(rows))
	h := fmt.Sprintf(lang.L("时间节点：今天按 %s 计（可在“设置”中修改）"), now.Format("2006-01-02"))
	if over > 0 {
		h += fmt.Sprintf(lang.L(" · 逾期未交 %d 个单位次"), over)
	}
	s.head.SetText(h)
	s.showPhases(s.u.proj.Assessment().Catalog.Plan.Phases, now)
	s.msList.Refresh()
	sel := -1
	for i, t := range s.tallies {
		if t.ID == s.selID {
			sel = i
		}
	}
	if sel < 0 && len(s.tallies) > 0 {
		// First show: the earliest milestone with overdue units, else the next one due.
		sel = 0
		for i, t := range s.tallies {
			if t.Overdue > 0 {
				sel = i
				break
			}
		}
		if s.tallies[sel].Overdue == 0 {
			for i, t := range s.tallies {
				if t.DaysLeft >= 0 && t.Accepted < t.Expected {
					sel = i
					break
				}
			}
		}
	}
	if sel >= 0 {
		s.selID = s.tallies[sel].ID
		s.msList.Select(sel)
	}
	s.showRows()
}

// phaseState says where today is against a phase of the plan: "已结束",
// "进行中" or "未开始" (months as YYYY-MM compare as strings).
func phaseState(p catalog.Phase, now time.Time) string {
	m := now.Format("2006-01")
	switch {
	case p.To != "" && p.To < m:
		return lang.L("已结束")
	case p.From != "" && p.From > m:
		return lang.L("未开始")
	}
	return lang.L("进行中")
}

// milestoneWhat is a milestone's task as the window shows it: full-width
// punctuation, and its year ranges with a dash as the due texts have
// ("完成2015年—2017年的三年全部37项指标…", the plan prints 2015年-2017年).
func milestoneWhat(what string) string { return catalog.DueLabel(zh(what)) }

// phaseSpan is a phase's months as a range with a dash, like the
// milestones' due texts: "2018年3—12月" within a year, "2019年1月—2020年12月"
// across years; a month it cannot read is shown as stored.
func phaseSpan(p catalog.Phase) string {
	from, errF := time.Parse("2006-01", p.From)
	to, errT := time.Parse("2006-01", p.To)
	switch {
	case errF != nil || errT != nil:
		return p.From + "—" + p.To
	case from.Year() == to.Year():
		return fmt.Sprintf(lang.L("%d年%d—%d月"), from.Year(), from.Month(), to.Month())
	}
	return fmt.Sprintf(lang.L("%d年%d月—%d年%d月"), from.Year(), from.Month(), to.Year(), to.Month())
}

// showPhases shows the plan's implementation phases (实施步骤) in one row
// above the milestones, the phases under way in bold.
func (s *milestonesScreen) showPhases(phases []catalog.Phase, now time.Time) {
	s.phases.Objects = nil
	if len(phases) == 0 {
		s.phases.Hide()
		return
	}
	s.phases.Layout = layout.NewGridLayoutWithColumns(len(phases))
	for _, p := range phases {
		state := phaseState(p, now)
		name := widget.NewLabel(fmt.Sprintf("%s、%s", catalog.ChineseNumber(p.No), p.Name))
		name.Truncation = fyne.TextTruncateEllipsis
		when := widget.NewLabel(phaseSpan(p) + " · " + state)
		when.Truncation = fyne.TextTruncateEllipsis
		when.SizeName = theme.SizeNameCaptionText
		switch state {
		case lang.L("进行中"):
			name.TextStyle.Bold = true
			name.Importance = widget.HighImportance
			when.Importance = widget.HighImportance
		}
		s.phases.Add(container.NewVBox(name, when))
	}
	s.phases.Show()
	s.phases.Refresh()
}

func (s *milestonesScreen) selected() *milestoneTally {
	for _, t := range s.tallies {
		if t.ID == s.selID {
			return t
		}
	}
	return nil
}

// showRows lists the units of the selected milestone.
func (s *milestonesScreen) showRows() {
	t := s.selected()
	s.rows = nil
	if t == nil {
		s.msHead.SetText(lang.L("计划中没有时间节点"))
		s.msSum.Text = ""
		s.msSum.Refresh()
		s.orgList.Refresh()
		return
	}
	s.msHead.SetText(fmt.Sprintf("%s（%s）：%s", t.DueText, t.Due, t.What))
	s.msSum.Text = daysText(t.DaysLeft) + " · " + t.summary()
	s.msSum.Color = theme.Color(theme.ColorNameForeground)
	if t.Overdue > 0 {
		s.msSum.Color = notMetColors.fg
	}
	s.msSum.Refresh()
	for _, r := range t.Rows {
		if s.onlyDue.Checked && (r.State == evidence.Submitted || r.State == evidence.Accepted) {
			continue
		}
		s.rows = append(s.rows, r)
	}
	s.orgList.Refresh()
	s.orgList.ScrollToTop()
}

// askState asks for a unit's new state on a milestone, with a note.
func (s *milestonesScreen) askState(r evidence.OrgMilestone) {
	s.askStateWith(r, "", r.Note, today(s.u.proj.Assessment()).Format("2006-01-02"))
}

func (s *milestonesScreen) askStateWith(r evidence.OrgMilestone, state evidence.MilestoneState, note, date string) {
	var labels []string
	for _, st := range evidence.MilestoneStates {
		labels = append(labels, st.Label())
	}
	radio := widget.NewRadioGroup(labels, nil)
	radio.Horizontal = true
	radio.Required = true
	if state == "" {
		// Suggest the next step: 未报送/已退回 → 已报送 → 已通过.
		switch r.State {
		case evidence.NotStarted, evidence.Returned:
			state = evidence.Submitted
		case evidence.Submitted:
			state = evidence.Accepted
		default:
			state = r.State
		}
	}
	radio.SetSelected(state.Label())
	entry := newMultiLineEntry()
	entry.SetMinRowsVisible(3)
	entry.Wrapping = fyne.TextWrapWord
	entry.SetPlaceHolder(lang.L("如：退回原因、报送方式、份数（可不填）"))
	entry.SetText(note)
	cur := widget.NewLabel(fmt.Sprintf(lang.L("当前：%s"), r.StateLabel))
	day := newEntry()
	day.SetText(date)
	day.SetPlaceHolder("2018-05-10")
	day.Validator = func(v string) error {
		if _, err := parseDay(v); err != nil {
			return err
		}
		return nil
	}
	d := dialog.NewForm(fmt.Sprintf(lang.L("%s · %s %s"), r.OrgName, catalog.DueLabel(r.DueText), shorten(milestoneWhat(r.What), 24)), lang.L("保存"), lang.L("取消"),
		[]*widget.FormItem{
			widget.NewFormItem(lang.L("单位"), cur),
			widget.NewFormItem(lang.L("新状态"), radio),
			widget.NewFormItem(lang.L("日期"), day),
			widget.NewFormItem(lang.L("说明"), entry),
		}, func(ok bool) {
			if !ok {
				return
			}
			i := indexOf(labels, radio.Selected)
			if i < 0 {
				return
			}
			s.setState(r, evidence.MilestoneStates[i], strings.TrimSpace(entry.Text), strings.TrimSpace(day.Text))
		}, s.u.win)
	d.Resize(fyne.NewSize(620, 380))
	d.Show()
}

// setState records the state; on an error the dialog comes back with what
// was chosen and typed.
func (s *milestonesScreen) setState(r evidence.OrgMilestone, st evidence.MilestoneState, note, date string) {
	s.selID = r.Milestone
	s.u.work(lang.L("正在保存节点状态…"), func() error {
		on, err := parseDay(date)
		if err != nil {
			return err
		}
		if err := evidence.SetMilestoneOn(s.u.proj.Store, r.Milestone, r.Org, st, on, s.u.actor(), note); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.askStateWith(r, st, note, date)
			s.u.showError(lang.L("节点状态未保存"), err)
			return
		}
		s.u.changed()
	})
}

// shorten cuts a text to n characters with an ellipsis.
func shorten(text string, n int) string {
	r := []rune(text)
	if len(r) <= n {
		return text
	}
	return string(r[:n]) + "…"
}

// parseDay reads a date typed as 2018-05-10 (local time).
func parseDay(v string) (time.Time, error) {
	t, err := time.ParseInLocation("2006-01-02", strings.TrimSpace(v), time.Local)
	if err != nil {
		return time.Time{}, fmt.Errorf(lang.L("日期「%s」应写成 2018-05-10 的形式"), strings.TrimSpace(v))
	}
	return t, nil
}
