package gui

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/catalog"
	"ecoreport/app/store"
	"ecoreport/report/narrative"
)

// narrativesScreen edits and reviews the per-indicator texts (主要措施,
// 主要成效, 存在问题): the list of indicators with where each text stands, an
// editor with a live preview of the placeholders, and the review buttons
// (合格 / 需补充 with the reviewer's words, which go to the 问题反馈单).
type narrativesScreen struct {
	u    *UI
	root fyne.CanvasObject

	inds  []*catalog.Indicator
	code  string
	field store.NarrativeField
	quiet bool

	list     *widget.List
	fields   *widget.RadioGroup
	title    *widget.Label
	task     *wrapLabel
	state    *widget.Label
	editor   *widget.Entry
	check    *wrapLabel
	preview  *wrapLabel
	feedback *widget.Entry
	saveBtn  *widget.Button
	okBtn    *widget.Button
	moreBtn  *widget.Button
}

func newNarrativesScreen(u *UI) Screen {
	s := &narrativesScreen{u: u, field: store.Measures}
	s.list = widget.NewList(
		func() int { return len(s.inds) },
		func() fyne.CanvasObject {
			l := widget.NewLabel("37 公众对生态文明建设的满意度（措施需补充，成效需补充）")
			l.Truncation = fyne.TextTruncateEllipsis
			return l
		},
		func(id widget.ListItemID, o fyne.CanvasObject) { o.(*widget.Label).SetText(s.rowText(s.inds[id])) })
	s.list.OnSelected = func(id widget.ListItemID) { s.show(s.inds[id].Code) }
	var labels []string
	for _, f := range store.NarrativeFields {
		labels = append(labels, f.Label())
	}
	s.fields = widget.NewRadioGroup(labels, func(v string) {
		if f, err := store.ParseNarrativeField(v); err == nil && f != s.field {
			s.field = f
			s.showText()
		}
	})
	s.fields.Horizontal = true
	s.fields.SetSelected(store.Measures.Label())
	s.title = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.task = newWrapLabel("")
	s.state = widget.NewLabel("")
	s.editor = widget.NewMultiLineEntry()
	s.editor.Wrapping = fyne.TextWrapWord
	s.editor.SetMinRowsVisible(8)
	s.editor.OnChanged = func(string) {
		if !s.quiet {
			s.liveCheck()
		}
	}
	s.check = newWrapLabel("")
	s.preview = newWrapLabel("")
	s.feedback = widget.NewEntry()
	s.feedback.SetPlaceHolder(lang.L("审核意见（需补充时必填，将写入问题反馈单）"))
	s.saveBtn = widget.NewButton(lang.L("保存文字"), s.save)
	s.saveBtn.Importance = widget.HighImportance
	s.okBtn = widget.NewButton(lang.L("审核：合格"), func() { s.review(store.NarrativeAccepted) })
	s.moreBtn = widget.NewButton(lang.L("审核：需补充"), func() { s.review(store.NarrativeNeedsMore) })

	right := container.NewVBox(s.title, s.fields, widget.NewLabelWithStyle(lang.L("任务分解书要求"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.task, s.state, s.editor, s.check, container.NewHBox(s.saveBtn),
		widget.NewSeparator(), widget.NewLabelWithStyle(lang.L("预览（占位符已替换为数据）"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		s.preview, widget.NewSeparator(), s.feedback, container.NewHBox(s.okBtn, s.moreBtn))
	split := container.NewHSplit(s.list, container.NewVScroll(container.NewPadded(right)))
	split.Offset = 0.3
	s.root = split
	s.Reload()
	return s
}

func (s *narrativesScreen) Content() fyne.CanvasObject { return s.root }

// Reload lists the indicators again and shows the current one.
func (s *narrativesScreen) Reload() {
	a := s.u.proj.Assessment()
	s.inds = s.inds[:0]
	for i := range a.Catalog.Indicators {
		s.inds = append(s.inds, &a.Catalog.Indicators[i])
	}
	s.list.Refresh()
	if s.code == "" && len(s.inds) > 0 {
		s.code = s.inds[0].Code
	}
	s.show(s.code)
}

// rowText is an indicator's line in the list: where its two required texts stand.
func (s *narrativesScreen) rowText(ind *catalog.Indicator) string {
	a := s.u.proj.Assessment()
	var st []string
	for _, f := range []store.NarrativeField{store.Measures, store.Results} {
		if n, ok := a.Narrative(ind.Code, f); ok {
			st = append(st, n.State.Label())
		} else {
			st = append(st, lang.L("未填"))
		}
	}
	// "1 生态文明建设规划（措施合格，成效待审）": full-width, and says
	// which text is which.
	return fmt.Sprintf(lang.L("%s %s（措施%s，成效%s）"), ind.Code, zh(ind.Name), st[0], st[1])
}

// show selects an indicator.
func (s *narrativesScreen) show(code string) {
	a := s.u.proj.Assessment()
	ind, ok := a.Catalog.Indicator(code)
	if !ok {
		return
	}
	s.code = code
	s.title.SetText(fmt.Sprintf(lang.L("%s %s（牵头单位：%s）"), ind.Code, zh(ind.Name), a.Catalog.OrgNames(ind.Leads())))
	s.task.SetText(ind.TaskText)
	s.showText()
}

// showText puts the selected field's current text into the editor.
func (s *narrativesScreen) showText() {
	a := s.u.proj.Assessment()
	n, ok := a.Narrative(s.code, s.field)
	s.quiet = true
	if ok {
		s.editor.SetText(n.Text)
		st := fmt.Sprintf(lang.L("状态：%s；最近修改：%s，%s"), n.State.Label(), n.Actor, shortAt(n.At))
		if n.Feedback != "" && n.State != store.NarrativeAccepted {
			st += "\n" + lang.L("审核意见：") + n.Feedback
		}
		s.state.SetText(st)
	} else {
		s.editor.SetText("")
		s.state.SetText(lang.L("状态：尚未填写（报告中显示“（待补充）”）"))
	}
	s.quiet = false
	s.feedback.SetText("")
	if ok {
		s.okBtn.Enable()
		s.moreBtn.Enable()
	} else {
		s.okBtn.Disable()
		s.moreBtn.Disable()
	}
	s.liveCheck()
}

// liveCheck checks the text being edited against the data and previews it.
func (s *narrativesScreen) liveCheck() {
	text := s.editor.Text
	a := s.u.proj.Assessment()
	if err := narrative.CheckText(a, s.code, s.field, text); err != nil {
		s.check.Importance = widget.DangerImportance
		s.check.SetText(err.Error())
		s.saveBtn.Disable()
		return
	}
	out, err := narrative.Preview(a, s.code, s.field, text)
	if err != nil {
		s.check.Importance = widget.DangerImportance
		s.check.SetText(err.Error())
		s.saveBtn.Disable()
		return
	}
	s.check.Importance = widget.SuccessImportance
	s.check.SetText(fmt.Sprintf(lang.L("√ 检查通过：%d 字（上限 %d 字），占位符均可识别。"), utf8.RuneCountInString(strings.TrimSpace(text)), store.MaxNarrativeChars))
	s.saveBtn.Enable()
	s.preview.SetText(strings.Join(narrative.Paragraphs(out), "\n\n"))
}

// save records the edited text as a new version (待审 until reviewed).
func (s *narrativesScreen) save() {
	n := store.Narrative{Code: s.code, Field: s.field, Text: s.editor.Text,
		Provenance: store.Provenance{Actor: s.u.actor(), Origin: "gui"}}
	if err := s.u.proj.Store.SetNarrative(context.Background(), n); err != nil {
		s.u.showError(lang.L("保存文字"), err)
		return
	}
	s.reloadProject()
}

// review records the office's review of the current text.
func (s *narrativesScreen) review(state store.NarrativeState) {
	if err := s.u.proj.Store.ReviewNarrative(s.code, s.field, state, s.feedback.Text, s.u.actor()); err != nil {
		s.u.showError(lang.L("审核文字"), err)
		return
	}
	s.reloadProject()
}

func (s *narrativesScreen) reloadProject() {
	if err := s.u.proj.Reload(); err != nil {
		s.u.showError(lang.L("读取项目"), err)
		return
	}
	s.u.changed()
}

func shortAt(at string) string {
	if len(at) >= 16 {
		return strings.Replace(at[:16], "T", " ", 1)
	}
	return at
}
