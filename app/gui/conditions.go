package gui

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/store"
)

// conditionsPanel (基本条件, a tab of 报告) lists the prerequisites of the
// application with the office's judgement, explanation and evidence, as the
// 创建工作报告 prints them, and records a new judgement (every one is kept).
type conditionsPanel struct {
	u     *UI
	box   *fyne.Container
	head  *wrapLabel
	conds []store.Condition
}

func newConditionsPanel(u *UI) *conditionsPanel {
	p := &conditionsPanel{u: u, box: container.NewVBox()}
	p.head = newWrapLabel("")
	return p
}

// content is the panel's tab content.
func (p *conditionsPanel) content() fyne.CanvasObject {
	return container.NewBorder(container.NewVBox(heading(lang.L("申报基本条件")), p.head, widget.NewSeparator()), nil, nil, nil,
		container.NewVScroll(p.box))
}

// reload reads the conditions again and redraws the list.
func (p *conditionsPanel) reload() {
	p.box.RemoveAll()
	conds, err := p.u.proj.Store.Conditions()
	if err != nil {
		p.head.SetText(err.Error())
		return
	}
	p.conds = conds
	counts := map[store.ConditionState]int{}
	for _, c := range conds {
		counts[c.State]++
		p.box.Add(p.row(c))
	}
	p.head.SetText(fmt.Sprintf(lang.L("共 %d 项：满足 %d，不满足 %d，待确认 %d。核实后点「核实…」记录结论、情况说明和佐证材料，创建工作报告中的基本条件表随之更新。"),
		len(conds), counts[store.ConditionMet], counts[store.ConditionNotMet], counts[store.ConditionUnconfirmed]))
}

// row shows one condition with its judgement and the button that changes it.
func (p *conditionsPanel) row(c store.Condition) fyne.CanvasObject {
	state := widget.NewLabelWithStyle(c.State.Label(), fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	switch c.State {
	case store.ConditionMet:
		state.Importance = widget.SuccessImportance
	case store.ConditionNotMet:
		state.Importance = widget.DangerImportance
	default:
		state.Importance = widget.WarningImportance
	}
	lines := []string{fmt.Sprintf("%s．%s", c.Key, c.Title)}
	if c.Note != "" {
		lines = append(lines, lang.L("情况说明：")+c.Note)
	}
	if len(c.Evidence) > 0 {
		lines = append(lines, lang.L("佐证材料：")+idList(c.Evidence))
	}
	if c.At != "" {
		lines = append(lines, c.Actor+" "+shortTime(c.At))
	}
	text := newWrapLabel(strings.Join(lines, "\n"))
	btn := widget.NewButtonWithIcon(lang.L("核实…"), theme.DocumentCreateIcon(), func() { p.ask(c, c) })
	return container.NewVBox(container.NewBorder(nil, nil,
		container.NewGridWrap(fyne.NewSize(72, state.MinSize().Height), state), container.NewVBox(btn), text),
		widget.NewSeparator())
}

// idList writes evidence item numbers as the form reads them.
func idList(ids []int64) string {
	var s []string
	for _, id := range ids {
		s = append(s, strconv.FormatInt(id, 10))
	}
	return strings.Join(s, "、")
}

// parseIDs reads evidence item numbers separated by 、，, or spaces.
func parseIDs(s string) ([]int64, error) {
	ids := []int64{}
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == '、' || r == ' ' || r == '；' }) {
		id, err := strconv.ParseInt(strings.TrimPrefix(f, "#"), 10, 64)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf(lang.L("佐证材料编号「%s」无效，应为「佐证材料」中的编号，多个用顿号分隔（如 3、12）"), f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// ask shows the judgement form of condition c filled with shown (what was
// typed, after an error).
func (p *conditionsPanel) ask(c, shown store.Condition) {
	labels := []string{store.ConditionMet.Label(), store.ConditionNotMet.Label(), store.ConditionUnconfirmed.Label()}
	states := []store.ConditionState{store.ConditionMet, store.ConditionNotMet, store.ConditionUnconfirmed}
	radio := widget.NewRadioGroup(labels, nil)
	radio.Horizontal = true
	radio.Required = true
	radio.SetSelected(shown.State.Label())
	note := newMultiLineEntry()
	note.Wrapping = fyne.TextWrapWord
	note.SetMinRowsVisible(4)
	note.SetPlaceHolder(lang.L("核实情况，如 已印发《生态文明建设规划》并经区人大常委会审议通过"))
	note.SetText(shown.Note)
	ev := newEntry()
	ev.SetPlaceHolder(lang.L("佐证材料编号，多个用顿号分隔，如 3、12"))
	ev.SetText(idList(shown.Evidence))
	title := newWrapLabel(fmt.Sprintf("%s．%s", c.Key, c.Title))
	d := dialog.NewForm(fmt.Sprintf(lang.L("核实基本条件 %s"), c.Key), lang.L("保存"), lang.L("取消"),
		[]*widget.FormItem{
			widget.NewFormItem(lang.L("条件"), title),
			widget.NewFormItem(lang.L("结论"), radio),
			widget.NewFormItem(lang.L("情况说明"), note),
			widget.NewFormItem(lang.L("佐证材料"), ev),
		}, func(ok bool) {
			if !ok {
				return
			}
			next := c
			if i := indexOf(labels, radio.Selected); i >= 0 {
				next.State = states[i]
			}
			next.Note = strings.TrimSpace(note.Text)
			ids, err := parseIDs(ev.Text)
			if err != nil {
				next.Evidence = shown.Evidence
				p.ask(c, next)
				p.u.showError(lang.L("基本条件未保存"), err)
				return
			}
			next.Evidence = ids
			p.save(c, next)
		}, p.u.win)
	d.Resize(fyne.NewSize(640, 420))
	d.Show()
}

// save records the judgement; on an error the form comes back with it.
func (p *conditionsPanel) save(c, next store.Condition) {
	next.Actor, next.Origin = p.u.actor(), "gui"
	p.u.work(lang.L("正在保存…"), func() error {
		return p.u.proj.Store.SetCondition(context.Background(), next)
	}, func(err error) {
		if err != nil {
			p.ask(c, next)
			p.u.showError(lang.L("基本条件未保存"), err)
			return
		}
		p.u.changed() // reloads the 报告 screen, this panel with it
	})
}
