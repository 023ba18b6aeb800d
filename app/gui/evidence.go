package gui

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"ecoreport/app/evidence"
	"ecoreport/app/store"
)

// stateColors maps a review state to the colours of its badge.
func stateColors(st evidence.State) statusColors {
	switch st {
	case evidence.StateAccepted:
		return metColors
	case evidence.StateNeedsMore:
		return notMetColors
	case evidence.StateRevised:
		return pendingColors
	default:
		return missingColors
	}
}

// evidenceScreen (佐证材料) is the evidence ledger: the completeness summary
// on top, filters, the list of items with their review state, and the
// selected item's details, attachments, review buttons and history.
type evidenceScreen struct {
	u    *UI
	root fyne.CanvasObject

	// listGen counts list requests; an older answer is dropped.
	listGen int

	summary *widget.Label
	missing *wrapLabel

	indSel, yearSel, orgSel, stateSel *widget.Select
	quiet                             bool

	list    *widget.List
	items   []evidence.Item
	selID   int64
	details *fyne.Container

	// indicator codes, years and organisation IDs behind the select options
	indCodes []string
	years    []int
	orgIDs   []string
}

func newEvidenceScreen(u *UI) Screen {
	s := &evidenceScreen{u: u}
	s.summary = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.missing = newWrapLabel("")
	s.missing.Truncation = fyne.TextTruncateOff

	onChange := func(string) {
		if !s.quiet {
			s.refreshList()
		}
	}
	s.indSel = newSelect(nil, onChange)
	s.yearSel = newSelect(nil, onChange)
	s.orgSel = newSelect(nil, onChange)
	s.stateSel = newSelect(nil, onChange)

	s.list = widget.NewList(
		func() int { return len(s.items) },
		func() fyne.CanvasObject {
			bg := canvas.NewRectangle(missingColors.bg)
			bg.CornerRadius = 4
			t := canvas.NewText("需补充", missingColors.fg)
			t.Alignment = fyne.TextAlignCenter
			badge := container.NewGridWrap(fyne.NewSize(58, 30), container.NewStack(bg, container.NewCenter(t)))
			title := widget.NewLabel("关于印发生态文明建设规划的通知")
			title.Truncation = fyne.TextTruncateEllipsis
			return container.NewBorder(nil, nil, badge, nil, title)
		},
		func(id widget.ListItemID, o fyne.CanvasObject) {
			it := s.items[id]
			c := o.(*fyne.Container)
			title := c.Objects[0].(*widget.Label)
			badge := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container)
			col := stateColors(it.State)
			bg := badge.Objects[0].(*canvas.Rectangle)
			bg.FillColor = col.bg
			bg.Refresh()
			t := badge.Objects[1].(*fyne.Container).Objects[0].(*canvas.Text)
			t.Text = it.StateLabel
			t.Color = col.fg
			t.Refresh()
			clip := ""
			if len(it.Attachments) > 0 {
				clip = fmt.Sprintf(lang.L("（附件 %d）"), len(it.Attachments))
			}
			title.SetText(zh(fmt.Sprintf("%s · %s · %s%s", it.Indicator, it.YearLabel(), it.Title, clip)))
		})
	s.list.OnSelected = func(id widget.ListItemID) {
		s.selID = s.items[id].ID
		s.showDetails()
	}
	s.list.OnUnselected = func(widget.ListItemID) {}

	add := widget.NewButtonWithIcon(lang.L("登记佐证材料…"), theme.ContentAddIcon(), s.addItem)
	add.Importance = widget.HighImportance
	filters := container.NewHBox(
		widget.NewLabel(lang.L("指标")), container.NewGridWrap(fyne.NewSize(220, s.indSel.MinSize().Height), s.indSel),
		widget.NewLabel(lang.L("年度")), container.NewGridWrap(fyne.NewSize(110, s.yearSel.MinSize().Height), s.yearSel),
		widget.NewLabel(lang.L("单位")), container.NewGridWrap(fyne.NewSize(170, s.orgSel.MinSize().Height), s.orgSel),
		widget.NewLabel(lang.L("状态")), container.NewGridWrap(fyne.NewSize(100, s.stateSel.MinSize().Height), s.stateSel),
	)
	legend := container.NewHBox(
		legendItem(stateColors(evidence.StatePending), evidence.StatePending.Label()),
		legendItem(stateColors(evidence.StateAccepted), evidence.StateAccepted.Label()),
		legendItem(stateColors(evidence.StateNeedsMore), evidence.StateNeedsMore.Label()),
		legendItem(stateColors(evidence.StateRevised), evidence.StateRevised.Label()))
	top := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(add), container.NewVBox(s.summary, s.missing)),
		widget.NewSeparator(),
		// In a narrow window the legend (the badges name the states
		// anyway) scrolls off, not the last filter.
		container.NewHScroll(container.NewBorder(nil, nil, nil, legend, filters)),
	)
	s.details = container.NewVBox()
	detailScroll := container.NewVScroll(container.NewPadded(s.details))
	split := container.NewHSplit(s.list, detailScroll)
	split.Offset = 0.5
	s.root = container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
	s.Reload()
	return s
}

func (s *evidenceScreen) Content() fyne.CanvasObject { return s.root }

// Reload rebuilds the filter options, the summary and the list.
func (s *evidenceScreen) Reload() {
	a := s.u.proj.Assessment()
	s.quiet = true
	all := lang.L("全部")
	indOpts := []string{all}
	s.indCodes = []string{""}
	for _, ind := range a.Catalog.All() {
		indOpts = append(indOpts, ind.Code+" "+ind.Name)
		s.indCodes = append(s.indCodes, ind.Code)
	}
	yearOpts := []string{all}
	s.years = []int{0}
	for _, y := range a.Settings.AssessedYears {
		yearOpts = append(yearOpts, fmt.Sprintf("%d年", y))
		s.years = append(s.years, y)
	}
	orgOpts := []string{all}
	s.orgIDs = []string{""}
	for _, o := range a.Catalog.Organisations {
		orgOpts = append(orgOpts, o.Name)
		s.orgIDs = append(s.orgIDs, o.ID)
	}
	stateOpts := []string{all}
	for _, st := range evidence.States {
		stateOpts = append(stateOpts, st.Label())
	}
	keep := func(sel *widget.Select, opts []string) {
		cur := sel.Selected
		sel.SetOptions(opts)
		if cur == "" || indexOf(opts, cur) < 0 {
			cur = all
		}
		sel.SetSelected(cur)
	}
	keep(s.indSel, indOpts)
	keep(s.yearSel, yearOpts)
	keep(s.orgSel, orgOpts)
	keep(s.stateSel, stateOpts)
	s.quiet = false
	s.refreshSummary()
	s.refreshList()
}

func indexOf(list []string, v string) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

// refreshSummary reads the completeness off the UI thread.
func (s *evidenceScreen) refreshSummary() {
	s.u.bg(func() {
		sum, err := evidence.Completeness(s.u.proj.Store)
		fyne.Do(func() { s.showSummary(sum, err) })
	})
}

func (s *evidenceScreen) showSummary(sum *evidence.Summary, err error) {
	if err != nil {
		s.summary.SetText(lang.L("无法计算佐证材料完整度：") + err.Error())
		s.missing.SetText("")
		return
	}
	s.summary.SetText(fmt.Sprintf(lang.L("佐证材料完整度 %d/%d 个指标年度（%.0f%%）· 待审 %d · 合格 %d · 需补充 %d · 已整改 %d"),
		sum.Complete, sum.Total, sum.Share*100,
		sum.States[evidence.StatePending], sum.States[evidence.StateAccepted],
		sum.States[evidence.StateNeedsMore], sum.States[evidence.StateRevised]))
	var parts []string
	for _, o := range sum.ByOrg {
		if n := len(o.Missing); n > 0 {
			parts = append(parts, fmt.Sprintf(lang.L("%s缺 %d"), o.Name, n))
		}
	}
	if len(parts) == 0 {
		s.missing.SetText(lang.L("各牵头单位的佐证材料均已齐全。"))
		return
	}
	s.missing.SetText(lang.L("尚缺合格材料：") + strings.Join(parts, "；"))
}

// filter returns the filter the selects say.
func (s *evidenceScreen) filter() evidence.Filter {
	f := evidence.Filter{}
	if i := s.indSel.SelectedIndex(); i > 0 {
		f.Indicator = s.indCodes[i]
	}
	if i := s.yearSel.SelectedIndex(); i > 0 {
		f.Year = s.years[i]
		f.SpanningToo = true
	}
	if i := s.orgSel.SelectedIndex(); i > 0 {
		f.Org = s.orgIDs[i]
	}
	if i := s.stateSel.SelectedIndex(); i > 0 {
		f.State = evidence.States[i-1]
	}
	return f
}

// refreshList reads the items the filters select off the UI thread; only
// the answer to the latest request is shown.
func (s *evidenceScreen) refreshList() {
	s.listGen++
	gen, f := s.listGen, s.filter()
	s.u.bg(func() {
		items, err := evidence.List(s.u.proj.Store, f)
		fyne.Do(func() {
			if gen == s.listGen {
				s.showList(items, err)
			}
		})
	})
}

func (s *evidenceScreen) showList(items []evidence.Item, err error) {
	if err != nil {
		s.u.showError(lang.L("无法读取佐证材料"), err)
		items = nil
	}
	s.items = items
	s.list.UnselectAll()
	s.list.Refresh()
	for i, it := range s.items {
		if it.ID == s.selID {
			s.list.Select(i)
			return
		}
	}
	s.selID = 0
	if len(s.items) > 0 {
		s.list.Select(0) // shows the first item's details
		s.list.ScrollToTop()
		return
	}
	s.showDetails()
}

func (s *evidenceScreen) selected() (evidence.Item, bool) {
	for _, it := range s.items {
		if it.ID == s.selID {
			return it, true
		}
	}
	return evidence.Item{}, false
}

func evField(label, value string) fyne.CanvasObject {
	if value == "" {
		value = "—"
	}
	v := newWrapLabel(value)
	return container.NewBorder(nil, nil, container.NewGridWrap(fyne.NewSize(80, 36), widget.NewLabelWithStyle(label, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})), nil, v)
}

// showDetails draws the selected item: fields, state, attachments, review
// buttons and history.
func (s *evidenceScreen) showDetails() {
	s.details.RemoveAll()
	it, ok := s.selected()
	if !ok {
		msg := lang.L("在左侧选择一条佐证材料，查看详情、附件并审核。")
		if len(s.items) == 0 {
			msg = lang.L("这里还没有佐证材料（或没有符合筛选条件的）。点击右上角“登记佐证材料…”登记第一份，或在“导入导出”中导入各单位报回的填报表。")
		}
		hint := newWrapLabel(msg)
		s.details.Add(hint)
		return
	}
	a := s.u.proj.Assessment()
	name := it.Indicator
	if ind, ok := a.Catalog.Indicator(it.Indicator); ok {
		name = ind.Code + " " + zh(ind.Name)
	}
	org := it.Org
	if o, ok := a.Catalog.Org(it.Org); ok {
		org = o.Name
	}
	title := wrapHeading(it.Title)
	s.details.Add(title)
	edit := widget.NewButtonWithIcon(lang.L("修改…"), theme.DocumentCreateIcon(), func() { s.editItem(it) })
	del := widget.NewButtonWithIcon(lang.L("删除…"), theme.DeleteIcon(), func() { s.askDelete(it, "") })
	del.Importance = widget.DangerImportance
	col := stateColors(it.State)
	s.details.Add(container.NewBorder(nil, nil, legendItem(col, it.StateLabel), container.NewHBox(edit, del)))
	// Review first, where it is seen without scrolling.
	next := evidence.Next(it.State)
	if len(next) == 0 {
		s.details.Add(widget.NewLabel(lang.L("当前状态下无可用的审核操作。")))
	}
	var btns []fyne.CanvasObject
	for _, to := range next {
		to := to
		b := widget.NewButton(to.Label(), func() { s.askReview(it, to) })
		switch to {
		case evidence.StateAccepted:
			b.Importance = widget.SuccessImportance
		case evidence.StateNeedsMore:
			b.Importance = widget.DangerImportance
		}
		btns = append(btns, b)
	}
	s.details.Add(container.NewHBox(btns...))

	pages := ""
	if it.Pages > 0 {
		pages = strconv.Itoa(it.Pages)
	}
	s.details.Add(evField(lang.L("指标"), name))
	s.details.Add(evField(lang.L("年度"), it.YearLabel()))
	s.details.Add(evField(lang.L("文号"), it.DocNumber))
	s.details.Add(evField(lang.L("发文单位"), it.Issuer))
	s.details.Add(evField(lang.L("日期"), it.IssuedOn))
	s.details.Add(evField(lang.L("页数"), pages))
	s.details.Add(evField(lang.L("报送单位"), org))
	if it.Feedback != "" && (it.State == evidence.StateNeedsMore || it.State == evidence.StateRevised) {
		// Once passed, the old feedback is only in the history.
		s.details.Add(evField(lang.L("反馈意见"), it.Feedback))
	}
	if it.ReviewedBy != "" {
		s.details.Add(evField(lang.L("审核"), it.ReviewedBy+" "+shortTime(it.ReviewedAt)))
	}

	// Attachments.
	s.details.Add(widget.NewSeparator())
	s.details.Add(widget.NewLabelWithStyle(lang.L("附件"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	if len(it.Attachments) == 0 {
		s.details.Add(widget.NewLabel(lang.L("（无附件）")))
	}
	figures := map[int64]string{} // attachment → caption, for pictures used in the report
	if fs, err := evidence.Figures(s.u.proj.Store); err == nil {
		for _, f := range fs {
			figures[f.Attachment] = f.Caption
		}
	}
	for _, at := range it.Attachments {
		at := at
		open := widget.NewButtonWithIcon(lang.L("打开"), theme.FileIcon(), func() { s.openAttachment(at) })
		save := widget.NewButtonWithIcon(lang.L("导出…"), theme.DownloadIcon(), func() { s.exportAttachment(at) })
		remove := widget.NewButtonWithIcon(lang.L("移除…"), theme.ContentRemoveIcon(), func() { s.askDetach(at, "") })
		// A long name is cut short, its size never.
		l := widget.NewLabel(at.Name)
		l.Truncation = fyne.TextTruncateEllipsis
		size := widget.NewLabel(fmt.Sprintf("（%s）", humanSize(at.Size)))
		s.details.Add(container.NewBorder(nil, nil, nil, container.NewHBox(size, open, save, remove), l))
		if at.Mime == evidence.MimePNG || at.Mime == evidence.MimeJPEG {
			s.details.Add(s.figureRow(at, figures))
		}
	}
	s.details.Add(widget.NewButtonWithIcon(lang.L("添加附件…"), theme.ContentAddIcon(), func() { s.attach(it.ID) }))

	// History.
	s.details.Add(widget.NewSeparator())
	s.details.Add(widget.NewLabelWithStyle(lang.L("历史记录"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
	evs, err := evidence.History(s.u.proj.Store, it.ID)
	if err != nil {
		s.details.Add(widget.NewLabel(err.Error()))
	}
	for i := len(evs) - 1; i >= 0; i-- {
		ev := evs[i]
		l := newWrapLabel(fmt.Sprintf("%s %s：%s", shortTime(ev.At), ev.Actor, ev.Describe()))
		s.details.Add(l)
	}
}

func humanSize(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	default:
		return fmt.Sprintf("%d 字节", n)
	}
}

// askReview asks for the feedback text (required for 需补充) and records
// the decision.
func (s *evidenceScreen) askReview(it evidence.Item, to evidence.State) {
	text := newMultiLineEntry()
	text.SetMinRowsVisible(4)
	text.Wrapping = fyne.TextWrapWord
	label := lang.L("说明（可选）")
	if to == evidence.StateNeedsMore {
		label = lang.L("反馈意见（必填）")
		text.SetPlaceHolder(lang.L("逐条写明需补充的内容，如：缺少盖章页；请补充2017年度数据。"))
		text.Validator = func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("%s", lang.L("请填写需补充的内容"))
			}
			return nil
		}
	}
	d := dialog.NewForm(fmt.Sprintf(lang.L("审核为「%s」：%s"), to.Label(), it.Title), lang.L("确定"), lang.L("取消"),
		[]*widget.FormItem{widget.NewFormItem(label, text)}, func(ok bool) {
			if ok {
				s.review(it.ID, to, strings.TrimSpace(text.Text))
			}
		}, s.u.win)
	d.Resize(fyne.NewSize(560, 300))
	d.Show()
}

// review records a review decision.
func (s *evidenceScreen) review(id int64, to evidence.State, text string) {
	s.selID = id
	s.u.work(lang.L("正在保存审核结果…"), func() error {
		if err := evidence.Review(s.u.proj.Store, id, to, text, s.u.actor()); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("审核未保存"), err)
			return
		}
		s.u.changed()
	})
}

// openAttachment writes the attachment to a temporary folder and opens it
// with the system's viewer.
func (s *evidenceScreen) openAttachment(at evidence.Attachment) {
	var path string
	s.u.work(lang.L("正在打开附件…"), func() error {
		dir, err := os.MkdirTemp("", "ecoreport-evidence-")
		if err != nil {
			return err
		}
		path, err = evidence.Export(s.u.proj.Store, at.ID, dir)
		return err
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("无法打开附件"), err)
			return
		}
		s.u.openPath(path)
	})
}

// exportAttachment saves the attachment into a folder the user picks.
func (s *evidenceScreen) exportAttachment(at evidence.Attachment) {
	pickFolder(s.u, func(dir string) {
		var path string
		s.u.work(lang.L("正在导出附件…"), func() (err error) {
			path, err = evidence.Export(s.u.proj.Store, at.ID, dir)
			return err
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("附件未导出"), err)
				return
			}
			s.u.inform(lang.L("已导出"), path)
		})
	})
}

// attach adds a file to an item.
func (s *evidenceScreen) attach(id int64) {
	pickFile(s.u, []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
		s.selID = id
		s.u.work(lang.L("正在添加附件…"), func() error {
			if _, err := evidence.AttachFile(s.u.proj.Store, id, path, s.u.actor()); err != nil {
				return err
			}
			return s.u.proj.Reload()
		}, func(err error) {
			if err != nil {
				s.u.showError(lang.L("附件未添加"), err)
				return
			}
			s.u.changed()
		})
	})
}

// pickFile shows a file dialog filtered on extensions and calls fn with
// the chosen path.
func pickFile(u *UI, exts []string, fn func(path string)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil {
			u.showError(lang.L("无法打开文件"), err)
			return
		}
		if r == nil {
			return
		}
		path, err := pickedPath(r)
		if err != nil {
			u.showError(lang.L("无法打开文件"), err)
			return
		}
		fn(path)
	}, u.win)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	d.SetTitleText(lang.L("选择文件"))
	u.showFileDialog(d)
}

// itemForm holds the fields of an evidence item's form (登记 and 修改); it
// is built from the values to show, so that a form can come back with what
// was typed after an error.
type itemForm struct {
	base                           store.EvidenceItem
	ind, year, org                 *widget.Select
	indCodes, orgIDs               []string
	years                          []int
	title, docNo, issuer, date, pg *textEntry
}

func (s *evidenceScreen) newItemForm(init store.EvidenceItem) *itemForm {
	a := s.u.proj.Assessment()
	f := &itemForm{base: init}
	var indOpts []string
	for _, ind := range a.Catalog.All() {
		indOpts = append(indOpts, ind.Code+" "+ind.Name)
		f.indCodes = append(f.indCodes, ind.Code)
	}
	f.ind = newSelect(indOpts, nil)
	if i := indexOf(f.indCodes, init.Indicator); i >= 0 {
		f.ind.SetSelectedIndex(i)
	}
	yearOpts := []string{lang.L("跨年度")}
	f.years = []int{0}
	for _, y := range a.Settings.AssessedYears {
		yearOpts = append(yearOpts, fmt.Sprintf("%d年", y))
		f.years = append(f.years, y)
	}
	if init.Year != 0 && indexOfInt(f.years, init.Year) < 0 {
		yearOpts = append(yearOpts, fmt.Sprintf("%d年", init.Year))
		f.years = append(f.years, init.Year)
	}
	f.year = newSelect(yearOpts, nil)
	f.year.SetSelectedIndex(max(indexOfInt(f.years, init.Year), 0))
	orgOpts := []string{lang.L("（未指定）")}
	f.orgIDs = []string{""}
	for _, o := range a.Catalog.Organisations {
		orgOpts = append(orgOpts, o.Name)
		f.orgIDs = append(f.orgIDs, o.ID)
	}
	f.org = newSelect(orgOpts, nil)
	f.org.SetSelectedIndex(max(indexOf(f.orgIDs, init.Org), 0))
	// 报送单位 follows the indicator's lead organisation until chosen by hand.
	autoOrg := init.Org == ""
	leadOf := func(i int) int {
		if i < 0 || i >= len(f.indCodes) {
			return -1
		}
		if ind, ok := a.Catalog.Indicator(f.indCodes[i]); ok && len(ind.Lead) > 0 {
			return indexOf(f.orgIDs, ind.Lead[0])
		}
		return -1
	}
	if autoOrg {
		if j := leadOf(f.ind.SelectedIndex()); j > 0 {
			f.org.SetSelectedIndex(j)
		}
	}
	f.org.OnChanged = func(string) { autoOrg = false }
	f.ind.OnChanged = func(string) {
		if !autoOrg {
			return
		}
		if j := leadOf(f.ind.SelectedIndex()); j > 0 {
			f.org.SetSelectedIndex(j)
			autoOrg = true // SetSelectedIndex ran OnChanged
		}
	}
	f.title = newEntry()
	f.title.SetPlaceHolder(lang.L("文件标题，如 关于印发《生态文明建设规划》的通知"))
	f.title.SetText(init.Title)
	f.title.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s", lang.L("请填写标题"))
		}
		return nil
	}
	f.docNo = newEntry()
	f.docNo.SetPlaceHolder(lang.L("如 泰政发〔2017〕12号"))
	f.docNo.SetText(init.DocNumber)
	f.issuer = newEntry()
	f.issuer.SetText(init.Issuer)
	f.date = newEntry()
	f.date.SetPlaceHolder("2017-03-15")
	f.date.SetText(init.IssuedOn)
	f.pg = newEntry()
	if init.Pages > 0 {
		f.pg.SetText(strconv.Itoa(init.Pages))
	}
	f.pg.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return nil
		}
		if n, err := strconv.Atoi(strings.TrimSpace(v)); err != nil || n < 0 {
			return fmt.Errorf("%s", lang.L("页数应为整数"))
		}
		return nil
	}
	return f
}

func indexOfInt(list []int, v int) int {
	for i, x := range list {
		if x == v {
			return i
		}
	}
	return -1
}

func (f *itemForm) items() []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem(lang.L("指标"), f.ind),
		widget.NewFormItem(lang.L("年度"), f.year),
		widget.NewFormItem(lang.L("标题"), f.title),
		widget.NewFormItem(lang.L("文号"), f.docNo),
		widget.NewFormItem(lang.L("发文单位"), f.issuer),
		widget.NewFormItem(lang.L("日期"), f.date),
		widget.NewFormItem(lang.L("页数"), f.pg),
		widget.NewFormItem(lang.L("报送单位"), f.org),
	}
}

// value is the item as the form says (class and order kept from the start).
func (f *itemForm) value() store.EvidenceItem {
	e := f.base
	if i := f.ind.SelectedIndex(); i >= 0 {
		e.Indicator = f.indCodes[i]
	}
	e.Year = f.years[max(f.year.SelectedIndex(), 0)]
	e.Title = strings.TrimSpace(f.title.Text)
	e.DocNumber = strings.TrimSpace(f.docNo.Text)
	e.Issuer = strings.TrimSpace(f.issuer.Text)
	e.IssuedOn = strings.TrimSpace(f.date.Text)
	e.Pages, _ = strconv.Atoi(strings.TrimSpace(f.pg.Text))
	e.Org = f.orgIDs[max(f.org.SelectedIndex(), 0)]
	return e
}

// addItem shows the form that registers a new evidence item.
func (s *evidenceScreen) addItem() {
	a := s.u.proj.Assessment()
	init := store.EvidenceItem{}
	if i := s.indSel.SelectedIndex(); i > 0 {
		init.Indicator = s.indCodes[i]
	}
	if i := s.yearSel.SelectedIndex(); i > 0 {
		init.Year = s.years[i]
	} else if n := len(a.Settings.AssessedYears); n > 0 {
		init.Year = a.Settings.AssessedYears[n-1]
	}
	if i := s.orgSel.SelectedIndex(); i > 0 {
		init.Org = s.orgIDs[i]
	}
	s.addItemWith(init, nil)
}

// addItemWith shows the registration form with the given values and files.
func (s *evidenceScreen) addItemWith(init store.EvidenceItem, files []string) {
	f := s.newItemForm(init)
	fileLabel := newWrapLabel(lang.L("（未选择文件）"))
	showFiles := func() {
		if len(files) == 0 {
			return
		}
		var names []string
		for _, p := range files {
			names = append(names, filepath.Base(p))
		}
		fileLabel.SetText(strings.Join(names, "\n"))
	}
	showFiles()
	pick := widget.NewButtonWithIcon(lang.L("选择文件…"), theme.FolderOpenIcon(), func() {
		pickFile(s.u, []string{".pdf", ".jpg", ".jpeg", ".png"}, func(path string) {
			files = append(files, path)
			showFiles()
		})
	})
	form := append(f.items(),
		widget.NewFormItem(lang.L("附件（PDF/JPG/PNG）"), container.NewBorder(nil, nil, nil, pick, fileLabel)))
	d := dialog.NewForm(lang.L("登记佐证材料"), lang.L("登记"), lang.L("取消"), form, func(ok bool) {
		if !ok {
			return
		}
		e := f.value()
		if f.ind.SelectedIndex() < 0 {
			s.addItemWith(e, files)
			s.u.showError(lang.L("未登记"), fmt.Errorf("%s", lang.L("请选择指标")))
			return
		}
		s.add(evidence.Draft{EvidenceItem: e}, files)
	}, s.u.win)
	d.Resize(fyne.NewSize(640, 560))
	d.Show()
}

// editItem shows the form that changes an item.
func (s *evidenceScreen) editItem(it evidence.Item) { s.editItemWith(it.ID, it.EvidenceItem) }

func (s *evidenceScreen) editItemWith(id int64, init store.EvidenceItem) {
	f := s.newItemForm(init)
	d := dialog.NewForm(lang.L("修改佐证材料"), lang.L("保存"), lang.L("取消"), f.items(), func(ok bool) {
		if ok {
			s.edit(id, f.value())
		}
	}, s.u.win)
	d.Resize(fyne.NewSize(640, 480))
	d.Show()
}

// edit writes the changed fields of an item; on an error the form comes back
// with what was typed.
func (s *evidenceScreen) edit(id int64, e store.EvidenceItem) {
	s.selID = id
	s.u.work(lang.L("正在保存修改…"), func() error {
		if err := evidence.Edit(s.u.proj.Store, id, s.u.actor(), func(cur *store.EvidenceItem) {
			cur.Indicator, cur.Year, cur.Title, cur.DocNumber = e.Indicator, e.Year, e.Title, e.DocNumber
			cur.Issuer, cur.IssuedOn, cur.Pages, cur.Org = e.Issuer, e.IssuedOn, e.Pages, e.Org
		}); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.editItemWith(id, e)
			s.u.showError(lang.L("修改未保存"), err)
			return
		}
		s.u.changed()
	})
}

// askReason shows a confirm dialog with a reason field; required reasons
// must not be empty.
func (s *evidenceScreen) askReason(title, message, label, reason string, required bool, ok string, fn func(reason string)) {
	entry := newMultiLineEntry()
	entry.SetMinRowsVisible(3)
	entry.Wrapping = fyne.TextWrapWord
	entry.SetText(reason)
	if required {
		entry.SetPlaceHolder(lang.L("如：重复登记；文件有误，已重新登记"))
		entry.Validator = func(v string) error {
			if strings.TrimSpace(v) == "" {
				return fmt.Errorf("%s", lang.L("请填写原因"))
			}
			return nil
		}
	}
	msg := newWrapLabel(message)
	d := dialog.NewForm(title, ok, lang.L("取消"), []*widget.FormItem{
		widget.NewFormItem("", msg),
		widget.NewFormItem(label, entry),
	}, func(yes bool) {
		if yes {
			fn(strings.TrimSpace(entry.Text))
		}
	}, s.u.win)
	d.Resize(fyne.NewSize(560, 320))
	d.Show()
}

// askDelete confirms the deletion of an item, with its reason.
func (s *evidenceScreen) askDelete(it evidence.Item, reason string) {
	s.askReason(lang.L("删除佐证材料"),
		fmt.Sprintf(lang.L("确定删除「%s」吗？删除后不再列入台帐、目录和汇编，但仍保留在数据库和历史记录中。"), it.Title),
		lang.L("删除原因（必填）"), reason, true, lang.L("删除"), func(reason string) { s.delete(it, reason) })
}

// delete soft-deletes an item; on an error the dialog comes back with the
// reason typed.
func (s *evidenceScreen) delete(it evidence.Item, reason string) {
	if reason == "" {
		s.askDelete(it, reason)
		s.u.showError(lang.L("未删除"), fmt.Errorf("%s", lang.L("请填写删除原因")))
		return
	}
	s.u.work(lang.L("正在删除…"), func() error {
		if err := evidence.Delete(s.u.proj.Store, it.ID, s.u.actor(), reason); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.askDelete(it, reason)
			s.u.showError(lang.L("未删除"), err)
			return
		}
		s.selID = 0
		s.u.changed()
	})
}

// askDetach confirms the removal of an attachment, with a reason.
func (s *evidenceScreen) askDetach(at evidence.Attachment, reason string) {
	s.askReason(lang.L("移除附件"),
		fmt.Sprintf(lang.L("确定从该材料中移除附件「%s」吗？文件仍保存在数据库中，历史记录会写明移除人、时间和原因。"), at.Name),
		lang.L("原因"), reason, false, lang.L("移除"), func(reason string) { s.detach(at, reason) })
}

func (s *evidenceScreen) detach(at evidence.Attachment, reason string) {
	s.selID = at.Item
	s.u.work(lang.L("正在移除附件…"), func() error {
		if err := evidence.Detach(s.u.proj.Store, at.ID, s.u.actor(), reason); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.askDetach(at, reason)
			s.u.showError(lang.L("附件未移除"), err)
			return
		}
		s.u.changed()
	})
}

// add records a new item with the files at paths.
func (s *evidenceScreen) add(d evidence.Draft, paths []string) {
	var id int64
	s.u.work(lang.L("正在登记佐证材料…"), func() error {
		for _, p := range paths {
			f, err := evidence.ReadFile(p)
			if err != nil {
				return err
			}
			d.Files = append(d.Files, f)
		}
		var err error
		if id, err = evidence.Add(s.u.proj.Store, d, s.u.actor()); err != nil {
			return err
		}
		return s.u.proj.Reload()
	}, func(err error) {
		if err != nil {
			s.addItemWith(d.EvidenceItem, paths)
			s.u.showError(lang.L("佐证材料未登记"), err)
			return
		}
		s.selID = id
		s.u.changed()
	})
}

// figureRow says whether a picture is used in the 技术报告 (用于报告, with
// its caption) and offers to change that.
func (s *evidenceScreen) figureRow(at evidence.Attachment, figures map[int64]string) fyne.CanvasObject {
	caption, used := figures[at.ID]
	if !used {
		b := widget.NewButtonWithIcon(lang.L("用于报告…"), theme.MediaPhotoIcon(), func() { s.askFigure(at, "") })
		return container.NewHBox(widget.NewLabel(lang.L("插图：未用于报告")), b)
	}
	l := newWrapLabel(fmt.Sprintf(lang.L("插图：用于报告，图题「%s」"), caption))
	l.Importance = widget.SuccessImportance
	edit := widget.NewButtonWithIcon(lang.L("修改图题…"), theme.DocumentCreateIcon(), func() { s.askFigure(at, caption) })
	off := widget.NewButtonWithIcon(lang.L("不用于报告"), theme.ContentRemoveIcon(), func() { s.setFigure(at, false, "") })
	return container.NewBorder(nil, nil, nil, container.NewHBox(edit, off), l)
}

// askFigure asks for the caption under which the picture goes into the
// 技术报告, in its indicator's section.
func (s *evidenceScreen) askFigure(at evidence.Attachment, caption string) {
	entry := newEntry()
	entry.SetPlaceHolder(lang.L("图题，如 城东污水处理厂提标改造工程"))
	entry.SetText(caption)
	entry.Validator = func(v string) error {
		if strings.TrimSpace(v) == "" {
			return fmt.Errorf("%s", lang.L("请填写图题"))
		}
		return nil
	}
	d := dialog.NewForm(fmt.Sprintf(lang.L("用于报告：%s"), at.Name), lang.L("保存"), lang.L("取消"),
		[]*widget.FormItem{widget.NewFormItem(lang.L("图题"), entry)}, func(ok bool) {
			if ok {
				s.setFigure(at, true, strings.TrimSpace(entry.Text))
			}
		}, s.u.win)
	d.Resize(fyne.NewSize(560, 200))
	d.Show()
}

// setFigure records whether the picture is used in the report.
func (s *evidenceScreen) setFigure(at evidence.Attachment, used bool, caption string) {
	s.selID = at.Item
	s.u.work(lang.L("正在保存…"), func() error {
		return evidence.SetFigure(s.u.proj.Store, at.ID, used, caption, s.u.actor())
	}, func(err error) {
		if err != nil {
			s.u.showError(lang.L("插图未保存"), err)
			return
		}
		s.u.changed()
	})
}
